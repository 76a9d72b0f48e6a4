/**
 * @module Published demo for tests
 * A database with the whole demo loaded and its reported year closed (確定) and published, as a
 * server's first start leaves it: what the portal, open data and embed tests read.
 */
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';
import { municipality } from '../db/schema.ts';
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
