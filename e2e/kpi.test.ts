import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiSession, severeViolations, useAppPage } from './harness.ts';

const TIMEOUT = 60_000;

const shot = (name: string) => join(tmpdir(), `hoshin-kpi-${name}.png`);

describe('Hoshin KPI screens', () => {
  const app = useAppPage('hoshin-e2e-kpi-', {}, TIMEOUT);
  const { requests, consoleErrors } = app;
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  test(
    'the start page summarises each KPI set: stacked bars, a legend with symbols, the tables',
    async () => {
      const main = page.getByRole('main');
      const card = main.getByRole('region', { name: /基本計画の指標の達成状況/ });
      await card.waitFor();
      const chart = card.getByRole('img', { name: '基本計画の指標の評価の割合' });
      expect(await chart.count()).toBe(1);
      const legend = await card.getByRole('list', { name: '凡例' }).getByRole('listitem').allTextContents();
      expect(legend.slice(0, 4)).toEqual(['A 目標達成', 'B 概ね順調', 'C 遅れ', 'D 大幅な遅れ']);
      const table = card.getByRole('table', { name: /基本目標別の評価の件数と割合/ });
      const rows = await table.getByRole('row').allTextContents();
      expect(rows).toHaveLength(1 + 5 + 1); // header, 5 基本目標, 合計
      expect(rows.at(-1)).toMatch(/^合計/);
      // Each 基本目標 has its 総合評価: badge (symbol and label) and what it was computed from.
      const headers = await table.getByRole('columnheader').allTextContents();
      expect(headers[1]).toBe('総合評価');
      const goalRollUp = table.getByRole('row', { name: /^基本目標 1/ }).locator('.rollup-cell');
      expect(await goalRollUp.locator('.grade-badge').textContent()).toMatch(/^\S+ \S+/);
      expect(await goalRollUp.locator('.rollup-basis').textContent()).toMatch(
        /^指標\d+件の平均点方式|^指標なし$/,
      );
      expect(await card.getByRole('table', { name: /前年度（令和4年度）との比較/ }).count()).toBe(1);
      // Invented values are marked as such.
      expect(await card.getByText('架空のデモ値').first().isVisible()).toBe(true);
      await page.screenshot({ path: shot('summary'), fullPage: true });
      await card
        .locator('figure')
        .first()
        .screenshot({ path: shot('summary-chart') });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'selecting 基本方針1 lists its KPIs with grade badges that carry symbol and text',
    async () => {
      const tree = page.getByRole('tree', { name: '施策体系' });
      await tree.getByRole('treeitem', { name: '基本目標 1 「魅力の創出・交流」の拡大' }).click();
      await tree.getByRole('treeitem', { name: '基本方針1 観光の振興と魅力の創出', exact: true }).click();

      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      const table = section.getByRole('table', { name: /^基本計画の指標（\d+件）$/ });
      await table.waitFor();
      const header = await table.getByRole('columnheader').allTextContents();
      expect(header).toEqual(['指標名', '基準値', '目標値', '最新実績', '達成率', '評価', '見通し']);

      const badges = section.locator('.grade-badge');
      expect(await badges.count()).toBeGreaterThanOrEqual(3);
      for (const text of await badges.allTextContents()) {
        // symbol, a space, the label: never colour alone
        expect(text).toMatch(/^\S+ \S+/);
      }
      const row = table.getByRole('row', { name: /外国人観光客数/ });
      expect(await row.locator('.grade-badge').textContent()).toBe('C 遅れ');
      expect(await row.textContent()).toContain('架空のデモ値');
      expect(await row.textContent()).toContain('15,000人以上');
      await page.screenshot({ path: shot('list'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'the policy shows its 総合評価 per KPI set: a badge with symbol and text, the method and the count',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      const rollUp = section.getByRole('region', { name: 'この基本方針の総合評価' });
      await rollUp.waitFor();
      const item = rollUp.locator('[data-rollup-set="基本計画"]');
      expect(await item.locator('dt').textContent()).toBe('基本計画');
      const badge = item.locator('.grade-badge');
      // Never colour alone: a symbol and a label, and a grade the scheme gives.
      expect(await badge.textContent()).toMatch(/^(A 目標達成|B 概ね順調|C 遅れ|D 大幅な遅れ)$/);
      expect(await badge.locator('.grade-symbol').textContent()).toMatch(/^[ABCD]$/);
      const table = section.getByRole('table', { name: /^基本計画の指標（(\d+)件）$/ });
      const count = Number(/（(\d+)件）/.exec((await table.locator('caption').textContent()) ?? '')?.[1]);
      // Every KPI of 基本方針1 with a grade is counted (none is without data in the demo year).
      const graded = await table.locator('tbody .grade-badge[data-grade-kind="performance"]').count();
      expect(graded).toBeGreaterThan(0);
      expect(graded).toBeLessThanOrEqual(count);
      expect(await item.locator('.rollup-basis').textContent()).toMatch(
        new RegExp(`^指標${graded}件の平均点方式`),
      );
      await rollUp.screenshot({ path: shot('rollup') });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a KPI’s page shows the chart, its table and the definition',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: '外国人観光客数' }).click();
      const heading = section.getByRole('heading', { level: 4, name: /外国人観光客数/ });
      await heading.waitFor();
      await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);

      const chart = section.getByRole('img', { name: '外国人観光客数の推移のグラフ' });
      expect(await chart.count()).toBe(1);
      expect(await chart.getAttribute('aria-labelledby')).toMatch(/ /); // title and description
      const legend = await section.locator('.kpi-chart .chart-legend li').allTextContents();
      expect(legend).toEqual(expect.arrayContaining(['基準値', '実績（確定）', '目標値']));
      // The projection (見通し) line is named with its method: 見通し（実績の傾向・最小二乗法） etc.
      expect(legend.filter((item) => /^見通し（.+）$/.test(item))).toHaveLength(1);
      const data = section.getByRole('table', { name: '外国人観光客数の年度別の数値' });
      const dataRows = await data.getByRole('row').allTextContents();
      expect(dataRows.some((r) => r.startsWith('令和5年度') && r.includes('8,600人'))).toBe(true);
      expect(dataRows.some((r) => r.startsWith('令和8年度') && r.includes('目標値 15,000人以上'))).toBe(true);
      const definition = section.locator('.kpi-definition');
      expect(await definition.getByText('観光政策課', { exact: true }).count()).toBe(1);
      // 企画 (the default sign-in) may assign the KPI's 担当課: the form shows the current one.
      const department = section.getByRole('combobox', { name: '担当課' });
      expect(await department.locator('option:checked').textContent()).toBe('観光政策課');
      await page.screenshot({ path: shot('detail'), fullPage: true });
      await section.locator('.kpi-chart').screenshot({ path: shot('detail-chart') });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'entering an actual: checked in Japanese, saved, and the grade follows',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      const year = section.getByLabel('年度', { exact: true });
      expect(await year.locator('option:checked').textContent()).toBe('令和5年度（登録済み）');
      const value = section.getByRole('textbox', { name: /^実績値/ });
      expect(await value.inputValue()).toBe('8600');

      await value.fill('');
      await section.getByRole('button', { name: '保存', exact: true }).click();
      await section.getByText('数値を入力してください').waitFor();
      expect(await value.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => value.evaluate((element) => element === document.activeElement)).toBe(true);

      // Full-width digits with separators, as people type them.
      await value.fill('１６，２００');
      await section.getByRole('radio', { name: '確定' }).check();
      await section.getByLabel('備考（任意）').fill('観光動態調査の確定値');
      await section.getByRole('button', { name: '保存', exact: true }).click();
      const saved = section.getByRole('status').filter({ hasText: '保存しました' });
      await saved.waitFor();
      expect(await saved.textContent()).toBe(
        '令和5年度の実績を保存しました。令和5年度の評価は「A 目標達成」です。',
      );
      const facts = section.locator('.kpi-facts');
      await expect.poll(() => facts.locator('.grade-badge').textContent()).toBe('A 目標達成');
      expect(await facts.textContent()).toContain('16,200人');
      await page.screenshot({ path: shot('saved'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a save after someone else’s is refused with the conflict message and the newer value is shown',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      const kpiId = await page.evaluate(() => {
        const heading = document.querySelector('.kpi-detail h4');
        return Number(heading?.id.replace(/^kpi-(\d+)-heading$/, '$1'));
      });
      // A colleague of the KPI's department saves the same year from another screen.
      const colleague = await apiSession(app.url, 'kanko');
      const other = await colleague.fetch(`/api/kpis/${kpiId}/actuals/2023`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 9100, status: 'provisional', version: 2 }),
      });
      expect(other.status).toBe(200);

      await section.getByRole('textbox', { name: /^実績値/ }).fill('17000');
      await section.getByRole('button', { name: '保存', exact: true }).click();
      const alert = section.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('他の人が先に更新しました（令和5年度の実績）');
      // The form now shows what the colleague saved.
      await expect.poll(() => section.getByRole('textbox', { name: /^実績値/ }).inputValue()).toBe('9100');
      expect(await section.getByRole('radio', { name: '見込' }).isChecked()).toBe(true);
      await page.screenshot({ path: shot('conflict'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'back on the list, the KPI shows its new grade',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: '← 指標の一覧に戻る' }).click();
      const row = section.getByRole('row', { name: /外国人観光客数/ });
      await row.waitFor();
      // 9,100 of 15,000 = 60.7 % → C, saved by the colleague after our 16,200.
      await expect.poll(() => row.locator('.grade-badge').textContent()).toBe('C 遅れ');
      expect(await row.textContent()).toContain('9,100人');
      expect(await row.textContent()).toContain('令和5年度・見込');
      const link = section.getByRole('button', { name: '外国人観光客数' });
      await expect.poll(() => link.evaluate((element) => element === document.activeElement)).toBe(true);
    },
    TIMEOUT,
  );

  test(
    'setting 評価区分 休止・廃止 from the list of choices: the grade follows, on the page and in the list',
    async () => {
      const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: '外国人観光客数' }).click();
      await section.getByRole('heading', { level: 4, name: /外国人観光客数/ }).waitFor();
      const select = section.getByRole('combobox', { name: '評価区分' });
      expect(await select.locator('option:checked').textContent()).toBe('なし（実績値で評価する）');
      expect(await select.locator('option').allTextContents()).toEqual([
        'なし（実績値で評価する）',
        '未着手',
        '休止・廃止',
        '評価困難',
      ]);
      await select.selectOption({ label: '休止・廃止' });
      await section.getByRole('button', { name: '評価区分を保存' }).click();
      const saved = section.getByRole('status').filter({ hasText: '評価区分を' });
      await saved.waitFor();
      expect(await saved.textContent()).toBe(
        '評価区分を「休止・廃止」にしました。令和5年度の評価は「休 休止・廃止」です。',
      );
      const facts = section.locator('.kpi-facts');
      await expect.poll(() => facts.locator('.grade-badge').textContent()).toBe('休 休止・廃止');
      // The rate is still computed and shown: 9,100 of 15,000.
      expect(await facts.textContent()).toContain('60.7%');
      expect(await section.locator('.kpi-definition').textContent()).toContain('評価区分休止・廃止');
      await page.screenshot({ path: shot('administrative'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      await section.getByRole('button', { name: '← 指標の一覧に戻る' }).click();
      const row = section.getByRole('row', { name: /外国人観光客数/ });
      await row.waitFor();
      await expect.poll(() => row.locator('.grade-badge').textContent()).toBe('休 休止・廃止');
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server and logged no errors but the expected 409', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    // Chromium logs every 4xx response; the conflict above is one on purpose.
    expect(consoleErrors.filter((message) => !message.includes('409'))).toEqual([]);
  });
});
