/**
 * @module Benchmarks (`npm run bench`)
 * Each bench prints its times next to a baseline measured in the same run, as ratios.
 */
import { benchKpi } from './kpi.bench.ts';
import { benchProgressReport } from './progress-report.bench.ts';
import { benchReport } from './report.bench.ts';

await benchProgressReport();
await benchKpi();
await benchReport();
