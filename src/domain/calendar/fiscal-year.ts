/**
 * @module 年度 (fiscal year)
 * A Japanese municipality's fiscal year runs from 1 April to 31 March. Throughout Hoshin a fiscal year
 * is the number of the calendar year it starts in: 令和5年度 = 2023 = 2023-04-01 … 2024-03-31.
 */
import { toPlainDate } from './plain-date.ts';
import { eraOfYear, formatEraYear, type WarekiFormatOptions } from './wareki.ts';

/** The month (1-based) a fiscal year starts in. */
export const FISCAL_YEAR_START_MONTH = 4;

/** First and last day of a fiscal year, ISO 'yyyy-mm-dd'. */
export interface FiscalYearRange {
  start: string;
  end: string;
}

function assertFiscalYear(fiscalYear: number): void {
  // 9998: the last day (31 March of the next year) must still be a 4-digit ISO year.
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998) {
    throw new RangeError(`年度は 1〜9998 の整数で指定してください: ${fiscalYear}`);
  }
}

/**
 * The fiscal year a date belongs to.
 * @param date ISO 'yyyy-mm-dd', or a `Date` read in UTC.
 * @throws RangeError for a malformed date.
 * @example fiscalYearOf('2024-03-31') // 2023
 * @example fiscalYearOf('2024-04-01') // 2024
 */
export function fiscalYearOf(date: string | Date): number {
  const { year, month } = toPlainDate(date);
  return month >= FISCAL_YEAR_START_MONTH ? year : year - 1;
}

/**
 * First and last day of a fiscal year.
 * @throws RangeError if `fiscalYear` is not an integer in 1–9998.
 * @example fiscalYearRange(2023) // { start: '2023-04-01', end: '2024-03-31' }
 */
export function fiscalYearRange(fiscalYear: number): FiscalYearRange {
  assertFiscalYear(fiscalYear);
  const start = String(fiscalYear).padStart(4, '0');
  const end = String(fiscalYear + 1).padStart(4, '0');
  return { start: `${start}-04-01`, end: `${end}-03-31` };
}

/**
 * A fiscal year in the era system: '令和5年度' (long, default) or 'R5' (short).
 *
 * Which era: the one in force on 31 December of the start year. On 1 April 2019 平成 was still in
 * force, but municipalities call FY2019 令和元年度 — the year-end rule gives that, keeps FY2018 as
 * 平成30年度, FY1988 昭和63年度 (平成 began 8 January 1989, inside FY1988) and FY1989 平成元年度.
 * Older changes follow the same rule: FY1912 → 大正元年度, FY1926 → 昭和元年度.
 * @throws RangeError if `fiscalYear` is not an integer or is before 明治.
 * @example formatFiscalYear(2023) // '令和5年度'
 * @example formatFiscalYear(2019) // '令和元年度'
 * @example formatFiscalYear(2023, { style: 'short' }) // 'R5'
 */
export function formatFiscalYear(fiscalYear: number, options: WarekiFormatOptions = {}): string {
  assertFiscalYear(fiscalYear);
  const style = options.style ?? 'long';
  const label = formatEraYear(eraOfYear(fiscalYear), style);
  return style === 'long' ? `${label}度` : label;
}
