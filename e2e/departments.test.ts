import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiSession, severeViolations, signInWithForm, useAppPage } from './harness.ts';

const TIMEOUT = 60_000;

const shot = (name: string) => join(tmpdir(), `hoshin-departments-${name}.png`);

const GOAL = '基本目標 5 「行財政運営」の強化';
const POLICY = '基本方針2 市民が主体の協働のまちづくり';
const MEASURE = '②市民活動・コミュニティ活動の支援';
const KPI = '自治会加入率';

/** Opens a KPI from the tree: 基本目標, then 基本方針, then the KPI's name in the list. */
async function openKpi(page: Page, goal: string, policy: string, kpi: string) {
  await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '進捗状況' }).click();
  const tree = page.getByRole('tree', { name: '施策体系' });
  const goalItem = tree.getByRole('treeitem', { name: goal });
  if ((await goalItem.getAttribute('aria-expanded')) !== 'true') await goalItem.click();
  await tree.getByRole('treeitem', { name: policy, exact: true }).click();
  const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
  await section.getByRole('button', { name: kpi, exact: true }).click();
  await section.getByRole('heading', { level: 4, name: new RegExp(kpi) }).waitFor();
  return section;
}

/** The 施策体系の担当課 table on the 担当課 screen. */
async function nodeDepartments(page: Page) {
  await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '担当課' }).click();
  const section = page.getByRole('main').getByRole('region', { name: '施策体系の担当課' });
  const table = section.getByRole('table', { name: /の項目（\d+件）$/ });
  await table.waitFor();
  return { section, table };
}

interface KpiAccess {
  departmentId: number | null;
  department: string | null;
  responsibleDepartment: { id: number; name: string } | null;
  mayWrite: boolean;
}

describe('departments of plan nodes (施策体系の担当課)', () => {
  const app = useAppPage('hoshin-e2e-departments-', {}, TIMEOUT);
  const { requests, consoleErrors } = app;
  let page: Page;
  let kpiId = 0;
  beforeAll(() => {
    page = app.page;
  });

  /** The KPI as `username`'s session sees it. */
  async function kpiAs(username: string): Promise<KpiAccess> {
    const session = await apiSession(app.url, username);
    const response = await session.fetch(`/api/kpis/${kpiId}?year=2023`);
    expect(response.status).toBe(200);
    return (await response.json()) as KpiAccess;
  }

  test(
    '企画 takes a KPI’s own department away with 「（なし）」: no department answers for it then',
    async () => {
      const section = await openKpi(page, GOAL, POLICY, KPI);
      kpiId = await page.evaluate(() =>
        Number(document.querySelector('.kpi-detail h4')?.id.replace(/^kpi-(\d+)-heading$/, '$1')),
      );
      expect(kpiId).toBeGreaterThan(0);
      // Preselected by the KPI's department id.
      const select = section.getByRole('combobox', { name: '担当課' });
      expect(await select.locator('option:checked').textContent()).toBe('地域振興課');
      expect(await section.getByText('この指標は地域振興課の担当です。').count()).toBe(1);
      await select.selectOption({ label: '（なし）' });
      await section.getByRole('button', { name: '担当課を保存' }).click();
      await section.getByRole('status').getByText('指標自身の担当課を外しました。').waitFor();
      await section.getByText('この指標には担当課が割り当てられていません。').waitFor();
      expect(await section.locator('.kpi-definition').textContent()).toContain('担当課（未登録）');
      expect(await select.locator('option:checked').textContent()).toBe('（なし）');

      // The 担当課 text went with it; nobody of a department may write the KPI now.
      expect(await kpiAs('shoko')).toMatchObject({
        departmentId: null,
        department: null,
        responsibleDepartment: null,
        mayWrite: false,
      });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a node changed by someone else meanwhile is refused (409) with the server’s message, and reloaded',
    async () => {
      const { section, table } = await nodeDepartments(page);
      // Someone else gives 基本目標 5 to 財政課 after this screen read the tree.
      const kikaku = await apiSession(app.url, 'kikaku');
      const plans = (await (await kikaku.fetch('/api/plans')).json()) as { id: number; kind: string }[];
      const planId = plans.find((p) => p.kind === 'plan')?.id;
      const { nodes } = (await (await kikaku.fetch(`/api/plans/${planId}/tree`)).json()) as {
        nodes: { id: number; label: string; version: number }[];
      };
      const goal = nodes.find((n) => n.label === '基本目標 5');
      const departments = (await (await kikaku.fetch('/api/departments')).json()) as {
        id: number;
        name: string;
      }[];
      const zaisei = departments.find((d) => d.name === '財政課');
      const meanwhile = await kikaku.fetch(`/api/nodes/${goal?.id}/department`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ departmentId: zaisei?.id, version: goal?.version }),
      });
      expect(meanwhile.status).toBe(200);

      await table.getByRole('combobox', { name: `${GOAL}の担当課` }).selectOption({ label: '企画政策課' });
      await table.getByRole('button', { name: `${GOAL}の担当課を保存` }).click();
      const alert = section.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(
        /他の人が先にこの施策体系の項目を更新しました.*最新の施策体系を読み込み直しました/,
      );
      // The tree as stored now: 財政課, passed down to the nodes below.
      const goalSelect = table.getByRole('combobox', { name: `${GOAL}の担当課` });
      await expect.poll(() => goalSelect.locator('option:checked').textContent()).toBe('財政課');
      expect(await table.getByRole('row', { name: new RegExp(`^${POLICY}`) }).textContent()).toContain(
        '上位の項目から: 財政課',
      );
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    '企画 gives 基本方針2 to 商工労働課 on the 担当課 screen; its KPI without a department is then theirs',
    async () => {
      const { section, table } = await nodeDepartments(page);
      const policySelect = table.getByRole('combobox', { name: `${POLICY}の担当課` });
      expect(await policySelect.locator('option:checked').textContent()).toBe('（なし）');
      await policySelect.selectOption({ label: '商工労働課' });
      await table.getByRole('button', { name: `${POLICY}の担当課を保存` }).click();
      await section
        .getByRole('status')
        .getByText(`「${POLICY}」の担当課を「商工労働課」にしました。`)
        .waitFor();
      // The nearest node with a department wins over 基本目標 5's 財政課.
      expect(await table.getByRole('row', { name: new RegExp(`^${MEASURE}`) }).textContent()).toContain(
        '上位の項目から: 商工労働課',
      );
      await page.screenshot({ path: shot('nodes'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      // The KPI (under ②, no department of its own) is 商工労働課's now, and only theirs.
      const shoko = await kpiAs('shoko');
      expect(shoko).toMatchObject({ departmentId: null, mayWrite: true });
      expect(shoko.responsibleDepartment?.name).toBe('商工労働課');
      expect((await kpiAs('kanko')).mayWrite).toBe(false);
      expect((await kpiAs('kikaku')).mayWrite).toBe(true);
      // The server lets the same session save, as mayWrite said.
      const saved = await (await apiSession(app.url, 'shoko')).fetch(`/api/kpis/${kpiId}/actuals/2023`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 61.5, status: 'provisional' }),
      });
      expect(saved.status).toBe(200);
    },
    TIMEOUT,
  );

  test(
    'shoko (商工労働課) signs in and finds the entry forms on that KPI, named as 商工労働課’s',
    async () => {
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      await signInWithForm(page, 'shoko');
      const section = await openKpi(page, GOAL, POLICY, KPI);
      await section.getByText('この指標は商工労働課の担当です。').waitFor();
      expect(await section.getByRole('textbox', { name: /^実績値/ }).count()).toBe(1);
      expect(await section.getByRole('button', { name: '評価区分を保存' }).count()).toBe(1);
      expect(await section.locator('.kpi-definition').textContent()).toContain(
        '担当課商工労働課（施策体系の項目の担当課）',
      );
      // The planning division's assignment form is not a department editor's.
      expect(await section.getByRole('heading', { name: '担当課の割り当て' }).count()).toBe(0);
      await page.screenshot({ path: shot('shoko'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server; the only error logged is the conflict on purpose', () => {
    const outside = requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    expect(consoleErrors.filter((message) => !/status of 409\b/.test(message))).toEqual([]);
  });
});
