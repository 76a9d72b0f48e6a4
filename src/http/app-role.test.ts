/**
 * On a PostgreSQL server the requests can run on a connection of their own whose role owns no
 * table (DATABASE_APP_URL): sign-in, reading and writing all work through row-level security, and
 * the same connection sees nothing without a scope. PostgreSQL only (PGlite has one connection).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { withTenant } from '../db/tenant.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';
import { systemScope } from '../features/users/demo-accounts.ts';
import { createUser } from '../features/users/service.ts';
import { SEED_MARKDOWN } from '../services/test-support.ts';
import { createApi } from './app.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const APP_LOGIN = 'hoshin_web_test';

it('runs on PostgreSQL under npm test', () => {
  if (process.env.HOSHIN_REQUIRE_POSTGRES === '1') expect(serverUrl).toBeTruthy();
});

describe.runIf(serverUrl)('requests on a login role that owns nothing (PostgreSQL)', () => {
  const name = `hoshin_approle_${process.pid}_${Date.now()}`;
  let owner: DatabaseHandle;
  let app: DatabaseHandle;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const ownerUrl = new URL(serverUrl ?? '');
    ownerUrl.pathname = `/${name}`;
    owner = await openDatabase({ databaseUrl: ownerUrl.toString() });
    await importProgressReport(owner.db, SEED_MARKDOWN, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    await withTenant(owner.db, 1, (tx) =>
      createUser(tx, systemScope({ id: 1, localGovCode: '352136', name: '美祢市' }, 't'), {
        username: 'kikaku',
        displayName: '企画 太郎',
        role: 'planning',
        password: 'kikaku-password-1',
      }),
    );
    // The DBA's part: a login role for the web server, member of hoshin_app (made by the migrations).
    await admin(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_LOGIN}') THEN
        CREATE ROLE ${APP_LOGIN} LOGIN IN ROLE hoshin_app;
      END IF; END $$`);
    const appUrl = new URL(ownerUrl);
    appUrl.username = APP_LOGIN;
    appUrl.password = '';
    app = await openDatabase({ databaseUrl: appUrl.toString(), migrate: false });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await admin(`DROP DATABASE IF EXISTS ${name}`);
  });

  it('owns no table and sees nothing without a scope', async () => {
    const rows = (await app.db.execute(
      `select current_user as who, (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owned, (select count(*)::int from plan) as plans` as never,
    )) as unknown as { rows: Array<{ who: string; owned: number; plans: number }> };
    expect(rows.rows[0]).toEqual({ who: APP_LOGIN, owned: 0, plans: 0 });
    await expect(app.db.execute('create table sneaky (id int)' as never)).rejects.toThrow();
  });

  it('signs in, reads and writes through row-level security alone', async () => {
    const api = createApi(app.db);
    const login = await api.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'kikaku', password: 'kikaku-password-1' }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = await login.json();
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const plans = await (await api.request('/api/plans', { headers: { cookie } })).json();
    expect(plans.map((p: { name: string }) => p.name)).toEqual(['第二次美祢市総合計画']);
    const created = await api.request('/api/departments', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'kanko', name: '観光政策課' }),
    });
    expect(created.status).toBe(200);
    const out = await api.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(200);
    expect((await api.request('/api/plans', { headers: { cookie } })).status).toBe(401);
  });
});
