/**
 * @module Demo data
 * The built-in demo: the municipality and progress reports listed in fixtures/demo/demo.json.
 * Loaded on first start with an empty database and by `hoshin demo`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { updateLogged } from '../db/history.ts';
import type { ImportSummary } from '../db/report-store.ts';
import { municipality, planNode } from '../db/schema.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';
import { importStrategyTable } from '../features/strategy/import.ts';
import { ensureDemoAccounts } from '../features/users/demo-accounts.ts';
import { ensureDepartmentsByName } from '../features/users/service.ts';

const demoDir = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

const DemoManifest = z.object({
  municipality: z.object({ name: z.string(), localGovCode: z.string() }),
  reports: z.array(z.string()),
  /** KPI tables (invented values, 架空のデモ値), imported after the reports. */
  kpis: z.array(z.string()).default([]),
  /** 総合戦略 (comprehensive strategies): invented structures linked to the plan, and their KPIs. */
  strategies: z
    .array(
      z.object({
        name: z.string(),
        levels: z.array(z.string()),
        structure: z.string(),
        kpis: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /**
   * 担当課 of each 基本方針 of the first report's plan, by path ('1.1'), so department accounts can
   * write their policies' texts in the demo (invented assignments, like the demo's KPI values).
   */
  policyDepartments: z.record(z.string(), z.string()).default({}),
});

/** Loads (or refreshes) the demo data. Idempotent: re-running updates in place. */
export async function loadDemo(db: Database): Promise<ImportSummary[]> {
  const manifest = DemoManifest.parse(JSON.parse(await readFile(`${demoDir}demo.json`, 'utf8')));
  const summaries: ImportSummary[] = [];
  for (const file of manifest.reports) {
    const markdown = await readFile(`${demoDir}${file}`, 'utf8');
    summaries.push(
      await importProgressReport(db, markdown, {
        localGovCode: manifest.municipality.localGovCode,
        municipalityName: manifest.municipality.name,
        actor: 'demo',
      }),
    );
  }
  for (const file of manifest.kpis) {
    await importKpiTable(db, await readFile(`${demoDir}${file}`), {
      fileName: file,
      localGovCode: manifest.municipality.localGovCode,
      actor: 'demo',
      illustrative: true,
    });
  }
  for (const strategy of manifest.strategies) {
    await importStrategyTable(db, await readFile(`${demoDir}${strategy.structure}`), {
      fileName: strategy.structure,
      localGovCode: manifest.municipality.localGovCode,
      actor: 'demo',
      strategyName: strategy.name,
      levels: strategy.levels,
    });
    for (const file of strategy.kpis) {
      await importKpiTable(db, await readFile(`${demoDir}${file}`), {
        fileName: file,
        localGovCode: manifest.municipality.localGovCode,
        actor: 'demo',
        planName: strategy.name,
        illustrative: true,
      });
    }
  }
  const [owner] = await db
    .select()
    .from(municipality)
    .where(eq(municipality.localGovCode, manifest.municipality.localGovCode));
  if (owner) {
    const planId = summaries[0]?.planId;
    if (planId !== undefined) await assignPolicyDepartments(db, owner.id, planId, manifest.policyDepartments);
    await ensureDemoAccounts(db, owner);
  }
  return summaries;
}

/** Gives each listed node without a 担当課 the named department (created when missing). */
async function assignPolicyDepartments(
  db: Database,
  municipalityId: number,
  planId: number,
  byPath: Record<string, string>,
): Promise<void> {
  const ctx = { municipalityId, actor: 'demo' };
  const departments = await ensureDepartmentsByName(db, ctx, [...new Set(Object.values(byPath))]);
  const nodes = await db
    .select()
    .from(planNode)
    .where(and(eq(planNode.municipalityId, municipalityId), eq(planNode.planId, planId)));
  for (const node of nodes) {
    const name = byPath[node.path];
    const departmentId = name === undefined ? undefined : departments.get(name);
    if (departmentId === undefined || node.departmentId !== null) continue;
    await updateLogged(db, planNode, 'plan_node', node, { departmentId }, ctx);
  }
}

/** Whether the database holds no municipality yet (a first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: municipality.id }).from(municipality).limit(1);
  return rows.length === 0;
}
