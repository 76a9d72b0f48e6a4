import { describe, expect, it } from 'vitest';
import type { PolicyPage } from '../../report/model.ts';
import { levelHeadings } from './levels.ts';

const page = (goalLabel: string, policyLabel: string) => ({ goalLabel, policyLabel }) as PolicyPage;

describe('levelHeadings', () => {
  it('names the top level and the level whose name the pages’ labels start with', () => {
    const levelNames = ['政策', '施策', '基本事業', '事務事業'];
    expect(
      levelHeadings({ levelNames, policies: [page('政策 1', '施策1'), page('政策 2', '施策3')] }),
    ).toEqual({
      goal: '政策',
      policy: '施策',
    });
    // Pages one level further down.
    expect(levelHeadings({ levelNames, policies: [page('政策 1', '基本事業2')] }).policy).toBe('基本事業');
  });

  it('prefers the longest matching name, and falls back to the second level for ①②③ labels', () => {
    expect(
      levelHeadings({ levelNames: ['目標', '目標の柱', '施策'], policies: [page('目標 1', '目標の柱2')] }),
    ).toEqual({ goal: '目標', policy: '目標の柱' });
    expect(levelHeadings({ levelNames: ['基本目標', '施策'], policies: [page('基本目標 1', '①')] })).toEqual({
      goal: '基本目標',
      policy: '施策',
    });
  });

  it('takes the top level for pages without a goal above them, and Mine City’s names without levels', () => {
    expect(levelHeadings({ levelNames: ['分野', '施策'], policies: [page('', '②')] }).policy).toBe('分野');
    expect(levelHeadings({ levelNames: [], policies: [] })).toEqual({ goal: '基本目標', policy: '基本方針' });
  });
});
