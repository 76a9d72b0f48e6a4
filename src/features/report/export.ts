/**
 * @module Council report export
 * The use case behind `hoshin export report --format …`, `GET /api/reports/{year}/file` and the
 * 「報告書を作成」 screen: read the report's inputs for a fiscal year from the database, build the
 * report model from them, then render it in the chosen format.
 */
import type { Database } from '../../db/client.ts';
import { buildReportModel } from '../../report/build.ts';
import type { ReportInputs } from '../../report/inputs.ts';
import {
  type RenderContext,
  type RenderedReport,
  type ReportFileFormat,
  renderReport,
  reportFileName,
} from '../../report/render.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { loadReportInputs } from './load.ts';

export interface ReportExportOptions {
  fiscalYear: number;
  format: ReportFileFormat;
  /** The municipality; optional when the database holds one. */
  localGovCode?: string;
  planId?: number;
  /** A running Chromium to reuse for PDF. */
  printer?: RenderContext['printer'];
  /** Include 審議会からの意見と対応 (default: yes, when the year has comments). */
  councilComments?: boolean;
}

export interface ReportFile extends RenderedReport {
  /** e.g. 第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績.pdf */
  fileName: string;
}

/**
 * Builds the council report of a fiscal year in a format. Throws UserError when there is no
 * report for that year, FormatUnavailableError when the format cannot be produced here.
 * @example const { bytes, fileName } = await exportReport(db, { fiscalYear: 2023, format: 'pdf' });
 */
export async function exportReport(db: Database, options: ReportExportOptions): Promise<ReportFile> {
  return renderReportFile(await loadReportForExport(db, options), options);
}

/** The database part of an export: what the report is built from (run inside the request's scope). */
export async function loadReportForExport(
  db: Database,
  options: Pick<ReportExportOptions, 'fiscalYear' | 'localGovCode' | 'planId'>,
): Promise<ReportInputs> {
  const owner = await resolveMunicipality(db, { localGovCode: options.localGovCode }, 'export');
  return loadReportInputs(db, {
    municipalityId: owner.id,
    fiscalYear: options.fiscalYear,
    ...(options.planId ? { planId: options.planId } : {}),
  });
}

/**
 * The rendering part: no database, so a server can render (and print a PDF) after the request's
 * transaction has ended, without holding a connection for it.
 */
export async function renderReportFile(
  inputs: ReportInputs,
  options: Pick<ReportExportOptions, 'format' | 'printer' | 'councilComments'>,
): Promise<ReportFile> {
  const model = buildReportModel(
    inputs,
    options.councilComments === undefined ? {} : { councilComments: options.councilComments },
  );
  const context: RenderContext = options.printer ? { printer: options.printer } : {};
  // Markdown keeps the stored document's exact headings, so that the file can be imported again;
  // its cover names the meeting the model names (the stored text when no meeting is recorded).
  if (options.format === 'md' || options.format === 'zip') {
    const stored = inputs.document.report;
    context.document = {
      ...inputs.document,
      report: { ...stored, date: model.cover.date, councilMeeting: model.cover.councilMeeting },
    };
  }
  const rendered = await renderReport(model, options.format, context);
  return { ...rendered, fileName: reportFileName(model, options.format) };
}
