import { parse as parseCsv } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { municipality } from '../../db/schema.ts';
import { asApp } from '../../db/tenant.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import type { ChangeLogExport } from './contract.ts';
import { CHANGE_LOG_CSV_HEADERS } from './export.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const HOSTILE = '=HYPERLINK("http://x","y")';

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    return cause?.message ?? (error as Error).message;
  }
  return 'accepted';
}

describe.each(testBackends())('change log on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let planning: TestClient;
  let viewer: TestClient;
  let mine: number;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    db = handle.db;
    await importKpiTable(
      db,
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5',
        `1,1,①,基本計画,"${HOSTILE.replace(/"/gu, '""')}",人,増加,観光政策課,100`,
      ]),
      { fileName: 'mine.csv', actor: 'test', localGovCode: '352136' },
    );
    await importKpiTable(
      db,
      csv([
        '政策,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1 安心,① 防災,基本計画,防災訓練参加者数,人,増加,危機管理課,500',
      ]),
      {
        fileName: 'other.csv',
        actor: 'test',
        localGovCode: '131016',
        municipalityName: '千代田区',
        planName: '千代田区基本計画',
        levels: ['政策', '施策'],
      },
    );
    const app = createApi(db);
    planning = await signedIn(app, db, { role: 'planning' });
    viewer = await signedIn(app, db, { role: 'viewer' });
    const [m] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    mine = m?.id ?? 0;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  describe('is append-only', () => {
    const statements = {
      UPDATE: sql`update change_log set actor = 'someone else'`,
      'UPDATE of no row': sql`update change_log set actor = 'x' where id < 0`,
      DELETE: sql`delete from change_log`,
      'DELETE of no row': sql`delete from change_log where id < 0`,
      TRUNCATE: sql`truncate change_log`,
    };
    for (const [name, statement] of Object.entries(statements)) {
      it(`refuses ${name} by the table owner`, async () => {
        const count = async () =>
          (
            (await db.execute(sql`select count(*)::int as n from change_log`)) as unknown as {
              rows: unknown[];
            }
          ).rows;
        const before = await count();
        expect(await refusal(db.execute(statement))).toMatch(/追記のみ/u);
        expect(await count()).toEqual(before);
      });
      it(`refuses ${name} by the app role`, async () => {
        // The app role has no UPDATE, DELETE or TRUNCATE privilege (PostgreSQL's own message), or
        // meets the trigger.
        expect(await refusal(asApp(db, { municipalityId: mine }, (tx) => tx.execute(statement)))).toMatch(
          /追記のみ|permission denied/u,
        );
      });
    }

    it('still takes new entries from the app role', async () => {
      await asApp(db, { municipalityId: mine }, (tx) =>
        tx.execute(
          sql`insert into change_log (municipality_id, table_name, row_id, action, actor, after) values (${mine}, 'kpi', 1, 'insert', 'test', '{}'::jsonb)`,
        ),
      );
    });
  });

  it('exports the municipality’s log as JSON for the planning division, oldest first', async () => {
    const res = await planning.request('/api/change-log?format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/u);
    const body = (await res.json()) as ChangeLogExport;
    expect(body.municipality).toBe('352136');
    expect(body.entries.length).toBeGreaterThan(10);
    expect(body.entries.map((e) => e.id)).toEqual([...body.entries.map((e) => e.id)].sort((a, b) => a - b));
    const names = body.entries.map((e) => (e.after as { name?: string } | null)?.name);
    expect(names).toContain(HOSTILE);
    // Another municipality's entries are not there.
    expect(names).not.toContain('防災訓練参加者数');
    for (const e of body.entries) expect(JSON.stringify(e)).not.toMatch(/password|scrypt/iu);
  });

  it('exports CSV with a BOM, the Japanese headers and neutralised cells', async () => {
    const res = await planning.request('/api/change-log?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/u);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.subarray(3))) as string[][];
    expect(rows[0]).toEqual([...CHANGE_LOG_CSV_HEADERS]);
    const kpiRow = rows.find((r) => r[2] === 'kpi' && r[4] === '追加' && r[6]?.includes('HYPERLINK'));
    expect(kpiRow?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u);
    expect(JSON.parse(kpiRow?.[6] ?? 'null')).toMatchObject({ name: HOSTILE });
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/u);
  });

  it('selects by date', async () => {
    const all = ((await (await planning.request('/api/change-log')).json()) as ChangeLogExport).entries;
    const future = (await (
      await planning.request('/api/change-log?from=2999-01-01')
    ).json()) as ChangeLogExport;
    expect(future.entries).toEqual([]);
    const today = all.at(-1)?.changedAt ?? '';
    const upTo = (await (
      await planning.request(`/api/change-log?to=${encodeURIComponent(today)}`)
    ).json()) as ChangeLogExport;
    expect(upTo.entries).toEqual(all);
    const past = (await (await planning.request('/api/change-log?to=2000-01-01')).json()) as ChangeLogExport;
    expect(past.entries).toEqual([]);
  });

  it('refuses other users and bad ranges', async () => {
    expect((await viewer.request('/api/change-log')).status).toBe(403);
    const bad = await planning.request('/api/change-log?from=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/from/u);
    expect((await planning.request('/api/change-log?format=xml')).status).toBe(400);
    expect((await planning.request('/api/change-log?to=2024-13-45')).status).toBe(400);
  });
});
