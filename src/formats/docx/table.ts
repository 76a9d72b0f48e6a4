/**
 * @module Word table helpers
 * Fixed-width tables with thin grey rules, header rows that repeat on every page, and the cell
 * formats of the KPI tables (values with their fiscal year, grade badges).
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { GradeKey, KpiRow, YearValueCell } from '../../report/model.ts';
import { ACCENT, hexColor, MUTED, RULE, readableTextColor } from './styles.ts';

export type Align = 'left' | 'center' | 'right';

export interface CellOptions {
  align?: Align;
  bold?: boolean;
  /** `RRGGBB` */
  fill?: string;
  color?: string;
  /** Half-points. */
  size?: number;
  columnSpan?: number;
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };
const rule = { style: BorderStyle.SINGLE, size: 4, color: RULE };

/** One cell; each entry of `lines` is a paragraph, a `[text, small]` pair is a second, smaller line. */
export function cell(
  lines: string | Array<string | { text: string; small: true }>,
  options: CellOptions = {},
) {
  const list = Array.isArray(lines) ? lines : [lines];
  const size = options.size ?? 18;
  return new TableCell({
    verticalAlign: VerticalAlignTable.CENTER,
    columnSpan: options.columnSpan,
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
    children: list.map(
      (line) =>
        new Paragraph({
          alignment: ALIGN[options.align ?? 'left'],
          spacing: { before: 0, after: 0, line: 260, lineRule: LineRuleType.AUTO },
          children: [
            new TextRun({
              text: typeof line === 'string' ? line : line.text,
              bold: options.bold,
              color: typeof line === 'string' ? options.color : (options.color ?? MUTED),
              size: typeof line === 'string' ? size : size - 2,
            }),
          ],
        }),
    ),
  });
}

/** A header cell: dark fill, white bold text. */
export function headerCell(text: string, options: CellOptions = {}) {
  return cell(text, { align: 'center', bold: true, fill: ACCENT, color: 'FFFFFF', ...options });
}

/** A grade badge: the grade's colour with a readable text colour, and always its symbol and label. */
export function gradeCell(grade: GradeKey, options: CellOptions = {}) {
  const fill = hexColor(grade.color);
  return cell(gradeText(grade), {
    align: 'center',
    bold: true,
    fill,
    color: readableTextColor(fill),
    ...options,
  });
}

/** Symbol and label, e.g. 「A 目標達成」; once when they are the same. */
export function gradeText(grade: { symbol: string; label: string }): string {
  return grade.symbol && grade.symbol !== grade.label ? `${grade.symbol} ${grade.label}` : grade.label;
}

/** A table of fixed column widths (twips) whose first `headerRows` rows repeat on each page. */
export function table(columnWidths: number[], rows: TableRow[]) {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths,
    margins: { top: 30, bottom: 30, left: 70, right: 70 },
    borders: {
      top: rule,
      bottom: rule,
      left: rule,
      right: rule,
      insideHorizontal: rule,
      insideVertical: rule,
    },
    rows,
  });
}

export function headerRow(cells: TableCell[]) {
  return new TableRow({ tableHeader: true, cantSplit: true, children: cells });
}

export function bodyRow(cells: TableCell[]) {
  return new TableRow({ cantSplit: true, children: cells });
}

/** Decimal places a value is written with (at most 3). */
function decimalsOf(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(/\.(\d+)$/.exec(String(value))?.[1]?.length ?? 0, 3);
}

/** Decimal places shared by a KPI's baseline, target and actual, so 12 and 12.5 read 12.0 and 12.5. */
export function kpiDecimals(kpi: KpiRow): number {
  return Math.max(
    decimalsOf(kpi.baseline?.value),
    decimalsOf(kpi.target?.value),
    decimalsOf(kpi.latest?.value),
  );
}

export function formatNumber(value: number, decimals: number): string {
  return numberFormat(decimals).format(value);
}

// toLocaleString with options builds a new Intl.NumberFormat on every call: keep one per precision.
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let format = NUMBER_FORMATS.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('ja-JP', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    NUMBER_FORMATS.set(decimals, format);
  }
  return format;
}

/** A value over its year, e.g. 「1,234」 and 「(R5)」; 「－」 when missing. */
export function yearValue(
  value: YearValueCell | null,
  decimals: number,
  suffix = '',
): Array<string | { text: string; small: true }> {
  if (!value) return ['－'];
  return [`${formatNumber(value.value, decimals)}${suffix}`, { text: `(${value.yearShort})`, small: true }];
}

export function rateText(rate: number | null): string {
  return rate === null ? '－' : `${rate.toFixed(1)}%`;
}

/** 備考: why a value deserves care. */
export function notes(kpi: KpiRow): string {
  return [kpi.illustrative ? '架空のデモ値' : '', kpi.stale ? '古い実績' : ''].filter(Boolean).join('、');
}

/** Spreads `total` twips over columns in proportion to `weights`, rounding so they add up. */
export function widths(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((w / sum) * total));
  const last = out.length - 1;
  out[last] = (out[last] ?? 0) + total - out.reduce((a, b) => a + b, 0);
  return out;
}

/** A cell of running text: top-aligned, one paragraph per line. */
export function bodyCell(lines: string | string[], options: CellOptions = {}) {
  const list = Array.isArray(lines) ? lines : [lines];
  const size = options.size ?? 18;
  return new TableCell({
    verticalAlign: VerticalAlignTable.TOP,
    children: (list.length > 0 ? list : ['']).map(
      (line) =>
        new Paragraph({
          alignment: ALIGN[options.align ?? 'left'],
          spacing: { before: 0, after: 40, line: 276, lineRule: LineRuleType.AUTO },
          children: [new TextRun({ text: line, bold: options.bold, color: options.color, size })],
        }),
    ),
  });
}
