/**
 * @module Progress headings
 * The two headings of a policy's yearly progress, spelled as in the council report's legend
 * (次ページからの記載事項), so that screens and every report format name them alike.
 */
import { formatFiscalYear } from '../calendar/index.ts';

export interface ProgressHeadings {
  /** 主な取組内容 / 実績 of the year of the results. */
  resultsHeading: string;
  /** 主な取組 / 今後の方向性 of the year after. */
  directionsHeading: string;
}

/**
 * The headings of the progress of a fiscal year (the year of the results).
 * @example progressHeadings(2023).resultsHeading // '令和5年度 主な取組内容 / 実績'
 */
export function progressHeadings(fiscalYear: number): ProgressHeadings {
  return {
    resultsHeading: `${formatFiscalYear(fiscalYear)} 主な取組内容 / 実績`,
    directionsHeading: `${formatFiscalYear(fiscalYear + 1)} 主な取組 / 今後の方向性`,
  };
}
