/**
 * A council member (審議会委員, a local account) changes the password they were given from the
 * account bar: the form names each problem beside its field and focuses it, a wrong current password
 * is refused there, and a change ends the member's other sign-ins while this page stays signed in;
 * the new password then signs in through the form.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../src/features/auth/routes.ts';
import { apiSession, severeViolations, signInWithForm, useAppPage } from './harness.ts';

const TIMEOUT = 90_000;
const NEW_PASSWORD = 'iin-own-password-2024';

describe('changing one’s own password', () => {
  const app = useAppPage('hoshin-e2e-own-password-', {}, TIMEOUT, 'iin');
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  test(
    'the account bar’s form checks its fields, refuses a wrong current password and changes the password',
    async () => {
      const elsewhere = await apiSession(app.url, 'iin');
      expect((await elsewhere.fetch('/api/plans')).status).toBe(200);

      const open = page.getByRole('button', { name: 'パスワードの変更' });
      await open.click();
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      const form = page.getByRole('region', { name: 'パスワードの変更' });
      await form.waitFor();
      const current = form.getByLabel('現在のパスワード');
      const next = form.getByLabel('新しいパスワード', { exact: true });
      const confirm = form.getByLabel('新しいパスワード（確認）');
      expect(await current.getAttribute('autocomplete')).toBe('current-password');
      expect(await next.getAttribute('autocomplete')).toBe('new-password');

      // Nothing filled: each field says so, and the first one has the focus.
      await form.getByRole('button', { name: '変更する' }).click();
      expect(await current.getAttribute('aria-invalid')).toBe('true');
      expect(await current.evaluate((el) => el === document.activeElement)).toBe(true);
      const describedBy = (await current.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
        '現在のパスワードを入力してください',
      );
      expect(await severeViolations(page)).toEqual([]);

      // Too short a new password is named beside its field.
      await current.fill(DEMO_PASSWORD);
      await next.fill('short');
      await confirm.fill('short');
      await form.getByRole('button', { name: '変更する' }).click();
      expect(await next.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await form.textContent()).toContain('10文字以上');

      // A wrong current password: the server refuses, beside the current password.
      await current.fill('not the password');
      await next.fill(NEW_PASSWORD);
      await confirm.fill(NEW_PASSWORD);
      await form.getByRole('button', { name: '変更する' }).click();
      await form.getByText('現在のパスワードが違います。').waitFor();
      expect(await current.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await current.getAttribute('aria-invalid')).toBe('true');

      // The right one: changed, the other sign-in ended, this page still signed in.
      await current.fill(DEMO_PASSWORD);
      await form.getByRole('button', { name: '変更する' }).click();
      const status = form.getByRole('status');
      await status.getByText('パスワードを変更しました').waitFor();
      expect(await status.textContent()).toContain('（1件）は終了しました');
      expect(await current.inputValue()).toBe('');
      expect((await elsewhere.fetch('/api/plans')).status).toBe(401);
      await page.screenshot({ path: join(tmpdir(), 'hoshin-own-password.png') });
      expect(await severeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      expect(await open.getAttribute('aria-expanded')).toBe('false');
      expect(await open.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.reload();
      await page.getByRole('button', { name: 'ログアウト' }).waitFor();

      // Signed out, the new password signs in through the form; the old one no longer does.
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
      await expect(apiSession(app.url, 'iin')).rejects.toThrow(/401/);
      await signInWithForm(page, 'iin', NEW_PASSWORD);
    },
    TIMEOUT,
  );
});
