/**
 * @module Soak (`npm run soak`)
 * Ten minutes (HOSHIN_SOAK_SECONDS) of mixed reads and writes by signed-in demo users against the
 * real server on loopback, with its own PGlite folder (or HOSHIN_SOAK_DATABASE_URL, an empty
 * PostgreSQL database). Bounded: HOSHIN_SOAK_RATE requests per second (default 20), at most
 * HOSHIN_SOAK_MAX_REQUESTS (default seconds × rate). Prints p50/p95/p99 latency and the process's
 * memory for the first and the last fifth of the run, and exits with 1 on any error or when memory
 * grew past the bound: HOSHIN_SOAK_MAX_RSS_GROWTH_MB (default 150) and
 * HOSHIN_SOAK_MAX_HEAP_GROWTH_MB (default 100), end window against start window.
 */
import { formatSoakReport, runSoak, soakFailures } from '../src/test-support/soak.ts';

const number = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} は正の数で指定してください: ${text}`);
    process.exit(2);
  }
  return value;
};

const seconds = number('HOSHIN_SOAK_SECONDS', 600);
const rate = number('HOSHIN_SOAK_RATE', 20);
const bound = {
  rssGrowthMb: number('HOSHIN_SOAK_MAX_RSS_GROWTH_MB', 150),
  heapGrowthMb: number('HOSHIN_SOAK_MAX_HEAP_GROWTH_MB', 100),
};
const databaseUrl = process.env.HOSHIN_SOAK_DATABASE_URL;
const report = await runSoak({
  seconds,
  rate,
  maxRequests: number('HOSHIN_SOAK_MAX_REQUESTS', Math.ceil(seconds * rate)),
  ...(databaseUrl ? { databaseUrl } : {}),
  log: (line) => console.log(line),
});
console.log(formatSoakReport(report));
const failures = soakFailures(report, bound);
if (failures.length > 0) {
  console.error(`失敗: ${failures.join('、')}`);
  process.exit(1);
}
console.log(
  `合格: エラー 0、メモリの増加は上限（RSS ${bound.rssGrowthMb} MB・heap ${bound.heapGrowthMb} MB）以内`,
);
// The server's PGlite and timers are closed; exit now rather than wait for stray sockets.
process.exit(0);
