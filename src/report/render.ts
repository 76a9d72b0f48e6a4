/**
 * @module Report format registry
 * Every file format of the council report, rendered from the one {@link ReportModel}: md, html,
 * pdf, pptx, xlsx, docx, and zip — all six in one archive, from one model, in one step. Each
 * renderer is loaded only when its format is asked for, so a missing or broken one (or a missing
 * Chromium) affects that format alone and says so in Japanese.
 */
import { formatFiscalYear } from '../domain/calendar/index.ts';
import type { ProgressReportDocument } from '../domain/plan/types.ts';
import { FormatUnavailableError } from '../formats/format-unavailable.ts';
import type { PdfPrinter } from '../formats/report-pdf/index.ts';
import type { ReportModel } from './model.ts';

export { FormatUnavailableError } from '../formats/format-unavailable.ts';

/** The formats, in the order screens and usage texts list them. */
export const REPORT_FORMATS = ['html', 'pdf', 'pptx', 'xlsx', 'docx', 'md', 'zip'] as const;
export type ReportFileFormat = (typeof REPORT_FORMATS)[number];
/** The documents a zip holds: every format but the archive itself. */
export const DOCUMENT_FORMATS = REPORT_FORMATS.filter(
  (f): f is Exclude<ReportFileFormat, 'zip'> => f !== 'zip',
);
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** In the zip, the note that lists the formats which could not be made on this machine. */
export const BUNDLE_NOTE_NAME = '作成できなかった形式.txt';

export interface ReportFormatInfo {
  /** e.g. PowerPoint */
  label: string;
  mimeType: string;
  extension: string;
  /** Binary formats are never written to a terminal. */
  binary: boolean;
}

export const REPORT_FORMAT_INFO: Record<ReportFileFormat, ReportFormatInfo> = {
  html: { label: 'HTML', mimeType: 'text/html; charset=utf-8', extension: 'html', binary: false },
  pdf: { label: 'PDF', mimeType: 'application/pdf', extension: 'pdf', binary: true },
  pptx: {
    label: 'PowerPoint',
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    binary: true,
  },
  xlsx: {
    label: 'Excel',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    binary: true,
  },
  docx: {
    label: 'Word',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    binary: true,
  },
  md: { label: 'Markdown', mimeType: 'text/markdown; charset=utf-8', extension: 'md', binary: false },
  zip: { label: 'すべての形式（ZIP）', mimeType: 'application/zip', extension: 'zip', binary: true },
};

/**
 * Whether a string names a report format.
 * @example isReportFormat('pdf') // true
 */
export function isReportFormat(value: string): value is ReportFileFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface RenderedReport {
  bytes: Uint8Array;
  mimeType: string;
  extension: string;
}

export interface RenderContext {
  /** The stored progress report: Markdown then keeps its exact headings and hierarchy. */
  document?: ProgressReportDocument;
  /** A running Chromium to print with (PDF), e.g. to print several reports with one browser. */
  printer?: PdfPrinter;
}

type Renderer = (model: ReportModel, context: RenderContext) => Promise<Uint8Array>;

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Modules written beside this one, each exporting one function of the model. */
const OFFICE_RENDERERS = {
  pptx: { path: '../formats/pptx/index.ts', name: 'renderReportPptx' },
  xlsx: { path: '../formats/report-xlsx/index.ts', name: 'renderReportXlsx' },
  docx: { path: '../formats/docx/index.ts', name: 'renderReportDocx' },
} as const;

async function officeRenderer(format: keyof typeof OFFICE_RENDERERS): Promise<Renderer> {
  const { path, name } = OFFICE_RENDERERS[format];
  const label = REPORT_FORMAT_INFO[format].label;
  let module: Record<string, unknown>;
  try {
    // A specifier in a variable: the module may be missing, and type checking must not depend on it.
    const specifier: string = path;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' &&
      String(error).includes(path.slice(3))
    ) {
      throw new FormatUnavailableError(`${label}（${format}）形式の出力はこのバージョンではまだ使えません。`);
    }
    throw error;
  }
  const render = module[name];
  if (typeof render !== 'function') {
    throw new FormatUnavailableError(`${label}（${format}）形式の出力はこのバージョンではまだ使えません。`);
  }
  return (model) => (render as (model: ReportModel) => Promise<Uint8Array>)(model);
}

const RENDERERS: Record<ReportFileFormat, () => Promise<Renderer>> = {
  md: async () => {
    const { renderReportMarkdown } = await import('../formats/seed-markdown/index.ts');
    return async (model, { document }) => utf8(renderReportMarkdown(model, document));
  },
  html: async () => {
    const { renderReportHtml } = await import('../formats/report-html/index.ts');
    return async (model) => utf8(renderReportHtml(model));
  },
  pdf: async () => {
    const { renderReportPdf } = await import('../formats/report-pdf/index.ts');
    return (model, { printer }) => renderReportPdf(model, printer ? { printer } : {});
  },
  pptx: () => officeRenderer('pptx'),
  xlsx: () => officeRenderer('xlsx'),
  docx: () => officeRenderer('docx'),
  zip: async () => (model, context) => renderReportBundle(model, context),
};

/**
 * Every document format of one model in one zip, under the names {@link reportFileName} gives.
 * The PDF is printed by Chromium while this process renders the Office files, so the whole
 * takes little more than its longest part. A format that cannot be made here (no Chromium, say)
 * is left out and named, with the reason, in {@link BUNDLE_NOTE_NAME}; any other error fails all.
 */
async function renderReportBundle(model: ReportModel, context: RenderContext): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  // PDF first: its print runs in Chromium while the rest render here.
  const order: DocumentFormat[] = ['pdf', ...DOCUMENT_FORMATS.filter((f) => f !== 'pdf')];
  const pending = order.map((format) => ({
    format,
    bytes: RENDERERS[format]().then((render) => render(model, context)),
  }));
  // Settled together: one failure must not leave the other renders' rejections unobserved.
  const settled = await Promise.allSettled(pending.map((p) => p.bytes));
  const zip = new JSZip();
  const missing: string[] = [];
  for (const [i, result] of settled.entries()) {
    const format = order[i] as DocumentFormat;
    if (result.status === 'fulfilled') {
      zip.file(reportFileName(model, format), result.value, { date: bundleDate(model) });
    } else if (result.reason instanceof FormatUnavailableError) {
      missing.push(`${REPORT_FORMAT_INFO[format].label}（${format}）: ${result.reason.message}`);
    } else {
      throw result.reason;
    }
  }
  if (missing.length > 0) {
    const note = ['次の形式はこの環境では作成できなかったため、含まれていません。', '', ...missing, ''];
    zip.file(BUNDLE_NOTE_NAME, note.join('\r\n'), { date: bundleDate(model) });
  }
  // The files are mostly zips themselves (pptx, xlsx, docx) or compressed (pdf): a light level.
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

/**
 * The report's own date, not the clock: the same model gives the same archive. Zip times carry no
 * zone and jszip writes a date's UTC fields, so midnight UTC shows the report's day everywhere.
 */
function bundleDate(model: ReportModel): Date {
  const date = new Date(`${model.cover.date}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * Renders the report model in a file format.
 * Throws {@link FormatUnavailableError} when the format cannot be produced on this machine.
 * @example const { bytes, mimeType } = await renderReport(model, 'pdf');
 */
export async function renderReport(
  model: ReportModel,
  format: ReportFileFormat,
  context: RenderContext = {},
): Promise<RenderedReport> {
  const render = await RENDERERS[format]();
  const bytes = await render(model, context);
  const { mimeType, extension } = REPORT_FORMAT_INFO[format];
  return { bytes, mimeType, extension };
}

/**
 * The file name of a report: plan, period and year of the results, and 案 while the year is open
 * (a draft mailed around must not pass for the final one), e.g.
 * 第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績.pdf
 * @example reportFileName(model, 'pdf')
 */
export function reportFileName(model: ReportModel, format: ReportFileFormat): string {
  const year = /（(.+実績)）/.exec(model.cover.subtitle)?.[1] ?? `${formatFiscalYear(model.fiscalYear)}実績`;
  const parts = [
    model.cover.planName,
    model.cover.periodName,
    '進捗状況',
    year,
    model.draft ? '案' : '',
  ].filter((p) => p !== '');
  return `${parts.join('_').replace(/[\\/:*?"<>|\s]+/g, '')}.${REPORT_FORMAT_INFO[format].extension}`;
}
