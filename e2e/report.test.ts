import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseProgressReport } from '../src/formats/seed-markdown/index.ts';
import { contentLines } from '../src/formats/seed-markdown/round-trip.ts';
import { repoRoot, severeViolations, useAppPage } from './harness.ts';

const TIMEOUT = 90_000;
const seedPath = join(repoRoot, 'fixtures/demo/mine-city-progress-report-fy2023.md');
const fileName = '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績';

describe('報告書を作成 screen', () => {
  const app = useAppPage(
    'hoshin-e2e-report-',
    { viewport: { width: 1400, height: 1000 }, acceptDownloads: true },
    TIMEOUT,
  );
  const { requests, consoleErrors } = app;
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  test(
    'opens from the header and keeps the screen in the address',
    async () => {
      const nav = page.getByRole('navigation', { name: '画面' });
      await nav.getByRole('button', { name: '報告書を作成' }).click();
      await page.getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      expect(await nav.getByRole('button', { name: '報告書を作成' }).getAttribute('aria-current')).toBe(
        'page',
      );
      await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('report');
      const year = page.getByLabel('報告書の年度（実績）');
      expect(await year.locator('option:checked').textContent()).toBe('令和5年度実績');
    },
    TIMEOUT,
  );

  test(
    'previews the HTML report: cover, KPI section, legend and the policy pages',
    async () => {
      const frame = page.frameLocator('iframe[title="報告書のプレビュー（令和5年度実績）"]');
      await frame.locator('.cover-title').waitFor({ timeout: 30_000 });
      expect((await frame.locator('.cover-title').textContent())?.replace(/\s/g, '')).toBe(
        '第二次美祢市総合計画前期計画の進捗状況について',
      );
      expect(await frame.locator('.cover-subtitle').textContent()).toBe('令和6年度（令和5年度実績）');
      // One page per 基本方針, plus continuation pages when a KPI table is long.
      expect(await frame.locator('.page-policy .policy-title:not(:has(.continued))').count()).toBe(15);
      expect(await frame.locator('h2.section-title').first().textContent()).toBe(
        '基本計画と総合戦略の指標（KPI）の達成状況',
      );
      expect(await frame.locator('.page-legend').textContent()).toContain('次ページからの記載事項');
      await page.screenshot({ path: join(tmpdir(), 'hoshin-report-screen.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'downloads the Markdown report: the seed’s text plus the KPI tables, importable again',
    async () => {
      await page.getByRole('radio', { name: 'Markdown（取り込み用）' }).check();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'ダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${fileName}.md`);
      const markdown = await readFile(await download.path(), 'utf8');
      const seed = await readFile(seedPath, 'utf8');
      // The demo's KPIs add tables and chart placeholders, which the importer skips.
      const added = (line: string) => line.startsWith('|') || line.startsWith('［グラフ］');
      expect(contentLines(markdown).filter((line) => !added(line))).toEqual(contentLines(seed));
      expect(parseProgressReport(markdown)).toEqual(parseProgressReport(seed));
      if (markdown.includes('\n| 区分 |')) expect(markdown).toContain('架空のデモ値');
      await page.getByText(`${fileName}.md をダウンロードしました。`).waitFor();
    },
    TIMEOUT,
  );

  test(
    'downloads the HTML report as one self-contained file',
    async () => {
      await page.getByRole('radio', { name: 'HTML（ブラウザで表示・印刷）' }).check();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'ダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${fileName}.html`);
      const html = await readFile(await download.path(), 'utf8');
      expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
      expect(html).not.toMatch(/https?:\/\//);
      const sheets = html.split('<section class="page ').length - 1;
      expect(sheets).toBeGreaterThanOrEqual(1 + 2 + 1 + 15);
      expect(html).toContain(`>${sheets} / ${sheets}</span>`);
    },
    TIMEOUT,
  );

  test(
    'downloads the Excel workbook: a real xlsx with the KPI sheets and every policy’s results',
    async () => {
      await page.getByRole('radio', { name: 'Excel' }).check();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'ダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${fileName}.xlsx`);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual([
        '達成状況',
        '基本計画',
        '総合戦略',
        '取組内容',
      ]);
      // 取組内容: one row per result and direction, under the plan's level names.
      const activities = workbook.getWorksheet('取組内容');
      const rows = (activities?.getSheetValues() ?? []).flatMap((row) =>
        Array.isArray(row) ? [row.slice(1).map((v) => String(v ?? ''))] : [],
      );
      expect(rows[0]).toEqual(['基本目標', '基本方針', '区分', '順', '内容']);
      const seed = parseProgressReport(await readFile(seedPath, 'utf8'));
      const policies = seed.nodes.flatMap((goal) => goal.children);
      expect(policies).toHaveLength(15);
      for (const policy of policies) {
        const own = rows.filter((r) => r[1]?.endsWith(policy.title)).map((r) => r[4]);
        expect(own, policy.title).toEqual([
          ...(policy.progress?.results ?? []),
          ...(policy.progress?.directions ?? []),
        ]);
      }
      // The KPI sheets hold the demo's KPIs, each with its grade.
      const plan = workbook.getWorksheet('基本計画');
      expect(plan?.getRow(1).getCell(1).value).toBe('基本目標');
      expect(plan?.rowCount).toBeGreaterThan(10);
      await page.getByText(`${fileName}.xlsx をダウンロードしました。`).waitFor();
    },
    TIMEOUT,
  );

  test(
    'downloads all formats in one zip, each under the report’s Japanese file name',
    async () => {
      await page.getByRole('radio', { name: 'すべての形式（ZIP）' }).check();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: 'ダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${fileName}.zip`);
      const zip = await JSZip.loadAsync(await readFile(await download.path()));
      const extensions = ['html', 'pdf', 'pptx', 'xlsx', 'docx', 'md'];
      expect(Object.keys(zip.files).sort()).toEqual(extensions.map((e) => `${fileName}.${e}`).sort());
      const pdf = await zip.file(`${fileName}.pdf`)?.async('uint8array');
      expect(new TextDecoder().decode(pdf?.subarray(0, 5))).toBe('%PDF-');
      const markdown = (await zip.file(`${fileName}.md`)?.async('string')) ?? '';
      expect(parseProgressReport(markdown)).toEqual(parseProgressReport(await readFile(seedPath, 'utf8')));
      await page.getByText(`${fileName}.zip をダウンロードしました。`).waitFor();
    },
    TIMEOUT,
  );

  test(
    'has no serious or critical accessibility violations (axe-core)',
    async () => {
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:srcdoc') return false;
      return new URL(url).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
