/**
 * Crash safety: a process killed with SIGKILL (no clean-up of any kind) while it imports a KPI table,
 * builds the report or serves a burst of writes leaves a database that opens again (the PGlite folder
 * too: its dead owner's lock is taken over, recovery runs), with every write that was acknowledged
 * (HTTP 200 received) present and an import either wholly there or not at all. On PGlite (a data
 * folder on disk) and on the PostgreSQL server; the same demo database is killed three times in a row.
 * The worker is src/test-support/crash-driver.ts, a real process of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, getTableName, isTable, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../features/auth/routes.ts';
import { exportReport } from '../features/report/export.ts';
import { gridToXlsx, messyKpiGrid } from '../formats/kpi-table/test-support.ts';
import { loadDemo } from '../services/demo.ts';
import { type DatabaseHandle, openDatabase } from './client.ts';
import { LOCK_FILE_NAME } from './data-dir-lock.ts';
import * as schema from './schema.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const driver = join(root, 'src/test-support/crash-driver.ts');
const dir = mkdtempSync(join(tmpdir(), 'hoshin-crash-'));
/** Rows of the KPI table killed mid-import: a few seconds of work on this machine. */
const IMPORT_ROWS = 3000;
/** Acknowledged writes before the server is killed (more are in flight at that moment). */
const ACKED_BEFORE_KILL = 40;
const WRITERS = 6;
/** 美祢市, the demo's city (the KPI imports go to another city, 千代田区). */
const DEMO_CITY = '352136';

interface Backend {
  name: 'pglite' | 'postgres';
  /** The child's database settings. */
  env: NodeJS.ProcessEnv;
  dataDir?: string;
  open: () => Promise<DatabaseHandle>;
  dispose: () => Promise<void>;
  /** The server only: how many other connections to the database are inside a transaction now. */
  openTransactions?: () => Promise<number>;
}

function pgliteBackend(): Backend {
  const dataDir = join(dir, 'data');
  return {
    name: 'pglite',
    env: { HOSHIN_DATA_DIR: dataDir },
    dataDir,
    open: () => openDatabase({ dataDir, purpose: 'crash test' }),
    dispose: async () => {},
  };
}

function postgresBackend(serverUrl: string): Backend {
  const name = `hoshin_crash_${process.pid}_${Date.now()}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    open: async () => {
      if (!created) {
        await admin(`CREATE DATABASE ${name}`);
        created = true;
      }
      return openDatabase({ databaseUrl: url.toString() });
    },
    dispose: async () => {
      if (created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
    openTransactions: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        const result = await client.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1 and xact_start is not null',
          [name],
        );
        return result.rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    },
  };
}

const backends: Array<() => Backend> = [pgliteBackend];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) backends.push(() => postgresBackend(serverUrl));

/** A running driver, with the lines it printed so far. */
interface Driven {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line (already printed or still to come) matching `pattern`. */
  line: (pattern: RegExp) => Promise<string>;
  /** Resolves once the process is gone: exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];

function drive(backend: Backend, ...args: string[]): Driven {
  const env: NodeJS.ProcessEnv = { ...process.env, ...backend.env };
  if (!backend.env.DATABASE_URL) delete env.DATABASE_URL;
  delete env.DATABASE_APP_URL;
  delete env.PORT;
  const child = spawn(process.execPath, ['--import', 'tsx', driver, ...args], { cwd: root, env });
  running.push(child);
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let err = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  // 'close', not 'exit': by then the output pipes are drained, so `lines` holds every line printed.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    line: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return Promise.race([
        new Promise<string>((resolve) => waiters.push({ pattern, resolve })),
        exited.then(({ code, signal }) => {
          throw new Error(`driver ended (${code ?? signal}) before ${pattern}:\n${err}`);
        }),
      ]);
    },
  };
}

/** SIGKILL: no exit handler, no close, no lock release runs. */
async function killHard(driven: Driven): Promise<void> {
  driven.child.kill('SIGKILL');
  expect(await driven.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

/** Row counts of every table (as the owner: row-level security does not confine it). */
async function tableCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of Object.values(schema).filter(isTable)) {
    const name = getTableName(table);
    const result = await handle.db.execute(sql.raw(`select count(*)::int as n from "${name}"`));
    const rows = (result as unknown as { rows: Array<{ n: number }> }).rows;
    counts[name] = rows[0]?.n ?? -1;
  }
  return counts;
}

/**
 * Opens the database after a crash; on PGlite the dead process's lock file is still there (unless
 * it had finished and closed the database before the kill).
 */
async function reopen(backend: Backend, staleLock = true): Promise<DatabaseHandle> {
  if (backend.dataDir) expect(existsSync(join(backend.dataDir, LOCK_FILE_NAME))).toBe(staleLock);
  return backend.open();
}

afterAll(async () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.each(backends.map((make) => make()).map((b) => [b.name, b] as const))(
  'kill -9 on %s',
  (_name, backend) => {
    let xlsx: string;

    beforeAll(async () => {
      xlsx = join(dir, `kpi-${backend.name}.xlsx`);
      writeFileSync(xlsx, await gridToXlsx(messyKpiGrid(IMPORT_ROWS)));
      const handle = await backend.open();
      try {
        await loadDemo(handle.db);
      } finally {
        await handle.close();
      }
    }, 180_000);
    afterAll(() => backend.dispose(), 60_000);

    it('during a KPI import: the import is all or nothing, and the database opens', async () => {
      // A complete import first: the state a finished import leaves, and how long one takes here.
      const before = await counted(backend);
      const complete = drive(backend, 'import', xlsx, '完走した計画');
      await complete.line(/^IMPORTING$/);
      const started = Date.now();
      await complete.line(/^IMPORTED /);
      const duration = Date.now() - started;
      expect(await complete.exited).toEqual({ code: 0, signal: null });
      const afterOne = await counted(backend);
      expect((afterOne.kpi ?? 0) - (before.kpi ?? 0)).toBe(IMPORT_ROWS);

      // What one import adds to each table.
      const delta = Object.fromEntries(
        Object.keys(afterOne).map((k) => [k, (afterOne[k] ?? 0) - (before[k] ?? 0)]),
      );

      // The same table into another plan, killed a little past half way through. On a busy machine the
      // import may finish first: that attempt still has to leave the complete state, and the next one
      // is killed sooner. At least one kill must land while the import runs.
      let midImportKills = 0;
      let start = afterOne;
      for (const [attempt, share] of [0.6, 0.35, 0.2].entries()) {
        const planName = `中断した計画 ${attempt + 1}`;
        const killed = drive(backend, 'import', xlsx, planName);
        await killed.line(/^IMPORTING$/);
        await new Promise((resolve) => setTimeout(resolve, Math.round(duration * share)));
        const seenFinished = killed.lines.some((l) => l.startsWith('IMPORTED'));
        // On the server the import's transaction is seen open (uncommitted) at the moment of the kill.
        const open = seenFinished ? undefined : await backend.openTransactions?.();
        await killHard(killed);
        // Every line the driver printed has been read now (its pipes are closed).
        const finished = killed.lines.some((l) => l.startsWith('IMPORTED'));
        if (!finished) {
          midImportKills++;
          if (open !== undefined) expect(open).toBe(1);
        }

        const handle = await reopen(backend, !finished);
        try {
          const after = await tableCounts(handle);
          const whole = Object.fromEntries(
            Object.keys(start).map((k) => [k, (start[k] ?? 0) + (delta[k] ?? 0)]),
          );
          // Nothing of the killed import, or all of it — never part.
          expect(finished ? [whole] : [start, whole]).toContainEqual(after);
          const plans = await handle.db
            .select({ name: schema.plan.name })
            .from(schema.plan)
            .where(eq(schema.plan.name, planName));
          expect(plans).toHaveLength(after.kpi === start.kpi ? 0 : 1);
          start = after;
        } finally {
          await handle.close();
        }
        if (midImportKills > 0) break;
      }
      expect(midImportKills, 'every kill came after the import had finished: make IMPORT_ROWS larger').toBe(
        1,
      );
    }, 180_000);

    it('during report builds: the database opens unchanged and the report builds the same', async () => {
      const handle0 = await backend.open();
      let before: Record<string, number>;
      let beforeReport: string;
      try {
        before = await tableCounts(handle0);
        beforeReport = await reportOf(handle0);
      } finally {
        await handle0.close();
      }
      const building = drive(backend, 'report');
      await building.line(/^BUILT 1$/);
      await building.line(/^BUILDING 2$/);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await killHard(building);

      const handle = await reopen(backend);
      try {
        expect(await tableCounts(handle)).toEqual(before);
        expect(await reportOf(handle)).toBe(beforeReport);
      } finally {
        await handle.close();
      }
    }, 180_000);

    it('during a burst of writes: every acknowledged write is there', async () => {
      // The demo's KPIs and policies to write, chosen before the server runs.
      const handle0 = await backend.open();
      let kpiIds: number[];
      let nodeIds: number[];
      try {
        const [m] = await handle0.db
          .select()
          .from(schema.municipality)
          .where(eq(schema.municipality.localGovCode, DEMO_CITY));
        if (!m) throw new Error('no demo municipality');
        const [demoPlan] = await handle0.db
          .select()
          .from(schema.plan)
          .where(eq(schema.plan.municipalityId, m.id))
          .orderBy(schema.plan.id)
          .limit(1);
        if (!demoPlan) throw new Error('no demo plan');
        const kpis = await handle0.db
          .select({ id: schema.kpi.id })
          .from(schema.kpi)
          .innerJoin(schema.kpiSet, eq(schema.kpi.kpiSetId, schema.kpiSet.id))
          .where(eq(schema.kpiSet.planId, demoPlan.id))
          .orderBy(schema.kpi.id)
          .limit(24);
        kpiIds = kpis.map((k) => k.id);
        const nodes = await handle0.db
          .select({ id: schema.progressRecord.nodeId })
          .from(schema.progressRecord)
          .where(
            and(eq(schema.progressRecord.municipalityId, m.id), eq(schema.progressRecord.fiscalYear, 2023)),
          )
          .orderBy(schema.progressRecord.nodeId)
          .limit(6);
        nodeIds = nodes.map((n) => n.id);
      } finally {
        await handle0.close();
      }
      expect(kpiIds.length).toBe(24);
      expect(nodeIds.length).toBeGreaterThan(0);

      const server = drive(backend, 'serve');
      const url = (await server.line(/^LISTENING /)).split(' ')[1] ?? '';
      const session = await signIn(url, 'kikaku');

      /** Per KPI / node: the last value acknowledged, and the one in flight (sent, no answer yet). */
      const ackedActual = new Map<number, number>();
      const inFlightActual = new Map<number, number>();
      const ackedTexts = new Map<number, string>();
      const inFlightTexts = new Map<number, string>();
      const unexpected: string[] = [];
      let acked = 0;
      let killing: Promise<void> | undefined;
      const stop = () => killing !== undefined;
      const acknowledge = () => {
        acked++;
        if (acked >= ACKED_BEFORE_KILL && !killing) killing = killHard(server);
      };
      let seq = 0;

      const actualWriter = async (mine: number[]) => {
        const versions = new Map<number, number>();
        for (const id of mine) versions.set(id, await actualVersion(session, id));
        while (!stop()) {
          for (const id of mine) {
            if (stop()) return;
            const value = 10_000 + ++seq;
            inFlightActual.set(id, value);
            let response: Response;
            try {
              response = await session.fetch(`/api/kpis/${id}/actuals/2023`, {
                method: 'PUT',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  value,
                  status: 'final',
                  note: `crash ${value}`,
                  version: versions.get(id),
                }),
              });
            } catch {
              return; // the server is gone: this one stays in flight
            }
            if (response.status === 409) {
              versions.set(id, await actualVersion(session, id).catch(() => -1));
              continue;
            }
            if (response.status !== 200) {
              unexpected.push(`PUT actual ${id}: ${response.status} ${await response.text()}`);
              return;
            }
            const body = (await response.json()) as {
              kpi: { actuals: Array<{ fiscalYear: number; version: number }> };
            };
            versions.set(id, body.kpi.actuals.find((a) => a.fiscalYear === 2023)?.version ?? -1);
            inFlightActual.delete(id);
            ackedActual.set(id, value);
            acknowledge();
          }
        }
      };
      const textWriter = async (mine: number[]) => {
        const versions = new Map<number, number | null>();
        for (const id of mine) versions.set(id, await textVersion(session, id));
        while (!stop()) {
          for (const id of mine) {
            if (stop()) return;
            const text = `中断試験の記述 ${++seq}`;
            inFlightTexts.set(id, text);
            let response: Response;
            try {
              response = await session.fetch(`/api/nodes/${id}/progress/2023`, {
                method: 'PUT',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  results: [text],
                  directions: ['今後も続ける'],
                  version: versions.get(id),
                }),
              });
            } catch {
              return;
            }
            if (response.status === 409) {
              versions.set(id, await textVersion(session, id).catch(() => null));
              continue;
            }
            if (response.status !== 200) {
              unexpected.push(`PUT texts ${id}: ${response.status} ${await response.text()}`);
              return;
            }
            const body = (await response.json()) as { texts: { record: { version: number } | null } };
            versions.set(id, body.texts.record?.version ?? null);
            inFlightTexts.delete(id);
            ackedTexts.set(id, text);
            acknowledge();
          }
        }
      };
      const writers = [
        ...Array.from({ length: WRITERS - 1 }, (_, w) =>
          actualWriter(kpiIds.filter((_, i) => i % (WRITERS - 1) === w)),
        ),
        textWriter(nodeIds),
      ];
      await Promise.all(writers);
      await killing;
      expect(unexpected).toEqual([]);
      expect(acked).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
      // The kill came while other writes were on their way (sent, not yet answered).
      expect(inFlightActual.size + inFlightTexts.size).toBeGreaterThan(0);

      const handle = await reopen(backend);
      try {
        for (const [id, value] of ackedActual) {
          const [row] = await handle.db
            .select({ value: schema.kpiActual.value })
            .from(schema.kpiActual)
            .where(and(eq(schema.kpiActual.kpiId, id), eq(schema.kpiActual.fiscalYear, 2023)));
          // Acknowledged, or a later write that was committed but whose answer never arrived.
          expect([value, inFlightActual.get(id)], `KPI ${id}`).toContain(row?.value);
        }
        for (const [id, text] of ackedTexts) {
          const [row] = await handle.db
            .select({ results: schema.progressRecord.results })
            .from(schema.progressRecord)
            .where(and(eq(schema.progressRecord.nodeId, id), eq(schema.progressRecord.fiscalYear, 2023)));
          expect([text, inFlightTexts.get(id)], `node ${id}`).toContain(row?.results[0]);
        }
        // The change log has an entry for each acknowledged value.
        const logged = await handle.db
          .select({ after: schema.changeLog.after })
          .from(schema.changeLog)
          .where(eq(schema.changeLog.tableName, 'kpi_actual'));
        const loggedValues = new Set(logged.map((l) => (l.after as { value?: number } | null)?.value));
        for (const value of ackedActual.values()) expect(loggedValues).toContain(value);
      } finally {
        await handle.close();
      }
    }, 180_000);
  },
);

/** Table counts of the database as it is now. */
async function counted(backend: Backend): Promise<Record<string, number>> {
  const handle = await backend.open();
  try {
    return await tableCounts(handle);
  } finally {
    await handle.close();
  }
}

/** The FY2023 report of the demo city, as Markdown. */
async function reportOf(handle: DatabaseHandle): Promise<string> {
  const report = await exportReport(handle.db, { fiscalYear: 2023, format: 'md', localGovCode: DEMO_CITY });
  return new TextDecoder().decode(report.bytes);
}

interface Session {
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
}

/** Signs in with the demo password; the session cookie and CSRF token go with every request. */
async function signIn(url: string, username: string): Promise<Session> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, municipality: DEMO_CITY }),
  });
  if (!login.ok) throw new Error(`sign-in as ${username}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    fetch: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie, 'x-csrf-token': csrfToken },
      }),
  };
}

async function actualVersion(session: Session, kpiId: number): Promise<number> {
  const response = await session.fetch(`/api/kpis/${kpiId}?year=2023`);
  if (!response.ok) throw new Error(`GET kpi ${kpiId}: ${response.status}`);
  const body = (await response.json()) as { actuals: Array<{ fiscalYear: number; version: number }> };
  return body.actuals.find((a) => a.fiscalYear === 2023)?.version ?? 0;
}

async function textVersion(session: Session, nodeId: number): Promise<number | null> {
  const response = await session.fetch(`/api/nodes/${nodeId}/progress/2023`);
  if (!response.ok) throw new Error(`GET texts ${nodeId}: ${response.status}`);
  const body = (await response.json()) as { record: { version: number } | null };
  return body.record?.version ?? null;
}
