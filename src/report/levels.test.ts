import { describe, expect, it } from 'vitest';
import { reportLevelNames } from './levels.ts';

describe('reportLevelNames', () => {
  it('names the top level and the page level as the plan does', () => {
    expect(reportLevelNames({ levelNames: ['政策', '施策', '基本事業'], pageLevelName: '施策' })).toEqual({
      goal: '政策',
      policy: '施策',
    });
    // A plan whose pages are on its third level.
    expect(
      reportLevelNames({ levelNames: ['政策', '施策', '基本事業', '事務事業'], pageLevelName: '基本事業' }),
    ).toEqual({ goal: '政策', policy: '基本事業' });
  });
  it('falls back to the usual words for levels without names', () => {
    expect(reportLevelNames({ levelNames: [], pageLevelName: '' })).toEqual({
      goal: '基本目標',
      policy: '基本方針',
    });
  });
});
