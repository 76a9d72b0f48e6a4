/**
 * @module KPI annex sheet
 * One sheet per KPI set: every KPI as a row, grouped by the plan's top level (基本目標; the first
 * column, headed with the level's name, so the autofilter and sorting keep working; a thicker line
 * where a new group starts).
 */
import type { Workbook } from 'exceljs';
import type { AnnexSet, KpiRow } from '../../report/model.ts';
import {
  decimalsOf,
  displayWidth,
  FONT,
  fitRowHeight,
  gradeStyle,
  headerText,
  numberFormat,
  PERCENT_FORMAT,
  styleBody,
  styleHeader,
} from './style.ts';

type Align = 'left' | 'center' | 'right';

interface Column {
  header: string;
  /** Minimum and maximum width in Excel units; the content decides in between. */
  width: [number, number];
  align: Align;
  value: (kpi: KpiRow, group: AnnexSet['groups'][number]) => string | number | null;
  /** Number format of numeric cells; `value` for the KPI's own decimals. */
  format?: 'value' | 'percent';
}

const year = (cell: { yearLabel: string } | null) => cell?.yearLabel ?? null;

/**
 * The columns of the annex, in order; the first is headed with the plan's top level.
 * @example kpiColumns('政策')[0]?.header // '政策'
 */
export const kpiColumns = (goalLevel: string): Column[] => [
  { header: goalLevel, width: [14, 40], align: 'left', value: (_, g) => `${g.label} ${g.title}`.trim() },
  { header: '体系', width: [14, 30], align: 'left', value: (k) => k.nodeLabel },
  { header: '指標コード', width: [8, 14], align: 'left', value: (k) => k.code },
  { header: '指標名', width: [16, 44], align: 'left', value: (k) => k.name },
  { header: '単位', width: [6, 10], align: 'center', value: (k) => k.unit },
  { header: '方向', width: [6, 6], align: 'center', value: (k) => k.directionLabel },
  {
    header: '基準値',
    width: [10, 14],
    align: 'right',
    value: (k) => k.baseline?.value ?? null,
    format: 'value',
  },
  { header: '基準年度', width: [12, 12], align: 'center', value: (k) => year(k.baseline) },
  {
    header: '目標値',
    width: [10, 14],
    align: 'right',
    value: (k) => k.target?.value ?? null,
    format: 'value',
  },
  { header: '目標年度', width: [12, 12], align: 'center', value: (k) => year(k.target) },
  { header: '比較', width: [6, 6], align: 'center', value: (k) => k.target?.comparatorLabel || null },
  {
    header: '最新実績',
    width: [10, 14],
    align: 'right',
    value: (k) => k.latest?.value ?? null,
    format: 'value',
  },
  { header: '実績年度', width: [12, 12], align: 'center', value: (k) => year(k.latest) },
  { header: '状態', width: [6, 6], align: 'center', value: (k) => k.latest?.statusLabel ?? null },
  { header: '達成率', width: [8, 9], align: 'right', value: (k) => k.rate, format: 'percent' },
  { header: '評価', width: [10, 18], align: 'center', value: (k) => gradeText(k.grade) },
  { header: '見通し', width: [10, 12], align: 'center', value: (k) => k.projectionLabel || null },
  { header: '担当課', width: [10, 24], align: 'left', value: (k) => k.department || null },
  { header: '備考', width: [10, 26], align: 'left', value: (k) => notes(k) || null },
];

/** Symbol and label, e.g. 「A 目標達成」; once when they are the same. */
export function gradeText(grade: { symbol: string; label: string }): string {
  return grade.symbol && grade.symbol !== grade.label ? `${grade.symbol} ${grade.label}` : grade.label;
}

/** 備考: why a value deserves care. */
export function notes(kpi: KpiRow): string {
  return [kpi.illustrative ? '架空のデモ値' : '', kpi.stale ? '古い実績' : ''].filter(Boolean).join('、');
}

/** Adds the annex sheet of one KPI set under `name`; `goalLevel` heads the grouping column. */
export function addKpiSheet(
  workbook: Workbook,
  set: AnnexSet,
  name: string,
  reportTitle: string,
  goalLevel: string,
): void {
  const columns = kpiColumns(goalLevel);
  const gradeColumn = columns.findIndex((c) => c.header === '評価') + 1;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${headerText(reportTitle)}&R${headerText(`${set.name} 指標一覧`)}`,
      oddFooter: '&C&P / &N',
    },
  });
  const widths = columns.map((c) => displayWidth(c.header) + 2);
  styleHeader(sheet.addRow(columns.map((c) => c.header)), columns.length);

  for (const group of set.groups) {
    group.kpis.forEach((kpi, i) => {
      const values = columns.map((c) => c.value(kpi, group));
      const row = sheet.addRow(values);
      // One format for the KPI's baseline, target and actual, so 12 and 12.5 read as 12.0 and 12.5.
      const decimals = Math.max(
        decimalsOf(kpi.baseline?.value),
        decimalsOf(kpi.target?.value),
        decimalsOf(kpi.latest?.value),
      );
      columns.forEach((column, c) => {
        const cell = row.getCell(c + 1);
        styleBody(cell, { horizontal: column.align });
        if (column.format === 'value') cell.numFmt = numberFormat(decimals);
        if (column.format === 'percent') cell.numFmt = PERCENT_FORMAT;
        if (i === 0) cell.border = { ...cell.border, top: { style: 'medium', color: { argb: 'FF404040' } } };
        const text = values[c];
        if (text !== null && text !== undefined) {
          const shown = typeof text === 'number' ? text.toLocaleString('en-US') : text;
          widths[c] = Math.max(widths[c] ?? 0, displayWidth(shown) + 2);
        }
      });
      const grade = row.getCell(gradeColumn);
      const { fill, font } = gradeStyle(kpi.grade.color);
      grade.fill = fill;
      grade.font = font;
    });
  }

  const kpiCount = set.groups.reduce((n, g) => n + g.kpis.length, 0);
  if (kpiCount === 0) {
    const row = sheet.addRow(['この区分の指標はありません']);
    row.getCell(1).font = { ...FONT, italic: true, color: { argb: 'FF595959' } };
  }
  columns.forEach((column, c) => {
    const [min, max] = column.width;
    sheet.getColumn(c + 1).width = Math.min(max, Math.max(min, widths[c] ?? min));
  });
  for (let r = 2; r <= sheet.rowCount; r++) fitRowHeight(sheet.getRow(r));
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, kpiCount + 1), column: columns.length },
  };
}
