import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME, type LockOwner } from './data-dir-lock.ts';

/** The pid of a process that has certainly exited (a finished `node -e ""`). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function writeLock(dir: string, owner: Partial<LockOwner>): string {
  const path = join(dir, LOCK_FILE_NAME);
  writeFileSync(
    path,
    JSON.stringify({ hostname: hostname(), startedAt: new Date().toISOString(), ...owner }),
  );
  return path;
}

function readOwner(dir: string): LockOwner {
  return JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')) as LockOwner;
}

describe('acquireDataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hoshin-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates hoshin.lock with pid, purpose, start time and host, and removes it on release', () => {
    const exitListeners = process.listenerCount('exit');
    const lock = acquireDataDirLock(dir, 'import kpis');
    expect(lock.path).toBe(join(dir, 'hoshin.lock'));
    expect(readOwner(dir)).toEqual({
      pid: process.pid,
      purpose: 'import kpis',
      startedAt: lock.owner.startedAt,
      hostname: hostname(),
    });
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    lock.release(); // twice is harmless
    // Free again: the next process gets it.
    acquireDataDirLock(dir, 'demo').release();
  });

  it('refuses a second holder while the first holds it, naming the server', () => {
    const lock = acquireDataDirLock(dir, 'serve');
    try {
      let error: unknown;
      try {
        acquireDataDirLock(dir, 'import kpis');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirLockedError);
      const locked = error as DataDirLockedError;
      expect(locked.name).toBe('DataDirLockedError');
      expect(locked.owner?.pid).toBe(process.pid);
      expect(locked.message).toMatch(
        new RegExp(
          `^サーバーが起動中です（プロセス ${process.pid}、「serve」、\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d から）。` +
            `データフォルダ ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} は同時に1つのプロセスしか開けません。` +
            'サーバーを止めてから実行するか、DATABASE_URL で PostgreSQL サーバーを使ってください。$',
        ),
      );
      // The refused attempt left the holder's lock alone.
      expect(readOwner(dir).startedAt).toBe(lock.owner.startedAt);
    } finally {
      lock.release();
    }
  });

  it('names another command (not the server) when a CLI command holds it', () => {
    const lock = acquireDataDirLock(dir, 'import kpis');
    try {
      expect(() => acquireDataDirLock(dir, 'serve')).toThrow(/^別のコマンドが実行中です（.*「import kpis」/);
    } finally {
      lock.release();
    }
  });

  it('takes over the lock of a process that no longer runs (left by a crash)', async () => {
    const pid = await deadPid();
    writeLock(dir, { pid, purpose: 'serve', startedAt: '2020-01-01T00:00:00.000Z' });
    const lock = acquireDataDirLock(dir, 'demo');
    try {
      expect(readOwner(dir)).toMatchObject({ pid: process.pid, purpose: 'demo' });
    } finally {
      lock.release();
    }
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('refuses a lock of another computer (its processes cannot be checked from here)', async () => {
    writeLock(dir, { pid: await deadPid(), purpose: 'serve', hostname: 'other-pc' });
    expect(() => acquireDataDirLock(dir, 'demo')).toThrow(
      /別のコンピューター（other-pc）.*hoshin\.lock を削除/,
    );
  });

  it('does not delete a lock that another process has taken since', async () => {
    const lock = acquireDataDirLock(dir, 'demo');
    // As if this process's lock had been taken over and a newer holder wrote its own.
    const theirs = { pid: await deadPid(), purpose: 'serve', startedAt: '2030-01-01T00:00:00.000Z' };
    writeLock(dir, theirs);
    lock.release();
    expect(readOwner(dir)).toMatchObject(theirs);
    // Same pid but a different start: still not ours.
    rmSync(join(dir, LOCK_FILE_NAME));
    const again = acquireDataDirLock(dir, 'demo');
    writeLock(dir, { pid: process.pid, purpose: 'demo', startedAt: '2030-01-01T00:00:00.000Z' });
    again.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
  });

  it('takes over an unreadable lock file only once it is old (not one being written right now)', () => {
    const path = join(dir, LOCK_FILE_NAME);
    writeFileSync(path, '');
    expect(() => acquireDataDirLock(dir, 'demo')).toThrow(DataDirLockedError);
    // The same empty file a minute later: left by a crash between creating and writing it.
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireDataDirLock(dir, 'demo');
    expect(readOwner(dir).pid).toBe(process.pid);
    lock.release();
  });
  it('leaves a stale lock to the process clearing it (the takeover guard), and clears a guard left by a crash', async () => {
    writeLock(dir, { pid: await deadPid(), purpose: 'serve', startedAt: '2020-01-01T00:00:00.000Z' });
    const guard = join(dir, `${LOCK_FILE_NAME}.takeover`);
    writeFileSync(guard, '');
    // Another process is clearing the stale lock right now: this one is refused and removes nothing.
    expect(() => acquireDataDirLock(dir, 'demo')).toThrow(DataDirLockedError);
    expect(existsSync(guard)).toBe(true);
    expect(readOwner(dir).startedAt).toBe('2020-01-01T00:00:00.000Z');
    // A guard a minute old was left by a crash: removed, so that the next attempt takes over.
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    expect(() => acquireDataDirLock(dir, 'demo')).toThrow(DataDirLockedError);
    expect(existsSync(guard)).toBe(false);
    const lock = acquireDataDirLock(dir, 'demo');
    expect(readOwner(dir).pid).toBe(process.pid);
    expect(existsSync(guard)).toBe(false);
    lock.release();
  });
});

describe('acquireDataDirLock across processes', () => {
  it('lets exactly one of several processes take over a stale lock at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoshin-lock-race-'));
    try {
      writeLock(dir, { pid: await deadPid(), purpose: 'serve', startedAt: '2020-01-01T00:00:00.000Z' });
      const go = join(dir, 'go');
      const release = join(dir, 'release');
      const moduleUrl = new URL('./data-dir-lock.ts', import.meta.url).href;
      // Each child says "ready", waits for the go file so that all try at once, and prints what
      // happened. A winner holds its lock until every child has answered (the release file), so a
      // slow child on a busy machine meets the held lock rather than a released one.
      const waitFor = (file: string) =>
        `while (!existsSync(${JSON.stringify(file)})) await new Promise((r) => setTimeout(r, 2));`;
      const script = `
        import { existsSync } from 'node:fs';
        const { acquireDataDirLock } = await import(${JSON.stringify(moduleUrl)});
        console.log('ready');
        ${waitFor(go)}
        try {
          const lock = acquireDataDirLock(${JSON.stringify(dir)}, 'race');
          console.log('won');
          ${waitFor(release)}
          lock.release();
        } catch (error) {
          console.log(error.name);
        }`;
      const children = Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: new URL('../..', import.meta.url),
        });
        let out = '';
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => {
          err += chunk.toString();
        });
        let onReady: () => void = () => {};
        let onAnswer: (answer: string) => void = () => {};
        const ready = new Promise<void>((resolve) => {
          onReady = resolve;
        });
        const answered = new Promise<string>((resolve) => {
          onAnswer = resolve;
        });
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const lines = out.split('\n').filter((line) => line.trim() !== '');
          if (lines[0] === 'ready') onReady();
          if (lines.length > 1) onAnswer(lines[1]?.trim() ?? '');
        });
        const exited = new Promise<void>((resolve) => {
          child.once('exit', () => {
            onReady();
            onAnswer(`(exited) ${out} ${err}`);
            resolve();
          });
        });
        return { ready, answered, exited };
      });
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      const results = await Promise.all(children.map((c) => c.answered));
      writeFileSync(release, '');
      await Promise.all(children.map((c) => c.exited));
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r === 'DataDirLockedError')).toHaveLength(5);
      expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
