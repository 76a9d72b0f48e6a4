/**
 * Keys shaped for a distributed PostgreSQL (Citus-style, distributed by `municipality_id`), checked
 * against the database catalog rather than the Drizzle schema, so a hand-written migration cannot
 * slip past: in every table that carries a municipality, the primary key, every unique index and
 * every foreign key to another such table include `municipality_id`. Also: migration 0006, which
 * made the keys so, applies to a database that already holds data.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { getTableName, isTable, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client.ts';
import * as schema from './schema.ts';
import { testBackends } from './test-backends.ts';

/** Tables shared by all municipalities (Citus: reference tables); their keys are their own. */
const REFERENCE_TABLES = ['municipality'];

/**
 * Unique indexes that may leave out `municipality_id`. Each is looked up before the municipality
 * is known (the row found says which it is), so it must be unique across all municipalities.
 */
const GLOBAL_UNIQUE_INDEXES = [
  // The session cookie's token hash: a request is matched to its session, and so its city, by it.
  'user_session_token_uq',
  // The OpenID Connect `state` the provider's callback brings back, before any session exists.
  'pending_sign_in_state_uq',
];

const MUNICIPALITY = 'municipality_id';

type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const columns = (list: unknown) => (typeof list === 'string' && list !== '' ? list.split(',') : []);

/** What the catalog says about the keys of the public tables. */
async function readKeys(db: Executor) {
  const tables = rowsOf<{ name: string; tenant: boolean }>(
    await db.execute(sql`
      select c.relname as name,
             exists (select 1 from pg_attribute a
                     where a.attrelid = c.oid and a.attname = ${MUNICIPALITY} and not a.attisdropped) as tenant
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      order by c.relname`),
  );
  const constraints = rowsOf<{
    table: string;
    name: string;
    type: 'p' | 'f';
    ref: string | null;
    cols: string;
    refcols: string | null;
    /** Every column of the constraint is NOT NULL (so a foreign key is checked on every row). */
    required: boolean;
  }>(
    await db.execute(sql`
      select t.relname as "table", con.conname as name, con.contype as type, r.relname as ref,
             (select string_agg(a.attname, ',' order by k.i)
              from unnest(con.conkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as cols,
             (select string_agg(a.attname, ',' order by k.i)
              from unnest(con.confkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) as refcols,
             (select bool_and(a.attnotnull)
              from unnest(con.conkey) k(n)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) as required
      from pg_constraint con
      join pg_class t on t.oid = con.conrelid
      left join pg_class r on r.oid = con.confrelid
      where t.relnamespace = 'public'::regnamespace and con.contype in ('p', 'f')
      order by t.relname, con.conname`),
  );
  const uniqueIndexes = rowsOf<{ table: string; name: string; cols: string }>(
    await db.execute(sql`
      select t.relname as "table", i.relname as name,
             (select string_agg(a.attname, ',' order by k.i)
              from unnest(x.indkey::int2[]) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n) as cols
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      where t.relnamespace = 'public'::regnamespace and x.indisunique and not x.indisprimary
      order by t.relname, i.relname`),
  );
  return { tables, constraints, uniqueIndexes };
}

/** Every departure from municipality-scoped keys, as readable sentences; none is the goal. */
async function keyProblems(db: Executor): Promise<string[]> {
  const { tables, constraints, uniqueIndexes } = await readKeys(db);
  const tenant = new Set(
    tables.filter((t) => t.tenant && !REFERENCE_TABLES.includes(t.name)).map((t) => t.name),
  );
  const problems: string[] = [];
  for (const t of tables) {
    if (!t.tenant && !REFERENCE_TABLES.includes(t.name))
      problems.push(`${t.name}: no ${MUNICIPALITY} column`);
  }
  for (const name of tenant) {
    const pk = constraints.find((c) => c.table === name && c.type === 'p');
    if (!pk) problems.push(`${name}: no primary key`);
    else if (!columns(pk.cols).includes(MUNICIPALITY)) {
      problems.push(`${name}: primary key ${pk.name} (${pk.cols}) lacks ${MUNICIPALITY}`);
    }
  }
  for (const ix of uniqueIndexes) {
    if (!tenant.has(ix.table) || GLOBAL_UNIQUE_INDEXES.includes(ix.name)) continue;
    if (!columns(ix.cols).includes(MUNICIPALITY)) {
      problems.push(`${ix.table}: unique index ${ix.name} (${ix.cols}) lacks ${MUNICIPALITY}`);
    }
  }
  for (const fk of constraints) {
    if (fk.type !== 'f' || !fk.ref || !tenant.has(fk.ref)) continue;
    const from = columns(fk.cols);
    const to = columns(fk.refcols);
    const at = from.indexOf(MUNICIPALITY);
    if (at < 0 || to[at] !== MUNICIPALITY) {
      problems.push(
        `${fk.table}: foreign key ${fk.name} (${fk.cols}) → ${fk.ref} (${fk.refcols}) does not pair ${MUNICIPALITY}`,
      );
    }
  }
  for (const name of tenant) {
    const own = constraints.filter((c) => c.table === name && c.type === 'f');
    const toMunicipality = own.find((c) => c.ref === 'municipality');
    const parent = own.find(
      (c) => c.required && c.ref !== null && tenant.has(c.ref) && columns(c.cols).includes(MUNICIPALITY),
    );
    if (parent && toMunicipality) {
      problems.push(
        `${name}: foreign key ${toMunicipality.name} repeats what ${parent.name} → ${parent.ref} already ensures`,
      );
    }
    if (!parent && !toMunicipality) problems.push(`${name}: nothing ties ${MUNICIPALITY} to a municipality`);
  }
  return problems;
}

describe.each(testBackends())('tenant keys on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('puts municipality_id in every primary key, unique index and foreign key between tenant tables, and ties it to a municipality once', async () => {
    expect(await keyProblems(handle.db)).toEqual([]);
  });

  it('checks every table of the schema, with the composite keys and the allow-listed indexes present', async () => {
    const { tables, constraints, uniqueIndexes } = await readKeys(handle.db);
    const schemaTables = Object.values(schema)
      .filter(isTable)
      .map((t) => getTableName(t))
      .sort();
    expect(tables.map((t) => t.name).sort()).toEqual(schemaTables);
    expect(tables.filter((t) => t.tenant).length).toBeGreaterThanOrEqual(15);
    const pkOf = (table: string) => constraints.find((c) => c.table === table && c.type === 'p')?.cols;
    expect(pkOf('plan')).toBe('municipality_id,id');
    expect(pkOf('change_log')).toBe('municipality_id,id');
    expect(pkOf('municipality')).toBe('id');
    const fk = constraints.find((c) => c.name === 'user_session_user_fk');
    expect([fk?.cols, fk?.ref, fk?.refcols]).toEqual([
      'municipality_id,user_id',
      'app_user',
      'municipality_id,id',
    ]);
    // The municipality is tied directly where nothing else does, and through the parent elsewhere.
    const toMunicipality = (table: string) =>
      constraints.some((c) => c.table === table && c.type === 'f' && c.ref === 'municipality');
    expect(['plan', 'change_log', 'app_user'].map(toMunicipality)).toEqual([true, true, true]);
    expect(['kpi', 'kpi_actual', 'plan_node'].map(toMunicipality)).toEqual([false, false, false]);
    // The allow-list names indexes that exist, so a rename cannot leave a stale exception behind.
    expect(GLOBAL_UNIQUE_INDEXES.filter((name) => !uniqueIndexes.some((ix) => ix.name === name))).toEqual([]);
  });

  it('refuses a row that references another municipality’s row', async () => {
    const { db } = handle;
    const [a] = await db
      .insert(schema.municipality)
      .values({ localGovCode: '352136', name: '美祢市' })
      .returning();
    const [b] = await db
      .insert(schema.municipality)
      .values({ localGovCode: '131016', name: '千代田区' })
      .returning();
    const [p] = await db
      .insert(schema.plan)
      .values({ municipalityId: a?.id ?? 0, name: '総合計画', levels: [], progressLevel: 1 })
      .returning();
    const node = { planId: p?.id ?? 0, path: '1', level: 1, number: 1, title: '目標' };
    await expect(
      db.insert(schema.planNode).values({ ...node, municipalityId: b?.id ?? 0 }),
    ).rejects.toThrow();
    await db.insert(schema.planNode).values({ ...node, municipalityId: a?.id ?? 0 });
  });
});

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** The last migration before the composite keys. */
const BEFORE = '0005_tenant_row_level_security';

/** A copy of the migrations folder that ends at `lastTag`. */
function migrationsUpTo(lastTag: string): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'hoshin-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const end = journal.entries.findIndex((e) => e.tag === lastTag);
  if (end < 0) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

interface EmptyDatabase {
  db: Executor;
  migrate: (folder: string) => Promise<void>;
  close: () => Promise<void>;
}

/** An empty database with no migrations applied, on each backend. */
function emptyDatabases(): Array<{ name: string; create: () => Promise<EmptyDatabase> }> {
  const list = [
    {
      name: 'pglite',
      create: async (): Promise<EmptyDatabase> => {
        const client = new PGlite('memory://');
        const db = drizzlePglite(client);
        return {
          db,
          migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
          close: () => client.close(),
        };
      },
    },
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    list.push({
      name: 'postgres',
      create: async (): Promise<EmptyDatabase> => {
        const name = `hoshin_upgrade_${process.pid}_${Date.now()}`;
        const admin = async (statement: string) => {
          const client = new pg.Client({ connectionString: serverUrl });
          await client.connect();
          try {
            await client.query(statement);
          } finally {
            await client.end();
          }
        };
        await admin(`CREATE DATABASE ${name}`);
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
        const db = drizzlePg(pool);
        return {
          db,
          migrate: (folder) => migratePg(db, { migrationsFolder: folder }),
          close: async () => {
            await pool.end();
            await admin(`DROP DATABASE IF EXISTS ${name}`);
          },
        };
      },
    });
  }
  return list;
}

/** Row counts of the tables the upgrade test fills. */
async function counts(db: Executor) {
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      select (select count(*) from municipality)::int as municipality,
             (select count(*) from department)::int as department,
             (select count(*) from plan)::int as plan,
             (select count(*) from plan_node)::int as plan_node,
             (select count(*) from plan_node_link)::int as plan_node_link,
             (select count(*) from kpi_set)::int as kpi_set,
             (select count(*) from kpi)::int as kpi,
             (select count(*) from kpi_actual)::int as kpi_actual,
             (select count(*) from app_user)::int as app_user,
             (select count(*) from user_session)::int as user_session,
             (select count(*) from change_log)::int as change_log`),
  );
  return row;
}

describe.each(emptyDatabases())(
  'upgrading a database with data to the composite keys on $name',
  ({ create }) => {
    let database: EmptyDatabase;
    let before: ReturnType<typeof migrationsUpTo>;
    beforeAll(async () => {
      database = await create();
      before = migrationsUpTo(BEFORE);
    }, 60_000);
    afterAll(async () => {
      before?.remove();
      await database?.close();
    });

    it('keeps every row and ends with the composite keys and the row-level security policies', async () => {
      const { db } = database;
      await database.migrate(before.folder);
      // The checks see the old keys for what they are (so they would catch a table keyed on id alone).
      expect(await keyProblems(db)).toContain('plan: primary key plan_pkey (id) lacks municipality_id');

      // Written in SQL, not through the schema, so later schema changes cannot break this old data.
      await db.execute(
        sql`insert into municipality (id, local_gov_code, name) values (1, '352136', '美祢市'), (2, '131016', '千代田区')`,
      );
      await db.execute(
        sql`insert into department (id, municipality_id, code, name) values (1, 1, '企画政策課', '企画政策課'), (2, 2, '政策経営課', '政策経営課')`,
      );
      await db.execute(sql`
      insert into plan (id, municipality_id, name, kind, linked_plan_id, levels, progress_level)
      values (1, 1, '総合計画', 'plan', null, '[]', 1), (2, 1, '総合戦略', 'strategy', 1, '[]', 1),
             (3, 2, '基本構想', 'plan', null, '[]', 1)`);
      await db.execute(sql`
      insert into plan_node (id, municipality_id, plan_id, parent_id, path, level, number, title, department_id)
      values (1, 1, 1, null, '1', 1, 1, '目標', 1), (2, 1, 2, null, '1', 1, 1, '戦略', null),
             (3, 2, 3, null, '1', 1, 1, '目標', 2)`);
      await db.execute(
        sql`insert into plan_node_link (municipality_id, from_node_id, to_node_id) values (1, 2, 1)`,
      );
      await db.execute(
        sql`insert into kpi_set (id, municipality_id, plan_id, code, name, position) values (1, 1, 1, 'basic', '基本計画 KPI', 0)`,
      );
      await db.execute(sql`
      insert into kpi (id, municipality_id, kpi_set_id, node_id, code, name, direction, department_id)
      values (1, 1, 1, 1, 'K1', '転入者数', 'increase', 1)`);
      await db.execute(
        sql`insert into kpi_actual (municipality_id, kpi_id, fiscal_year, value) values (1, 1, 2024, 120)`,
      );
      await db.execute(sql`
      insert into app_user (id, municipality_id, username, display_name, role, department_id)
      values (1, 1, 'kikaku', '企画 太郎', 'planning', 1)`);
      await db.execute(sql`
      insert into user_session (municipality_id, user_id, token_hash, csrf_token, expires_at)
      values (1, 1, 'hash', 'csrf', now() + interval '1 day')`);
      await db.execute(sql`
      insert into change_log (municipality_id, table_name, row_id, action, actor, after)
      values (1, 'kpi_actual', 1, 'insert', 'kikaku', '{"value": 120}')`);
      const filled = await counts(db);

      await database.migrate(migrationsFolder);

      expect(await counts(db)).toEqual(filled);
      expect(filled).toMatchObject({ plan: 3, plan_node: 3, kpi: 1, kpi_actual: 1, change_log: 1 });
      expect(await keyProblems(db)).toEqual([]);
      const [policies] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation'`,
        ),
      );
      // 15 tables of 0005 and the cycle, notice and council tables of 0008.
      expect(policies?.n).toBe(21);
      // The cascade from a user to its sessions survived as a composite key.
      await db.execute(sql`delete from app_user where municipality_id = 1 and id = 1`);
      const [sessions] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from user_session`),
      );
      expect(sessions?.n).toBe(0);
    });
  },
);
