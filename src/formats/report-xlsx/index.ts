/**
 * @module Council report as an Excel workbook
 * The KPI annex of the progress report as a formatted workbook for the planning division and the
 * council: 「達成状況」 (counts and shares per grade, the table behind the charts), one sheet per
 * KPI set with every KPI, 「取組内容」 with every result and direction, and 「審議会からの意見と対応」
 * when the report has comments; a draft's sheets carry 「［案］」 in their printed header. Renders the
 * {@link ReportModel} only; every label comes from it.
 */
import ExcelJS from 'exceljs';
import { reportLevelNames } from '../../report/levels.ts';
import { DRAFT_MARK, type ReportModel } from '../../report/model.ts';
import { ACTIVITIES_SHEET, addActivitiesSheet } from './activities-sheet.ts';
import { addCouncilSheet, COUNCIL_SHEET } from './council-sheet.ts';
import { addKpiSheet } from './kpi-sheet.ts';
import { sheetName } from './sheet-name.ts';
import { addSummarySheet, SUMMARY_SHEET } from './summary-sheet.ts';

export { kpiColumns } from './kpi-sheet.ts';
export { ACTIVITIES_SHEET, COUNCIL_SHEET, SUMMARY_SHEET };

/**
 * Renders the council report's KPI annex, summary and activities as an .xlsx file.
 * @example
 * const bytes = await renderReportXlsx(await buildReportModel(db, { municipalityId: 1, fiscalYear: 2023 }));
 * await writeFile('report.xlsx', bytes);
 */
export async function renderReportXlsx(model: ReportModel): Promise<Uint8Array> {
  return prepareReportXlsx(model).write();
}

/** A workbook built and ready to be written. */
export interface PreparedWorkbook {
  /** Serialises the workbook (exceljs alone; the bench times this as the Excel limit). */
  write(): Promise<Uint8Array>;
}

/**
 * Builds the council report's workbook without writing it.
 * @example const bytes = await prepareReportXlsx(model).write();
 */
export function prepareReportXlsx(model: ReportModel): PreparedWorkbook {
  const workbook = new ExcelJS.Workbook();
  const reportTitle = [model.cover.title, model.cover.subtitle].filter(Boolean).join(' ');
  workbook.title = reportTitle;
  workbook.subject = model.kpiSection.heading;
  workbook.creator = 'Hoshin';
  workbook.lastModifiedBy = 'Hoshin';
  workbook.company = model.municipality.name;
  // The report's own date, not the clock: the same model gives the same workbook properties.
  const date = new Date(`${model.cover.date}T00:00:00+09:00`);
  if (!Number.isNaN(date.getTime())) {
    workbook.created = date;
    workbook.modified = date;
  }

  // A draft says so in every sheet's printed header (every page): 「［案］表題」.
  const headTitle = model.draft ? `［${DRAFT_MARK}］${reportTitle}` : reportTitle;
  const taken = new Set([SUMMARY_SHEET, ACTIVITIES_SHEET, COUNCIL_SHEET]);
  addSummarySheet(workbook, model, headTitle);
  const { goal } = reportLevelNames(model);
  for (const set of model.annex) {
    addKpiSheet(workbook, set, sheetName(set.name, taken, '指標'), headTitle, goal);
  }
  addActivitiesSheet(workbook, model, headTitle);
  if (model.councilComments) addCouncilSheet(workbook, model.councilComments, headTitle);

  return {
    write: async () => new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer),
  };
}
