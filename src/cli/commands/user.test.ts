import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appUser, changeLog } from '../../db/schema.ts';
import { verifyPassword } from '../../features/auth/password.ts';
import { hoshinWithInput, inspectDataDir as inspect, useTempDataDir } from '../test-support.ts';

const seed = fileURLToPath(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
);

/** Runs `hoshin …` with `stdin` as standard input. */
const run = (argv: string[], stdin = '') => hoshinWithInput(argv, stdin);

describe('hoshin user', () => {
  useTempDataDir('hoshin-user-');

  it('adds an administrator with the password from standard input, logged under the OS user', async () => {
    expect(
      (await run(['import', 'report', seed, '--municipality', '352136', '--municipality-name', '美祢市']))
        .code,
    ).toBe(0);
    const added = await run(
      ['user', 'add', 'kanri', '--role', '管理者', '--display-name', '管理 太郎'],
      'kanri-password-2024\n',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toContain('ユーザーを追加しました: kanri（管理 太郎、管理者）');
    const list = await run(['user', 'list']);
    expect(list.out).toContain('kanri\t管理 太郎\t管理者\t－\tローカル\t有効');
    await inspect(async (db) => {
      const [user] = await db.select().from(appUser).where(eq(appUser.username, 'kanri'));
      expect(user?.role).toBe('administrator');
      expect(await verifyPassword('kanri-password-2024', user?.passwordHash ?? '')).toBe(true);
      const [log] = await db.select().from(changeLog).where(eq(changeLog.tableName, 'app_user'));
      expect(log?.actor).toMatch(/（CLI: user add）$/);
      expect(JSON.stringify(log?.after)).not.toContain('scrypt');
    });
  }, 60_000);

  it('refuses a short password, an unknown role and a missing department in Japanese, adding no one', async () => {
    const short = await run(['user', 'add', 'a1', '--role', '企画'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('パスワードは10文字以上');
    const badRole = await run(['user', 'add', 'a2', '--role', '課長'], 'long-enough-password\n');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('管理者・企画・担当課・審議会委員・閲覧');
    const noDept = await run(
      ['user', 'add', 'a3', '--role', '担当課', '--department', '存在しない課'],
      'long-enough-password\n',
    );
    expect(noDept.code).toBe(1);
    expect(noDept.err).toContain('課「存在しない課」は登録されていません');
    const names = await inspect(async (db) => (await db.select().from(appUser)).map((u) => u.username));
    expect(names).toEqual(['kanri']);
  }, 60_000);

  it('resets a password and disables an account', async () => {
    expect((await run(['user', 'add', 'sato', '--role', '閲覧'], 'first-password-1\n')).code).toBe(0);
    expect((await run(['user', 'password', 'sato'], 'second-password-2\n')).code).toBe(0);
    expect((await run(['user', 'disable', 'sato'])).out).toContain('sato を無効にしました');
    await inspect(async (db) => {
      const [user] = await db.select().from(appUser).where(eq(appUser.username, 'sato'));
      expect(await verifyPassword('second-password-2', user?.passwordHash ?? '')).toBe(true);
      expect(user?.disabled).toBe(true);
    });
  }, 60_000);
});
