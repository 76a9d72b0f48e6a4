import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { severeViolations, useAppPage } from './harness.ts';

const TIMEOUT = 60_000;

describe('Hoshin web UI', () => {
  // A reader (閲覧): the policy's texts as lists. Writers get the editor instead (e2e/cycle.test.ts).
  const app = useAppPage('hoshin-e2e-', {}, TIMEOUT, 'etsuran');
  const { requests, consoleErrors } = app;
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  test(
    'shows the municipality, the plan and the fiscal year',
    async () => {
      await expect.poll(() => page.title()).toBe('Hoshin 方針 — 総合計画 進行管理');
      const header = page.getByRole('banner');
      // The heading names the app until the plans arrive, then the city and the plan.
      await expect.poll(() => header.getByRole('heading', { level: 1 }).textContent()).toContain('美祢市');
      const year = page.getByLabel('年度');
      expect(await year.locator('option:checked').textContent()).toBe('令和5年度');
    },
    TIMEOUT,
  );

  test(
    'the tree shows the 5 基本目標',
    async () => {
      const tree = page.getByRole('tree', { name: '施策体系' });
      await tree.waitFor();
      const goals = tree.locator('[role="treeitem"][aria-level="1"]');
      expect(await goals.count()).toBe(5);
      // nothing is open yet, so the top level is all there is
      expect(await tree.getByRole('treeitem').count()).toBe(5);
      expect(await goals.first().getAttribute('aria-expanded')).toBe('false');
      expect(
        await tree.getByRole('treeitem', { name: '基本目標 1 「魅力の創出・交流」の拡大' }).count(),
      ).toBe(1);
    },
    TIMEOUT,
  );

  test(
    'opening 基本目標 1 and selecting 基本方針1 by keyboard shows its progress',
    async () => {
      const tree = page.getByRole('tree', { name: '施策体系' });
      const goal = tree.getByRole('treeitem', { name: '基本目標 1 「魅力の創出・交流」の拡大' });
      const policy = tree.getByRole('treeitem', { name: '基本方針1 観光の振興と魅力の創出', exact: true });

      await goal.focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => goal.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => policy.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => policy.getAttribute('aria-selected')).toBe('true');

      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: '基本方針1 観光の振興と魅力の創出' }).waitFor();
      const results = main.getByRole('region', { name: '令和5年度 主な取組内容 / 実績' });
      const directions = main.getByRole('region', { name: '令和6年度 主な取組 / 今後の方向性' });
      await results.waitFor();
      expect(await results.getByRole('listitem').allTextContents()).toContain(
        '新たなアウトドアツーリズムコンテンツ（ケビングツアー）の創出',
      );
      expect(await directions.getByRole('listitem').allTextContents()).toContain(
        '台湾観光・交流事務所を拠点とした事業展開',
      );
      const measures = await main
        .getByRole('region', { name: '施策' })
        .getByRole('listitem')
        .allTextContents();
      expect(measures).toEqual(['①観光の振興', '②国際観光の推進', '③おもてなしの向上']);

      await page.screenshot({ path: join(tmpdir(), 'hoshin-ui.png'), fullPage: true });
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
      if (url.startsWith('data:')) return false;
      return new URL(url).hostname !== '127.0.0.1';
    });
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
