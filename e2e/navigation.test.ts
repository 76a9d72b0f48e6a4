/**
 * Screens that behave like web pages: every view has its own address, Back and Forward move between
 * views inside the app, a 375 px wide phone never scrolls sideways, and a year with only KPI actuals
 * can be chosen.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiSession, severeViolations, signInByApi, useAppPage } from './harness.ts';

const TIMEOUT = 90_000;
const GOAL = '基本目標 1 「魅力の創出・交流」の拡大';
const POLICY = '基本方針1 観光の振興と魅力の創出';

const shot = (name: string) => join(tmpdir(), `hoshin-nav-${name}.png`);

/** How far the page scrolls sideways beyond the window (0 = not at all), and what sticks out. */
async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .filter((element) => !element.closest('.table-scroll'))
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

async function expectNoSidewaysScroll(page: Page, name: string) {
  await page.screenshot({ path: shot(name), fullPage: true });
  const { scrollWidth, wide } = await sidewaysOverflow(page);
  expect({ name, scrollWidth, wide }).toEqual({ name, scrollWidth: 375, wide: [] });
}

describe('views with their own address', () => {
  const app = useAppPage('hoshin-e2e-nav-', {}, TIMEOUT);
  const { consoleErrors } = app;
  let page: Page;
  const failed: string[] = [];
  beforeAll(() => {
    page = app.page;
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400) failed.push(`${response.status()} ${url.pathname}${url.search}`);
    });
  });

  const main = () => page.getByRole('main');
  const tree = () => page.getByRole('tree', { name: '施策体系' });
  const search = () => new URL(page.url()).search;

  test(
    'Back and Forward step through nodes, a KPI and the report screen, and never leave the app',
    async () => {
      await tree().waitFor();
      // The start address spells out what is shown (plan and latest year), in place.
      await expect.poll(search).toMatch(/^\?plan=\d+&year=2023$/);
      const start = search();
      const historyAtStart = await page.evaluate(() => history.length);

      await tree().getByRole('treeitem', { name: GOAL }).click();
      await main().getByRole('heading', { level: 2, name: GOAL }).waitFor();
      const atGoal = search();
      expect(atGoal).toMatch(/[?&]node=\d+/);

      await tree().getByRole('treeitem', { name: POLICY, exact: true }).click();
      await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
      const atPolicy = search();
      expect(atPolicy).not.toBe(atGoal);

      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: '外国人観光客数' }).click();
      await section
        .getByRole('heading', { name: /外国人観光客数/ })
        .first()
        .waitFor();
      await expect.poll(search).toMatch(/[?&]kpi=\d+/);
      const atKpi = search();

      await page
        .getByRole('navigation', { name: '画面' })
        .getByRole('button', { name: '報告書を作成' })
        .click();
      await main().getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      await expect.poll(search).toMatch(/[?&]view=report/);
      // One entry per view: four views after the start.
      expect(await page.evaluate(() => history.length)).toBe(historyAtStart + 4);

      // A KPI's address opened in a new tab shows the same KPI.
      const other = await page.context().browser()?.newContext({ locale: 'ja-JP' });
      if (!other) throw new Error('no browser');
      const tab = await other.newPage();
      await signInByApi(tab, app.url, 'kikaku');
      await tab.goto(`${app.url}/${atKpi}`);
      await tab
        .getByRole('main')
        .getByRole('heading', { name: /外国人観光客数/ })
        .first()
        .waitFor();
      await other.close();

      await page.goBack();
      await expect.poll(search).toBe(atKpi);
      await section
        .getByRole('heading', { name: /外国人観光客数/ })
        .first()
        .waitFor();
      await page.goBack();
      await expect.poll(search).toBe(atPolicy);
      await section.getByRole('table', { name: /^基本計画の指標/ }).waitFor();
      expect(await main().getByRole('heading', { level: 2 }).first().textContent()).toBe(POLICY);
      await page.goBack();
      await expect.poll(search).toBe(atGoal);
      await main().getByRole('heading', { level: 2, name: GOAL }).waitFor();
      expect(await tree().getByRole('treeitem', { name: GOAL }).getAttribute('aria-selected')).toBe('true');
      await page.goBack();
      await expect.poll(search).toBe(start);
      await main().getByRole('heading', { level: 2, name: '進捗状況' }).waitFor();
      expect(new URL(page.url()).origin).toBe(app.url);

      await page.goForward();
      await expect.poll(search).toBe(atGoal);
      await page.goForward();
      await expect.poll(search).toBe(atPolicy);
      await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
      await page.goForward();
      await page.goForward();
      await expect.poll(search).toMatch(/[?&]view=report/);
      await main().getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a policy shows the 総合戦略 KPIs the report prints for it, with their grades',
    async () => {
      await page.goto(`${app.url}/`);
      await tree().getByRole('treeitem', { name: GOAL }).click();
      await tree().getByRole('treeitem', { name: POLICY, exact: true }).click();
      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      const strategy = section.getByRole('region', { name: '総合戦略 KPI' });
      const table = strategy.getByRole('table', { name: /^総合戦略 KPI：総合戦略の指標（\d+件）$/ });
      await table.waitFor();
      const row = table.getByRole('row', { name: /観光消費額/ });
      expect(await row.locator('.grade-badge').textContent()).toMatch(/^\S+ \S+/);
      // Its 総合評価 sits beside the plan's own.
      const rollUps = section.locator('[data-rollup-set]');
      expect(
        await rollUps.evaluateAll((items) => items.map((i) => i.getAttribute('data-rollup-set'))),
      ).toEqual(['基本計画', '総合戦略']);
      await row.getByRole('button', { name: '観光消費額' }).click();
      await section
        .getByRole('heading', { name: /観光消費額/ })
        .first()
        .waitFor();
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a year with only KPI actuals can be chosen',
    async () => {
      const api = await apiSession(app.url, 'kikaku');
      // 令和7年度: no progress record, no report — only this actual.
      const nodes = await (await api.fetch('/api/plans/1/tree')).json();
      const policy = nodes.nodes[0].children[0];
      const kpis = await (await api.fetch(`/api/nodes/${policy.id}/kpis?year=2023`)).json();
      const kpi = kpis.kpis.find((k: { name: string }) => k.name === '外国人観光客数');
      const saved = await api.fetch(`/api/kpis/${kpi.id}/actuals/2025`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 12000, status: 'final', version: 0 }),
      });
      expect(saved.status).toBe(200);

      await page.goto(`${app.url}/?plan=1&node=${policy.id}`);
      const year = page.getByRole('banner').getByLabel('年度', { exact: true });
      await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
      const options = await year.locator('option').allTextContents();
      expect(options).toContain('令和7年度');
      expect(options).toEqual([...options].sort());
      // Chosen as a user does (selectOption is no user activation, and Chromium's Back skips an
      // entry pushed without one); 令和7年度 follows 令和5年度.
      await year.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(search).toMatch(/[?&]year=2025/);
      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('heading', { name: /令和7年度/ }).waitFor();
      const row = section
        .getByRole('table', { name: /^基本計画の指標/ })
        .getByRole('row', { name: /外国人観光客数/ });
      expect(await row.textContent()).toContain('12,000人');
      await page.goBack();
      await expect.poll(search).toMatch(/[?&]year=2023/);
      expect(await year.locator('option:checked').textContent()).toBe('令和5年度');
      await section.getByRole('heading', { name: /令和5年度/ }).waitFor();
      expect(await main().getByRole('heading', { level: 2 }).first().textContent()).toBe(POLICY);
    },
    TIMEOUT,
  );

  test(
    'at 375 px wide no screen scrolls sideways',
    async () => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${app.url}/`);
      await tree().waitFor();
      await expectNoSidewaysScroll(page, 'start');
      // The tree stacks above the content here: no hint may send the reader 「左の」.
      expect(await page.locator('body').textContent()).not.toContain('左の');
      await tree().getByRole('treeitem', { name: GOAL }).click();
      await tree().getByRole('treeitem', { name: POLICY, exact: true }).click();
      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('table', { name: /^基本計画の指標/ }).waitFor();
      // The tree is above the text here: no hint may point 「左の」.
      expect(await page.locator('body').textContent()).not.toContain('左の');
      await expectNoSidewaysScroll(page, 'policy');
      expect(await severeViolations(page)).toEqual([]);

      await section.getByRole('button', { name: '外国人観光客数' }).click();
      await section
        .getByRole('heading', { name: /外国人観光客数/ })
        .first()
        .waitFor();
      await expectNoSidewaysScroll(page, 'kpi');
      expect(await severeViolations(page)).toEqual([]);

      await page
        .getByRole('navigation', { name: '画面' })
        .getByRole('button', { name: '報告書を作成' })
        .click();
      await main().getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      await main().locator('iframe').waitFor();
      await expectNoSidewaysScroll(page, 'report');
      expect(await severeViolations(page)).toEqual([]);

      // The 総合戦略's start page: its tree above, its hint pointing nowhere in particular.
      await page.goto(`${app.url}/?plan=2`);
      await main()
        .getByRole('heading', { level: 2, name: /総合戦略/ })
        .waitFor();
      expect(await main().textContent()).toContain('施策体系から');
      expect(await main().textContent()).not.toContain('左の');
      await expectNoSidewaysScroll(page, 'strategy');

      // The administrator's ユーザー管理, in a context of its own.
      const browser = page.context().browser();
      if (!browser) throw new Error('no browser');
      const admin = await browser.newPage({ viewport: { width: 375, height: 800 }, locale: 'ja-JP' });
      try {
        await signInByApi(admin, app.url, 'admin');
        await admin.goto(`${app.url}/?view=users`);
        await admin.getByRole('main').getByRole('heading', { level: 2, name: 'ユーザー管理' }).waitFor();
        await admin.getByRole('main').getByRole('table').first().waitFor();
        await expectNoSidewaysScroll(admin, 'users');
        expect(await severeViolations(admin)).toEqual([]);
      } finally {
        await admin.close();
      }
    },
    TIMEOUT,
  );

  test('logged no errors but the 404 of the progress record a year without one has', () => {
    expect(failed.filter((line) => !/^404 \/api\/nodes\/\d+\/progress\?year=2025$/.test(line))).toEqual([]);
    expect(consoleErrors.filter((line) => !line.includes('404 (Not Found)'))).toEqual([]);
    expect(consoleErrors.length).toBe(failed.length);
  });
});
