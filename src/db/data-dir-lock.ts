/**
 * @module Data folder lock
 * PGlite is not multi-process safe: when `hoshin serve` and a CLI command open the same data folder
 * at once, both succeed and one overwrites the other's writes (answers already sent as saved are
 * lost). So whatever opens the embedded database first creates `<dataDir>/hoshin.lock` (atomically,
 * with its pid), and a second process is refused with a Japanese message before it touches the
 * database. A lock left behind by a crashed process (its pid no longer runs) is taken over.
 *
 * Only processes on this computer can be checked: a lock written on another host (a data folder on a
 * network share) is treated as held, and the message says to delete the file if that host is not
 * running Hoshin.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';

/** The lock file's name inside the data folder. */
export const LOCK_FILE_NAME = 'hoshin.lock';

/** What the lock file holds: who opened the data folder, for what, since when. */
export interface LockOwner {
  pid: number;
  /** The command that holds it, e.g. `serve` or `import kpis`. */
  purpose: string;
  /** ISO 8601. Together with pid it tells our lock from a later one by a reused pid. */
  startedAt: string;
  hostname: string;
}

/** A held lock on a data folder. */
export interface DataDirLock {
  /** Path of the lock file. */
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release: () => void;
}

/** Another process has the data folder open. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    message: string,
    /** The lock's holder; undefined when the lock file could not be read. */
    readonly owner: LockOwner | undefined,
  ) {
    super(message);
  }
}

/**
 * A lock file that cannot be read is normally one another process has just created and not yet
 * written (microseconds); past this age it is left over from a crash at that moment and taken over.
 * The same age tells a takeover guard left by a crash from one in use.
 */
const HALF_WRITTEN_GRACE_MS = 5000;

/**
 * Creates `<dataDir>/hoshin.lock` for this process, or throws {@link DataDirLockedError} when another
 * live process holds it. The data folder must exist. Released by `release()`, and on process exit as
 * a safety net (a killed process leaves the file, which the next one takes over).
 * @example const lock = acquireDataDirLock('./data', 'import kpis'); try { … } finally { lock.release(); }
 */
export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    purpose,
    startedAt: new Date().toISOString(),
    hostname: osHostname(),
  };
  if (!tryCreate(path, ownerText(owner))) {
    const existing = readLock(path);
    if (existing !== 'missing' && !isStale(path, existing)) throw lockedError(dataDir, existing);
    // One retry after clearing a stale lock: a process that creates the lock in between wins, and
    // this one is refused like any second process.
    const cleared = existing === 'missing' || takeOver(path);
    if (!cleared || !tryCreate(path, ownerText(owner))) throw lockedError(dataDir, readLock(path));
  }

  const onExit = () => releaseIfOurs(path, owner);
  process.on('exit', onExit);
  let released = false;
  return {
    path,
    owner,
    release: () => {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      releaseIfOurs(path, owner);
    },
  };
}

/**
 * Creates a file with `wx` (fails if it exists: the atomic step) holding `content`; false if it
 * exists. Makes the lock (with its owner) and the takeover guard (empty).
 */
function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    if (content !== '') writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

const ownerText = (owner: LockOwner) => `${JSON.stringify(owner)}\n`;

type ReadLock = LockOwner | 'missing' | 'unreadable';

function readLock(path: string): ReadLock {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return parseLock(text) ?? 'unreadable';
}

function parseLock(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      value &&
      typeof value.pid === 'number' &&
      Number.isInteger(value.pid) &&
      value.pid > 0 &&
      typeof value.purpose === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.hostname === 'string'
    ) {
      return { pid: value.pid, purpose: value.purpose, startedAt: value.startedAt, hostname: value.hostname };
    }
  } catch {
    // Not JSON: handled as unreadable by the caller.
  }
  return undefined;
}

/** True when the lock's holder is certainly gone (or the file is an old unreadable leftover). */
function isStale(path: string, lock: LockOwner | 'unreadable'): boolean {
  if (lock === 'unreadable') return isOld(path);
  // A pid of another computer says nothing about this one's processes.
  if (lock.hostname !== osHostname()) return false;
  return !isProcessAlive(lock.pid);
}

/** Signal 0 checks that the process exists without touching it; EPERM means it exists (other user). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock without ever removing a live one. Judging and removing are two steps, so two
 * processes that judged the same stale file must not both remove "it": the slower one would remove
 * the faster one's new lock, and both would run on the data folder. Renaming the file aside does not
 * close the gap either (while the live lock is aside, a third process finds no lock and creates one).
 * So only the process holding `hoshin.lock.takeover` (created with `wx`, like the lock) may remove
 * the lock: it judges the file again while no one else can remove it, removes it, and frees the
 * guard. A process that meets the guard is refused like any second process. Returns whether the
 * stale lock is gone.
 */
function takeOver(path: string): boolean {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, '')) {
    // Another process is clearing the lock right now (microseconds), or one crashed doing so: that
    // guard is removed once it is old, so the next attempt can proceed.
    if (isOld(guard)) unlinkQuietly(guard);
    return false;
  }
  try {
    const current = readLock(path);
    if (current === 'missing') return true;
    // Only the guard's holder removes a lock, and the lock's owner only its own: the file judged now
    // is the file removed next.
    if (!isStale(path, current)) return false;
    unlinkSync(path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/** True when the file was last written longer ago than a live process could take (or is gone). */
function isOld(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > HALF_WRITTEN_GRACE_MS;
  } catch {
    return true;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Removes the lock file only if it still holds our pid and start time (never another's lock). */
function releaseIfOurs(path: string, owner: LockOwner): void {
  try {
    const current = readLock(path);
    if (current === 'missing' || current === 'unreadable') return;
    if (current.pid === owner.pid && current.startedAt === owner.startedAt) unlinkSync(path);
  } catch {
    // Best effort (also runs on process exit): a leftover file is taken over by the next process.
  }
}

function lockedError(dataDir: string, lock: ReadLock): DataDirLockedError {
  const folder = `データフォルダ ${dataDir} は同時に1つのプロセスしか開けません。`;
  const orServer = 'DATABASE_URL で PostgreSQL サーバーを使ってください。';
  if (lock === 'missing' || lock === 'unreadable') {
    return new DataDirLockedError(
      `別のプロセスがデータフォルダを開いています。${folder}しばらく待ってから実行するか、${orServer}`,
      undefined,
    );
  }
  const since = formatLocalTime(lock.startedAt);
  const who = `プロセス ${lock.pid}、「${lock.purpose}」${since ? `、${since} から` : ''}`;
  if (lock.hostname !== osHostname()) {
    return new DataDirLockedError(
      `別のコンピューター（${lock.hostname}）がデータフォルダを使用中です（${who}）。${folder}` +
        `そのコンピューターで Hoshin が動いていない場合は ${join(dataDir, LOCK_FILE_NAME)} を削除してください。`,
      lock,
    );
  }
  const message =
    lock.purpose === 'serve'
      ? `サーバーが起動中です（${who}）。${folder}サーバーを止めてから実行するか、${orServer}`
      : `別のコマンドが実行中です（${who}）。${folder}そのコマンドが終わってから実行するか、${orServer}`;
  return new DataDirLockedError(message, lock);
}

/** `2026-12-05 20:10` in this computer's time zone; empty for an unparseable date. */
function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
