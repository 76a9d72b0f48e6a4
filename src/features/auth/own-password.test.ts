/**
 * Changing one's own password over HTTP (PUT /api/me/password), as a council member with a local
 * account does it: the new password signs in and the old does not, the other sessions end and this
 * one stays, a wrong current password is refused and counted by the sign-in throttle, and the
 * guard's refusals (no session, no CSRF token, another site) hold.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { appUser, changeLog, loginThrottle, municipality } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn } from '../../test-support/signed-in.ts';
import { DIRECTORY_MANAGED, SAME_AS_CURRENT, WRONG_CURRENT_PASSWORD } from './own-password.ts';
import { THROTTLE } from './session.ts';

const FIRST_PASSWORD = 'given by the office';

describe.each(testBackends())('changing one’s own password on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let now = new Date('2024-06-01T00:00:00Z');
  let app: ReturnType<typeof createApi>;
  /** The council member's password as it stands. */
  let password = FIRST_PASSWORD;

  const login = (pw: string, username = 'iin-yamada') =>
    app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: pw }),
    });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
  /** A new session of the council member: its cookie and CSRF token. */
  const session = async () => {
    const res = await login(password);
    expect(res.status).toBe(200);
    return { cookie: cookieOf(res), csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const change = (
    as: { cookie?: string; csrfToken?: string },
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request('/api/me/password', {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        ...(as.cookie ? { cookie: as.cookie } : {}),
        ...(as.csrfToken ? { 'x-csrf-token': as.csrfToken } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const signedInAs = async (cookie: string) =>
    (
      (await (await app.request('/api/auth/session', { headers: { cookie } })).json()) as {
        signedIn: boolean;
      }
    ).signedIn;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    app = createApi(handle.db, { now: () => now });
    const admin = await signedIn(app, handle.db, { role: 'administrator' });
    const created = await admin.request('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'iin-yamada',
        displayName: '審議会 山田',
        role: 'council',
        password: FIRST_PASSWORD,
      }),
    });
    expect(created.status).toBe(200);
  }, 60_000);
  beforeEach(async () => {
    now = new Date(now.getTime() + 24 * 3600_000);
    await handle.db.delete(loginThrottle);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('changes the password: the new one signs in, the old does not, other sessions end and this one stays', async () => {
    const here = await session();
    const elsewhere = await session();
    const next = 'my own new password 1';
    // A name in the body is no identity: the session says whose password changes.
    const res = await change(here, {
      currentPassword: password,
      newPassword: next,
      username: 'test-administrator',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, endedSessions: 1 });
    expect(body.message).toContain('パスワードを変更しました');
    expect(body.message).toContain('終了しました');
    expect(JSON.stringify(body)).not.toContain(next);
    // This session goes on; the other browser is signed out.
    expect(await signedInAs(here.cookie)).toBe(true);
    expect((await app.request('/api/plans', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect(await signedInAs(elsewhere.cookie)).toBe(false);
    expect((await app.request('/api/plans', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await login(password)).status).toBe(401);
    expect((await login(next)).status).toBe(200);
    password = next;
    // Logged under the member's own name, the hash masked.
    const [user] = await handle.db.select().from(appUser).where(eq(appUser.username, 'iin-yamada'));
    const log = await handle.db
      .select()
      .from(changeLog)
      .where(and(eq(changeLog.tableName, 'app_user'), eq(changeLog.rowId, user?.id ?? 0)));
    const last = log.at(-1);
    expect(last?.actor).toBe('審議会 山田（iin-yamada）');
    expect(last?.after).toMatchObject({ passwordHash: '（秘匿）' });
    expect(JSON.stringify(log)).not.toMatch(/scrypt\$/);
    const [admin] = await handle.db.select().from(appUser).where(eq(appUser.username, 'test-administrator'));
    expect(admin?.passwordHash ?? null).toBeNull();
  });

  it('refuses a wrong current password in Japanese and counts it like a failed sign-in', async () => {
    const here = await session();
    const wrong = await change(here, {
      currentPassword: 'not my password',
      newPassword: 'another new password',
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe(WRONG_CURRENT_PASSWORD);
    const [counted] = await handle.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.key, 'user:iin-yamada'));
    expect(counted?.failures).toBe(1);
    for (let i = 1; i < THROTTLE.perAccount; i++) {
      await change(here, { currentPassword: `guess ${i} xxxxx`, newPassword: 'another new password' });
    }
    // Locked now, for this form and for signing in alike, even with the right password.
    const locked = await change(here, { currentPassword: password, newPassword: 'another new password' });
    expect(locked.status).toBe(429);
    expect((await login(password)).status).toBe(429);
    now = new Date(now.getTime() + THROTTLE.lockMs + 1000);
    expect((await login(password)).status).toBe(200);
  });

  it('refuses a new password that is too short or the same as the current one, changing nothing', async () => {
    const here = await session();
    const short = await change(here, { currentPassword: password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect((await short.json()).error).toContain('10文字以上');
    const same = await change(here, { currentPassword: password, newPassword: password });
    expect(same.status).toBe(400);
    expect((await same.json()).error).toBe(SAME_AS_CURRENT);
    expect((await login(password)).status).toBe(200);
    expect(await handle.db.select().from(loginThrottle)).toEqual([]);
  });

  it('refuses a directory account: its password is the directory’s', async () => {
    const [m] = await handle.db.select().from(municipality).limit(1);
    await handle.db.insert(appUser).values({
      municipalityId: m?.id ?? 0,
      username: 'ldap-sato',
      displayName: '佐藤（ディレクトリ）',
      role: 'viewer',
      provider: 'ldap',
    });
    const sato = await signedIn(app, handle.db, { username: 'ldap-sato', role: 'viewer' });
    const res = await change(sato, { currentPassword: 'whatever it is', newPassword: 'a long new password' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(DIRECTORY_MANAGED);
    const [after] = await handle.db.select().from(appUser).where(eq(appUser.username, 'ldap-sato'));
    expect(after?.passwordHash ?? null).toBeNull();
  });

  it('refuses without a session (401), without the CSRF token or from another site (403)', async () => {
    const body = { currentPassword: password, newPassword: 'never set password' };
    const none = await change({}, body);
    expect(none.status).toBe(401);
    const here = await session();
    const noToken = await change({ cookie: here.cookie }, body);
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error).toContain('再読み込み');
    expect((await change({ cookie: here.cookie, csrfToken: 'guess' }, body)).status).toBe(403);
    expect((await change(here, body, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await change(here, body, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login('never set password')).status).toBe(401);
    expect((await login(password)).status).toBe(200);
  });
});
