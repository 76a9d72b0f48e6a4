/**
 * @module Bench: the council report in every format
 * Measured: building all formats (md, html, pdf, pptx, xlsx, docx) of the demo year from the
 * database — the report model (and, for Markdown, the stored document) loaded once, then every
 * renderer. Limit: the same libraries writing the same, precomputed document — the Markdown and
 * HTML text already made, Chromium printing the ready HTML, the Office renderers given the ready
 * model. Both sides start their own Chromium, as a command-line export does. Runs alternate
 * between the two sides so that a busy machine slows both alike; medians are reported.
 * Targets: measured / limit under 1.3x, and measured under 2 s in total on a 2-core machine.
 */
import { cpus } from 'node:os';
import { openDatabase } from '../src/db/client.ts';
import { loadProgressReport } from '../src/db/report-store.ts';
import { renderReportHtml } from '../src/formats/report-html/index.ts';
import { printHtmlToPdf } from '../src/formats/report-pdf/index.ts';
import { renderReportMarkdown } from '../src/formats/seed-markdown/index.ts';
import { buildReportModel } from '../src/report/build.ts';
import {
  FormatUnavailableError,
  REPORT_FORMATS,
  type ReportFileFormat,
  renderReport,
} from '../src/report/render.ts';
import { loadDemo } from '../src/services/demo.ts';
import { resolveMunicipality } from '../src/services/municipality.ts';

const RUNS = 3;
const TARGET_RATIO = 1.3;
const TARGET_SECONDS = 2;

type Times = Partial<Record<ReportFileFormat | 'model', number>>;

export async function benchReport(): Promise<void> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await loadDemo(handle.db);
    const owner = await resolveMunicipality(handle.db, {}, 'bench');
    const key = { municipalityId: owner.id, fiscalYear: 2023 };

    // The precomputed document the limit writes.
    const model = await buildReportModel(handle.db, key);
    const document = (await loadProgressReport(handle.db, key)) ?? undefined;
    const markdown = renderReportMarkdown(model, document);
    const html = renderReportHtml(model);
    const utf8 = new TextEncoder();

    const formats: ReportFileFormat[] = [];
    const skipped: string[] = [];
    for (const format of REPORT_FORMATS) {
      try {
        await renderReport(model, format, document ? { document } : {});
        formats.push(format);
      } catch (error) {
        if (!(error instanceof FormatUnavailableError)) throw error;
        skipped.push(`${format}（${error.message}）`);
      }
    }

    const fromDatabase = async (): Promise<Times> => {
      const times: Times = {};
      let start = performance.now();
      const m = await buildReportModel(handle.db, key);
      const doc = (await loadProgressReport(handle.db, key)) ?? undefined;
      times.model = performance.now() - start;
      for (const format of formats) {
        start = performance.now();
        await renderReport(m, format, doc ? { document: doc } : {});
        times[format] = performance.now() - start;
      }
      return times;
    };
    const limit = async (): Promise<Times> => {
      const times: Times = {};
      for (const format of formats) {
        const start = performance.now();
        if (format === 'md') utf8.encode(markdown);
        else if (format === 'html') utf8.encode(html);
        else if (format === 'pdf') await printHtmlToPdf(html);
        else await renderReport(model, format);
        times[format] = performance.now() - start;
      }
      return times;
    };

    await fromDatabase(); // warm-up: module loading, first Chromium start
    await limit();
    const measured: Times[] = [];
    const limits: Times[] = [];
    for (let i = 0; i < RUNS; i++) {
      measured.push(await fromDatabase());
      limits.push(await limit());
    }

    const total = (t: Times) => Object.values(t).reduce((a, b) => a + (b ?? 0), 0);
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const col = (label: string, m: number, l: number | null) =>
      `  ${label.padEnd(26)}${m.toFixed(0).padStart(8)} ms${l === null ? ''.padStart(14) : `${l.toFixed(0).padStart(11)} ms`}`;

    const pages = html.split('<section class="page ').length - 1;
    console.log(
      `\nCouncil report, all formats (demo year 2023: ${model.policies.length} policies, ${pages} pages; ${cpus().length} CPU cores; median of ${RUNS})`,
    );
    console.log(`  ${''.padEnd(26)}${'from database'.padStart(11)}${'limit'.padStart(14)}`);
    console.log(col('report model (+ document)', median(measured.map((t) => t.model ?? 0)), null));
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
      `  ratio ${ratio.toFixed(2)}x (target < ${TARGET_RATIO}x: ${ratio < TARGET_RATIO ? 'met' : 'NOT met'}); total ${(m / 1000).toFixed(2)} s (target < ${TARGET_SECONDS} s: ${m / 1000 < TARGET_SECONDS ? 'met' : 'NOT met'})`,
    );
    for (const s of skipped) console.log(`  skipped: ${s}`);
  } finally {
    await handle.close();
  }
}
