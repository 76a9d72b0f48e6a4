/**
 * What keeps a click from doing more than meant, in real Chromium: unsaved 取組・方向性 and actuals
 * are not dropped without asking (a tree click, Back, leaving the page); 提出する, 代理で提出, 承認 and
 * 年度を確定 ask first, naming the department and the year; a save refused because the part is
 * 提出済み says so in the server's words (not 「他の人が先に…」); 差戻し moves the focus to its reason,
 * and each row's buttons name their department.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiSession, signInWithForm, useAppPage } from './harness.ts';

const TIMEOUT = 120_000;
const YEAR = 2023;
const YEAR_LABEL = '令和5年度';
const GOAL = '基本目標 1 「魅力の創出・交流」の拡大';
const POLICY = '基本方針1 観光の振興と魅力の創出';
const KPI = '外国人観光客数';
const DIRECTIONS = '令和6年度 主な取組 / 今後の方向性';
const UNSAVED = '保存していない変更があります。移動しますか？';
const LOCKED = `観光政策課の${YEAR_LABEL}の分は提出済みのため変更できません`;

function dayFromNow(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('safeguards against lost input and one-click moves', () => {
  const app = useAppPage('hoshin-e2e-safeguards-', {}, TIMEOUT, 'kanko');
  let page: Page;
  const posts: string[] = [];
  beforeAll(() => {
    page = app.page;
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
  });

  const main = () => page.getByRole('main');
  const tree = () => page.getByRole('tree', { name: '施策体系' });
  const editor = () => page.locator('form.progress-editor');
  const kpis = () => main().getByRole('region', { name: /指標（KPI）の評価/ });
  const screen = (name: string) =>
    page.getByRole('navigation', { name: '画面' }).getByRole('button', { name, exact: true }).click();
  /** Answers the next dialog (accept or dismiss) and gives its message. */
  const answerNext = (accept: boolean) =>
    new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void (accept ? dialog.accept() : dialog.dismiss());
      });
    });
  const openPolicy = async () => {
    await screen('進捗状況');
    const goal = tree().getByRole('treeitem', { name: GOAL });
    if ((await goal.getAttribute('aria-expanded')) !== 'true') await goal.click();
    await tree().getByRole('treeitem', { name: POLICY, exact: true }).click();
    await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
  };
  /** Whether the page asks before it is left or reloaded (its beforeunload is cancelled). */
  const warnsOnUnload = () =>
    page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  const cycleScreen = async () => {
    await screen('進捗調査');
    await main()
      .getByRole('heading', { level: 3, name: new RegExp(`${YEAR_LABEL}$`) })
      .waitFor();
  };

  test(
    'unsaved 取組・方向性 and an unsaved actual: a tree click asks, and leaving the page warns',
    async () => {
      await openPolicy();
      expect(await warnsOnUnload()).toBe(false);
      const list = editor().getByRole('region', { name: DIRECTIONS, exact: true });
      await list.getByRole('button', { name: '項目を追加' }).click();
      await list.getByRole('textbox').last().fill('未保存の方向性（e2e）');
      expect(await warnsOnUnload()).toBe(true);

      // Cancelled: the policy and the typed text stay.
      let asked = answerNext(false);
      await tree().getByRole('treeitem', { name: GOAL }).click();
      expect(await asked).toBe(UNSAVED);
      await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
      expect(await list.getByRole('textbox').last().inputValue()).toBe('未保存の方向性（e2e）');

      // Back, cancelled, stays too.
      asked = answerNext(false);
      await page.goBack();
      expect(await asked).toBe(UNSAVED);
      await main().getByRole('heading', { level: 2, name: POLICY }).waitFor();
      expect(await list.getByRole('textbox').last().inputValue()).toBe('未保存の方向性（e2e）');

      // Agreed: the app moves and nothing is left to warn about.
      asked = answerNext(true);
      await screen('進捗調査');
      expect(await asked).toBe(UNSAVED);
      await main().getByRole('heading', { level: 2, name: '進捗調査' }).waitFor();
      expect(await warnsOnUnload()).toBe(false);

      // An actual typed and not saved asks the same before 「← 指標の一覧に戻る」.
      await openPolicy();
      await kpis().getByRole('button', { name: KPI, exact: true }).click();
      await kpis()
        .getByRole('heading', { level: 4, name: new RegExp(KPI) })
        .waitFor();
      await kpis()
        .getByRole('textbox', { name: /^実績値/ })
        .fill('12345');
      expect(await warnsOnUnload()).toBe(true);
      asked = answerNext(false);
      await kpis().getByRole('button', { name: '← 指標の一覧に戻る' }).click();
      expect(await asked).toBe(UNSAVED);
      expect(
        await kpis()
          .getByRole('textbox', { name: /^実績値/ })
          .inputValue(),
      ).toBe('12345');
      asked = answerNext(true);
      await kpis().getByRole('button', { name: '← 指標の一覧に戻る' }).click();
      await asked;
      await kpis().getByRole('button', { name: KPI, exact: true }).waitFor();
      expect(await warnsOnUnload()).toBe(false);
    },
    TIMEOUT,
  );

  test(
    '提出する asks first, naming the part; a save after it is refused in the server’s words',
    async () => {
      const kikaku = await apiSession(app.url, 'kikaku');
      const plans = (await (await kikaku.fetch('/api/plans')).json()) as { id: number; kind: string }[];
      const planId = plans.find((p) => p.kind === 'plan')?.id ?? 0;
      const opened = await kikaku.fetch(`/api/plans/${planId}/cycles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fiscalYear: YEAR, deadline: dayFromNow(30), note: '' }),
      });
      expect(opened.status).toBeLessThan(300);

      await cycleScreen();
      const own = main().getByRole('region', { name: '観光政策課の提出' });
      const before = posts.length;
      let asked = answerNext(false);
      await own.getByRole('button', { name: '提出する' }).click();
      expect(await asked).toMatch(new RegExp(`^観光政策課の${YEAR_LABEL}の分を提出しますか？`));
      expect(posts.slice(before).filter((path) => path.endsWith('/submit'))).toEqual([]);
      asked = answerNext(true);
      await own.getByRole('button', { name: '提出する' }).click();
      await asked;
      await main().getByRole('status').getByText('観光政策課の分を提出しました。').waitFor();

      // The KPI page: the 409 names the submitted part, not someone saving first.
      await openPolicy();
      await kpis().getByRole('button', { name: KPI, exact: true }).click();
      await kpis()
        .getByRole('heading', { level: 4, name: new RegExp(KPI) })
        .waitFor();
      await kpis()
        .getByRole('textbox', { name: /^実績値/ })
        .fill('9999');
      await kpis().getByRole('button', { name: '保存', exact: true }).first().click();
      const alert = kpis().getByRole('alert').first();
      await alert.waitFor();
      const said = (await alert.textContent()) ?? '';
      expect(said).toContain(LOCKED);
      expect(said).not.toContain('他の人が先に');

      // The 取組・方向性 editor says the same.
      const list = editor().getByRole('region', { name: DIRECTIONS, exact: true });
      await list.getByRole('button', { name: '項目を追加' }).click();
      await list.getByRole('textbox').last().fill('提出後の書き込み（e2e）');
      await editor().getByRole('button', { name: '保存', exact: true }).click();
      const refused = editor().getByRole('alert');
      await refused.waitFor();
      expect(await refused.textContent()).toContain(LOCKED);
      expect(await refused.textContent()).not.toContain('他の人が先に');
    },
    TIMEOUT,
  );

  test(
    '企画: 代理で提出, 承認 and 年度を確定 ask first; each row’s buttons name the department; 差戻し focuses its reason',
    async () => {
      // The unsaved text of the editor is dropped on purpose.
      const left = answerNext(true);
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await left;
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      await signInWithForm(page, 'kikaku');
      await cycleScreen();
      const board = main().getByRole('table', { name: /^担当課（\d+課）$/ });
      const row = (department: string) => board.getByRole('row', { name: new RegExp(`^${department}`) });

      // No two buttons share a name: each says whose part it moves.
      expect(await board.getByRole('button', { name: '代理で提出', exact: true }).count()).toBe(0);
      const proxy = board.getByRole('button', { name: '商工労働課の分を代理で提出', exact: true });
      expect(await proxy.count()).toBe(1);

      const before = posts.length;
      let asked = answerNext(false);
      await proxy.click();
      expect(await asked).toContain(`商工労働課の${YEAR_LABEL}の分を、商工労働課に代わって提出しますか？`);
      expect(posts.slice(before)).toEqual([]);
      expect(await row('商工労働課').textContent()).not.toContain('提出済');
      asked = answerNext(true);
      await proxy.click();
      await asked;
      await main().getByRole('status').getByText('商工労働課の分を提出しました。').waitFor();

      const approve = row('商工労働課').getByRole('button', { name: '商工労働課の分を承認', exact: true });
      asked = answerNext(false);
      await approve.click();
      expect(await asked).toBe(`商工労働課の${YEAR_LABEL}の分を承認しますか？`);
      expect(await row('商工労働課').textContent()).not.toContain('承認済');
      asked = answerNext(true);
      await approve.click();
      await asked;
      await main().getByRole('status').getByText('商工労働課の分を承認しました。').waitFor();

      // 差戻し: the reason box takes the focus; やめる gives it back to 差戻し.
      await row('観光政策課').getByRole('button', { name: '観光政策課の分を差戻し', exact: true }).click();
      const reason = row('観光政策課').getByRole('textbox', { name: '差戻しの理由（観光政策課）' });
      await expect.poll(() => reason.evaluate((element) => element === document.activeElement)).toBe(true);
      await row('観光政策課').getByRole('button', { name: 'やめる' }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
        .toBe('観光政策課の分を差戻し');

      // 年度を確定, cancelled, sends nothing.
      const sent = posts.length;
      asked = answerNext(false);
      await main().getByRole('button', { name: '年度を確定' }).click();
      expect(await asked).toMatch(new RegExp(`^${YEAR_LABEL}を確定しますか？`));
      expect(posts.slice(sent)).toEqual([]);
      expect(await main().getByRole('heading', { level: 3, name: '年度の確定' }).count()).toBe(1);
    },
    TIMEOUT,
  );
});
