/**
 * @module KPI texts and colours for the screens
 * How the KPI screens print numbers (1,318,000人, 87.9%, +2件), read what a person types into the
 * actual form, and pick badge colours that keep text readable whatever colour a scheme gives a grade.
 * Pure functions, tested in kpi-format.test.ts.
 */
import { parseNumericCell } from '../domain/calendar/numeric-cell.ts';

const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 3 });

/** Printed where a value is missing. */
export const NONE = '－';

/** The mark on invented demo values. */
export const ILLUSTRATIVE_LABEL = '架空のデモ値';

/**
 * A number with thousands separators and at most three decimals.
 * @example formatNumber(1318000) // '1,318,000'
 */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/**
 * A value with its unit, and the comparator of a target (以上, 以下 …).
 * @example formatValue(1500000, '人', '以上') // '1,500,000人以上'
 */
export function formatValue(value: number, unit: string, comparatorLabel = ''): string {
  return `${formatNumber(value)}${unit}${comparatorLabel}`;
}

/**
 * 達成率 with one decimal, as the evaluation rounds it.
 * @example formatRate(100) // '100.0%'
 * @example formatRate(null) // '－'
 */
export function formatRate(rate: number | null): string {
  return rate === null ? NONE : `${rate.toFixed(1)}%`;
}

/**
 * A share of KPIs (percent, one decimal).
 * @example formatShare(33.3) // '33.3%'
 */
export function formatShare(share: number): string {
  return `${share.toFixed(1)}%`;
}

/**
 * A signed change; zero is ±0 so a reader sees it was compared. The minus is the real minus sign.
 * @example formatDelta(2, '件') // '+2件'
 * @example formatDelta(-1.5, 'ポイント', 1) // '−1.5ポイント'
 */
export function formatDelta(delta: number, unit = '', digits = 0): string {
  const magnitude = Math.abs(delta).toFixed(digits);
  if (Number(magnitude) === 0) return `±${magnitude}${unit}`;
  return `${delta > 0 ? '+' : '−'}${magnitude}${unit}`;
}

export type ActualInputResult = { ok: true; value: number } | { ok: false; message: string };

/** Largest magnitude the server accepts (see features/kpi/kpi-entry.ts). */
const VALUE_MAX_MAGNITUDE = 1e15;

/**
 * Reads the actual a person typed: full-width digits, commas, △ for minus, and the KPI's own unit are
 * accepted; anything else is refused with the message to show beside the field.
 * @example parseActualInput('１，３１８，０００', '人') // { ok: true, value: 1318000 }
 * @example parseActualInput('', '人') // { ok: false, message: '数値を入力してください' }
 */
export function parseActualInput(text: string, unit: string): ActualInputResult {
  if (text.trim() === '') return { ok: false, message: '数値を入力してください' };
  const cell = parseNumericCell(text);
  if (cell.kind !== 'number') {
    return { ok: false, message: '数値を入力してください（例: 1234.5、負の数は -12 または △12）' };
  }
  if (cell.comparator)
    return { ok: false, message: '「以上」「以下」などを付けずに、数値だけを入力してください' };
  if (cell.unit !== undefined && cell.unit !== unit.normalize('NFKC')) {
    return {
      ok: false,
      message: unit ? `単位は「${unit}」です。数値だけを入力してください` : '数値だけを入力してください',
    };
  }
  if (Math.abs(cell.value) > VALUE_MAX_MAGNITUDE) return { ok: false, message: '桁数が多すぎます' };
  return { ok: true, value: cell.value };
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function parseHex(color: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match?.[1]) return null;
  const n = Number.parseInt(match[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(color: string): number {
  const rgb = parseHex(color);
  if (!rgb) return 0;
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

/**
 * WCAG contrast ratio of two #rrggbb colours (1–21).
 * @example contrastRatio('#ffffff', '#000000') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const hex = (rgb: readonly number[]) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * The grade's colour as a fill under white text: the scheme's colour, darkened in its own hue just
 * enough for 4.5:1 (WCAG AA for small text) where it is too light. Schemes are data and may choose
 * any colour; a badge must stay readable.
 * @example badgeFill('#4d8f00') // '#447e00' (the default scheme's B is 4.0:1 on white as given)
 */
export function badgeFill(color: string, minimum = 4.5): string {
  const rgb = parseHex(color);
  if (!rgb) return '#4d5562';
  for (let factor = 1; factor > 0; factor -= 0.02) {
    const candidate = hex(rgb.map((c) => c * factor));
    if (contrastRatio(candidate, '#ffffff') >= minimum) return candidate;
  }
  return '#000000';
}
