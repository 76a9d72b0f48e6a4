/** The planning division edits the plan: add, rename, renumber, move, retire nodes; KPI definitions. */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, kpi, kpiSet, planNode } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';

describe.each(testBackends())('plan editing on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  let tourism: TestClient;
  let planId: number;

  const send = (client: TestClient, method: string, path: string, body: unknown) =>
    client.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const nodeAt = async (path: string) => {
    const rows = await handle.db.select().from(planNode).where(eq(planNode.planId, planId));
    const found = rows.find((n) => n.path === path);
    if (!found) throw new Error(`node ${path} missing`);
    return found;
  };
  const logOf = async (table: string, rowId: number) =>
    (await handle.db.select().from(changeLog).orderBy(asc(changeLog.id))).filter(
      (l) => l.tableName === table && l.rowId === rowId,
    );

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const app = createApi(handle.db);
    planner = await signedIn(app, handle.db, { role: 'planning' });
    tourism = await signedIn(app, handle.db, { role: 'department', department: '観光政策課' });
    const [first] = await handle.db.select().from(planNode).orderBy(asc(planNode.id)).limit(1);
    planId = first?.planId ?? 0;
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('adds a child with the next free number, logged under the planner; refuses a department user', async () => {
    const policy = await nodeAt('1.1');
    const siblings = (await handle.db.select().from(planNode)).filter((n) => n.parentId === policy.id);
    const next = Math.max(...siblings.map((s) => s.number)) + 1;
    const res = await send(planner, 'POST', `/api/plans/${planId}/nodes`, {
      parentId: policy.id,
      title: '  観光案内の充実  ',
    });
    expect(res.status).toBe(201);
    const added = await res.json();
    expect(added).toMatchObject({ level: 3, number: next, path: `1.1.${next}`, title: '観光案内の充実' });
    expect((await logOf('plan_node', added.id)).map((l) => [l.action, l.actor])).toEqual([
      ['insert', planner.actor],
    ]);
    const tree = await (await planner.request(`/api/plans/${planId}/tree`)).json();
    expect(tree.nodes[0].retired).toBe(false);
    const refused = await send(tourism, 'POST', `/api/plans/${planId}/nodes`, {
      parentId: policy.id,
      title: '課の項目',
    });
    expect(refused.status).toBe(403);
    const duplicate = await send(planner, 'POST', `/api/plans/${planId}/nodes`, {
      parentId: policy.id,
      title: '重複',
      number: 1,
    });
    expect(duplicate.status).toBe(400);
    expect((await duplicate.json()).error).toContain('番号 ① は同じ階層の');
    const tooDeep = await send(planner, 'POST', `/api/plans/${planId}/nodes`, {
      parentId: added.id,
      title: '深すぎる',
    });
    expect(tooDeep.status).toBe(400);
  });

  it('renames against the version (409 when stale)', async () => {
    const measure = await nodeAt('1.1.1');
    const res = await send(planner, 'PATCH', `/api/nodes/${measure.id}`, {
      version: measure.version,
      title: '観光の振興（改）',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).version).toBe(measure.version + 1);
    const stale = await send(planner, 'PATCH', `/api/nodes/${measure.id}`, {
      version: measure.version,
      title: '古い版から',
    });
    expect(stale.status).toBe(409);
    expect((await nodeAt('1.1.1')).title).toBe('観光の振興（改）');
  });

  it('renumbers a node and rewrites the paths below it, refusing a sibling’s number', async () => {
    const goal = await nodeAt('1');
    const policy = await nodeAt('1.2');
    const below = (await handle.db.select().from(planNode)).filter((n) => n.parentId === policy.id);
    expect(below.length).toBeGreaterThan(0);
    const taken = await send(planner, 'PATCH', `/api/nodes/${policy.id}`, {
      version: policy.version,
      number: 1,
    });
    expect(taken.status).toBe(400);
    expect((await taken.json()).error).toContain('同じ階層の');
    const siblings = (await handle.db.select().from(planNode)).filter((n) => n.parentId === goal.id);
    const free = Math.max(...siblings.map((s) => s.number)) + 5;
    const res = await send(planner, 'PATCH', `/api/nodes/${policy.id}`, {
      version: policy.version,
      number: free,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ number: free, path: `1.${free}` });
    for (const child of below) {
      const [after] = await handle.db.select().from(planNode).where(eq(planNode.id, child.id));
      expect(after?.path).toBe(`1.${free}.${child.number}`);
      const log = await logOf('plan_node', child.id);
      expect(log.at(-1)).toMatchObject({ action: 'update', actor: planner.actor });
    }
  });

  it('moves a measure to another policy, keeping its number when free, else last', async () => {
    const measure = await nodeAt('1.1.1');
    const target = await nodeAt('2.1');
    const targetChildren = (await handle.db.select().from(planNode)).filter((n) => n.parentId === target.id);
    const res = await send(planner, 'PATCH', `/api/nodes/${measure.id}`, {
      version: measure.version,
      parentId: target.id,
    });
    expect(res.status).toBe(200);
    const moved = await res.json();
    const expected = targetChildren.some((c) => c.number === 1)
      ? Math.max(...targetChildren.map((c) => c.number)) + 1
      : 1;
    expect(moved).toMatchObject({ parentId: target.id, number: expected, path: `2.1.${expected}` });
    // Only to a node one level up.
    const wrongLevel = await send(planner, 'PATCH', `/api/nodes/${measure.id}`, {
      version: moved.version,
      parentId: (await nodeAt('2')).id,
    });
    expect(wrongLevel.status).toBe(400);
    expect((await wrongLevel.json()).error).toContain('の項目を指定してください');
  });

  it('retires a node (marked in the tree, no children added) and restores it', async () => {
    const policy = await nodeAt('2.2');
    const res = await send(planner, 'PATCH', `/api/nodes/${policy.id}`, {
      version: policy.version,
      retired: true,
    });
    expect(res.status).toBe(200);
    const tree = await (await planner.request(`/api/plans/${planId}/tree`)).json();
    const goal2 = tree.nodes.find((n: { number: number }) => n.number === 2);
    expect(goal2.children.find((n: { id: number }) => n.id === policy.id).retired).toBe(true);
    const child = await send(planner, 'POST', `/api/plans/${planId}/nodes`, {
      parentId: policy.id,
      title: 'x',
    });
    expect(child.status).toBe(400);
    expect((await child.json()).error).toContain('廃止');
    const restored = await send(planner, 'PATCH', `/api/nodes/${policy.id}`, {
      version: (await res.json()).version,
      retired: false,
    });
    expect(restored.status).toBe(200);
    const log = await logOf('plan_node', policy.id);
    expect(log.slice(-2).map((l) => (l.after as { retired: boolean }).retired)).toEqual([true, false]);
  });

  it('adds a KPI to a node and edits its definition, each logged', async () => {
    const sets = await (await planner.request(`/api/plans/${planId}/kpi-sets`)).json();
    expect(sets.length).toBeGreaterThan(0);
    const [set] = await handle.db.select().from(kpiSet).where(eq(kpiSet.id, sets[0].id));
    const measure = await nodeAt('3.1.1');
    const res = await send(planner, 'POST', `/api/nodes/${measure.id}/kpis`, {
      kpiSetId: set?.id,
      name: '子育て相談件数',
      unit: '件',
      direction: 'increase',
      targetValue: 500,
      targetYear: 2026,
      targetComparator: 'gte',
    });
    expect(res.status).toBe(201);
    const added = await res.json();
    expect(added).toMatchObject({ name: '子育て相談件数', unit: '件', retired: false, version: 1 });
    expect(added.code).toMatch(/^3\.1\.1-/);
    const edited = await send(planner, 'PATCH', `/api/kpis/${added.id}/definition`, {
      version: 1,
      name: '子育て相談の件数',
      baselineValue: 320,
      baselineYear: 2021,
      annualTargets: [
        { fiscalYear: 2024, value: 420 },
        { fiscalYear: 2023, value: 380 },
      ],
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      name: '子育て相談の件数',
      baselineValue: 320,
      annualTargets: [
        { fiscalYear: 2023, value: 380 },
        { fiscalYear: 2024, value: 420 },
      ],
      version: 2,
    });
    const stale = await send(planner, 'PATCH', `/api/kpis/${added.id}/definition`, {
      version: 1,
      unit: '回',
    });
    expect(stale.status).toBe(409);
    const retired = await send(planner, 'PATCH', `/api/kpis/${added.id}/definition`, {
      version: 2,
      retired: true,
    });
    expect((await retired.json()).retired).toBe(true);
    const read = await (await tourism.request(`/api/kpis/${added.id}/definition`)).json();
    expect(read).toMatchObject({ retired: true, version: 3 });
    const [row] = await handle.db.select().from(kpi).where(eq(kpi.id, added.id));
    expect(row?.retired).toBe(true);
    expect((await logOf('kpi', added.id)).map((l) => [l.action, l.actor])).toEqual([
      ['insert', planner.actor],
      ['update', planner.actor],
      ['update', planner.actor],
    ]);
    const badSet = await send(planner, 'POST', `/api/nodes/${measure.id}/kpis`, {
      kpiSetId: 999999,
      name: 'x',
      direction: 'increase',
    });
    expect(badSet.status).toBe(400);
    expect((await send(tourism, 'PATCH', `/api/kpis/${added.id}/definition`, { version: 3 })).status).toBe(
      403,
    );
  });
});
