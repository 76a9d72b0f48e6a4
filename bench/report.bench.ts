/**
 * @module Bench: the council report in every format, in one step
 * Measured: what 「すべての形式（ZIP）」 costs the server — one GET /api/reports/2023/file?format=zip,
 * which builds the report model from the database once and renders md, html, pdf, pptx, xlsx and
 * docx (the PDF printed by the server's shared Chromium while the Office files render) into one
 * zip. Limit: the same libraries writing the same, precomputed documents with the same overlap —
 * the Markdown and HTML text already made, the running Chromium printing the ready HTML, pptxgenjs
 * drawing slides already planned, exceljs and docx serialising a workbook and a document already
 * built, jszip packing the ready files. Runs alternate between the two sides so that a busy
 * machine slows both alike; medians are reported. Targets: measured / limit under 1.3x, and
 * measured under 2 s on a 2-core machine. Also printed, outside the ratio: each format's limit on
 * its own, each format as its own request, and the Chromium start of a one-off command-line PDF.
 */
import { cpus } from 'node:os';
import JSZip from 'jszip';
import { openDatabase } from '../src/db/client.ts';
import { loadProgressReport } from '../src/db/report-store.ts';
import { DEMO_PASSWORD } from '../src/features/auth/routes.ts';
import { loadReportInputs } from '../src/features/report/load.ts';
import { prepareReportDocx } from '../src/formats/docx/index.ts';
import { writeDeck } from '../src/formats/pptx/index.ts';
import { planDeck } from '../src/formats/pptx/layout.ts';
import { renderReportHtml } from '../src/formats/report-html/index.ts';
import { openPdfPrinter } from '../src/formats/report-pdf/index.ts';
import { sharedPdfPrinter } from '../src/formats/report-pdf/shared-printer.ts';
import { prepareReportXlsx } from '../src/formats/report-xlsx/index.ts';
import { renderReportMarkdown } from '../src/formats/seed-markdown/index.ts';
import { createApi } from '../src/http/app.ts';
import { buildReportModel } from '../src/report/build.ts';
import { DOCUMENT_FORMATS, type DocumentFormat, reportFileName } from '../src/report/render.ts';
import { loadDemo } from '../src/services/demo.ts';
import { resolveMunicipality } from '../src/services/municipality.ts';

const RUNS = 7;
const COLD_RUNS = 3;
const TARGET_RATIO = 1.3;
const TARGET_SECONDS = 2;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const time = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

export async function benchReport(): Promise<void> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  // The server's printer: one Chromium, kept running.
  const printer = sharedPdfPrinter();
  try {
    await loadDemo(handle.db);
    const owner = await resolveMunicipality(handle.db, {}, 'bench');
    const key = { municipalityId: owner.id, fiscalYear: 2023 };
    const api = createApi(handle.db, { pdfPrinter: printer });
    // As a council member reading the report would: signed in with a demo account.
    const login = await api.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'iin', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in: HTTP ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const request = async (format: string) => {
      const res = await api.request(`/api/reports/2023/file?format=${format}`, { headers: { cookie } });
      const body = new Uint8Array(await res.arrayBuffer());
      if (res.status !== 200)
        throw new Error(`${format}: HTTP ${res.status} ${new TextDecoder().decode(body)}`);
      return body;
    };

    // The first request also starts the shared Chromium, as a running server has before its first PDF.
    const first = await JSZip.loadAsync(await request('zip'));
    const model = buildReportModel(await loadReportInputs(handle.db, key));
    const missing = DOCUMENT_FORMATS.filter((f) => first.file(reportFileName(model, f)) === null);
    if (missing.length > 0) {
      throw new Error(
        `the zip lacks ${missing.join(', ')} (is Debian's chromium installed?): nothing to compare`,
      );
    }

    // The precomputed documents the limit writes.
    const document = (await loadProgressReport(handle.db, key)) ?? undefined;
    const markdown = renderReportMarkdown(model, document);
    const html = renderReportHtml(model);
    const slides = planDeck(model);
    const workbook = prepareReportXlsx(model);
    const docx = prepareReportDocx(model);
    const utf8 = new TextEncoder();
    const writers: Record<DocumentFormat, () => Promise<Uint8Array>> = {
      pdf: () => printer.print(html),
      md: async () => utf8.encode(markdown),
      html: async () => utf8.encode(html),
      pptx: () => writeDeck(model, slides),
      xlsx: () => workbook.write(),
      docx: () => docx.write(),
    };
    const zipOf = (files: Array<[DocumentFormat, Uint8Array]>) => {
      const zip = new JSZip();
      for (const [format, bytes] of files) zip.file(reportFileName(model, format), bytes);
      return zip.generateAsync({
        type: 'uint8array',
        compression: 'DEFLATE',
        compressionOptions: { level: 1 },
      });
    };
    const limit = async () => {
      // As the server does: the PDF first, printing in Chromium while the rest are written here.
      const order: DocumentFormat[] = ['pdf', ...DOCUMENT_FORMATS.filter((f) => f !== 'pdf')];
      const files = await Promise.all(
        order.map(async (f) => [f, await writers[f]()] as [DocumentFormat, Uint8Array]),
      );
      await zipOf(files);
    };

    await time(() => request('zip')); // warm-up: module loading, the renderers' first use
    await limit();
    const measured: number[] = [];
    const limits: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      measured.push(await time(() => request('zip')));
      limits.push(await time(limit));
    }

    // Informative: each format alone, as its own request and as its limit.
    const alone = DOCUMENT_FORMATS.map((format) => ({
      format,
      request: [] as number[],
      limit: [] as number[],
    }));
    for (let i = 0; i < 3; i++) {
      for (const row of alone) {
        row.request.push(await time(() => request(row.format)));
        row.limit.push(await time(writers[row.format]));
      }
    }
    const models: number[] = [];
    for (let i = 0; i < 3; i++) {
      models.push(
        await time(async () => {
          buildReportModel(await loadReportInputs(handle.db, key));
        }),
      );
    }

    // A one-off export (the CLI): its own Chromium, started, printing once, closed.
    const cold = { start: [] as number[], print: [] as number[], close: [] as number[] };
    for (let i = 0; i < COLD_RUNS; i++) {
      let own: Awaited<ReturnType<typeof openPdfPrinter>> | undefined;
      cold.start.push(
        await time(async () => {
          own = await openPdfPrinter();
        }),
      );
      cold.print.push(await time(() => (own as NonNullable<typeof own>).print(html)));
      cold.close.push(await time(() => (own as NonNullable<typeof own>).close()));
    }

    const ms = (v: number) => `${v.toFixed(0).padStart(8)} ms`;
    const pages = html.split('<section class="page ').length - 1;
    const m = median(measured);
    const l = median(limits);
    const ratio = m / Math.max(l, 1e-6);
    console.log(
      `\nCouncil report, all formats in one step (demo year 2023: ${model.policies.length} policies, ${pages} pages; ${cpus().length} CPU cores; median of ${RUNS})`,
    );
    console.log(`  server: GET …/file?format=zip (model from the database, six formats, zipped)${ms(m)}`);
    console.log(`  limit:  the libraries writing the precomputed documents, zipped         ${ms(l)}`);
    console.log(
      `  ratio ${ratio.toFixed(2)}x (target < ${TARGET_RATIO}x: ${ratio < TARGET_RATIO ? 'met' : 'NOT met'}); total ${(m / 1000).toFixed(2)} s (target < ${TARGET_SECONDS} s: ${m / 1000 < TARGET_SECONDS ? 'met' : 'NOT met'})`,
    );
    console.log(`  each format alone (median of 3)     ${'request'.padStart(11)}${'limit'.padStart(11)}`);
    for (const row of alone) {
      console.log(`    ${row.format.padEnd(32)}${ms(median(row.request))}${ms(median(row.limit))}`);
    }
    console.log(
      `    (of each request, building the model from the database: ${median(models).toFixed(0)} ms)`,
    );
    const [s, p, c] = [median(cold.start), median(cold.print), median(cold.close)];
    console.log(
      `  one-off PDF with its own Chromium (CLI export; not in the totals): start ${s.toFixed(0)} ms + print ${p.toFixed(0)} ms + close ${c.toFixed(0)} ms = ${(s + p + c).toFixed(0)} ms (median of ${COLD_RUNS})`,
    );
  } finally {
    await printer.close();
    await handle.close();
  }
}
