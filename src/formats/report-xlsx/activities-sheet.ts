/**
 * @module 取組内容 sheet
 * The results (実績) and directions (今後の方向性) of every 基本方針, one item per row; the first
 * two columns are headed with the plan's level names.
 */
import type { Workbook } from 'exceljs';
import { reportLevelNames } from '../../report/levels.ts';
import type { ReportModel } from '../../report/model.ts';
import { fitRowHeight, headerText, styleBody, styleHeader } from './style.ts';

export const ACTIVITIES_SHEET = '取組内容';
const WIDTHS = [28, 34, 13, 5, 80];

/** Adds the 取組内容 sheet. */
export function addActivitiesSheet(workbook: Workbook, model: ReportModel, reportTitle: string): void {
  const sheet = workbook.addWorksheet(ACTIVITIES_SHEET, {
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
    headerFooter: { oddHeader: `&L${headerText(reportTitle)}&R${ACTIVITIES_SHEET}`, oddFooter: '&C&P / &N' },
  });
  const levels = reportLevelNames(model);
  const HEADERS = [levels.goal, levels.policy, '区分', '順', '内容'];
  styleHeader(sheet.addRow(HEADERS), HEADERS.length);
  WIDTHS.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });

  for (const page of model.policies) {
    const goal = `${page.goalLabel} ${page.goalTitle}`.trim();
    const policy = `${page.policyLabel} ${page.policyTitle}`.trim();
    const items = [
      ...page.results.map((text) => ['実績', text] as const),
      ...page.directions.map((text) => ['今後の方向性', text] as const),
    ];
    let order = 0;
    let previousKind = '';
    for (const [kind, text] of items) {
      order = kind === previousKind ? order + 1 : 1;
      previousKind = kind;
      const row = sheet.addRow([goal, policy, kind, order, text]);
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        styleBody(cell, { horizontal: c === 3 || c === 4 ? 'center' : 'left' });
      });
      fitRowHeight(row);
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheet.rowCount, column: HEADERS.length } };
}
