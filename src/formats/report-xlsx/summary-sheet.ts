/**
 * @module 達成状況 sheet
 * Counts and shares of KPIs per grade per 基本目標, with the total and the previous year's total,
 * for each KPI set: the table behind the report's charts (exceljs writes no charts).
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { GradeCountsRow, KpiSetSummary, ReportModel } from '../../report/model.ts';
import { gradeText } from './kpi-sheet.ts';
import { FONT, gradeStyle, headerText, PERCENT_FORMAT, styleBody, styleHeader, TOTAL_FILL } from './style.ts';

export const SUMMARY_SHEET = '達成状況';

/** Adds the 達成状況 sheet. */
export function addSummarySheet(workbook: Workbook, model: ReportModel, reportTitle: string): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: `&L${headerText(reportTitle)}`, oddFooter: '&C&P / &N' },
  });
  const title = sheet.addRow([model.kpiSection.heading]);
  title.getCell(1).font = { ...FONT, size: 14, bold: true };
  title.height = 22;
  sheet.addRow([reportTitle]).getCell(1).font = FONT;

  const widest = Math.max(0, ...model.kpiSection.sets.map((s) => s.grades.length));
  sheet.getColumn(1).width = 20;
  sheet.getColumn(2).width = 30;
  for (let c = 3; c <= 3 + widest * 2; c++) sheet.getColumn(c).width = 13;

  if (model.kpiSection.sets.length === 0) {
    sheet.addRow([]);
    sheet.addRow(['指標の区分はありません']).getCell(1).font = { ...FONT, italic: true };
  }
  for (const set of model.kpiSection.sets) addSetTable(sheet, set);
}

/** One set's table: 区分, 基本目標, a count per grade, 計, a share per grade. */
function addSetTable(sheet: Worksheet, set: KpiSetSummary): void {
  const n = set.grades.length;
  sheet.addRow([]);
  const caption = sheet.addRow([set.illustrative ? `${set.name}（架空のデモ値を含みます）` : set.name]);
  caption.getCell(1).font = { ...FONT, size: 12, bold: true };

  const columns = 3 + n * 2;
  const top = sheet.addRow([
    '区分',
    '基本目標',
    '件数',
    ...Array(n).fill(''),
    '割合',
    ...Array(n - 1).fill(''),
  ]);
  const sub = sheet.addRow(['', '', ...set.grades.map(gradeText), '計', ...set.grades.map(gradeText)]);
  styleHeader(top, columns);
  styleHeader(sub, columns);
  sheet.mergeCells(top.number, 1, sub.number, 1);
  sheet.mergeCells(top.number, 2, sub.number, 2);
  sheet.mergeCells(top.number, 3, top.number, 3 + n);
  if (n > 0) sheet.mergeCells(top.number, 4 + n, top.number, 3 + 2 * n);
  set.grades.forEach((grade, i) => {
    for (const c of [3 + i, 4 + n + i]) {
      const { fill, font } = gradeStyle(grade.color);
      const cell = sub.getCell(c);
      cell.fill = fill;
      cell.font = font;
    }
  });

  const addCounts = (counts: GradeCountsRow, emphasis: 'total' | 'previous' | 'none') => {
    const row = sheet.addRow([
      counts.label,
      counts.title || null,
      ...counts.counts,
      counts.total,
      ...counts.shares,
    ]);
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      styleBody(
        cell,
        { horizontal: c <= 2 ? 'left' : 'right', vertical: 'middle' },
        { bold: emphasis === 'total', color: emphasis === 'previous' ? { argb: 'FF595959' } : undefined },
      );
      if (c > 2) cell.numFmt = c > 3 + n ? PERCENT_FORMAT : '#,##0';
      if (emphasis === 'total') cell.fill = TOTAL_FILL;
    }
  };
  for (const row of set.rows) addCounts(row, 'none');
  addCounts(set.total, 'total');
  addCounts(set.previousTotal, 'previous');
}
