/**
 * @module Service test support
 * The database tests' usual start: a fresh database holding the seed report (Mine City's plan and its
 * FY2023 progress), imported as the municipality 美祢市 (352136).
 */
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../db/client.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';

/** The seed progress report as Markdown (fixtures/demo). */
export const SEED_MARKDOWN = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

/**
 * Opens a database with `open` and imports the seed report into it.
 * @example beforeEach(async () => { handle = await openWithSeed(open); });
 */
export async function openWithSeed(open: () => Promise<DatabaseHandle>): Promise<DatabaseHandle> {
  const handle = await open();
  await importProgressReport(handle.db, SEED_MARKDOWN, {
    localGovCode: '352136',
    municipalityName: '美祢市',
    actor: 'test',
  });
  return handle;
}
