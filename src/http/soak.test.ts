/**
 * `npm run soak` cannot rot: a short run of the same soak (bench/soak.ts) on PGlite — the server on
 * loopback, demo users signed in, mixed reads and writes with version conflicts retried — finishes
 * with no error and reports latency percentiles and memory for its start and end windows.
 */
import { describe, expect, it } from 'vitest';
import { formatSoakReport, percentiles, runSoak, soakFailures } from '../test-support/soak.ts';

describe('the soak run', () => {
  it('runs mixed reads and writes for 10 s with no error and reports the numbers', async () => {
    const report = await runSoak({ seconds: 10, rate: 20 });
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    // Bounded by the rate (20 a second for 10 s: each request waits for its slot); the actions under
    // way at the end may finish with a request or two more (a read before a save, a retry).
    expect(report.requests).toBeGreaterThan(50);
    expect(report.requests).toBeLessThanOrEqual(220);
    expect(report.writes).toBeGreaterThan(10);
    for (const route of [
      'tree',
      'kpi',
      'report html',
      'cycle board',
      'kpi history',
      'PUT actual',
      'PUT progress',
    ]) {
      expect(report.byRoute[route], route).toBeGreaterThan(0);
    }
    for (const window of [report.start, report.end]) {
      expect(window.latencyMs.count).toBeGreaterThan(0);
      expect(window.latencyMs.p50).toBeGreaterThan(0);
      expect(window.latencyMs.p99).toBeGreaterThanOrEqual(window.latencyMs.p95);
      expect(window.memory.rssMb).toBeGreaterThan(0);
    }
    const text = formatSoakReport(report);
    expect(text).toMatch(/開始時: p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 [\d.]+ ms/);
    expect(text).toMatch(/終了時: .* RSS \d+ MB {2}heap \d+ MB/);
    expect(soakFailures(report, { rssGrowthMb: 1000, heapGrowthMb: 1000 })).toEqual([]);
    expect(soakFailures({ ...report, errors: 1 }, { rssGrowthMb: 1000, heapGrowthMb: 1000 })).toEqual([
      'エラー 1 件',
    ]);
  }, 180_000);

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(values)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
