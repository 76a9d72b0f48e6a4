/**
 * Sign-in over HTTP as a browser does it: the cookie, a new session at every sign-in (no fixation),
 * CSRF refusals, throttling, expiry, sign-out — and no password or hash in any answer or log.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, loginThrottle } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn } from '../../test-support/signed-in.ts';
import { THROTTLE } from './session.ts';

const PASSWORD = 'correct horse battery';

describe.each(testBackends())('sign-in on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let now = new Date('2024-06-01T00:00:00Z');
  let app: ReturnType<typeof createApi>;

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

  beforeAll(async () => {
    handle = await openWithSeed(open);
    app = createApi(handle.db, {
      now: () => now,
      sessionSettings: { idleMs: 3600_000, absoluteMs: 8 * 3600_000 },
    });
    const admin = await signedIn(app, handle.db, { role: 'administrator' });
    const created = await admin.request('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'yamada',
        displayName: '山田 花子',
        role: 'planning',
        password: PASSWORD,
      }),
    });
    expect(created.status).toBe(200);
    const body = await created.text();
    expect(body).not.toContain('scrypt');
    expect(body).not.toContain(PASSWORD);
  }, 60_000);
  beforeEach(async () => {
    now = new Date(now.getTime() + 24 * 3600_000);
    await handle.db.delete(loginThrottle);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('signs in with an HttpOnly SameSite cookie, reads data with it, and signs out', async () => {
    const res = await login({ username: 'yamada', password: PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^hoshin_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here; https requests get Secure
    const session = await res.json();
    expect(session).toMatchObject({
      signedIn: true,
      role: 'planning',
      roleLabel: '企画',
      user: { displayName: '山田 花子' },
    });
    const cookie = cookieOf(res);
    expect((await app.request('/api/plans', { headers: { cookie } })).status).toBe(200);
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(200);
    expect((await app.request('/api/plans', { headers: { cookie } })).status).toBe(401);
    expect(await (await app.request('/api/auth/session', { headers: { cookie } })).json()).toEqual({
      signedIn: false,
    });
  });

  it('marks the cookie Secure over HTTPS', async () => {
    const res = await app.request('https://hoshin.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'yamada', password: PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('never promotes a session token the client brought (session fixation)', async () => {
    const planted = 'hoshin_session=attacker-chosen-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const res = await login({ username: 'yamada', password: PASSWORD }, { cookie: planted });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).not.toBe(planted);
    expect((await app.request('/api/plans', { headers: { cookie: planted } })).status).toBe(401);
    // A victim's earlier session in the same browser ends at the new sign-in too.
    const first = cookieOf(await login({ username: 'yamada', password: PASSWORD }));
    const second = cookieOf(await login({ username: 'yamada', password: PASSWORD }, { cookie: first }));
    expect((await app.request('/api/plans', { headers: { cookie: first } })).status).toBe(401);
    expect((await app.request('/api/plans', { headers: { cookie: second } })).status).toBe(200);
  });

  it('refuses a state-changing request without the CSRF token or from another site (403), changing nothing', async () => {
    const res = await login({ username: 'yamada', password: PASSWORD });
    const cookie = cookieOf(res);
    const { csrfToken } = await res.json();
    const logBefore = (await handle.db.select().from(changeLog)).length;
    const put = (headers: Record<string, string>) =>
      app.request('/api/kpis/1/administrative-status', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ administrativeStatus: 'suspended' }),
      });
    const missing = await put({});
    expect(missing.status).toBe(403);
    expect((await missing.json()).error).toContain('再読み込み');
    expect((await put({ 'x-csrf-token': 'guess' })).status).toBe(403);
    const crossSite = await put({ 'x-csrf-token': csrfToken, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await put({ 'x-csrf-token': csrfToken, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const crossLogin = await login(
      { username: 'yamada', password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(crossLogin.status).toBe(403);
    expect((await handle.db.select().from(changeLog)).length).toBe(logBefore);
  });

  it('gives one message for an unknown user and a wrong password, and locks an account after repeated failures', async () => {
    const unknown = await login({ username: 'nobody', password: PASSWORD });
    const wrong = await login({ username: 'yamada', password: 'wrong password!' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    for (let i = 1; i < THROTTLE.perAccount; i++) await login({ username: 'yamada', password: `wrong ${i}` });
    const locked = await login({ username: 'yamada', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect((await locked.json()).error).toMatch(/分後/);
    now = new Date(now.getTime() + THROTTLE.lockMs + 1000);
    expect((await login({ username: 'yamada', password: PASSWORD })).status).toBe(200);
  });

  it('ends a session left unused past the idle limit', async () => {
    const cookie = cookieOf(await login({ username: 'yamada', password: PASSWORD }));
    expect((await app.request('/api/plans', { headers: { cookie } })).status).toBe(200);
    now = new Date(now.getTime() + 3600_000 + 1000);
    const expired = await app.request('/api/plans', { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toBe('ログインしてください。');
  });

  it('refuses a disabled account and ends its sessions', async () => {
    const res = await login({ username: 'yamada', password: PASSWORD });
    const cookie = cookieOf(res);
    const admin = await signedIn(app, handle.db, { role: 'administrator' });
    const users = await (await admin.request('/api/users')).json();
    const yamada = users.find((u: { username: string }) => u.username === 'yamada');
    const disabled = await admin.request(`/api/users/${yamada.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true, version: yamada.version }),
    });
    expect(disabled.status).toBe(200);
    expect((await app.request('/api/plans', { headers: { cookie } })).status).toBe(401);
    expect((await login({ username: 'yamada', password: PASSWORD })).status).toBe(401);
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'app_user'));
    expect(JSON.stringify(log)).not.toMatch(/scrypt\$/);
    expect(log.at(-1)?.actor).toBe(admin.actor);
  });

  it('keeps an e-mail address for notices: set and cleared by the administrator, a malformed one refused', async () => {
    const admin = await signedIn(app, handle.db, { role: 'administrator' });
    const patch = (id: number, body: unknown) =>
      admin.request(`/api/users/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const find = async () =>
      (
        (await (await admin.request('/api/users')).json()) as Array<{
          id: number;
          username: string;
          email: string | null;
          version: number;
        }>
      ).find((u) => u.username === 'yamada');
    const before = await find();
    if (!before) throw new Error('yamada is missing');
    const bad = await patch(before.id, { email: 'not an address', version: before.version });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('メールアドレス');
    expect(
      (await patch(before.id, { email: 'yamada@city.example.lg.jp', version: before.version })).status,
    ).toBe(200);
    const set = await find();
    expect(set?.email).toBe('yamada@city.example.lg.jp');
    expect((await patch(before.id, { email: '', version: set?.version })).status).toBe(200);
    expect((await find())?.email).toBeNull();
  });
});
