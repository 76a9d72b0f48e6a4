/**
 * @module Soak run
 * The logic behind `npm run soak` (bench/soak.ts) and its short smoke test (src/http/soak.test.ts):
 * the real server on loopback, in this process, with a PGlite folder of its own and the demo loaded;
 * several demo users signed in (cookie + CSRF, as the browser does) read the tree, KPI pages, the
 * report (HTML), the cycle board and the history, and 企画 (kikaku) enters FY2023 actuals and
 * progress texts with the version check, at a bounded rate and request count. Any answer that is not
 * 2xx is an error, except a 409 version conflict on a write, which is read again and retried (as the
 * UI does). Latency percentiles and the process's memory are reported for the first and the last
 * window of the run, so a slow leak or a slowdown shows as a difference between the two.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { japanDateOf } from '../domain/calendar/index.ts';
import { DEMO_PASSWORD } from '../features/auth/routes.ts';
import { startServer } from '../http/server.ts';
import { isEmpty, loadDemo } from '../services/demo.ts';

export interface SoakOptions {
  /** How long to run (the request count bound may end it sooner). */
  seconds: number;
  /** Requests per second, all users together (default 20). */
  rate?: number;
  /**
   * Upper bound on requests (default seconds × rate): no user starts an action past it; the actions
   * under way finish (a read before a save, a conflict's retry), a few requests more at most.
   */
  maxRequests?: number;
  /** A PostgreSQL database (emptied or new: the demo is loaded) instead of a fresh PGlite folder. */
  databaseUrl?: string;
  /** Share of the run at its start and at its end compared (default 0.2; at least 1 s each). */
  windowShare?: number;
  /** Progress lines while running (default: none). */
  log?: (line: string) => void;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface MemorySample {
  /** Resident set of the process (server, PGlite's WebAssembly memory and the load generator). */
  rssMb: number;
  heapUsedMb: number;
}

export interface SoakWindow {
  latencyMs: Percentiles;
  memory: MemorySample;
}

export interface SoakReport {
  seconds: number;
  requests: number;
  reads: number;
  writes: number;
  /** 409 version conflicts, read again and retried: expected with several writers, not errors. */
  conflictsRetried: number;
  errors: number;
  /** The first few errors, for the report. */
  errorSamples: string[];
  /** Requests per route pattern. */
  byRoute: Record<string, number>;
  start: SoakWindow;
  end: SoakWindow;
  /**
   * Memory right after a full garbage collection at the end of the start window and at the end of
   * the run: the fairest comparison, available when node runs with --expose-gc (`npm run soak` does).
   */
  settled?: { start: MemorySample; end: MemorySample };
  overall: Percentiles;
}

/**
 * The users of the run: 企画 (kikaku) writes any KPI and policy, 観光政策課 (kanko) its own, so the
 * two meet on the same rows and see real version conflicts; the others read.
 */
const PLANNING = 'kikaku';
const DEPARTMENT = 'kanko';
const READERS = ['shoko', 'iin', 'etsuran'] as const;
const YEAR = 2023;
/** Saves of one row tried before a run of conflicts counts as an error (read again before each). */
const ATTEMPTS = 5;

interface Session {
  username: string;
  request: (path: string, init?: RequestInit) => Promise<Response>;
}

interface Sample {
  at: number;
  ms: number;
}

/**
 * Runs the soak and returns what it measured; never throws for request errors (they are counted).
 * @example const report = await runSoak({ seconds: 10 }); if (report.errors > 0) …
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const rate = options.rate ?? 20;
  const maxRequests = options.maxRequests ?? Math.ceil(options.seconds * rate);
  const log = options.log ?? (() => {});
  const dataDir = options.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'hoshin-soak-'));
  const database = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir };
  // The demo is loaded here rather than by the server's first start, which also closes (確定) its
  // year for the public portal: the soak writes that year.
  const seed = await openDatabase(database);
  try {
    if (await isEmpty(seed.db)) await loadDemo(seed.db);
  } finally {
    await seed.close();
  }
  const server = await startServer({
    port: 0,
    hostname: '127.0.0.1',
    ...database,
    demo: false,
    warmPdfPrinter: false,
  });
  try {
    return await soakAgainst(server.url, { ...options, rate, maxRequests, log });
  } finally {
    await server.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function soakAgainst(
  url: string,
  options: SoakOptions & { rate: number; maxRequests: number; log: (line: string) => void },
): Promise<SoakReport> {
  const planning = await signIn(url, PLANNING);
  const department = await signIn(url, DEPARTMENT);
  const readers = await Promise.all(READERS.map((u) => signIn(url, u)));
  const targets = await discover(planning);
  const own = await writableBy(department, targets);
  options.log(
    `計画 ${targets.planId}: 項目 ${targets.nodeIds.length}・指標 ${targets.kpiIds.length}` +
      `（${DEPARTMENT} の担当 指標 ${own.kpiIds.length}・項目 ${own.textNodeIds.length}）を対象に ${options.seconds} 秒`,
  );
  // 企画 writes the department's rows first in its lists, so both writers meet on them.
  const first = (all: number[], shared: number[]) => [...shared, ...all.filter((id) => !shared.includes(id))];
  const writers: Writer[] = [
    newWriter(planning, first(targets.kpiIds, own.kpiIds), first(targets.textNodeIds, own.textNodeIds)),
    ...(own.kpiIds.length > 0 && own.textNodeIds.length > 0
      ? [newWriter(department, own.kpiIds, own.textNodeIds)]
      : []),
  ];

  const samples: Sample[] = [];
  const memory: Array<{ at: number } & MemorySample> = [];
  const byRoute: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let conflictsRetried = 0;
  let reads = 0;
  let writes = 0;
  let issued = 0;
  const began = Date.now();
  const deadline = began + options.seconds * 1000;
  const sampleMemory = () => {
    const m = process.memoryUsage();
    memory.push({ at: Date.now(), rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20 });
  };
  sampleMemory();
  const sampler = setInterval(sampleMemory, 500);
  const windowMs = Math.max(1000, options.seconds * 1000 * (options.windowShare ?? 0.2));
  const gc = (globalThis as { gc?: () => void }).gc;
  const settledNow = (): MemorySample => {
    gc?.();
    const m = process.memoryUsage();
    return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20 };
  };
  let settledStart: MemorySample | undefined;
  const settle = gc
    ? setTimeout(() => {
        settledStart = settledNow();
      }, windowMs)
    : undefined;

  const error = (what: string) => {
    errors++;
    if (errorSamples.length < 10) errorSamples.push(what);
  };
  // The rate bound: each request waits for the next slot of a shared schedule (1 / rate apart).
  let nextSlot = performance.now();
  const pace = async () => {
    const wait = nextSlot - performance.now();
    nextSlot = Math.max(nextSlot, performance.now()) + 1000 / options.rate;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  /** Whether a user starts another action: time left and requests left (an action may take a few). */
  const more = () => issued < options.maxRequests && Date.now() < deadline;
  /** One timed request; the answer's body is read in full (as a client would). */
  const timed = async (session: Session, route: string, path: string, init?: RequestInit) => {
    await pace();
    issued++;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    const t0 = performance.now();
    const response = await session.request(path, init);
    const body = await response.text();
    samples.push({ at: Date.now(), ms: performance.now() - t0 });
    return { status: response.status, body };
  };

  const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;
  const read = async (session: Session, n: number) => {
    const node = pick(targets.nodeIds, n * 7);
    const policy = pick(targets.textNodeIds, n * 5);
    const kpi = pick(targets.kpiIds, n * 11);
    const choices: Array<[string, string]> = [
      ['tree', `/api/plans/${targets.planId}/tree`],
      ['kpi-summary', `/api/plans/${targets.planId}/kpi-summary?year=${YEAR}`],
      ['node kpis', `/api/nodes/${node}/kpis?year=${YEAR}`],
      ['kpi', `/api/kpis/${kpi}?year=${YEAR}`],
      ['progress', `/api/nodes/${policy}/progress/${YEAR}`],
      ['kpi history', `/api/kpis/${kpi}/history`],
      ['node history', `/api/nodes/${node}/history`],
      ['cycles', `/api/plans/${targets.planId}/cycles`],
      ['cycle board', `/api/plans/${targets.planId}/cycles/${YEAR}`],
    ];
    // The report is the heaviest read: one in ten.
    const [route, path] =
      n % 10 === 9
        ? ['report html', `/api/reports/${YEAR}/file?format=html&plan=${targets.planId}&disposition=inline`]
        : pick(choices, n);
    const { status, body } = await timed(session, route, path);
    reads++;
    if (status < 200 || status > 299)
      error(`${session.username} GET ${path}: ${status} ${body.slice(0, 200)}`);
  };

  const writeActual = async ({ session: writer, kpiIds, actualVersions }: Writer, n: number) => {
    const kpi = pick(kpiIds, n);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let version = actualVersions.get(kpi);
      if (version === undefined) {
        const got = await timed(writer, 'kpi', `/api/kpis/${kpi}?year=${YEAR}`);
        reads++;
        if (got.status !== 200) return error(`GET kpi ${kpi}: ${got.status} ${got.body.slice(0, 200)}`);
        version = actualVersionOf(JSON.parse(got.body));
      }
      // Values around 100 that change each time, so each save is a real update.
      const value = 100 + (n % 50) + attempt / 10;
      const { status, body } = await timed(writer, 'PUT actual', `/api/kpis/${kpi}/actuals/${YEAR}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value, status: 'final', note: `耐久試験 ${n}`, version }),
      });
      writes++;
      if (status === 200) {
        actualVersions.set(kpi, actualVersionOf((JSON.parse(body) as { kpi: unknown }).kpi));
        return;
      }
      if (status === 409) {
        conflictsRetried++;
        actualVersions.delete(kpi);
        continue;
      }
      return error(`${writer.username} PUT actual ${kpi}: ${status} ${body.slice(0, 200)}`);
    }
    error(`${writer.username} PUT actual ${kpi}: ${ATTEMPTS} conflicts in a row`);
  };
  const writeTexts = async ({ session: writer, textNodeIds, textVersions }: Writer, n: number) => {
    const node = pick(textNodeIds, n);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (!textVersions.has(node)) {
        const got = await timed(writer, 'progress', `/api/nodes/${node}/progress/${YEAR}`);
        reads++;
        if (got.status !== 200) return error(`GET texts ${node}: ${got.status} ${got.body.slice(0, 200)}`);
        textVersions.set(
          node,
          (JSON.parse(got.body) as { record: { version: number } | null }).record?.version ?? null,
        );
      }
      const { status, body } = await timed(writer, 'PUT progress', `/api/nodes/${node}/progress/${YEAR}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          results: [`耐久試験の取組 ${n}`],
          directions: ['引き続き取り組む'],
          version: textVersions.get(node) ?? null,
        }),
      });
      writes++;
      if (status === 200) {
        const saved = JSON.parse(body) as { texts: { record: { version: number } | null } };
        textVersions.set(node, saved.texts.record?.version ?? null);
        return;
      }
      if (status === 409) {
        conflictsRetried++;
        textVersions.delete(node);
        continue;
      }
      return error(`${writer.username} PUT texts ${node}: ${status} ${body.slice(0, 200)}`);
    }
    error(`${writer.username} PUT texts ${node}: ${ATTEMPTS} conflicts in a row`);
  };

  const guarded = async (work: () => Promise<void>, what: string) => {
    try {
      await work();
    } catch (e) {
      error(`${what}: ${(e as Error).message}`);
    }
  };
  // Each user is one loop (a person waits for an answer before the next click).
  const loops = [
    ...writers.map(async (writer) => {
      for (let n = 0; more(); n++) {
        // Three writes in four requests (actuals twice as often as texts), a read between.
        if (n % 4 === 3) await guarded(() => read(writer.session, n), 'read');
        else if (n % 4 === 2) await guarded(() => writeTexts(writer, Math.floor(n / 4)), 'texts');
        else await guarded(() => writeActual(writer, n - Math.floor(n / 4) * 2), 'actual');
      }
    }),
    ...readers.map(async (session, r) => {
      for (let n = r; more(); n += READERS.length) await guarded(() => read(session, n), 'read');
    }),
  ];
  let lastLog = Date.now();
  const progress = setInterval(() => {
    if (Date.now() - lastLog < 30_000) return;
    lastLog = Date.now();
    const m = memory.at(-1);
    options.log(
      `${Math.round((Date.now() - began) / 1000)} 秒: ${samples.length} 件、エラー ${errors}、RSS ${m?.rssMb.toFixed(0)} MB`,
    );
  }, 1000);
  try {
    await Promise.all(loops);
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    clearTimeout(settle);
  }
  sampleMemory();
  const settledEnd = gc && settledStart ? settledNow() : undefined;

  const ended = Date.now();
  const seconds = (ended - began) / 1000;
  const inStart = (at: number) => at <= began + windowMs;
  const inEnd = (at: number) => at >= ended - windowMs;
  const window = (within: (at: number) => boolean): SoakWindow => ({
    latencyMs: percentiles(samples.filter((s) => within(s.at)).map((s) => s.ms)),
    memory: averageMemory(memory.filter((m) => within(m.at))),
  });
  return {
    seconds,
    requests: samples.length,
    reads,
    writes,
    conflictsRetried,
    errors,
    errorSamples,
    byRoute,
    start: window(inStart),
    end: window(inEnd),
    ...(settledStart && settledEnd ? { settled: { start: settledStart, end: settledEnd } } : {}),
    overall: percentiles(samples.map((s) => s.ms)),
  };
}

function actualVersionOf(kpi: unknown): number {
  const actuals = (kpi as { actuals: Array<{ fiscalYear: number; version: number }> }).actuals;
  return actuals.find((a) => a.fiscalYear === YEAR)?.version ?? 0;
}

/** A writing user: what it writes, and the versions it last read or saved (stale after another's save). */
interface Writer {
  session: Session;
  kpiIds: number[];
  textNodeIds: number[];
  actualVersions: Map<number, number>;
  textVersions: Map<number, number | null>;
}

function newWriter(session: Session, kpiIds: number[], textNodeIds: number[]): Writer {
  return { session, kpiIds, textNodeIds, actualVersions: new Map(), textVersions: new Map() };
}

/** The KPIs and policies a user may write (a department: its own), as the pages tell it (mayWrite). */
async function writableBy(
  session: Session,
  targets: Targets,
): Promise<{ kpiIds: number[]; textNodeIds: number[] }> {
  const kpiIds: number[] = [];
  for (const id of targets.kpiIds) {
    const kpi = (await json(session, `/api/kpis/${id}?year=${YEAR}`)) as { mayWrite: boolean };
    if (kpi.mayWrite) kpiIds.push(id);
  }
  const textNodeIds: number[] = [];
  for (const id of targets.textNodeIds) {
    const texts = (await json(session, `/api/nodes/${id}/progress/${YEAR}`)) as { mayWrite: boolean };
    if (texts.mayWrite) textNodeIds.push(id);
  }
  return { kpiIds, textNodeIds };
}

interface Targets {
  planId: number;
  nodeIds: number[];
  /** Nodes at the progress level (where the texts are written). */
  textNodeIds: number[];
  kpiIds: number[];
}

/** The comprehensive plan's nodes and KPIs, through the API as a user would find them. */
async function discover(session: Session): Promise<Targets> {
  const plans = (await json(session, '/api/plans')) as Array<{
    id: number;
    kind: string;
    progressLevel: number;
  }>;
  const plan = plans.find((p) => p.kind === 'plan');
  if (!plan) throw new Error('soak: no comprehensive plan (demo not loaded?)');
  const tree = (await json(session, `/api/plans/${plan.id}/tree`)) as {
    nodes: Array<{ id: number; level: number; children: unknown[] }>;
  };
  const nodes: Array<{ id: number; level: number }> = [];
  const walk = (list: Array<{ id: number; level: number; children: unknown[] }>) => {
    for (const n of list) {
      nodes.push(n);
      walk(n.children as typeof list);
    }
  };
  walk(tree.nodes);
  const textNodeIds = nodes.filter((n) => n.level === plan.progressLevel).map((n) => n.id);
  const kpiIds = new Set<number>();
  for (const node of textNodeIds.slice(0, 12)) {
    const k = (await json(session, `/api/nodes/${node}/kpis?year=${YEAR}`)) as {
      kpis: Array<{ id: number }>;
    };
    for (const item of k.kpis) kpiIds.add(item.id);
  }
  if (kpiIds.size === 0 || textNodeIds.length === 0)
    throw new Error('soak: the plan has no KPIs or policies');
  // The year's 進捗調査 (cycle), opened as the planning division does, so there is a board to read.
  const cycles = (await json(session, `/api/plans/${plan.id}/cycles`)) as unknown;
  const list = Array.isArray(cycles) ? cycles : ((cycles as { cycles?: unknown[] }).cycles ?? []);
  if (!list.some((c) => (c as { fiscalYear?: number }).fiscalYear === YEAR)) {
    const opened = await session.request(`/api/plans/${plan.id}/cycles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A deadline ahead of today: one in the past is refused.
      body: JSON.stringify({
        fiscalYear: YEAR,
        deadline: japanDateOf(new Date(Date.now() + 30 * 86_400_000)),
        note: '耐久試験',
      }),
    });
    if (!opened.ok)
      throw new Error(`soak: opening the FY${YEAR} cycle: ${opened.status} ${await opened.text()}`);
  }
  return { planId: plan.id, nodeIds: nodes.map((n) => n.id), textNodeIds, kpiIds: [...kpiIds] };
}

async function json(session: Session, path: string): Promise<unknown> {
  const response = await session.request(path);
  if (!response.ok) throw new Error(`soak: GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Signs in with the demo password, as the sign-in page does; cookie and CSRF token on every request. */
async function signIn(url: string, username: string): Promise<Session> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`soak: sign-in as ${username}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    username,
    request: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie, 'x-csrf-token': csrfToken },
      }),
  };
}

/** Nearest-rank percentiles in milliseconds (zeros for no samples). */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

function averageMemory(samples: MemorySample[]): MemorySample {
  if (samples.length === 0) return { rssMb: 0, heapUsedMb: 0 };
  const mean = (pick: (m: MemorySample) => number) =>
    samples.reduce((s, m) => s + pick(m), 0) / samples.length;
  return { rssMb: mean((m) => m.rssMb), heapUsedMb: mean((m) => m.heapUsedMb) };
}

/** The report as printed by `npm run soak`. */
export function formatSoakReport(report: SoakReport): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const line = (label: string, w: SoakWindow) =>
    `  ${label}: p50 ${ms(w.latencyMs.p50)}  p95 ${ms(w.latencyMs.p95)}  p99 ${ms(w.latencyMs.p99)}` +
    `  (${w.latencyMs.count} 件)   RSS ${w.memory.rssMb.toFixed(0)} MB  heap ${w.memory.heapUsedMb.toFixed(0)} MB`;
  const routes = Object.entries(report.byRoute)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, n]) => `${route} ${n}`)
    .join('、');
  return [
    `耐久試験: ${report.seconds.toFixed(0)} 秒、要求 ${report.requests} 件（読み ${report.reads}・書き ${report.writes}）、` +
      `版の衝突（再試行） ${report.conflictsRetried}、エラー ${report.errors}`,
    `  内訳: ${routes}`,
    line('開始時', report.start),
    line('終了時', report.end),
    ...(report.settled
      ? [
          `  GC 直後のメモリ: 開始時 RSS ${report.settled.start.rssMb.toFixed(0)} MB・heap ${report.settled.start.heapUsedMb.toFixed(0)} MB → ` +
            `終了時 RSS ${report.settled.end.rssMb.toFixed(0)} MB・heap ${report.settled.end.heapUsedMb.toFixed(0)} MB`,
        ]
      : []),
    `  全体: p50 ${ms(report.overall.p50)}  p95 ${ms(report.overall.p95)}  p99 ${ms(report.overall.p99)}  最大 ${ms(report.overall.max)}`,
    ...report.errorSamples.map((e) => `  エラー: ${e}`),
  ].join('\n');
}

/** The memory bound: how much the end window may exceed the start window (MB). */
export interface MemoryBound {
  rssGrowthMb: number;
  heapGrowthMb: number;
}

/** Why the run failed (empty when it passed): errors, or memory growing past the bound. */
export function soakFailures(report: SoakReport, bound: MemoryBound): string[] {
  const failures: string[] = [];
  if (report.errors > 0) failures.push(`エラー ${report.errors} 件`);
  if (report.requests === 0) failures.push('要求が1件も完了していません');
  // After a full collection when the run could force one; else the windows' averages.
  const [start, end] = report.settled
    ? [report.settled.start, report.settled.end]
    : [report.start.memory, report.end.memory];
  const rss = end.rssMb - start.rssMb;
  const heap = end.heapUsedMb - start.heapUsedMb;
  if (rss > bound.rssGrowthMb)
    failures.push(`RSS が ${rss.toFixed(0)} MB 増えました（上限 ${bound.rssGrowthMb} MB）`);
  if (heap > bound.heapGrowthMb) {
    failures.push(`heap が ${heap.toFixed(0)} MB 増えました（上限 ${bound.heapGrowthMb} MB）`);
  }
  return failures;
}
