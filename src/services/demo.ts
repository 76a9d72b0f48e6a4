/**
 * @module Demo data
 * The built-in demo: the municipality and progress reports listed in fixtures/demo/demo.json.
 * Loaded on first start with an empty database and by `hoshin demo`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { ImportSummary } from '../db/report-store.ts';
import { municipality } from '../db/schema.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';
import { importStrategyTable } from '../features/strategy/import.ts';
import { ensureDemoAccounts } from '../features/users/demo-accounts.ts';

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
  if (owner) await ensureDemoAccounts(db, owner);
  return summaries;
}

/** Whether the database holds no municipality yet (a first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: municipality.id }).from(municipality).limit(1);
  return rows.length === 0;
}
