/**
 * @module Report routes
 * The progress report (進捗報告書) of a fiscal year: the Markdown the planning division edits and
 * the file in any output format (HTML, PDF, PowerPoint, Excel, Word, Markdown), built from the
 * year's records by export.ts.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { PdfPrinter } from '../../formats/report-pdf/index.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody } from '../../http/route-docs.ts';
import { REPORT_FORMAT_INFO, REPORT_FORMATS } from '../../report/render.ts';
import { exportProgressReport } from '../progress/progress-report.ts';
import { loadReportForExport, renderReportFile } from './export.ts';

export interface ReportRouteOptions {
  /** The server's running Chromium for PDFs; without it each PDF request starts its own. */
  pdfPrinter?: PdfPrinter;
}

const reportMarkdown = createRoute({
  method: 'get',
  path: '/api/reports/{year}/markdown',
  summary: '進捗報告書（Markdown）',
  request: {
    params: z.object({
      year: z.coerce
        .number()
        .int()
        .openapi({ param: { name: 'year', in: 'path' }, example: 2023 }),
    }),
    query: z.object({
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
    }),
  },
  responses: {
    200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } },
    404: { description: '報告書がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const reportFile = createRoute({
  method: 'get',
  path: '/api/reports/{year}/file',
  summary: '進捗報告書のファイル（HTML・PDF・PowerPoint・Excel・Word・Markdown）',
  description:
    '報告書モデルを年度の実績から作り、指定の形式で返す。Content-Disposition にはファイル名（日本語、RFC 5987 の filename*）を付ける。disposition=inline で画面内表示用。',
  request: {
    params: z.object({
      year: z.coerce
        .number({ error: '年度（year）は西暦の数字で指定してください（例: 2023）' })
        .int()
        .min(1900)
        .max(2200)
        .openapi({ param: { name: 'year', in: 'path' }, example: 2023 }),
    }),
    query: z.object({
      format: z
        .enum(REPORT_FORMATS, { error: `形式（format）は ${REPORT_FORMATS.join('、')} のいずれかです` })
        .openapi({ param: { name: 'format', in: 'query' }, example: 'pdf' }),
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
      plan: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ param: { name: 'plan', in: 'query' } }),
      disposition: z
        .enum(['attachment', 'inline'])
        .optional()
        .openapi({ param: { name: 'disposition', in: 'query' } }),
    }),
  },
  responses: {
    200: {
      description: '報告書のファイル',
      content: Object.fromEntries(
        REPORT_FORMATS.map((f) => [
          REPORT_FORMAT_INFO[f].mimeType.split(';')[0] as string,
          { schema: z.string().openapi({ format: 'binary' }) },
        ]),
      ),
    },
    404: { description: '報告書がない', content: { 'application/json': { schema: ErrorBody } } },
    503: {
      description: 'この形式を作れない（Chromium が未インストールなど）',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/**
 * The report's Markdown and its file in every format.
 * @example registerReportRoutes(app, { pdfPrinter: sharedPdfPrinter() }); // inside createApi
 */
export function registerReportRoutes(app: OpenAPIHono<ApiEnv>, options: ReportRouteOptions = {}): void {
  app.openapi(reportMarkdown, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const { municipality: localGovCode } = c.req.valid('query');
    const markdown = await exportProgressReport(db, {
      fiscalYear: year,
      format: 'md',
      ...(localGovCode ? { localGovCode } : {}),
    });
    return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.openapi(reportFile, async (c) => {
    const { year } = c.req.valid('param');
    const { format, municipality: localGovCode, plan: planId, disposition } = c.req.valid('query');
    // Read in the municipality's transaction, then render (a PDF takes a second) after it has ended:
    // the guard runs this route outside a request-long transaction (RENDER_AFTER_TRANSACTION).
    const inputs = await c.var.tenant((tx) =>
      loadReportForExport(tx, {
        fiscalYear: year,
        ...(localGovCode ? { localGovCode } : {}),
        ...(planId ? { planId } : {}),
      }),
    );
    const file = await renderReportFile(inputs, {
      format,
      ...(options.pdfPrinter ? { printer: options.pdfPrinter } : {}),
    });
    // Renderers return plain (never shared) buffers.
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.mimeType,
      'content-disposition': contentDisposition(
        disposition ?? 'attachment',
        file.fileName,
        `hoshin-report-${year}.${file.extension}`,
      ),
      'cache-control': 'no-store',
    });
  });
}
