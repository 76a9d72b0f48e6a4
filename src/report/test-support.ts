/**
 * @module Report test support
 * The council report model of the demo year, built through the real path (demo import → database
 * → evaluation → inputs → model), for renderer tests. Cached per test file: building takes seconds.
 */
import { openDatabase } from '../db/client.ts';
import { loadReportInputs } from '../features/report/load.ts';
import { loadDemo } from '../services/demo.ts';
import { resolveMunicipality } from '../services/municipality.ts';
import { buildReportModel } from './build.ts';
import type { ReportModel } from './model.ts';

let cached: Promise<ReportModel> | undefined;

/** The demo municipality's report model for fiscal year 2023. */
export function demoReportModel(): Promise<ReportModel> {
  cached ??= (async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await loadDemo(handle.db);
      const owner = await resolveMunicipality(handle.db, {}, 'test');
      return buildReportModel(
        await loadReportInputs(handle.db, { municipalityId: owner.id, fiscalYear: 2023 }),
      );
    } finally {
      await handle.close();
    }
  })();
  return cached;
}
