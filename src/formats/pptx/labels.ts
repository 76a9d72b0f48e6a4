/**
 * @module KPI cell texts
 * How a KPI row's numbers read in the deck's tables: value and unit with the fiscal year, e.g.
 * 「1,500人以上（R7）」. Everything else comes print-ready from the report model.
 */
import type { GradeKey, KpiRow } from '../../report/model.ts';

const NUMBER = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 });
const MISSING = '－';

/** @example valueLabel(1234, '人') // '1,234人' */
export function valueLabel(value: number, unit: string): string {
  return `${NUMBER.format(value)}${unit}`;
}

/** @example baselineLabel(row) // '1,200人（R1）' */
export function baselineLabel(row: KpiRow): string {
  return row.baseline ? `${valueLabel(row.baseline.value, row.unit)}（${row.baseline.yearShort}）` : MISSING;
}

/** @example targetLabel(row) // '1,500人以上（R7）' */
export function targetLabel(row: KpiRow): string {
  const t = row.target;
  return t ? `${valueLabel(t.value, row.unit)}${t.comparatorLabel}（${t.yearShort}）` : MISSING;
}

/** Provisional actuals say so: '1,300人（R5・見込）'. */
export function latestLabel(row: KpiRow): string {
  const l = row.latest;
  if (!l) return MISSING;
  const status = l.status === 'provisional' ? `・${l.statusLabel}` : '';
  return `${valueLabel(l.value, row.unit)}（${l.yearShort}${status}）`;
}

/** @example rateLabel(row) // '86.7%' */
export function rateLabel(row: KpiRow): string {
  return row.rate === null ? MISSING : `${row.rate.toFixed(1)}%`;
}

/** Symbol and label, so the grade never rests on colour: 'A 目標達成'. */
export function gradeLabel(grade: GradeKey): string {
  return grade.symbol && grade.symbol !== grade.label ? `${grade.symbol} ${grade.label}` : grade.label;
}

/** `#rrggbb` → `RRGGBB` as pptxgenjs wants it. */
export function hex(color: string): string {
  const bare = color.replace(/^#/, '').toUpperCase();
  return /^[0-9A-F]{6}$/.test(bare) ? bare : '777777';
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const channel = (i: number) => {
    const c = Number.parseInt(hex(background).slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white (1.05 / (L + 0.05)) beats contrast with black ((L + 0.05) / 0.05) below L ≈ 0.179.
  return luminance < 0.179 ? 'FFFFFF' : '1A1A1A';
}
