import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { severeViolations, useAppPage } from './harness.ts';

const TIMEOUT = 60_000;

const shot = (name: string) => join(tmpdir(), `hoshin-strategy-${name}.png`);

const STRATEGY = '総合戦略（架空のデモ構成）';
const PLAN = '第二次美祢市総合計画';
const STRATEGY_GOAL = '基本目標 1 稼ぐ地域をつくるとともに、安心して働けるようにする';
const STRATEGY_MEASURE = '具体的な施策1 観光・交流による稼ぐ力の強化';
const PLAN_MEASURE_LINK = '基本目標 1 ＞ 基本方針1 ＞ ①観光の振興';
const STRATEGY_MEASURE_LINK = `基本目標 1 ＞ ${STRATEGY_MEASURE}`;

describe('Hoshin 総合戦略 and its links to the 総合計画', () => {
  const app = useAppPage('hoshin-e2e-strategy-', {}, TIMEOUT);
  const { requests, consoleErrors } = app;
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  const planSelect = () => page.getByRole('combobox', { name: '計画', exact: true });
  const main = () => page.getByRole('main');
  const tree = () => page.getByRole('tree', { name: '施策体系' });

  test(
    'the plan selector groups 総合計画 and 総合戦略 and starts on the 総合計画',
    async () => {
      await tree().waitFor();
      const select = planSelect();
      expect(
        await select.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label'))),
      ).toEqual(['総合計画', '総合戦略']);
      expect(await select.locator('optgroup[label="総合戦略"] option').allTextContents()).toEqual([STRATEGY]);
      expect(await select.locator('option:checked').textContent()).toBe(PLAN);
      // Plan measures the strategy links to carry a text mark, described for screen readers.
      await tree().getByRole('treeitem', { name: '基本目標 1 「魅力の創出・交流」の拡大' }).click();
      await tree().getByRole('treeitem', { name: '基本方針1 観光の振興と魅力の創出', exact: true }).click();
      const linked = tree().getByRole('treeitem', { name: '①観光の振興', exact: true });
      const unlinked = tree().getByRole('treeitem', { name: '③おもてなしの向上', exact: true });
      expect(await linked.locator('.tree-marker').textContent()).toBe('戦略');
      expect(await unlinked.locator('.tree-marker').count()).toBe(0);
      const describedBy = await linked.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
        '総合戦略の施策に関連づけられています',
      );
    },
    TIMEOUT,
  );

  test(
    'choosing the strategy shows its own tree and no 進捗状況 error',
    async () => {
      await planSelect().selectOption({ label: STRATEGY });
      const header = page.getByRole('banner');
      await expect.poll(() => header.getByRole('heading', { level: 1 }).textContent()).toContain(STRATEGY);
      const goal = tree().getByRole('treeitem', { name: STRATEGY_GOAL });
      await goal.waitFor();
      expect(await tree().locator('[role="treeitem"][aria-level="1"]').count()).toBe(4);
      await main().getByRole('heading', { level: 2, name: STRATEGY }).waitFor();
      // With nothing selected: the achievement summary of the strategy's KPI set.
      await main()
        .getByRole('region', { name: /総合戦略の指標の達成状況/ })
        .waitFor();
      await page.screenshot({ path: shot('start'), fullPage: true });
      expect(await page.getByLabel('年度', { exact: true }).locator('option:checked').textContent()).toBe(
        '令和5年度',
      );
      expect(new URL(page.url()).searchParams.get('plan')).not.toBe('1');
      // The structure table to edit in Excel and import again, served by the app itself.
      const download = main().getByRole('link', { name: /総合戦略の構成表/ });
      const tableUrl = new URL((await download.getAttribute('href')) ?? '', page.url());
      const response = await page.request.get(tableUrl.toString());
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('spreadsheetml');
    },
    TIMEOUT,
  );

  test(
    'a strategy measure lists the linked plan measures (関連する総合計画の施策) and its KPIs',
    async () => {
      await tree().getByRole('treeitem', { name: STRATEGY_GOAL }).click();
      await tree().getByRole('treeitem', { name: STRATEGY_MEASURE, exact: true }).click();
      await main().getByRole('heading', { level: 2, name: STRATEGY_MEASURE }).waitFor();
      expect(await main().locator('.ancestors').textContent()).toBe(STRATEGY_GOAL);

      const related = main().getByRole('region', { name: '関連する総合計画の施策' });
      await related.waitFor();
      const links = await related.getByRole('link').allTextContents();
      expect(links).toEqual([
        PLAN_MEASURE_LINK,
        '基本目標 1 ＞ 基本方針1 ＞ ②国際観光の推進',
        '基本目標 2 ＞ 基本方針3 ＞ ①地場産業の育成と観光産業の振興',
      ]);
      // A real address: it can be opened in a new tab.
      const href = await related.getByRole('link', { name: PLAN_MEASURE_LINK }).getAttribute('href');
      expect(href).toMatch(/^\?plan=\d+&node=\d+&year=2023$/);

      // The KPI panel works for the strategy's node; a strategy has no 進捗状況, and says no error.
      const kpis = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await kpis.getByRole('table').first().waitFor();
      expect(await kpis.textContent()).toContain('観光消費額');
      expect(await main().getByRole('alert').count()).toBe(0);
      expect(await main().textContent()).not.toContain('進捗状況は登録されていません');

      await page.screenshot({ path: shot('measure'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'following a linked plan measure lands on it, with 総合戦略での位置づけ leading back',
    async () => {
      await main()
        .getByRole('region', { name: '関連する総合計画の施策' })
        .getByRole('link', { name: PLAN_MEASURE_LINK })
        .click();

      const heading = main().getByRole('heading', { level: 2, name: '基本方針1 観光の振興と魅力の創出' });
      await heading.waitFor();
      expect(await planSelect().locator('option:checked').textContent()).toBe(PLAN);
      const measure = tree().getByRole('treeitem', { name: '①観光の振興', exact: true });
      await expect.poll(() => measure.getAttribute('aria-selected')).toBe('true');
      // Focus follows the choice to the new content.
      await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
      const url = new URL(page.url());
      expect(url.searchParams.get('node')).toBe(await measure.getAttribute('data-node-id'));
      expect(url.searchParams.get('year')).toBe('2023');

      // The plan's own view is unchanged: measures and the year's progress record.
      const current = main().getByRole('region', { name: '施策' }).locator('li[aria-current="true"]');
      expect(await current.textContent()).toBe('①観光の振興');
      await main().getByRole('region', { name: '令和5年度 主な取組内容 / 実績' }).waitFor();

      const place = main().getByRole('region', { name: '総合戦略での位置づけ' });
      await place.waitFor();
      expect(await place.textContent()).toContain(
        '「①観光の振興」は、次の総合戦略の施策に関連づけられています。',
      );
      expect(await place.getByRole('link').allTextContents()).toEqual([STRATEGY_MEASURE_LINK]);
      await page.screenshot({ path: shot('plan-measure'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      // And back to the strategy measure.
      await place.getByRole('link', { name: STRATEGY_MEASURE_LINK }).click();
      await main().getByRole('heading', { level: 2, name: STRATEGY_MEASURE }).waitFor();
      expect(await planSelect().locator('option:checked').textContent()).toBe(STRATEGY);
      await expect
        .poll(() =>
          tree().getByRole('treeitem', { name: STRATEGY_MEASURE, exact: true }).getAttribute('aria-selected'),
        )
        .toBe('true');
    },
    TIMEOUT,
  );

  test(
    'the address restores the strategy and its node after a reload',
    async () => {
      await page.reload();
      await main().getByRole('heading', { level: 2, name: STRATEGY_MEASURE }).waitFor();
      expect(await planSelect().locator('option:checked').textContent()).toBe(STRATEGY);
      await main().getByRole('region', { name: '関連する総合計画の施策' }).waitFor();
    },
    TIMEOUT,
  );

  test(
    'the report screen of a strategy builds its 総合計画’s report',
    async () => {
      await page
        .getByRole('navigation', { name: '画面' })
        .getByRole('button', { name: '報告書を作成' })
        .click();
      await main().getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      expect(await main().locator('.lead').textContent()).toContain(PLAN);
      const year = page.getByLabel('報告書の年度（実績）');
      expect(await year.locator('option').allTextContents()).toEqual(['令和5年度実績']);
      await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '進捗状況' }).click();
      await main().getByRole('heading', { level: 2, name: STRATEGY_MEASURE }).waitFor();
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter((url) => {
      if (url.startsWith('data:')) return false;
      return new URL(url).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
