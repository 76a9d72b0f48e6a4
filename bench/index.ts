/**
 * @module Benchmarks (`npm run bench`)
 * Each bench prints its times next to a baseline measured in the same run, as ratios.
 */
import { benchProgressReport } from './progress-report.bench.ts';

await benchProgressReport();
