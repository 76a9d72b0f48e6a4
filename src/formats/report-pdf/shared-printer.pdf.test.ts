/**
 * The shared printer on Debian's Chromium: one browser for many prints, a killed browser replaced,
 * nothing left running after close. Browser processes are found as this process's children.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPdfPrinter, type PdfPrinter } from './index.ts';
import { sharedPdfPrinter } from './shared-printer.ts';

const TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'hoshin-shared-pdf-'));

/** Process ids of the Chromium browsers this process has started. */
function chromiumChildren(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => /chromium/.test(line) && !/--type=/.test(line))
    .map((line) => Number.parseInt(line, 10));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function pdfText(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const page = (text: string) =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${text}</title></head><body><h1>${text}</h1></body></html>`;

/** openPdfPrinter, recording the browser process each launch starts. */
function countingOpener() {
  const launches: number[] = [];
  const open = async (): Promise<PdfPrinter> => {
    const before = new Set(chromiumChildren());
    const printer = await openPdfPrinter();
    const started = chromiumChildren().filter((pid) => !before.has(pid));
    expect(started).toHaveLength(1);
    launches.push(started[0] as number);
    return printer;
  };
  return { open, launches };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shared PDF printer on Chromium', () => {
  it(
    'prints several documents, concurrent ones too, with one browser; each PDF holds only its own document',
    async () => {
      const { open, launches } = countingOpener();
      const printer = sharedPdfPrinter({ open });
      try {
        const [first, second] = await Promise.all([
          printer.print(page('第一文書')),
          printer.print(page('第二文書')),
        ]);
        const third = await printer.print(page('第三文書'));
        expect(launches).toHaveLength(1);
        expect(pdfText(first as Uint8Array, 'first.pdf')).toContain('第一文書');
        expect(pdfText(second as Uint8Array, 'second.pdf')).toContain('第二文書');
        // Printed on a page that printed before: nothing of the earlier document remains.
        const text = pdfText(third, 'third.pdf');
        expect(text).toContain('第三文書');
        expect(text).not.toMatch(/第一文書|第二文書/);
      } finally {
        await printer.close();
      }
    },
    TIMEOUT,
  );

  it(
    'replaces a browser that was killed, and closes the browser on close',
    async () => {
      const { open, launches } = countingOpener();
      const printer = sharedPdfPrinter({ open });
      try {
        await printer.warm();
        const first = launches[0] as number;
        process.kill(first, 'SIGKILL');
        await expect.poll(() => printer.isConnected(), { timeout: 10_000 }).toBe(false);
        expect(pdfText(await printer.print(page('再起動後')), 'after-kill.pdf')).toContain('再起動後');
        expect(launches).toHaveLength(2);
        expect(launches[1]).not.toBe(first);
      } finally {
        await printer.close();
      }
      expect(printer.isConnected()).toBe(false);
      await expect.poll(() => alive(launches[1] as number), { timeout: 10_000 }).toBe(false);
      expect(chromiumChildren()).toEqual([]);
    },
    TIMEOUT,
  );
});
