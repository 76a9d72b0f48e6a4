/**
 * @module 達成状況 sheet
 * For each KPI set: counts and shares of KPIs per grade per 基本目標 with its 総合評価, the total
 * and the previous year's total — the table behind the report's charts (exceljs writes no charts) —
 * and each 基本方針's 総合評価 in that set.
 */
import type { Row, Workbook, Worksheet } from 'exceljs';
import { type ReportLevelNames, reportLevelNames } from '../../report/levels.ts';
import type {
  GradeCountsRow,
  KpiSetSummary,
  PolicyPage,
  ReportModel,
  RollUpKey,
} from '../../report/model.ts';
import { gradeText } from './kpi-sheet.ts';
import {
  FONT,
  fitRowHeight,
  gradeStyle,
  headerText,
  PERCENT_FORMAT,
  styleBody,
  styleHeader,
  TOTAL_FILL,
} from './style.ts';

/** Columns before the counts: 区分, 基本目標 (the plan's top level), 総合評価, 算出の根拠. */
const LEAD = 4;

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
  sheet.getColumn(3).width = 14;
  sheet.getColumn(4).width = 28;
  for (let c = LEAD + 1; c <= LEAD + 1 + widest * 2; c++) sheet.getColumn(c).width = 13;

  if (model.kpiSection.sets.length === 0) {
    sheet.addRow([]);
    sheet.addRow(['指標の区分はありません']).getCell(1).font = { ...FONT, italic: true };
  }
  const levels = reportLevelNames(model);
  for (const set of model.kpiSection.sets) {
    addSetTable(sheet, set, levels);
    addPolicyRollUps(sheet, set.name, model.policies, levels);
  }
}

/** A 総合評価 as two cells: the grade on its colour (symbol and label), and what it was computed from. */
function writeRollUp(row: Row, column: number, rollUp: RollUpKey | undefined): void {
  const grade = row.getCell(column);
  const basis = row.getCell(column + 1);
  grade.value = rollUp ? gradeText(rollUp.grade) : null;
  basis.value = rollUp ? rollUp.basis : null;
  if (!rollUp) return;
  const { fill, font } = gradeStyle(rollUp.grade.color);
  grade.fill = fill;
  grade.font = font;
  grade.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** Each 基本方針's 総合評価 in one KPI set: 基本方針 (the page level's name), 名称, 総合評価, 算出の根拠. */
function addPolicyRollUps(
  sheet: Worksheet,
  setName: string,
  policies: PolicyPage[],
  levels: ReportLevelNames,
): void {
  const rows = policies.flatMap((p) => {
    const rollUp = p.rollUps.find((r) => r.setName === setName);
    return rollUp ? [{ policy: p, rollUp }] : [];
  });
  if (rows.length === 0) return;
  sheet.addRow([]);
  const caption = sheet.addRow([`${setName}：${levels.policy}の総合評価`]);
  caption.getCell(1).font = { ...FONT, size: 12, bold: true };
  styleHeader(sheet.addRow([levels.policy, '名称', '総合評価', '算出の根拠']), LEAD);
  for (const { policy, rollUp } of rows) {
    const row = sheet.addRow([`${policy.goalLabel} ${policy.policyLabel}`.trim(), policy.policyTitle]);
    for (let c = 1; c <= LEAD; c++) styleBody(row.getCell(c), { vertical: 'middle' });
    writeRollUp(row, 3, rollUp);
    fitRowHeight(row);
  }
}

/** One set's table: 区分, 基本目標, 総合評価, 算出の根拠, a count per grade, 計, a share per grade. */
function addSetTable(sheet: Worksheet, set: KpiSetSummary, levels: ReportLevelNames): void {
  const n = set.grades.length;
  sheet.addRow([]);
  const caption = sheet.addRow([set.illustrative ? `${set.name}（架空のデモ値を含みます）` : set.name]);
  caption.getCell(1).font = { ...FONT, size: 12, bold: true };

  const columns = LEAD + 1 + n * 2;
  const method = set.rows[0]?.rollUp.methodLabel;
  const top = sheet.addRow([
    '区分',
    levels.goal,
    method ? `総合評価（${method}）` : '総合評価',
    '算出の根拠',
    '件数',
    ...Array(n).fill(''),
    '割合',
    ...Array(n - 1).fill(''),
  ]);
  const sub = sheet.addRow([
    '',
    '',
    '',
    '',
    ...set.grades.map(gradeText),
    '計',
    ...set.grades.map(gradeText),
  ]);
  styleHeader(top, columns);
  styleHeader(sub, columns);
  for (let c = 1; c <= LEAD; c++) sheet.mergeCells(top.number, c, sub.number, c);
  sheet.mergeCells(top.number, LEAD + 1, top.number, LEAD + 1 + n);
  if (n > 0) sheet.mergeCells(top.number, LEAD + 2 + n, top.number, LEAD + 1 + 2 * n);
  set.grades.forEach((grade, i) => {
    for (const c of [LEAD + 1 + i, LEAD + 2 + n + i]) {
      const { fill, font } = gradeStyle(grade.color);
      const cell = sub.getCell(c);
      cell.fill = fill;
      cell.font = font;
    }
  });

  const addCounts = (counts: GradeCountsRow, emphasis: 'total' | 'previous' | 'none', rollUp?: RollUpKey) => {
    const row = sheet.addRow([
      counts.label,
      counts.title || null,
      null,
      null,
      ...counts.counts,
      counts.total,
      ...counts.shares,
    ]);
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      styleBody(
        cell,
        { horizontal: c <= LEAD ? 'left' : 'right', vertical: 'middle' },
        { bold: emphasis === 'total', color: emphasis === 'previous' ? { argb: 'FF595959' } : undefined },
      );
      if (c > LEAD) cell.numFmt = c > LEAD + 1 + n ? PERCENT_FORMAT : '#,##0';
      if (emphasis === 'total') cell.fill = TOTAL_FILL;
    }
    writeRollUp(row, 3, rollUp);
    fitRowHeight(row);
  };
  for (const row of set.rows) addCounts(row, 'none', row.rollUp);
  addCounts(set.total, 'total');
  addCounts(set.previousTotal, 'previous');
}
