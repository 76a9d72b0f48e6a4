import { describe, expect, it } from 'vitest';
import { progressHeadings } from './progress-headings.ts';

describe('progressHeadings', () => {
  it('names the year of the results and the year after, in wareki', () => {
    expect(progressHeadings(2023)).toEqual({
      resultsHeading: '令和5年度 主な取組内容 / 実績',
      directionsHeading: '令和6年度 主な取組 / 今後の方向性',
    });
  });
  it('crosses an era: 平成30年度 results, 令和元年度 directions', () => {
    expect(progressHeadings(2018)).toEqual({
      resultsHeading: '平成30年度 主な取組内容 / 実績',
      directionsHeading: '令和元年度 主な取組 / 今後の方向性',
    });
  });
});
