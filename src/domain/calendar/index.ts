/**
 * @module Calendar (年度・和暦)
 * The one place in Hoshin that knows about fiscal years (年度, April–March) and Japanese eras
 * (令和・平成・昭和…). Pure functions: no I/O and no clock — pass dates in, as ISO 'yyyy-mm-dd'.
 *
 * Conventions: a fiscal year is the calendar year it starts in (令和5年度 = 2023); era names and start
 * dates come from Intl's `japanese` calendar, never from a table in this code.
 */
export { type Era, listEras } from './eras.ts';
export {
  FISCAL_YEAR_START_MONTH,
  type FiscalYearRange,
  fiscalYearOf,
  fiscalYearRange,
  formatFiscalYear,
} from './fiscal-year.ts';
export { formatWarekiDateTime, japanDateOf } from './japan-date.ts';
export { normalizeWidth } from './normalize.ts';
export { type NumericCell, type NumericComparator, parseNumericCell } from './numeric-cell.ts';
export { type FiscalYearSpan, parseFiscalYear, parseFiscalYearRange, parseWarekiDate } from './parse.ts';
export {
  type EraYear,
  eraOf,
  formatWarekiDate,
  formatWarekiYear,
  type WarekiFormatOptions,
  type WarekiStyle,
} from './wareki.ts';
