import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { FormatUnavailableError } from '../formats/format-unavailable.ts';
import type { PdfPrinter } from '../formats/report-pdf/index.ts';
import { sharedPdfPrinter } from '../formats/report-pdf/shared-printer.ts';
import { openWithSeed } from '../services/test-support.ts';
import { signedIn } from '../test-support/signed-in.ts';
import { createApi } from './app.ts';

describe('PDF requests on the shared printer', () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(() => openDatabase({ dataDir: 'memory://' }));
  });
  afterEach(async () => {
    await handle.close();
  });

  it('prints after the request has let go of the database: other requests are answered meanwhile', async () => {
    // PGlite has one connection. If the report request still held its transaction while printing,
    // this request made from inside print() would wait for it, and the print for the request: stuck.
    let answeredWhilePrinting = 0;
    let api: Awaited<ReturnType<typeof signedIn>> | undefined;
    const printer: PdfPrinter = {
      print: async () => {
        const plans = await api?.request('/api/plans');
        answeredWhilePrinting = plans?.status ?? 0;
        return new TextEncoder().encode('%PDF-1.4');
      },
      isConnected: () => true,
      close: async () => undefined,
    };
    api = await signedIn(createApi(handle.db, { pdfPrinter: printer }), handle.db);
    const res = await api.request('/api/reports/2023/file?format=pdf');
    expect(res.status).toBe(200);
    expect(answeredWhilePrinting).toBe(200);
  }, 20_000);

  it('prints every request on one browser, started by the first', async () => {
    const printed: string[] = [];
    let launches = 0;
    const printer = sharedPdfPrinter({
      open: async (): Promise<PdfPrinter> => {
        launches++;
        return {
          print: async (html) => {
            printed.push(html);
            return new TextEncoder().encode('%PDF-1.4');
          },
          isConnected: () => true,
          close: async () => undefined,
        };
      },
    });
    const api = await signedIn(createApi(handle.db, { pdfPrinter: printer }), handle.db);
    const responses = await Promise.all([
      api.request('/api/reports/2023/file?format=pdf'),
      api.request('/api/reports/2023/file?format=pdf'),
    ]);
    responses.push(await api.request('/api/reports/2023/file?format=pdf'));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(await res.text()).toBe('%PDF-1.4');
    }
    expect(launches).toBe(1);
    expect(printed).toHaveLength(3);
    expect(printed[0]).toContain('<title>第二次美祢市総合計画');
    await printer.close();
  });

  it('answers 503 naming the Debian package when Chromium is missing', async () => {
    const printer = sharedPdfPrinter({ executablePath: '/nonexistent/chromium' });
    const api = await signedIn(createApi(handle.db, { pdfPrinter: printer }), handle.db);
    await expect(printer.warm()).rejects.toBeInstanceOf(FormatUnavailableError);
    const res = await api.request('/api/reports/2023/file?format=pdf');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatch(
      /Chromium（\/nonexistent\/chromium）が見つかりません.*apt-get install chromium/,
    );
    await printer.close();
  });
});
