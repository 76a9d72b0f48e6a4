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

/**
 * Median wall times of several tasks run in turns (one warm-up round, then `runs` rounds of each task
 * once): a machine busy with other work slows every task of a round alike, so their ratios hold where
 * medians taken one task after another would compare a quiet minute with a busy one.
 */
export async function measureInTurns(
  tasks: Array<[name: string, task: () => unknown]>,
  runs = 3,
): Promise<Measurement[]> {
  for (const [, task] of tasks) await task();
  const times = tasks.map((): number[] => []);
  for (let round = 0; round < runs; round++) {
    for (const [i, [, task]] of tasks.entries()) {
      const start = performance.now();
      await task();
      times[i]?.push(performance.now() - start);
    }
  }
  return tasks.map(([name], i) => {
    const sorted = (times[i] ?? []).sort((a, b) => a - b);
    return { name, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
  });
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

/**
 * Runs a task while sampling the process's memory every 10 ms: the peak resident set (the larger of the
 * samples and the kernel's maxRSS, which catches peaks between samples) and the peak heap in use.
 */
export async function peakMemory<T>(
  task: () => Promise<T>,
): Promise<{ result: T; before: NodeJS.MemoryUsage; peak: { rss: number; heapUsed: number } }> {
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heapUsed: before.heapUsed };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await task();
    sample();
    // maxRSS is in kilobytes, and covers the whole process life (the child does nothing else).
    peak.rss = Math.max(peak.rss, process.resourceUsage().maxRSS * 1024);
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}
