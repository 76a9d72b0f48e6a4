/**
 * @module Bench harness
 * Times a task as the median of repeated runs and prints it as a ratio to a baseline measured in
 * the same run, so results compare across machines.
 */
export interface Measurement {
  name: string;
  medianMs: number;
}

/** Median wall time of `runs` executions of `task` (after one warm-up run). */
export async function measure(name: string, task: () => unknown, runs = 10): Promise<Measurement> {
  await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(times.length / 2)] ?? 0 };
}

/** Prints measurements as a table of times and ratios to the first (the baseline). */
export function report(title: string, [baseline, ...others]: Measurement[]): void {
  if (!baseline) return;
  console.log(`\n${title}`);
  console.log(
    `  ${'baseline: '.padEnd(10)}${baseline.name.padEnd(44)} ${baseline.medianMs.toFixed(2).padStart(9)} ms   1.00x`,
  );
  for (const m of others) {
    const ratio = m.medianMs / Math.max(baseline.medianMs, 1e-6);
    console.log(
      `  ${''.padEnd(10)}${m.name.padEnd(44)} ${m.medianMs.toFixed(2).padStart(9)} ms ${ratio.toFixed(2).padStart(7)}x`,
    );
  }
}
