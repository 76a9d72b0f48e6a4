/**
 * @module Bench: the council report in every format
 * Measured: building all formats (md, html, pdf, pptx, xlsx, docx) of the demo year the way the
 * server does — one GET /api/reports/2023/file request per format through the API, each building
 * the report model from the database and rendering it, PDFs printed by the server's shared
 * Chromium (started once, before the timed runs, as a running server keeps it). Limit: the same
 * libraries writing the same, precomputed document — the Markdown and HTML text already made, the
 * same running Chromium printing the ready HTML, the Office renderers given the ready model.
 * Runs alternate between the two sides so that a busy machine slows both alike; medians are
 * reported. Targets: measured / limit under 1.3x, and measured under 2 s in total on a 2-core
 * machine. The one-off Chromium start of a command-line PDF export is printed on its own line.
 */
import { cpus } from 'node:os';
import { openDatabase } from '../src/db/client.ts';
import { loadProgressReport } from '../src/db/report-store.ts';
import { renderReportHtml } from '../src/formats/report-html/index.ts';
import { openPdfPrinter } from '../src/formats/report-pdf/index.ts';
import { sharedPdfPrinter } from '../src/formats/report-pdf/shared-printer.ts';
import { renderReportMarkdown } from '../src/formats/seed-markdown/index.ts';
import { createApi } from '../src/http/app.ts';
import { buildReportModel } from '../src/report/build.ts';
import { REPORT_FORMATS, type ReportFileFormat, renderReport } from '../src/report/render.ts';
import { loadDemo } from '../src/services/demo.ts';
import { resolveMunicipality } from '../src/services/municipality.ts';

const RUNS = 7;
const COLD_RUNS = 3;
const TARGET_RATIO = 1.3;
const TARGET_SECONDS = 2;

type Times = Partial<Record<ReportFileFormat, number>>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function benchReport(): Promise<void> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  // The server's printer: one Chromium, kept running.
  const printer = sharedPdfPrinter();
  try {
    await loadDemo(handle.db);
    const owner = await resolveMunicipality(handle.db, {}, 'bench');
    const key = { municipalityId: owner.id, fiscalYear: 2023 };
    const api = createApi(handle.db, { pdfPrinter: printer });

    // The precomputed document the limit writes.
    const model = await buildReportModel(handle.db, key);
    const document = (await loadProgressReport(handle.db, key)) ?? undefined;
    const markdown = renderReportMarkdown(model, document);
    const html = renderReportHtml(model);
    const utf8 = new TextEncoder();

    const request = async (format: ReportFileFormat) => {
      const res = await api.request(`/api/reports/2023/file?format=${format}`);
      const body = await res.arrayBuffer();
      return { status: res.status, body };
    };

    // The first request also starts the shared Chromium: the server does that before its first PDF.
    const formats: ReportFileFormat[] = [];
    const skipped: string[] = [];
    for (const format of REPORT_FORMATS) {
      const { status, body } = await request(format);
      if (status === 200) formats.push(format);
      else if (status === 503)
        skipped.push(`${format}（${JSON.parse(new TextDecoder().decode(body)).error}）`);
      else throw new Error(`${format}: HTTP ${status} ${new TextDecoder().decode(body)}`);
    }

    const fromServer = async (): Promise<Times> => {
      const times: Times = {};
      for (const format of formats) {
        const start = performance.now();
        const { status } = await request(format);
        times[format] = performance.now() - start;
        if (status !== 200) throw new Error(`${format}: HTTP ${status}`);
      }
      return times;
    };
    const limit = async (): Promise<Times> => {
      const times: Times = {};
      for (const format of formats) {
        const start = performance.now();
        if (format === 'md') utf8.encode(markdown);
        else if (format === 'html') utf8.encode(html);
        else if (format === 'pdf') await printer.print(html);
        else await renderReport(model, format);
        times[format] = performance.now() - start;
      }
      return times;
    };
    // Informative: the part of each request that reads the database.
    const modelBuild = async () => {
      const start = performance.now();
      await buildReportModel(handle.db, key);
      await loadProgressReport(handle.db, key);
      return performance.now() - start;
    };

    await fromServer(); // warm-up: module loading, the renderers' first use
    await limit();
    const measured: Times[] = [];
    const limits: Times[] = [];
    const models: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      measured.push(await fromServer());
      limits.push(await limit());
      models.push(await modelBuild());
    }

    // A one-off export (the CLI): its own Chromium, started, printing once, closed.
    const cold = { start: [] as number[], print: [] as number[], close: [] as number[] };
    if (formats.includes('pdf')) {
      for (let i = 0; i < COLD_RUNS; i++) {
        let start = performance.now();
        const own = await openPdfPrinter();
        cold.start.push(performance.now() - start);
        start = performance.now();
        await own.print(html);
        cold.print.push(performance.now() - start);
        start = performance.now();
        await own.close();
        cold.close.push(performance.now() - start);
      }
    }

    const total = (t: Times) => Object.values(t).reduce((a, b) => a + (b ?? 0), 0);
    const col = (label: string, m: number, l: number) =>
      `  ${label.padEnd(26)}${m.toFixed(0).padStart(8)} ms${l.toFixed(0).padStart(11)} ms`;

    const pages = html.split('<section class="page ').length - 1;
    console.log(
      `\nCouncil report, all formats (demo year 2023: ${model.policies.length} policies, ${pages} pages; ${cpus().length} CPU cores; median of ${RUNS})`,
    );
    console.log(`  ${''.padEnd(26)}${'server'.padStart(11)}${'limit'.padStart(14)}`);
    for (const format of formats) {
      console.log(
        col(format, median(measured.map((t) => t[format] ?? 0)), median(limits.map((t) => t[format] ?? 0))),
      );
    }
    const m = median(measured.map(total));
    const l = median(limits.map(total));
    const ratio = m / Math.max(l, 1e-6);
    console.log(col('total', m, l));
    console.log(
      `  (server: one API request per format, each building the report model from the database — ${median(models).toFixed(0)} ms of it — PDF on the server's running Chromium)`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)}x (target < ${TARGET_RATIO}x: ${ratio < TARGET_RATIO ? 'met' : 'NOT met'}); total ${(m / 1000).toFixed(2)} s (target < ${TARGET_SECONDS} s: ${m / 1000 < TARGET_SECONDS ? 'met' : 'NOT met'})`,
    );
    if (cold.start.length > 0) {
      const [s, p, c] = [median(cold.start), median(cold.print), median(cold.close)];
      console.log(
        `  one-off PDF with its own Chromium (CLI export; not in the totals): start ${s.toFixed(0)} ms + print ${p.toFixed(0)} ms + close ${c.toFixed(0)} ms = ${(s + p + c).toFixed(0)} ms (median of ${COLD_RUNS})`,
      );
    }
    for (const s of skipped) console.log(`  skipped: ${s}`);
  } finally {
    await printer.close();
    await handle.close();
  }
}
