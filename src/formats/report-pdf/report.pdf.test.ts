/**
 * The PDF report, printed by Debian's Chromium and read back with poppler-utils: one page per
 * sheet of the layout, no page with an empty body, every policy title in the text, no sheet whose
 * content overflows it (also for long lists that continue over pages), Japanese set in a Japanese
 * font.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { paginateReport, renderReportHtml } from '../report-html/index.ts';
import { METRICS } from '../report-html/paginate.ts';
import {
  demoReportModelWithKpis,
  largeReportModel,
  seedReportModel,
  stressReportModel,
} from '../report-html/test-support.ts';
import { CHROMIUM_PATH, openPdfPrinter, type PdfPrinter, renderReportPdf } from './index.ts';

const TIMEOUT = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'hoshin-pdf-'));

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

const DPI = 30;
const px = (mm: number) => Math.round((mm * DPI) / 25.4);

/**
 * The body of a sheet, without the running head and the page foot (1 mm inside, so that the head's
 * rule does not count), in pixels at {@link DPI}: a page whose body is empty has no ink here.
 */
const m = METRICS;
const BODY_AREA = {
  x: px(m.padX + 1),
  y: px(m.padTop + m.headHeight + m.headGap + 1),
  w: px(m.pageWidth - 2 * m.padX - 2),
  h: px(m.pageHeight - m.padTop - m.headHeight - m.headGap - m.padBottom - m.footHeight - 2),
};

/**
 * Share of dark pixels of every page, or of every page's body, from `pdftoppm -gray` (binary PGM,
 * trivially parsed).
 */
function inkPerPage(file: string, prefix: string, area: 'page' | 'body' = 'body'): number[] {
  const crop =
    area === 'body'
      ? ['-x', BODY_AREA.x, '-y', BODY_AREA.y, '-W', BODY_AREA.w, '-H', BODY_AREA.h].map(String)
      : [];
  const name = `${prefix}-${area}`;
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), ...crop, file, join(dir, name)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const data = readFileSync(join(dir, f));
      // P5\n<width> <height>\n<max>\n<pixels>
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
      if (!header) throw new Error(`not a PGM: ${f}`);
      const pixels = data.subarray(header[0].length);
      expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
      let dark = 0;
      for (const value of pixels) if (value < 200) dark++;
      return dark / pixels.length;
    });
}

/** The least ink a page's body has when something is printed on it. */
const INK = 0.002;

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('PDF report of the demo year with illustrative KPIs', () => {
  let model: ReportModel;
  let file: string;
  let printer: PdfPrinter;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
    printer = await openPdfPrinter();
    file = join(dir, 'kpis.pdf');
    writeFileSync(file, await renderReportPdf(model, { printer }));
  }, TIMEOUT);
  afterAll(async () => {
    await printer?.close();
  });

  it('has one page per sheet: cover, KPI sets, legend, 15 policies and their continuations, annex', () => {
    const pages = paginateReport(model);
    const policies = pages.filter((p) => p.kind === 'policy');
    expect(policies.filter((p) => p.part === 0)).toHaveLength(15);
    const continuations = policies.length - 15;
    const annex = pages.filter((p) => p.kind === 'annex').length;
    expect(annex).toBeGreaterThan(0);
    expect(pageCount(file)).toBe(1 + model.kpiSection.sets.length + 1 + 15 + continuations + annex);
    expect(pageCount(file)).toBe(pages.length);
  });

  it('prints no page with an empty body', () => {
    const ink = inkPerPage(file, 'kpis');
    expect(ink).toHaveLength(pageCount(file));
    ink.forEach((share, i) => {
      expect(share, `page ${i + 1}`).toBeGreaterThan(INK);
    });
  });

  it('counts a page whose body is empty as blank, though its head and foot are printed', async () => {
    const pages = paginateReport(model);
    const target = (pages.find((p) => p.kind === 'policy' && p.part > 0) ?? pages[3])?.number ?? 4;
    const html = renderReportHtml(model).replace(
      '</head>',
      `<style>#page-${target} .page-body { visibility: hidden; }</style></head>`,
    );
    const emptied = join(dir, 'emptied.pdf');
    writeFileSync(emptied, await printer.print(html));
    const whole = inkPerPage(emptied, 'emptied', 'page');
    const body = inkPerPage(emptied, 'emptied', 'body');
    // The head and foot alone pass a check of the whole page, so the check looks at the body.
    expect(whole[target - 1]).toBeGreaterThan(INK);
    expect(body[target - 1]).toBeLessThanOrEqual(INK);
    expect(body.filter((share) => share <= INK)).toHaveLength(1);
  });

  it('is A4 landscape', () => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
    // 297 × 210 mm = 841.9 × 595.3 pt; Chromium rounds A4 to whole hundredths of an inch.
    expect(Math.abs(Number(w) - 841.9)).toBeLessThan(2);
    expect(Math.abs(Number(h) - 595.3)).toBeLessThan(2);
  });

  it('contains the text of every policy title, the cover and the KPI headings', () => {
    const text = squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    for (const policy of model.policies)
      expect(text).toContain(squeeze(`${policy.policyLabel}${policy.policyTitle}`));
    expect(text).toContain(squeeze(model.cover.title));
    expect(text).toContain(squeeze(model.cover.subtitle));
    expect(text).toContain(squeeze(model.kpiSection.heading));
    expect(text).toContain('架空のデモ値');
  });
});

describe('PDF report of the seed year without KPIs', () => {
  it(
    'has the cover, the KPI pages, the legend and the 15 policy pages, none blank',
    async () => {
      const model = await seedReportModel();
      const file = join(dir, 'seed.pdf');
      writeFileSync(file, await renderReportPdf(model));
      expect(pageCount(file)).toBe(1 + model.kpiSection.sets.length + 1 + 15);
      for (const share of inkPerPage(file, 'seed')) expect(share).toBeGreaterThan(INK);
    },
    TIMEOUT,
  );
});

describe('PDF report of long lists (the stress model)', () => {
  it(
    'has exactly the pages of the layout, every one A4 with something in its body',
    async () => {
      const model = stressReportModel();
      const file = join(dir, 'stress.pdf');
      writeFileSync(file, await renderReportPdf(model));
      const pages = paginateReport(model);
      // A sheet whose content did not fit would grow onto an extra printed page.
      expect(pageCount(file)).toBe(pages.length);
      expect(pages.filter((p) => p.kind === 'policy' && p.part > 0).length).toBeGreaterThan(40);
      inkPerPage(file, 'stress').forEach((share, i) => {
        expect(share, `page ${i + 1}`).toBeGreaterThan(INK);
      });
      const text = squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      for (const page of pages) {
        if (page.kind !== 'policy') continue;
        const { policyLabel, policyTitle } = page.policy;
        expect(text).toContain(squeeze(`${policyLabel}${policyTitle}${page.part > 0 ? '（続き）' : ''}`));
      }
    },
    TIMEOUT,
  );
});

describe('HTML report in Chromium (print media)', () => {
  let browser: Browser;
  let model: ReportModel;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the test KPIs', () => demoReportModelWithKpis()],
    ['the demo data as loaded', () => demoReportModel()],
    ['the large model (30 long results on a policy)', async () => largeReportModel()],
    ['the stress model (lists and measures longer than a page)', async () => stressReportModel()],
  ])(
    'fits the content of every sheet on it (the pagination estimates hold) for %s',
    async (_, load) => {
      const page = await browser.newPage();
      await page.emulateMedia({ media: 'print' });
      const html = renderReportHtml(await load());
      await page.setContent(html, { waitUntil: 'load' });
      const a4 = (METRICS.pageHeight * 96) / 25.4; // CSS px
      const sheets = await page.$$eval('.page', (all) =>
        all.map((sheet) => {
          const body = sheet.querySelector('.page-body') as HTMLElement;
          return {
            page: sheet.getAttribute('data-page'),
            height: sheet.getBoundingClientRect().height,
            over: body.scrollHeight - body.clientHeight,
          };
        }),
      );
      expect(sheets.length).toBe(html.split('<section class="page ').length - 1);
      // Every sheet exactly A4 (none grown by its content), and no body overflowing its sheet.
      expect(sheets.filter((s) => s.over > 1 || Math.abs(s.height - a4) > 1)).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'sets the Japanese text in a Japanese font',
    async () => {
      const page = await browser.newPage();
      await page.setContent(renderReportHtml(model), { waitUntil: 'load' });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const fontsOf = async (selector: string) => {
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        return fonts.map((f) => f.familyName);
      };
      for (const selector of ['.cover-title', '.policy-title', '.items li', '.summary-table th']) {
        const families = await fontsOf(selector);
        expect(families.length, selector).toBeGreaterThan(0);
        for (const family of families)
          expect(family, selector).toMatch(/CJK JP|Noto Sans JP|Hiragino|Yu Gothic|Meiryo/);
      }
      await page.close();
    },
    TIMEOUT,
  );
});
