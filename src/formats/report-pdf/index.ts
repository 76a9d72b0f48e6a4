/**
 * @module Council report as PDF
 * The HTML report printed by headless Chromium (Debian's `chromium` package, driven by
 * playwright-core): A4 landscape, one PDF page per sheet of the HTML. Nothing is fetched — the
 * HTML is self-contained and Chromium runs with its background networking switched off.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ReportModel } from '../../report/model.ts';
import { FormatUnavailableError } from '../format-unavailable.ts';
import { renderReportHtml } from '../report-html/index.ts';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface PdfOptions {
  /** Chromium to run; default {@link CHROMIUM_PATH}. */
  executablePath?: string;
  /** A printer to reuse (several documents, one browser); otherwise one is opened and closed. */
  printer?: PdfPrinter;
}

/** A running headless Chromium that prints HTML documents to PDF. */
export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
  /** False once the browser has exited, crashed or been closed: it cannot print any more. */
  isConnected(): boolean;
  close(): Promise<void>;
}

/**
 * Idle pages kept for the next prints. A page that has printed before keeps its renderer process
 * and CJK fonts loaded: reusing it takes the demo report's print from about 1 s to 0.6 s (a new
 * page costs a new renderer and loading the fonts again). Two, so concurrent prints each find one.
 */
const IDLE_PAGES = 2;
/** A page is retired after this many prints, so that nothing a renderer accumulates can grow unbounded. */
const PRINTS_PER_PAGE = 50;

/**
 * Starts headless Chromium. Throws {@link FormatUnavailableError} naming the Debian package when
 * it is not installed.
 * @example const printer = await openPdfPrinter(); try { await printer.print(html) } finally { await printer.close() }
 */
export async function openPdfPrinter(options: { executablePath?: string } = {}): Promise<PdfPrinter> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new FormatUnavailableError(
      `PDF を作成できません: Chromium（${executablePath}）が見つかりません。Debian／Ubuntu ではパッケージ chromium をインストールしてください（sudo apt-get install chromium）。`,
      'chromium',
    );
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new FormatUnavailableError(
      'PDF を作成できません: npm パッケージ playwright-core が見つかりません（npm ci でインストールしてください）。',
      'playwright-core',
    );
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new FormatUnavailableError(
      `PDF を作成できません: Chromium（${executablePath}）を起動できませんでした。パッケージ chromium を入れ直してください。詳細: ${(error as Error).message.split('\n')[0]}`,
      'chromium',
    );
  }
  const idle: Page[] = [];
  const uses = new WeakMap<Page, number>();
  return {
    async print(html) {
      const page = idle.pop() ?? (await browser.newPage());
      let reusable = false;
      try {
        // Replaces the whole document of a reused page (nothing of the previous one is kept).
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
        reusable = true;
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        const count = (uses.get(page) ?? 0) + 1;
        uses.set(page, count);
        // A page that failed (timeout, crashed renderer) is never reused.
        if (reusable && count < PRINTS_PER_PAGE && idle.length < IDLE_PAGES && browser.isConnected()) {
          idle.push(page);
        } else {
          await page.close().catch(() => undefined);
        }
      }
    },
    isConnected: () => browser.isConnected(),
    close: () => browser.close(),
  };
}

/**
 * Prints an HTML document to PDF (A4 landscape, backgrounds printed).
 * @example const pdf = await printHtmlToPdf(renderReportHtml(model));
 */
export async function printHtmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  if (options.printer) return options.printer.print(html);
  const printer = await openPdfPrinter(options);
  try {
    return await printer.print(html);
  } finally {
    await printer.close();
  }
}

/**
 * Renders the council report as PDF: the HTML report printed by headless Chromium.
 * @example writeFileSync('report.pdf', await renderReportPdf(model));
 */
export function renderReportPdf(model: ReportModel, options: PdfOptions = {}): Promise<Uint8Array> {
  return printHtmlToPdf(renderReportHtml(model), options);
}
