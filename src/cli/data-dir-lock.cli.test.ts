/**
 * The data folder lock between real processes: `hoshin serve` holds it, a CLI command on the same
 * folder is refused with a plain Japanese message and changes nothing, and after the server stops
 * (SIGTERM) the same command succeeds. Data is compared through the CLI's own export rather than the
 * HTTP API, so the test does not depend on how the API signs in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { changeLog } from '../db/schema.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'hoshin.js');
const dir = mkdtempSync(join(tmpdir(), 'hoshin-lock-cli-'));
const dataDir = join(dir, 'data');
const lockFile = join(dataDir, 'hoshin.lock');

/** The children's environment: PGlite in our temp folder, never a PostgreSQL server or fixed port. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOSHIN_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.PORT;
  return env;
}

/** Runs `hoshin …` as its own process; resolves with its exit code and output. */
function hoshin(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return hoshinWithInput('', ...args);
}

/** Runs `hoshin …` with `input` on its standard input (a password, as a script would pipe it). */
function hoshinWithInput(
  input: string,
  ...args: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: childEnv() });
    child.stdin.end(input);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

/** Starts `hoshin serve` on a free port; resolves once it answers HTTP (any status). */
async function startServer(): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env: childEnv(),
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${err}`)));
  });
  // Any answer means it is up (the API may ask for a sign-in: 401 counts as up too).
  await fetch(`${url}/api/plans`).then((response) => response.arrayBuffer());
  return { child, url, stderr: () => err };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

const header = '政策,施策,指標名,単位,方向,基準値,基準年度,目標値,目標年度,R4,R5';
const importOptions = [
  ...['--plan', '新市総合計画', '--levels', '政策,施策', '--set', '基本計画'],
  ...['--municipality', '131016', '--municipality-name', '千代田区'],
];
/** A KPI table whose 令和5年度 actual is `actual`. */
function kpiCsv(name: string, actual: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${header}\n1 まちづくり,1 道路,改良率,％,増加,62.3,R1,80%以上,R8,－,${actual}\n`);
  return file;
}
const exportArgs = ['export', 'kpis', '--year', '2023', '--format', 'csv'];

let server: ChildProcess | undefined;

afterAll(async () => {
  // A failed test must not leave a server running.
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await exited(server);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the data folder lock between processes', () => {
  it('refuses a CLI command while the server runs, changing nothing; runs it once the server stops', async () => {
    // A small database (no demo load: faster), and its KPI table as exported before the server.
    const first = await hoshin('import', 'kpis', kpiCsv('first.csv', '63.1'), ...importOptions);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const before = await hoshin(...exportArgs);
    expect(before.code).toBe(0);
    expect(before.out).toContain(',63.1,');
    expect(existsSync(lockFile)).toBe(false);

    const started = await startServer();
    server = started.child;
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: server.pid, purpose: 'serve' });

    // A writing command (it would change the 令和5年度 actual) is refused, and so is a reading one.
    const changed = kpiCsv('changed.csv', '70.5');
    const refused = await hoshin('import', 'kpis', changed, ...importOptions);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/^エラー: サーバーが起動中です（プロセス \d+、「serve」、/);
    expect(refused.err).toContain(`データフォルダ ${dataDir} は同時に1つのプロセスしか開けません。`);
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    const refusedExport = await hoshin(...exportArgs);
    expect(refusedExport.code).toBe(1);
    expect(refusedExport.err).toContain('サーバーが起動中です');
    // The refused commands left the server's lock alone.
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: server.pid });

    // SIGTERM closes the server cleanly, which releases the lock.
    server.kill('SIGTERM');
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    expect(started.stderr()).not.toMatch(/\n\s+at /);
    expect(existsSync(lockFile)).toBe(false);

    // Nothing changed while the server ran.
    const after = await hoshin(...exportArgs);
    expect(after.code).toBe(0);
    expect(after.out).toBe(before.out);

    // Now the same command runs, and would indeed have changed the data.
    const imported = await hoshin('import', 'kpis', changed, ...importOptions);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const updated = await hoshin(...exportArgs);
    expect(updated.out).toContain(',70.5,');
    expect(updated.out).not.toBe(before.out);
    expect(existsSync(lockFile)).toBe(false);
  }, 180_000);

  it('imports through the running server with --server, logged under the signed-in user', async () => {
    const added = await hoshinWithInput(
      'kikaku-password-1\n',
      'user',
      'add',
      'kikaku',
      '--role',
      '企画',
      '--municipality',
      '131016',
    );
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const started = await startServer();
    server = started.child;
    const upload = kpiCsv('through-server.csv', '77.7');
    const wrong = await hoshinWithInput(
      'not-the-password\n',
      'import',
      'kpis',
      upload,
      '--server',
      started.url,
      '--user',
      'kikaku',
      '--plan',
      '新市総合計画',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('ログインできません: ユーザー名またはパスワードが違います');
    const done = await hoshinWithInput(
      'kikaku-password-1\n',
      'import',
      'kpis',
      upload,
      '--server',
      started.url,
      '--user',
      'kikaku',
      '--plan',
      '新市総合計画',
    );
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain('取り込みました: 計画「新市総合計画」');
    expect(done.out).toContain('実績 新規 0・更新 1');
    // Another city's report is refused through the server as well, with the reason, nothing written.
    const seed = join(root, 'fixtures/demo/mine-city-progress-report-fy2023.md');
    const report = await hoshinWithInput(
      'kikaku-password-1\n',
      'import',
      'report',
      seed,
      '--server',
      started.url,
      '--user',
      'kikaku',
    );
    expect(report.code).toBe(1);
    expect(report.err).toContain('第二次美祢市総合計画');
    expect(report.err).toContain('千代田区（131016）の計画');
    server.kill('SIGTERM');
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    const exported = await hoshin(...exportArgs);
    expect(exported.out).toContain(',77.7,');
    const handle = await openDatabase({ dataDir });
    try {
      const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'kpi_actual'));
      expect(log.at(-1)?.actor).toBe('kikaku');
    } finally {
      await handle.close();
    }
  }, 180_000);
});
