import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { changeLog } from '../src/db/schema.ts';
import { severeViolations, signInWithForm, useAppPage } from './harness.ts';

const TIMEOUT = 60_000;

const shot = (name: string) => join(tmpdir(), `hoshin-sign-in-${name}.png`);

const EXPIRED = 'ログインの有効期限が切れました。もう一度ログインしてください。';

/** Opens a KPI from the tree: 基本目標, then 基本方針, then the KPI's name in the list. */
async function openKpi(page: Page, goal: string, policy: string, kpi: string) {
  const tree = page.getByRole('tree', { name: '施策体系' });
  const goalItem = tree.getByRole('treeitem', { name: goal });
  if ((await goalItem.getAttribute('aria-expanded')) !== 'true') await goalItem.click();
  await tree.getByRole('treeitem', { name: policy, exact: true }).click();
  const section = page.getByRole('region', { name: /指標（KPI）の評価/ });
  await section.getByRole('button', { name: kpi, exact: true }).click();
  await section.getByRole('heading', { level: 4, name: new RegExp(kpi) }).waitFor();
  return section;
}

describe('sign-in, roles and the change log', () => {
  const app = useAppPage('hoshin-e2e-sign-in-', {}, TIMEOUT, null);
  const { requests, consoleErrors } = app;
  let page: Page;
  let kankoKpiId = 0;
  beforeAll(() => {
    page = app.page;
  });

  test(
    'without a session the sign-in screen shows, with the demo accounts and their password',
    async () => {
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      // One municipality: named, not a choice. The heading shows before the sign-in options arrive:
      // wait for them (on a loaded machine they came after the heading and the count read 0).
      await page.getByText('自治体: 美祢市').waitFor();
      expect(await page.getByText('自治体: 美祢市').count()).toBe(1);
      expect(await page.getByRole('combobox', { name: '自治体' }).count()).toBe(0);
      const demo = page.getByRole('region', { name: 'デモ用アカウント' });
      expect(await demo.textContent()).toContain('デモを試すためだけのアカウントです');
      expect(await demo.locator('.demo-password').textContent()).toBe('hoshin-demo-2023');
      const rows = await demo.getByRole('row').allTextContents();
      expect(rows).toHaveLength(1 + 6);
      const kanko = demo.getByRole('row', { name: /kanko/ });
      expect(await kanko.getByRole('cell').allTextContents()).toEqual([
        '観光政策課 佐藤',
        '担当課',
        '観光政策課',
        '入力',
      ]);
      expect(await demo.getByRole('row', { name: /iin/ }).textContent()).toContain('審議会委員');
      // Nothing of the plan is shown, nor fetched.
      expect(await page.getByRole('tree').count()).toBe(0);
      await page.screenshot({ path: shot('screen'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'a directory sign-in sent back with its reason shows it on the sign-in screen, and the address is cleaned',
    async () => {
      const reason = 'このアカウントには Hoshin の役割が割り当てられていません。';
      await page.goto(`${app.url}/?sign-in-error=${encodeURIComponent(reason)}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(reason);
      expect(new URL(page.url()).searchParams.has('sign-in-error')).toBe(false);
      await page.goto(`${app.url}/`);
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    },
    TIMEOUT,
  );
  test(
    'a wrong password is refused with the server’s Japanese message, announced as an alert',
    async () => {
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      const username = page.getByRole('textbox', { name: 'ユーザー名' });
      await page.getByText('ユーザー名を入力してください').waitFor();
      expect(await username.getAttribute('aria-invalid')).toBe('true');

      await username.fill('kanko');
      await page.getByLabel('パスワード', { exact: true }).fill('wrong-password-1');
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(
        'ログインできませんでした：ユーザー名またはパスワードが違います。',
      );
      // The password is cleared and focused for the next try.
      expect(await page.getByLabel('パスワード', { exact: true }).inputValue()).toBe('');
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'kanko (担当課, 観光政策課) signs in through the form; the header names the user, role and city',
    async () => {
      await signInWithForm(page, 'kanko');
      const header = page.getByRole('banner');
      const who = await header.locator('.account-who').textContent();
      expect(who).toContain('観光政策課 佐藤');
      expect(who).toContain('担当課・観光政策課');
      expect(who).toContain('美祢市');
      // No administration screens for a department editor.
      const nav = header.getByRole('navigation', { name: '画面' });
      expect(await nav.getByRole('button').allTextContents()).toEqual([
        '進捗状況',
        '報告書を作成',
        '進捗調査',
        'ファイル取込',
        '審議会',
        '公開',
      ]);
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'kanko enters an actual of its own department’s KPI 観光客数, and it is saved',
    async () => {
      const section = await openKpi(
        page,
        '基本目標 1 「魅力の創出・交流」の拡大',
        '基本方針1 観光の振興と魅力の創出',
        '観光客数',
      );
      kankoKpiId = await page.evaluate(() =>
        Number(document.querySelector('.kpi-detail h4')?.id.replace(/^kpi-(\d+)-heading$/, '$1')),
      );
      expect(kankoKpiId).toBeGreaterThan(0);
      // The planning division's form is not there.
      expect(await section.getByRole('heading', { name: '担当課の割り当て' }).count()).toBe(0);
      await section.getByRole('textbox', { name: /^実績値/ }).fill('1,400,000');
      await section.getByRole('radio', { name: '確定' }).check();
      await section.getByRole('button', { name: '保存', exact: true }).click();
      const saved = section.getByRole('status').filter({ hasText: '保存しました' });
      await saved.waitFor();
      expect(await saved.textContent()).toMatch(/^令和5年度の実績を保存しました。/);
      expect(await section.locator('.kpi-facts').textContent()).toContain('1,400,000人');
      await page.screenshot({ path: shot('kanko-saved'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'another department’s KPI (地域振興課) shows no form, and the API refuses a write to it',
    async () => {
      const section = await openKpi(
        page,
        '基本目標 1 「魅力の創出・交流」の拡大',
        '基本方針2 交流・関係の拡大と発信の強化',
        'ふるさと納税寄附額',
      );
      await section
        .getByText('この指標は地域振興課の担当です。入力できるのは観光政策課の指標だけです。')
        .waitFor();
      expect(await section.getByRole('textbox', { name: /^実績値/ }).count()).toBe(0);
      expect(await section.getByRole('button', { name: '保存', exact: true }).count()).toBe(0);
      expect(await section.getByRole('button', { name: '評価区分を保存' }).count()).toBe(0);
      const otherId = await page.evaluate(() =>
        Number(document.querySelector('.kpi-detail h4')?.id.replace(/^kpi-(\d+)-heading$/, '$1')),
      );
      // Even when sent by hand, with the session's CSRF token, the server refuses it.
      const refused = await page.evaluate(async (kpiId) => {
        const session = await (await fetch('/api/auth/session')).json();
        const response = await fetch(`/api/kpis/${kpiId}/actuals/2023`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ value: 1, status: 'final' }),
        });
        return { status: response.status, body: await response.json() };
      }, otherId);
      expect(refused).toEqual({
        status: 403,
        body: { error: 'この指標は他の課の担当です。入力できるのは自分の課の指標だけです。' },
      });
      await page.screenshot({ path: shot('other-department'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'signing out returns to the sign-in screen, and the API then answers 401',
    async () => {
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      expect(await page.getByRole('status').filter({ hasText: 'ログアウトしました。' }).count()).toBe(1);
      const status = await page.evaluate(async () => (await fetch('/api/plans')).status);
      expect(status).toBe(401);
      expect(await page.getByRole('tree').count()).toBe(0);
    },
    TIMEOUT,
  );

  test(
    'a council member reads only; when the session ends, the app returns to sign-in with the message',
    async () => {
      await signInWithForm(page, 'iin');
      const section = await openKpi(
        page,
        '基本目標 1 「魅力の創出・交流」の拡大',
        '基本方針1 観光の振興と魅力の創出',
        '観光客数',
      );
      await section.getByText(/^閲覧のみ（審議会委員）/).waitFor();
      expect(await section.getByRole('textbox', { name: /^実績値/ }).count()).toBe(0);
      expect(await section.locator('.kpi-facts').textContent()).toContain('1,400,000人');
      expect(await severeViolations(page)).toEqual([]);

      // The session ends on the server's side (here: the cookie is gone); the next call gets 401.
      await page.context().clearCookies();
      await page
        .getByRole('tree', { name: '施策体系' })
        .getByRole('treeitem', { name: /^基本目標 2/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      const alert = page.getByRole('alert');
      expect(await alert.textContent()).toBe(EXPIRED);
      await page.screenshot({ path: shot('expired'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    '企画 keeps the departments (担当課) and assigns one to a KPI',
    async () => {
      await signInWithForm(page, 'kikaku');
      await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '担当課' }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: '担当課' }).waitFor();
      const list = main.getByRole('table', { name: /^課（\d+件）$/ });
      await list.waitFor();
      expect(await list.getByRole('rowheader').allTextContents()).toEqual(
        expect.arrayContaining(['観光政策課', '地域振興課', '企画政策課']),
      );
      const form = main.getByRole('region', { name: '課を追加' });
      await form.getByRole('textbox', { name: '課の名称' }).fill('観光政策課');
      await form.getByRole('textbox', { name: '課コード' }).fill('kanko-2');
      await form.getByRole('button', { name: '課を追加' }).click();
      await form.getByRole('alert').getByText('課「観光政策課」は既にあります').waitFor();
      await form.getByRole('textbox', { name: '課の名称' }).fill('デジタル推進課');
      await form.getByRole('textbox', { name: '課コード' }).fill('digital');
      await form.getByRole('button', { name: '課を追加' }).click();
      await form.getByRole('status').getByText('課「デジタル推進課」を追加しました。').waitFor();
      await list.getByRole('rowheader', { name: 'デジタル推進課' }).waitFor();
      expect(await severeViolations(page)).toEqual([]);

      await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name: '進捗状況' }).click();
      const section = await openKpi(
        page,
        '基本目標 5 「行財政運営」の強化',
        '基本方針2 市民が主体の協働のまちづくり',
        '市民活動団体数',
      );
      const select = section.getByRole('combobox', { name: '担当課' });
      expect(await select.locator('option:checked').textContent()).toBe('地域振興課');
      await select.selectOption({ label: 'デジタル推進課' });
      await section.getByRole('button', { name: '担当課を保存' }).click();
      await section.getByRole('status').getByText('担当課を「デジタル推進課」にしました。').waitFor();
      await expect
        .poll(() => section.locator('.kpi-definition').textContent())
        .toContain('担当課デジタル推進課');
      expect(await severeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    },
    TIMEOUT,
  );

  test(
    'the administrator adds a user in ユーザー管理, who can then sign in',
    async () => {
      await signInWithForm(page, 'admin');
      const nav = page.getByRole('navigation', { name: '画面' });
      await nav.getByRole('button', { name: 'ユーザー管理' }).click();
      const main = page.getByRole('main');
      await main.getByRole('heading', { level: 2, name: 'ユーザー管理' }).waitFor();
      const list = main.getByRole('table', { name: /^ユーザー（\d+人）$/ });
      await list.waitFor();
      const kanko = list.getByRole('row', { name: /kanko/ });
      expect(await kanko.getByRole('cell').allTextContents()).toEqual([
        '観光政策課 佐藤',
        '担当課',
        '観光政策課',
        '有効',
        'ローカル',
        '変更',
      ]);

      const form = main.getByRole('region', { name: 'ユーザーを追加' });
      await form.getByRole('textbox', { name: 'ユーザー名' }).fill('kanko');
      await form.getByRole('textbox', { name: '氏名' }).fill('観光政策課 山田');
      await form.getByLabel('初期パスワード').fill('yamada-kanko-2026');
      await form.getByRole('button', { name: 'ユーザーを追加' }).click();
      // 担当課 (the default role) needs a department.
      await form.getByText('担当課の役割には課を選んでください').waitFor();
      await form.getByRole('combobox', { name: /^課/ }).selectOption({ label: '観光政策課' });
      await form.getByRole('button', { name: 'ユーザーを追加' }).click();
      // The server refuses a name already used (409), in its words.
      await form.getByRole('alert').getByText('ユーザー名「kanko」は既に使われています').waitFor();
      await form.getByRole('textbox', { name: 'ユーザー名' }).fill('yamada');
      await form.getByLabel('初期パスワード').fill('short');
      await form.getByRole('button', { name: 'ユーザーを追加' }).click();
      await form.getByRole('alert').getByText('パスワードは10文字以上にしてください').waitFor();
      await form.getByLabel('初期パスワード').fill('yamada-kanko-2026');
      await form.getByRole('button', { name: 'ユーザーを追加' }).click();
      await form
        .getByRole('status')
        .getByText(/^ユーザー「yamada」（観光政策課 山田、担当課）を追加しました。/)
        .waitFor();
      const added = list.getByRole('row', { name: /yamada/ });
      await added.waitFor();
      expect(await added.getByRole('cell').allTextContents()).toEqual([
        '観光政策課 山田',
        '担当課',
        '観光政策課',
        '有効',
        'ローカル',
        '変更',
      ]);

      // Its settings: disable, enable again.
      await added.getByRole('button', { name: '変更（yamada）' }).click();
      const editor = main.getByRole('region', { name: '観光政策課 山田（yamada）の設定' });
      await editor.waitFor();
      await editor.getByRole('button', { name: 'このユーザーを無効にする' }).click();
      await editor
        .getByRole('status')
        .getByText(/を無効にしました/)
        .waitFor();
      await expect.poll(() => added.getByRole('cell').nth(3).textContent()).toBe('無効');
      await editor.getByRole('button', { name: 'このユーザーを有効にする' }).click();
      await expect.poll(() => added.getByRole('cell').nth(3).textContent()).toBe('有効');
      await page.screenshot({ path: shot('users'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      await signInWithForm(page, 'yamada', 'yamada-kanko-2026');
      const who = await page.getByRole('banner').locator('.account-who').textContent();
      expect(who).toContain('観光政策課 山田');
      expect(who).toContain('担当課・観光政策課');
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server; the only errors logged are the refusals on purpose', () => {
    expect(requests.length).toBeGreaterThan(0);
    const outside = requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    // Chromium logs every 4xx response: the wrong password and the expired session (401), the other
    // department's KPI (403), the duplicate department and user (409), the short password (400).
    expect(consoleErrors.filter((message) => !/status of (400|401|403|409)\b/.test(message))).toEqual([]);
  });

  test(
    'the change log names who did it: kanko for the actual, admin for the new user',
    async () => {
      const rows = await app.readDatabase((db) =>
        db.select().from(changeLog).where(eq(changeLog.tableName, 'kpi_actual')),
      );
      const actual = rows.find(
        (row) => (row.after as { kpiId?: number; value?: number } | null)?.value === 1_400_000,
      );
      expect(actual?.actor).toBe('観光政策課 佐藤（kanko）');
      expect((actual?.after as { kpiId?: number } | undefined)?.kpiId).toBe(kankoKpiId);
      const users = await app.readDatabase((db) =>
        db.select().from(changeLog).where(eq(changeLog.tableName, 'app_user')),
      );
      const created = users.find(
        (row) =>
          row.action === 'insert' && (row.after as { username?: string } | null)?.username === 'yamada',
      );
      expect(created?.actor).toBe('システム管理者（admin）');
      // The password hash never reaches the log.
      expect((created?.after as { passwordHash?: string } | undefined)?.passwordHash).toBe('（秘匿）');
    },
    TIMEOUT,
  );
});
