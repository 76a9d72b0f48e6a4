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
import { insertLogged, updateLogged } from '../db/history.ts';
import type { ImportSummary } from '../db/report-store.ts';
import { departmentSubmission, fiscalCycle, municipality, plan, planNode } from '../db/schema.ts';
import { departmentsOfPlan } from '../features/cycle/cycle.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';
import { publishYear } from '../features/publication/publication.ts';
import { importStrategyTable } from '../features/strategy/import.ts';
import { ensureDemoAccounts } from '../features/users/demo-accounts.ts';
import { ensureDepartmentsByName } from '../features/users/service.ts';

/** Who the demo's rows were written by, as the change log and the 進捗調査 board show it. */
export const DEMO_ACTOR = 'デモデータ';

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
        actor: DEMO_ACTOR,
      }),
    );
  }
  for (const file of manifest.kpis) {
    await importKpiTable(db, await readFile(`${demoDir}${file}`), {
      fileName: file,
      localGovCode: manifest.municipality.localGovCode,
      actor: DEMO_ACTOR,
      illustrative: true,
    });
  }
  for (const strategy of manifest.strategies) {
    await importStrategyTable(db, await readFile(`${demoDir}${strategy.structure}`), {
      fileName: strategy.structure,
      localGovCode: manifest.municipality.localGovCode,
      actor: DEMO_ACTOR,
      strategyName: strategy.name,
      levels: strategy.levels,
    });
    for (const file of strategy.kpis) {
      await importKpiTable(db, await readFile(`${demoDir}${file}`), {
        fileName: file,
        localGovCode: manifest.municipality.localGovCode,
        actor: DEMO_ACTOR,
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
  const ctx = { municipalityId, actor: DEMO_ACTOR };
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

/**
 * Closes (確定) and publishes the demo's reported year, so that a first start shows a filled public
 * portal (/public/{code}/). The year is closed as the planning division would after approving
 * every department's part; the server does this on its first start only, because closing a year
 * refuses further writes to it and the demo is also where staff try writing.
 * @returns the published fiscal year, or null when there was nothing to publish.
 */
export async function publishDemoYear(db: Database, summaries: ImportSummary[]): Promise<number | null> {
  const first = summaries[0];
  if (!first) return null;
  // The municipality of the loaded report's plan: the manifest was read by loadDemo already.
  const [owner] = await db.select({ id: plan.municipalityId }).from(plan).where(eq(plan.id, first.planId));
  if (!owner) return null;
  const ctx = { municipalityId: owner.id, actor: DEMO_ACTOR };
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Database;
    const [existing] = await tx
      .select()
      .from(fiscalCycle)
      .where(and(eq(fiscalCycle.planId, first.planId), eq(fiscalCycle.fiscalYear, first.fiscalYear)));
    if (!existing) {
      const cycle = await insertLogged(
        tx,
        fiscalCycle,
        'fiscal_cycle',
        {
          municipalityId: owner.id,
          planId: first.planId,
          fiscalYear: first.fiscalYear,
          state: 'closed',
          deadline: `${first.fiscalYear + 1}-09-30`,
          note: 'デモ: 取り込んだ報告書の年度を確定済みとしています。',
          closedAt: new Date(),
        },
        ctx,
      );
      for (const departmentId of await departmentsOfPlan(tx, first.planId)) {
        await insertLogged(
          tx,
          departmentSubmission,
          'department_submission',
          { municipalityId: owner.id, cycleId: cycle.id, departmentId, state: 'approved', changedBy: 'demo' },
          ctx,
        );
      }
    }
    await publishYear(tx, ctx, { planId: first.planId, fiscalYear: first.fiscalYear, reason: '' });
  });
  return first.fiscalYear;
}

/** Whether the database holds no municipality yet (a first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: municipality.id }).from(municipality).limit(1);
  return rows.length === 0;
}
