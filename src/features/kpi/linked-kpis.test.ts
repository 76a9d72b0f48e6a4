import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { plan, planNode } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { buildReportModel } from '../../report/build.ts';
import { loadDemo } from '../../services/demo.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { loadReportInputs } from '../report/load.ts';
import type { NodeKpis } from './contract.ts';

describe.each(testBackends())('a policy’s 総合戦略 KPIs on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: TestClient;
  beforeEach(async () => {
    handle = await open();
    await loadDemo(handle.db);
    api = await signedIn(createApi(handle.db), handle.db, { role: 'viewer' });
  });
  afterEach(async () => {
    await handle.close();
  });

  it('lists on every policy the KPIs and grades the report prints on its page, strategy KPIs labelled as such', async () => {
    const { db } = handle;
    const [main] = await db.select().from(plan).where(eq(plan.kind, 'plan'));
    if (!main) throw new Error('no plan');
    const report = buildReportModel(await loadReportInputs(db, { municipalityId: 1, fiscalYear: 2023 }));
    const policies = await db
      .select()
      .from(planNode)
      .where(eq(planNode.level, main.progressLevel))
      .orderBy(asc(planNode.path));
    const ofPlan = policies.filter((p) => p.planId === main.id);
    expect(ofPlan).toHaveLength(report.policies.length);
    let strategyKpis = 0;
    for (const [i, policy] of ofPlan.entries()) {
      const response = await api.request(`/api/nodes/${policy.id}/kpis?year=2023`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as NodeKpis;
      const page = report.policies[i];
      const shown = [
        ...body.kpis.map((k) => ({ code: k.code, grade: k.grade.grade })),
        ...body.strategyKpis.flatMap((g) => g.kpis.map((k) => ({ code: k.code, grade: k.grade.grade }))),
      ];
      expect(shown).toEqual(page?.kpis.map((k) => ({ code: k.code, grade: k.grade.grade })));
      // The 総合評価 per set, as the report prints it beside the policy.
      const rollUps = [
        ...body.rollUps.filter((r) => r.rollUp.counted + r.rollUp.excluded > 0),
        ...body.strategyKpis,
      ].map((r) => ({ setName: r.kpiSet.name, grade: r.rollUp.grade.grade }));
      expect(rollUps).toEqual(page?.rollUps.map((r) => ({ setName: r.setName, grade: r.grade.grade })));
      for (const group of body.strategyKpis) {
        expect(group.plan.name).toBe('総合戦略（架空のデモ構成）');
        strategyKpis += group.kpis.length;
      }
    }
    expect(strategyKpis).toBeGreaterThan(0);
    // 基本方針1 (観光) shows the strategy measure's 観光消費額.
    const first = await (await api.request(`/api/nodes/${ofPlan[0]?.id}/kpis?year=2023`)).json();
    expect(first.strategyKpis[0].kpis.map((k: { name: string }) => k.name)).toContain('観光消費額');
  });

  it('has none on a node of the 総合戦略 itself', async () => {
    const [strategyNode] = await handle.db
      .select({ id: planNode.id })
      .from(planNode)
      .innerJoin(plan, eq(planNode.planId, plan.id))
      .where(eq(plan.kind, 'strategy'))
      .limit(1);
    const body = await (await api.request(`/api/nodes/${strategyNode?.id}/kpis?year=2023`)).json();
    expect(body.strategyKpis).toEqual([]);
    expect(body.kpis.length).toBeGreaterThan(0);
  });
});
