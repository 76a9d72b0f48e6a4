/**
 * @module 審議会からの意見と対応 sheet
 * The council members' comments and the city's answers (対応), one comment per row: what it
 * concerns (基本方針 or KPI), the comment, the answer (or 「（対応を検討中）」) and its state.
 */
import type { Workbook } from 'exceljs';
import type { CouncilCommentsSection } from '../../report/model.ts';
import { fitRowHeight, headerText, styleBody, styleHeader } from './style.ts';

export const COUNCIL_SHEET = '審議会からの意見と対応';
const HEADERS = ['番号', '該当箇所', '意見', '対応', '状況'];
const WIDTHS = [6, 36, 60, 60, 10];

/** Adds the 審議会からの意見と対応 sheet. */
export function addCouncilSheet(
  workbook: Workbook,
  section: CouncilCommentsSection,
  reportTitle: string,
): void {
  const sheet = workbook.addWorksheet(COUNCIL_SHEET, {
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
    headerFooter: { oddHeader: `&L${headerText(reportTitle)}&R${COUNCIL_SHEET}`, oddFooter: '&C&P / &N' },
  });
  styleHeader(sheet.addRow(HEADERS), HEADERS.length);
  WIDTHS.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  section.entries.forEach((entry, i) => {
    const row = sheet.addRow([
      i + 1,
      entry.subject,
      entry.comment,
      entry.response,
      entry.answered ? '対応済' : '検討中',
    ]);
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      styleBody(cell, { horizontal: c === 1 || c === 5 ? 'center' : 'left' });
    });
    fitRowHeight(row);
  });
}
