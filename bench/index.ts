/**
 * @module Benchmarks (`npm run bench`)
 * Each bench prints its times next to a baseline measured in the same run, as ratios.
 * `npm run bench -- kpi` runs only the benches whose name contains one of the words given.
 */
import { benchKpi } from './kpi.bench.ts';
import { benchProgressReport } from './progress-report.bench.ts';
import { benchReport } from './report.bench.ts';

const benches: Array<[string, () => Promise<void>]> = [
  ['progress-report', benchProgressReport],
  ['kpi', benchKpi],
  ['report', benchReport],
];
const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length === 0 || only.some((word) => name.includes(word))) await run();
}
