import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client.ts';
import {
  type ChangeContext,
  insertLogged,
  insertManyLogged,
  updateManyLogged,
  VersionConflictError,
} from './history.ts';
import { changeLog, municipality, plan, planNode } from './schema.ts';
import { testBackends } from './test-backends.ts';

describe.each(testBackends())('bulk logged writes on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let ctx: ChangeContext;
  let planId: number;
  beforeEach(async () => {
    handle = await open();
    const [owner] = await handle.db
      .insert(municipality)
      .values({ localGovCode: `9${Date.now() % 100000}`, name: '試験市' })
      .returning();
    ctx = { municipalityId: owner?.id ?? 0, actor: 'test' };
    const row = await insertLogged(
      handle.db,
      plan,
      'plan',
      {
        municipalityId: ctx.municipalityId,
        name: '計画',
        levels: [{ name: '政策', numbering: 'arabic' }],
        progressLevel: 1,
      },
      ctx,
    );
    planId = row.id;
  });
  afterEach(() => handle.close());

  const nodes = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      municipalityId: ctx.municipalityId,
      planId,
      path: String(i + 1),
      level: 1,
      number: i + 1,
      title: `政策${i + 1}`,
      ...(i % 2 === 0 ? { retired: false } : {}),
    }));
  const logOf = (ids: number[]) =>
    handle.db
      .select()
      .from(changeLog)
      .where(and(eq(changeLog.tableName, 'plan_node'), inArray(changeLog.rowId, ids)))
      .orderBy(asc(changeLog.id));

  it('inserts many rows and logs each as insertLogged does, in input order', async () => {
    const rows = await insertManyLogged(handle.db, planNode, 'plan_node', nodes(12), ctx);
    expect(rows.map((r) => r.path)).toEqual(nodes(12).map((n) => n.path));
    const stored = await handle.db.select().from(planNode).where(eq(planNode.planId, planId));
    // (jsonb orders an object's keys its own way: compare by value.)
    expect([...stored].sort((a, b) => a.id - b.id)).toEqual([...rows].sort((a, b) => a.id - b.id));
    const log = await logOf(rows.map((r) => r.id));
    expect(log).toHaveLength(12);
    for (const entry of log) {
      expect(entry).toMatchObject({ action: 'insert', actor: 'test', before: null });
      expect(entry.after).toEqual(rows.find((r) => r.id === entry.rowId));
    }
  });

  it('updates only rows that change, bumps their versions and logs before and after', async () => {
    const rows = await insertManyLogged(handle.db, planNode, 'plan_node', nodes(12), ctx);
    const updates = rows.map((before, i) => ({
      before,
      patch: i < 10 ? { title: `改 ${before.title}`, departmentId: null } : { title: before.title },
    }));
    const after = await updateManyLogged(handle.db, planNode, 'plan_node', updates, ctx);
    expect(after.map((r) => r.version)).toEqual(rows.map((r, i) => (i < 10 ? r.version + 1 : r.version)));
    const stored = await handle.db.select().from(planNode).where(eq(planNode.planId, planId));
    for (const row of after) expect(stored.find((r) => r.id === row.id)).toEqual(row);
    const updates_ = (await logOf(rows.map((r) => r.id))).filter((e) => e.action === 'update');
    expect(updates_).toHaveLength(10);
    for (const entry of updates_) {
      expect(entry.before).toEqual(rows.find((r) => r.id === entry.rowId));
      expect(entry.after).toEqual(after.find((r) => r.id === entry.rowId));
    }
  });

  it('refuses the whole batch when a row moved on since it was read', async () => {
    const rows = await insertManyLogged(handle.db, planNode, 'plan_node', nodes(10), ctx);
    const stale = rows.map((before) => ({ before, patch: { title: `改 ${before.title}` } }));
    await updateManyLogged(handle.db, planNode, 'plan_node', stale.slice(0, 1), ctx);
    await expect(
      handle.db.transaction((tx) => updateManyLogged(tx, planNode, 'plan_node', stale, ctx)),
    ).rejects.toBeInstanceOf(VersionConflictError);
    // Said as a user reads it: the table's Japanese name, not plan_node.
    await expect(
      handle.db.transaction((tx) => updateManyLogged(tx, planNode, 'plan_node', stale, ctx)),
    ).rejects.toThrow(/^他の人が先にこの施策体系の項目を更新しました（第1版より後の変更があります）/u);
    const stored = await handle.db.select().from(planNode).where(eq(planNode.planId, planId));
    expect(stored.filter((r) => r.title.startsWith('改'))).toHaveLength(1);
  });
});
