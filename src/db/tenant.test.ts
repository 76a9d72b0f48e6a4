/**
 * Tenant isolation in the database itself: every table that carries a municipality is under forced
 * row-level security with a policy, a query that forgets its scope sees nothing of another city,
 * and the change log cannot be rewritten or emptied.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client.ts';
import { changeLog, kpi, municipality, plan, planNode } from './schema.ts';
import { APP_ROLE, withTenant } from './tenant.ts';
import { testBackends } from './test-backends.ts';

const rowsOf = (result: unknown) => (result as { rows: Array<Record<string, unknown>> }).rows;

describe.each(testBackends())('row-level security on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let mine = 0;
  let other = 0;
  beforeAll(async () => {
    handle = await open();
    const { db } = handle;
    const [a] = await db.insert(municipality).values({ localGovCode: '352136', name: '美祢市' }).returning();
    const [b] = await db
      .insert(municipality)
      .values({ localGovCode: '131016', name: '千代田区' })
      .returning();
    mine = a?.id ?? 0;
    other = b?.id ?? 0;
    for (const [m, name] of [
      [mine, '美祢市の計画'],
      [other, '千代田区の計画'],
    ] as const) {
      const [p] = await db
        .insert(plan)
        .values({
          municipalityId: m,
          name,
          levels: [{ name: '基本目標', numbering: 'arabic' }],
          progressLevel: 1,
        })
        .returning();
      await db.insert(planNode).values({
        municipalityId: m,
        planId: p?.id ?? 0,
        path: '1',
        level: 1,
        number: 1,
        title: `${name}の目標`,
      });
      await db
        .insert(changeLog)
        .values({ municipalityId: m, tableName: 'plan', rowId: p?.id ?? 0, action: 'insert', actor: 't' });
    }
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('forces row-level security with a policy on every table that carries a municipality', async () => {
    const tables = rowsOf(
      await handle.db.execute(sql`
        select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*) from pg_policies p where p.tablename = c.relname and p.schemaname = 'public')::int as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and (exists (select 1 from information_schema.columns col
                       where col.table_schema = 'public' and col.table_name = c.relname
                         and col.column_name = 'municipality_id')
               or c.relname = 'municipality')`),
    );
    expect(tables.length).toBeGreaterThanOrEqual(15);
    const unprotected = tables.filter((t) => !t.enabled || !t.forced || Number(t.policies) === 0);
    expect(unprotected.map((t) => t.name)).toEqual([]);
  });

  it('shows a scoped query only its own municipality, even without a where clause', async () => {
    const plans = await withTenant(handle.db, mine, (tx) => tx.select().from(plan));
    expect(plans.map((p) => p.name)).toEqual(['美祢市の計画']);
    const nodes = await withTenant(handle.db, other, (tx) => tx.select().from(planNode));
    expect(nodes.map((n) => n.title)).toEqual(['千代田区の計画の目標']);
    const log = await withTenant(handle.db, mine, (tx) => tx.select().from(changeLog));
    expect(log.every((l) => l.municipalityId === mine)).toBe(true);
  });

  it('gives a query that forgot its scope nothing at all', async () => {
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return {
        plans: await tx.select().from(plan),
        nodes: await tx.select().from(planNode),
        kpis: await tx.select().from(kpi),
      };
    });
    expect(rows).toEqual({ plans: [], nodes: [], kpis: [] });
  });

  it('refuses writing a row into another municipality, or moving one there', async () => {
    await expect(
      withTenant(handle.db, mine, (tx) =>
        tx.insert(plan).values({ municipalityId: other, name: '紛れ込み', levels: [], progressLevel: 1 }),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(handle.db, mine, (tx) => tx.update(plan).set({ municipalityId: other })),
    ).rejects.toThrow();
    const updated = await withTenant(handle.db, mine, (tx) =>
      tx.update(planNode).set({ title: '書き換え' }).where(sql`true`).returning(),
    );
    expect(updated.map((n) => n.municipalityId)).toEqual([mine]);
  });

  it('keeps the change log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(handle.db.execute(sql`update change_log set actor = 'x'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from change_log`)).rejects.toThrow();
    await expect(handle.db.execute(sql`truncate change_log`)).rejects.toThrow();
    await expect(
      withTenant(handle.db, mine, (tx) => tx.execute(sql`delete from change_log`)),
    ).rejects.toThrow();
    const count = rowsOf(await handle.db.execute(sql`select count(*)::int as n from change_log`));
    expect(count[0]?.n).toBeGreaterThanOrEqual(2);
  });
});
