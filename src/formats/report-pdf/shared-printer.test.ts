import { describe, expect, it } from 'vitest';
import { FormatUnavailableError } from '../format-unavailable.ts';
import type { PdfPrinter } from './index.ts';
import { sharedPdfPrinter } from './shared-printer.ts';

/** A stand-in browser: prints the HTML's length, can crash or be closed. */
interface FakeBrowser extends PdfPrinter {
  crash(): void;
  printed: string[];
  closed: boolean;
}

function fakeOpener(options: { launchMs?: number; crashDuringPrint?: boolean } = {}) {
  const launched: FakeBrowser[] = [];
  const open = async (): Promise<PdfPrinter> => {
    await new Promise((resolve) => setTimeout(resolve, options.launchMs ?? 0));
    let connected = true;
    const browser: FakeBrowser = {
      printed: [],
      closed: false,
      crash: () => {
        connected = false;
      },
      async print(html) {
        if (!connected) throw new Error('Target page, context or browser has been closed');
        if (options.crashDuringPrint && launched.length === 1) {
          connected = false;
          throw new Error('Browser crashed');
        }
        browser.printed.push(html);
        return new Uint8Array(html.length);
      },
      isConnected: () => connected,
      async close() {
        connected = false;
        browser.closed = true;
      },
    };
    launched.push(browser);
    return browser;
  };
  return { open, launched };
}

describe('shared PDF printer', () => {
  it('opens no browser until asked, then reuses one for every print', async () => {
    const { open, launched } = fakeOpener();
    const printer = sharedPdfPrinter({ open });
    expect(launched).toHaveLength(0);
    expect(printer.isConnected()).toBe(false);
    await printer.print('<p>1</p>');
    await printer.print('<p>2</p>');
    expect(launched).toHaveLength(1);
    expect(launched[0]?.printed).toEqual(['<p>1</p>', '<p>2</p>']);
    expect(printer.isConnected()).toBe(true);
    await printer.close();
  });

  it('starts one browser for concurrent first requests', async () => {
    const { open, launched } = fakeOpener({ launchMs: 30 });
    const printer = sharedPdfPrinter({ open });
    await Promise.all([printer.warm(), printer.print('a'), printer.print('b'), printer.print('c')]);
    expect(launched).toHaveLength(1);
    expect(launched[0]?.printed).toHaveLength(4);
    await printer.close();
  });

  it('replaces a browser that crashed or was closed between prints', async () => {
    const { open, launched } = fakeOpener();
    const printer = sharedPdfPrinter({ open });
    await printer.print('a');
    launched[0]?.crash();
    await printer.print('b');
    expect(launched).toHaveLength(2);
    await launched[1]?.close();
    await printer.print('c');
    expect(launched).toHaveLength(3);
    expect(launched.map((b) => b.printed)).toEqual([['a'], ['b'], ['c']]);
    await printer.close();
  });

  it('prints again on a fresh browser when the browser dies during a print', async () => {
    const { open, launched } = fakeOpener({ crashDuringPrint: true });
    const printer = sharedPdfPrinter({ open });
    expect(await printer.print('abc')).toHaveLength(3);
    expect(launched).toHaveLength(2);
    expect(launched[0]?.closed).toBe(true);
    await printer.close();
  });

  it('closes its browser on close, including one still starting, and prints no more', async () => {
    const { open, launched } = fakeOpener({ launchMs: 30 });
    const printer = sharedPdfPrinter({ open });
    await printer.print('a');
    await printer.close();
    expect(launched[0]?.closed).toBe(true);
    await expect(printer.print('b')).rejects.toThrow(/サーバーを停止しています/);
    expect(launched).toHaveLength(1);

    const starting = sharedPdfPrinter({ open });
    const warming = starting.warm();
    await starting.close();
    await expect(warming).rejects.toThrow(/サーバーを停止しています/);
    expect(launched).toHaveLength(2);
    expect(launched[1]?.closed).toBe(true);
  });

  it('reports a missing Chromium on every PDF request, and tries again each time', async () => {
    let attempts = 0;
    const printer = sharedPdfPrinter({
      open: async () => {
        attempts++;
        throw new FormatUnavailableError('PDF を作成できません: Chromium が見つかりません', 'chromium');
      },
    });
    await expect(printer.warm()).rejects.toBeInstanceOf(FormatUnavailableError);
    await expect(printer.print('a')).rejects.toThrow(/Chromium が見つかりません/);
    expect(attempts).toBe(2);
    await printer.close();
  });

  it('names the Debian package when the real Chromium is missing', async () => {
    const printer = sharedPdfPrinter({ executablePath: '/nonexistent/chromium' });
    const error = await printer.print('<p>x</p>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatUnavailableError);
    expect((error as FormatUnavailableError).packageName).toBe('chromium');
    expect((error as Error).message).toContain('apt-get install chromium');
    await printer.close();
  });
});
