/**
 * The public portal in real Chromium, as a city must publish it (JIS X 8341-3:2016 AA, みんなの公共
 * サイト運用ガイドライン): every public page type — found from ROUTE_ACCESS ('published' routes that
 * answer HTML), so a page added later is tested too — has 0 axe-core violations of the WCAG 2.0 and
 * 2.1 A/AA rules, renders its main content with JavaScript disabled, lets the keyboard reach every
 * link with Tab, and does not scroll sideways at 375 px nor at 200% zoom.
 *
 * 200% zoom: a browser zoomed to 200% lays a page out in half as many CSS pixels, so a 1280 px wide
 * window at 200% is a 640 CSS px viewport; that is what is tested (the same CSS, media queries
 * included). Device scale factor would not do: it sharpens pixels without changing the layout.
 *
 * The axe results are written to src/features/portal/pages/accessibility-results.json, which the
 * portal's 試験結果 page shows (stable order: a rerun changes only checkedAt and what changed).
 * Last, the staff screen 公開 withdraws the year and publishes it again, with reasons.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROUTE_ACCESS } from '../src/http/access.ts';
import {
  axePath,
  launchChromium,
  type RunningApp,
  repoRoot,
  severeViolations,
  signInByApi,
  startApp,
} from './harness.ts';

const TIMEOUT = 180_000;
const CODE = '352136';
const YEAR = 2023;
const SEARCH_QUERY = '観光';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STANDARD = 'JIS X 8341-3:2016 / WCAG 2.1 AA（自動試験）';
const RESULTS_FILE = join(repoRoot, 'src/features/portal/pages/accessibility-results.json');
const VIEWPORT = { width: 1280, height: 900 };
/** 375 px: a phone; 640 px: a 1280 px window at 200% zoom (see the header). */
const NARROW_WIDTHS = [
  { width: 375, label: '375 px' },
  { width: 640, label: '200% zoom (640 CSS px)' },
];

/** The page types in the order the results list them; routes not named here follow, sorted. */
const PAGE_TYPES: Array<{ route: string; type: string }> = [
  { route: '/public/:code/', type: 'トップページ' },
  { route: '/public/:code/:fiscalYear/', type: '年度の概要' },
  { route: '/public/:code/:fiscalYear/policies/:policy', type: '基本方針' },
  { route: '/public/:code/:fiscalYear/kpis/:kpiId', type: '指標' },
  { route: '/public/:code/:fiscalYear/search', type: '検索結果' },
  { route: '/public/:code/:fiscalYear/history', type: '更新履歴' },
  { route: '/public/:code/accessibility', type: 'ウェブアクセシビリティ方針' },
  { route: '/public/:code/accessibility/results', type: 'アクセシビリティ試験結果' },
  { route: '/public/:code/data/', type: 'オープンデータ' },
];

interface PortalPage {
  route: string;
  type: string;
  /** Path and query, as a visitor types it. */
  path: string;
}

interface AxeRule {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  tags: string[];
  nodes: Array<{ target: unknown[]; failureSummary?: string; html: string }>;
}

interface AxeResults {
  violations: AxeRule[];
  passes: AxeRule[];
  incomplete: AxeRule[];
  testEngine: { name: string; version: string };
}

/**
 * The WCAG success criteria an axe rule checks, from its tags.
 * @example criteriaOf(['cat.color', 'wcag2aa', 'wcag143']) // ['1.4.3']
 */
function criteriaOf(tags: string[]): string[] {
  return tags
    .map((tag) => /^wcag(\d)(\d)(\d+)$/.exec(tag))
    .filter((m) => m !== null)
    .map((m) => `${m[1]}.${m[2]}.${m[3]}`);
}

/** The type of a page: its label, or for an embed and any page not listed, a name from its route. */
function typeOf(route: string): string {
  const known = PAGE_TYPES.find((p) => p.route === route);
  if (known) return known.type;
  if (route.includes('/embed')) return '埋め込み用グラフ';
  return route;
}

const rank = (route: string) => {
  const index = PAGE_TYPES.findIndex((p) => p.route === route);
  return index === -1 ? PAGE_TYPES.length : index;
};

/**
 * JSON as the repository's formatter (Biome) lays it out: objects one key a line, arrays of plain
 * values on one line; so the written file passes `biome check` and a rerun's diff stays small.
 */
function formattedJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    }
    return `[\n${value.map((v) => `${inner}${formattedJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formattedJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

async function axeOf(page: Page): Promise<AxeResults> {
  // Through the DevTools protocol: the portal's CSP (script-src 'self') rightly blocks an inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags } },
      ),
    TAGS,
  );
}

describe('the public portal in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let pages: PortalPage[] = [];

  beforeAll(async () => {
    app = await startApp('hoshin-portal-', { publishDemo: true });
    browser = await launchChromium();
    // A 基本方針 and a KPI of the published year, as its overview links them.
    const overview = await (await fetch(`${app.url}/public/${CODE}/${YEAR}/`)).text();
    const policy = /\/policies\/([^"'?#/\s]+)/.exec(overview)?.[1];
    const kpiId = /\/kpis\/(\d+)/.exec(overview)?.[1];
    if (!policy || !kpiId)
      throw new Error(`the year overview links no policy or KPI:\n${overview.slice(0, 2000)}`);
    const found: PortalPage[] = [];
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      const [method, route = ''] = key.split(' ');
      if (access !== 'published' || method !== 'GET') continue;
      const filled = route
        .replace(':code', CODE)
        .replace(':fiscalYear', String(YEAR))
        .replace(':policy', policy)
        .replace(':kpiId', kpiId);
      if (filled.includes('/:')) throw new Error(`${key}: a param this test cannot fill`);
      const path = route.endsWith('/search') ? `${filled}?q=${encodeURIComponent(SEARCH_QUERY)}` : filled;
      const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      // Pages only: redirects and data files (CSV, JSON, SVG) are not pages.
      if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      found.push({ route, type: typeOf(route), path });
    }
    pages = found.sort((a, b) => rank(a.route) - rank(b.route) || a.route.localeCompare(b.route));
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, TIMEOUT);

  test('finds every page type of the portal', () => {
    const types = pages.map((p) => p.type);
    for (const { type } of PAGE_TYPES) expect(types).toContain(type);
    expect(types).toContain('埋め込み用グラフ');
  });

  test(
    'axe-core (WCAG 2.0/2.1 A and AA) finds 0 violations on every page type; the results are written',
    async () => {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
      const page = await context.newPage();
      const failures: string[] = [];
      const notes: string[] = [];
      const recorded = [];
      let version = '';
      for (const p of pages) {
        const res = await page.goto(`${app.url}${p.path}`);
        expect(res?.status(), p.path).toBe(200);
        const results = await axeOf(page);
        version = results.testEngine.version;
        for (const v of results.violations) {
          for (const node of v.nodes) {
            failures.push(
              `${p.path} [${v.id}, ${v.impact}] ${v.help} — ${JSON.stringify(node.target)}: ${node.failureSummary ?? ''} ${node.html.slice(0, 200)}`,
            );
          }
        }
        for (const r of results.incomplete) {
          // 要確認: axe could not decide (e.g. text over a gradient or an SVG); a person checks these.
          notes.push(
            `${p.path} [${r.id}] ${r.help} — ${r.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
          );
        }
        const checks = [
          ...results.violations.map((r) => ({
            id: r.id,
            result: 'fail' as const,
            criteria: criteriaOf(r.tags),
          })),
          ...results.passes.map((r) => ({ id: r.id, result: 'pass' as const, criteria: criteriaOf(r.tags) })),
          ...results.incomplete.map((r) => ({
            id: r.id,
            result: 'incomplete' as const,
            criteria: criteriaOf(r.tags),
          })),
        ].sort((a, b) => a.id.localeCompare(b.id));
        recorded.push({
          path: decodeURIComponent(p.path),
          type: p.type,
          violations: results.violations.length,
          passes: results.passes.length,
          incomplete: results.incomplete.length,
          checks,
        });
      }
      await context.close();
      const document = {
        checkedAt: new Date().toISOString(),
        tool: `axe-core ${version}`,
        standard: STANDARD,
        tags: TAGS,
        pages: recorded,
      };
      await writeFile(RESULTS_FILE, `${formattedJson(document)}\n`);
      if (notes.length > 0) console.info(`axe-core 要確認 (incomplete):\n${notes.join('\n')}`);
      if (failures.length > 0) console.error(`axe-core violations:\n${failures.join('\n')}`);
      expect(failures).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'renders the main content of every page type with JavaScript disabled',
    async () => {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        locale: 'ja-JP',
        javaScriptEnabled: false,
      });
      const page = await context.newPage();
      for (const p of pages) {
        const res = await page.goto(`${app.url}${p.path}`);
        expect(res?.status(), p.path).toBe(200);
        expect(await page.locator('html').getAttribute('lang'), p.path).toBe('ja');
        const main = page.locator('main');
        const embed = p.type === '埋め込み用グラフ';
        if (!embed) {
          expect(await main.count(), `${p.path}: one <main>`).toBe(1);
          expect(
            ((await main.locator('h1').first().textContent()) ?? '').trim(),
            `${p.path}: its heading`,
          ).not.toBe('');
        }
        const content = embed && (await main.count()) === 0 ? page.locator('body') : main;
        expect(((await content.textContent()) ?? '').trim().length, `${p.path}: its text`).toBeGreaterThan(
          20,
        );
        if (p.type === '指標' || embed) {
          // The chart is inline SVG (no script draws it), with a name.
          expect(await page.locator('svg[role="img"]').count(), `${p.path}: the chart`).toBeGreaterThan(0);
        }
        if (p.type === '指標') {
          expect(
            await page.locator('main table').count(),
            `${p.path}: the chart's data as a table`,
          ).toBeGreaterThan(0);
        }
        if (p.type === '検索結果') {
          expect(await main.textContent(), p.path).toContain(SEARCH_QUERY);
          expect(
            await main.locator('a[href*="/kpis/"], a[href*="/policies/"]').count(),
            p.path,
          ).toBeGreaterThan(0);
        }
      }
      await context.close();
    },
    TIMEOUT,
  );

  test(
    'reaches every link of every page type with Tab, each with a visible focus',
    async () => {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
      const page = await context.newPage();
      const missed: string[] = [];
      /** Focused with no visible indicator (WCAG 2.4.7). */
      const unseen: string[] = [];
      for (const p of pages) {
        await page.goto(`${app.url}${p.path}`);
        const links = await page.evaluate(() => {
          const all = [...document.querySelectorAll('a[href]')];
          all.forEach((a, i) => {
            a.setAttribute('data-tab-probe', String(i));
          });
          return all.map((a) => a.getAttribute('href') ?? '');
        });
        const reached = new Set<number>();
        let first: string | null = null;
        // Tab until the focus comes back to where it started (the page's focus order is a cycle).
        for (let presses = 0; presses < links.length * 2 + 40; presses++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            // A focus indicator: an outline (or a ring drawn as a box shadow) while focused.
            const style = getComputedStyle(el);
            const visible =
              (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
              style.boxShadow !== 'none';
            return {
              key: `${el.tagName}:${el.getAttribute('data-tab-probe') ?? ''}:${el.id}`,
              probe: el.getAttribute('data-tab-probe'),
              href: el.getAttribute('href'),
              visible,
            };
          });
          if (focused === null) continue;
          if (first === null) first = focused.key;
          else if (focused.key === first) break;
          if (focused.probe !== null) reached.add(Number(focused.probe));
          if (!focused.visible) unseen.push(`${p.path}: ${focused.key} ${focused.href ?? ''}`);
        }
        // Every page links at least home (the breadcrumbs or the site name).
        if (links.length === 0) missed.push(`${p.path}: no link at all`);
        links.forEach((href, i) => {
          if (!reached.has(i)) missed.push(`${p.path}: ${href}`);
        });
      }
      await context.close();
      expect(missed).toEqual([]);
      expect(unseen).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'scrolls no page type sideways at 375 px nor at 200% zoom',
    async () => {
      const wide: string[] = [];
      for (const { width, label } of NARROW_WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'ja-JP' });
        const page = await context.newPage();
        for (const p of pages) {
          await page.goto(`${app.url}${p.path}`);
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          if (scrollWidth > clientWidth) wide.push(`${label} ${p.path}: ${scrollWidth} > ${clientWidth}`);
        }
        await context.close();
      }
      expect(wide).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'the staff screen 公開 shows the published year, withdraws it and publishes it again with reasons; a viewer only reads it',
    async () => {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
      const page = await context.newPage();
      await signInByApi(page, app.url, 'kikaku');
      await page.goto(`${app.url}/?view=publication`);
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: '公開' }).waitFor();
      const year = main.getByRole('region', { name: '令和5年度', exact: true });
      await year.getByText('公開中（第1版）').waitFor();
      expect(await year.getByRole('link', { name: /令和5年度の公開ページを開く/ }).getAttribute('href')).toBe(
        `/public/${CODE}/${YEAR}/`,
      );
      expect(await severeViolations(page)).toEqual([]);

      // A correction when nothing changed: the server's refusal is read out (role=alert).
      const correction = year.getByRole('form', { name: '訂正を公開する' });
      await correction.getByLabel('訂正の理由（更新履歴に載ります）').fill('誤字の訂正（e2e）');
      await correction.getByRole('button', { name: '訂正を公開する' }).click();
      expect(await year.getByRole('alert').textContent()).toContain(
        '前回の公開（第1版）から変更はありません',
      );

      // Withdrawing needs a reason: an empty one is refused on the form, with the focus on it.
      const withdraw = year.getByRole('form', { name: '公開を取り下げる' });
      await withdraw.getByRole('button', { name: '公開を取り下げる' }).click();
      await withdraw.getByText('取り下げる理由を入力してください').waitFor();
      const reason = withdraw.getByLabel('取り下げる理由（更新履歴に載ります）');
      expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
      await reason.fill('数値の確認のため一時的に取り下げます（e2e）');
      await withdraw.getByRole('button', { name: '公開を取り下げる' }).click();
      await year.getByText('令和5年度の公開を取り下げました。').waitFor();
      await year.getByText('未公開（取り下げ済み）').waitFor();
      expect((await fetch(`${app.url}/public/${CODE}/${YEAR}/`)).status).toBe(404);

      // Published again: a reason is required, as for a correction.
      const again = year.getByRole('form', { name: 'もう一度公開する' });
      await again
        .getByLabel('公開する理由（更新履歴に載ります）')
        .fill('確認が済んだため再公開します（e2e）');
      await again.getByRole('button', { name: '公開する' }).click();
      await year.getByText('令和5年度を公開しました（第3版）。').waitFor();
      await year.getByText('公開中（第3版）').waitFor();
      const history = year.getByRole('region', { name: '更新履歴（令和5年度）' });
      const entries = await history.locator('ol > li').allTextContents();
      expect(entries[0]).toContain('第3版を公開');
      expect(entries[0]).toContain('確認が済んだため再公開します（e2e）');
      expect(entries[1]).toContain('公開を取り下げ');
      expect(entries[1]).toContain('数値の確認のため一時的に取り下げます（e2e）');
      expect((await fetch(`${app.url}/public/${CODE}/${YEAR}/`)).status).toBe(200);
      const publicHistory = await (await fetch(`${app.url}/public/${CODE}/${YEAR}/history`)).text();
      expect(publicHistory).toContain('確認が済んだため再公開します（e2e）');
      expect(await severeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(tmpdir(), 'hoshin-publication.png'), fullPage: true });
      // On a phone the screen (the header's one more entry included) does not scroll sideways.
      await page.setViewportSize({ width: 375, height: 800 });
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
      await context.close();

      // Anyone signed in reads the state and the 更新履歴; only the planning division has the forms.
      const viewerContext = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
      const viewer = await viewerContext.newPage();
      await signInByApi(viewer, app.url, 'etsuran');
      await viewer.goto(`${app.url}/?view=publication`);
      const viewerYear = viewer.getByRole('main').getByRole('region', { name: '令和5年度', exact: true });
      await viewerYear.getByText('公開中（第3版）').waitFor();
      expect(await viewerYear.locator('ol > li').count()).toBe(3);
      expect(await viewerYear.getByRole('form').count()).toBe(0);
      expect(await viewerYear.getByRole('button').count()).toBe(0);
      expect(await severeViolations(viewer)).toEqual([]);
      await viewerContext.close();
    },
    TIMEOUT,
  );
});
