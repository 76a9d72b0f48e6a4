/**
 * @module Spreadsheet safety
 * Text that a spreadsheet would run: a CSV cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is read by Excel and LibreOffice Calc as a formula (`=HYPERLINK(…)` sends a click elsewhere,
 * `=1+2` is computed). Every CSV export prefixes such text with a single quote (the OWASP "CSV
 * injection" convention) and the importers take it off again, so an export imports unchanged.
 *
 * Text that already starts with quotes before one of those characters gets one more, so taking one
 * off is exact: `'=a` is written `''=a` and read back as `'=a`.
 *
 * xlsx cells are typed: exceljs writes a JavaScript string as a shared string, which no spreadsheet
 * evaluates, so xlsx writers pass text as plain strings (never as a `{ formula }` value) and keep it
 * exactly as it is; `spreadsheet-safety.lo.test.ts` opens both files in LibreOffice to show it.
 */

/** Text a spreadsheet would treat as a formula, behind any quotes already there. */
const FORMULA_START = /^'*[=+\-@\t\r]/u;
/** A text this module neutralised: one quote, then (more quotes and) a formula start. */
const NEUTRALISED = /^''*[=+\-@\t\r]/u;

/**
 * The text as safe CSV content: a leading `'` when a spreadsheet would read it as a formula.
 * @example neutraliseText('=1+2') // "'=1+2"
 * @example neutraliseText('人口') // '人口'
 */
export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A cell value for CSV: numbers as they are (a negative number is a number, not a formula), text
 * neutralised, null empty.
 * @example neutraliseCell(-3) // '-3'
 * @example neutraliseCell('-3 から改善') // "'-3 から改善"
 */
export function neutraliseCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return neutraliseText(value);
}

/**
 * The original text of a cell an export neutralised (the inverse of {@link neutraliseText}); any
 * other text unchanged.
 * @example restoreText("'=1+2") // '=1+2'
 * @example restoreText("'確定") // "'確定"
 */
export function restoreText(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}
