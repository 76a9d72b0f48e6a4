/**
 * @module Published demo for tests
 * A database with the whole demo loaded and its reported year closed (確定) and published, as a
 * server's first start leaves it: what the portal, open data and embed tests read.
 */
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';
import { updateLogged } from '../db/history.ts';
import { kpi, municipality } from '../db/schema.ts';
import { withTenant } from '../db/tenant.ts';
import { publishedYear, publishYear } from '../features/publication/publication.ts';
import { kpiIdOf } from '../features/publication/snapshot.ts';
import { loadDemo, publishDemoYear } from '../services/demo.ts';

export interface PublishedDemo {
  handle: DatabaseHandle;
  planId: number;
  fiscalYear: number;
  municipalityId: number;
  /** 全国地方公共団体コード of the demo city. */
  localGovCode: string;
}

export async function openWithPublishedDemo(open: () => Promise<DatabaseHandle>): Promise<PublishedDemo> {
  const handle = await open();
  const summaries = await loadDemo(handle.db);
  const fiscalYear = await publishDemoYear(handle.db, summaries);
  const first = summaries[0];
  if (fiscalYear === null || !first) throw new Error('the demo has no report to publish');
  const [owner] = await handle.db.select().from(municipality).where(eq(municipality.id, 1));
  if (!owner) throw new Error('the demo has no municipality');
  return {
    handle,
    planId: first.planId,
    fiscalYear,
    municipalityId: owner.id,
    localGovCode: owner.localGovCode,
  };
}

/**
 * Renames the first KPI of the published year and publishes the year again (a correction,
 * 指標名の訂正), as the planning division would: how tests put a hostile or formula-like name on the
 * public pages and files. Returns the KPI's id.
 */
export async function renamePublishedKpi(demo: PublishedDemo, name: string): Promise<number> {
  const ctx = { municipalityId: demo.municipalityId, actor: 'kikaku' };
  return withTenant(demo.handle.db, demo.municipalityId, async (tx) => {
    const year = await publishedYear(tx, demo.fiscalYear);
    const kpiId = kpiIdOf(year?.snapshot.inputs.kpiSets[0]?.kpis[0]?.kpi ?? {});
    const [row] = await tx.select().from(kpi).where(eq(kpi.id, kpiId));
    if (!row) throw new Error('the published year has no KPI');
    await updateLogged(tx, kpi, 'kpi', row, { name }, ctx);
    await publishYear(tx, ctx, { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '指標名の訂正' });
    return kpiId;
  });
}
