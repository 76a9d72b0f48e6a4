/**
 * @module Council report as PDF
 * The HTML report printed by headless Chromium (Debian's `chromium` package, driven by
 * playwright-core): A4 landscape, one PDF page per sheet of the HTML. Nothing is fetched — the
 * HTML is self-contained and Chromium runs with its background networking switched off.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
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
  close(): Promise<void>;
}

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
  return {
    async print(html) {
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await page.close();
      }
    },
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
