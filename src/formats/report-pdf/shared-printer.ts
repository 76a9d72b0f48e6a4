/**
 * @module Shared PDF printer
 * One headless Chromium for a long-running process (the HTTP server): opened on the first PDF (or
 * by {@link SharedPdfPrinter.warm} in the background), reused by every later print, opened again
 * when the browser has died, closed with the server. A fresh Chromium (start, new renderer,
 * fonts loaded again) makes a PDF of the demo report take 2–3 times as long as a running one.
 */
import { openPdfPrinter, type PdfPrinter } from './index.ts';

export interface SharedPdfPrinter extends PdfPrinter {
  /**
   * Opens the browser now and prints a small Japanese page, so that the first real PDF finds the
   * browser running and its fonts loaded. Rejects as the first print would (e.g. FormatUnavailableError
   * when Chromium is missing); a later print simply tries again.
   */
  warm(): Promise<void>;
}

export interface SharedPdfPrinterOptions {
  /** Chromium to run; default the one {@link openPdfPrinter} uses. */
  executablePath?: string;
  /** Starts a browser; default {@link openPdfPrinter} (tests inject one to count launches). */
  open?: () => Promise<PdfPrinter>;
}

/** Japanese text in the report's font, regular and bold, and an SVG: what the first report needs loaded. */
const WARM_UP_HTML =
  '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>warm-up</title></head>' +
  '<body style="font-family: &quot;Noto Sans CJK JP&quot;, &quot;Noto Sans JP&quot;, sans-serif">' +
  '<p>進捗状況について <b>基本目標</b> 123.4%</p><svg width="20" height="20"><rect width="10" height="10"/></svg>' +
  '</body></html>';

const CLOSED = 'PDF を作成できません: サーバーを停止しています。';

/**
 * A printer that opens its browser lazily and keeps it for the life of the process.
 * @example const printer = sharedPdfPrinter(); await exportReport(db, { fiscalYear: 2023, format: 'pdf', printer }); await printer.close();
 */
export function sharedPdfPrinter(options: SharedPdfPrinterOptions = {}): SharedPdfPrinter {
  const open =
    options.open ??
    (() => openPdfPrinter(options.executablePath ? { executablePath: options.executablePath } : {}));
  let current: PdfPrinter | undefined;
  // The launch under way: concurrent first requests wait for the same browser instead of starting two.
  let opening: Promise<PdfPrinter> | undefined;
  let closed = false;

  const discard = (printer: PdfPrinter) => {
    if (current === printer) current = undefined;
    printer.close().catch(() => undefined);
  };

  const acquire = (): Promise<PdfPrinter> => {
    if (closed) return Promise.reject(new Error(CLOSED));
    if (current?.isConnected()) return Promise.resolve(current);
    if (current) discard(current);
    opening ??= open().then(
      (printer) => {
        opening = undefined;
        // close() came while Chromium was starting: do not leave it running.
        if (closed) {
          return printer.close().then(() => {
            throw new Error(CLOSED);
          });
        }
        current = printer;
        return printer;
      },
      (error: unknown) => {
        // Not cached: Chromium may be installed meanwhile, and the next request tries again.
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  const print = async (html: string): Promise<Uint8Array> => {
    const printer = await acquire();
    try {
      return await printer.print(html);
    } catch (error) {
      // The browser died during this print (crash, killed): one more try on a fresh one.
      if (printer.isConnected() || closed) throw error;
      discard(printer);
      return (await acquire()).print(html);
    }
  };

  return {
    print,
    async warm() {
      await print(WARM_UP_HTML);
    },
    isConnected: () => !closed && current?.isConnected() === true,
    async close() {
      closed = true;
      const starting = opening;
      const printer = current;
      current = undefined;
      await starting?.catch(() => undefined);
      await printer?.close();
    },
  };
}
