/**
 * @module Bench: progress report import and export
 * Baseline: parsing the seed's Markdown alone. Import and export go through the database (PGlite).
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/db/client.ts';
import { exportProgressReport, importProgressReport } from '../src/features/progress/progress-report.ts';
import { parseProgressReport, renderProgressReport } from '../src/formats/seed-markdown/index.ts';
import { measure, report } from './harness.ts';

export async function benchProgressReport(): Promise<void> {
  const seed = readFileSync(
    new URL('../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
    'utf8',
  );
  const handle = await openDatabase({ dataDir: 'memory://' });
  const options = { localGovCode: '352136', municipalityName: '美祢市', actor: 'bench' };
  const parsed = parseProgressReport(seed);
  const changed = seed.replace('（637経営体への支援）', '（640経営体への支援）');
  let flip = false;
  const results = [
    await measure('parse seed Markdown (no database)', () => parseProgressReport(seed), 50),
    await measure('render Markdown (no database)', () => renderProgressReport(parsed), 50),
    await measure('import seed, unchanged (re-import)', () => importProgressReport(handle.db, seed, options)),
    await measure('import seed, one item changed', () => {
      flip = !flip;
      return importProgressReport(handle.db, flip ? changed : seed, options);
    }),
    await measure('export Markdown (load + render)', () =>
      exportProgressReport(handle.db, { fiscalYear: 2023, format: 'md' }),
    ),
  ];
  report('Progress report (seed: 5 goals, 15 policies, 41 measures, 81 items), PGlite', results);
  await handle.close();
}
