/**
 * @module KPI value texts
 * How the report prints a KPI's numbers (1,234.5人以上（R8）, 94.7%, A 目標達成). The model keeps
 * values as numbers; these functions are the one place that turns them into text, shared by the
 * HTML (and so the PDF) and the Markdown renderers so the formats agree.
 */
import type { GradeKey, KpiRow } from '../../report/model.ts';

const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 2 });

/** Printed when a value is missing. */
export const NONE = '－';

/** Note printed wherever invented demo values are shown. */
export const ILLUSTRATIVE_LABEL = '架空のデモ値';

/**
 * A number with thousands separators and at most two decimals.
 * @example formatValue(1234.5) // '1,234.5'
 */
export function formatValue(value: number): string {
  return numberFormat.format(value);
}

/** The parts of a value cell: the value with its unit (and comparator), and its fiscal year. */
export interface ValueText {
  value: string;
  /** e.g. R5, R5・見込 */
  year: string;
}

/** @example baselineText(row) // { value: '322人', year: 'R1' } */
export function baselineText(row: KpiRow): ValueText | null {
  return row.baseline
    ? { value: `${formatValue(row.baseline.value)}${row.unit}`, year: row.baseline.yearShort }
    : null;
}

/** @example targetText(row) // { value: '483人以上', year: 'R8' } */
export function targetText(row: KpiRow): ValueText | null {
  return row.target
    ? {
        value: `${formatValue(row.target.value)}${row.unit}${row.target.comparatorLabel}`,
        year: row.target.yearShort,
      }
    : null;
}

/** @example latestText(row) // { value: '457.2人', year: 'R5・見込' } */
export function latestText(row: KpiRow): ValueText | null {
  if (!row.latest) return null;
  const status = row.latest.status === 'provisional' ? `・${row.latest.statusLabel}` : '';
  return { value: `${formatValue(row.latest.value)}${row.unit}`, year: `${row.latest.yearShort}${status}` };
}

/**
 * A value cell as one line of text.
 * @example inlineValue({ value: '483人以上', year: 'R8' }) // '483人以上（R8）'
 */
export function inlineValue(text: ValueText | null): string {
  return text ? `${text.value}（${text.year}）` : NONE;
}

/**
 * The achievement rate, one decimal.
 * @example rateText(94.7) // '94.7%'
 */
export function rateText(rate: number | null): string {
  return rate === null ? NONE : `${rate.toFixed(1)}%`;
}

/**
 * A share of KPIs, one decimal.
 * @example shareText(22.4) // '22.4%'
 */
export function shareText(share: number): string {
  return `${share.toFixed(1)}%`;
}

/**
 * A grade as printed beside its colour: symbol and label (the label alone when they are the same).
 * @example gradeText({ grade: 'A', symbol: 'A', label: '目標達成', color: '#1a7f37' }) // 'A 目標達成'
 */
export function gradeText(grade: GradeKey): string {
  return grade.symbol === grade.label ? grade.label : `${grade.symbol} ${grade.label}`;
}
