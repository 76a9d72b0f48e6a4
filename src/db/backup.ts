/**
 * @module Backup and restore
 * A whole database to one file and back, for either backend:
 * - PGlite (the data folder): PGlite's own `dumpDataDir` — a gzipped tar of the folder, taken with
 *   the folder's lock held (src/db/data-dir-lock.ts), so the server must be stopped for it (a
 *   running server holds the lock and the backup is refused with the lock's message);
 * - PostgreSQL server: `pg_dump --format=custom`, online (one consistent snapshot while the server
 *   keeps answering), restored with `pg_restore` in one transaction.
 * A restore goes only into an EMPTY target (a new data folder, a newly created database) and is
 * refused otherwise: overwriting a city's live data by mistake must not be one command away.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { BadInputError, HoshinError } from '../errors.ts';
import { acquireDataDirLock, LOCK_FILE_NAME } from './data-dir-lock.ts';

const run = promisify(execFile);

/** What to back up or restore into: the server by URL, or a PGlite data folder. */
export type BackupTarget = { databaseUrl: string } | { dataDir: string };

export interface BackupResult {
  kind: 'pglite' | 'postgres';
  file: string;
  bytes: number;
}

/** A backup or restore that could not be done (message in Japanese, for staff). */
export class BackupError extends HoshinError {
  override name = 'BackupError';
}

const GZIP = [0x1f, 0x8b];
const PG_CUSTOM = [...'PGDMP'].map((c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * The PostgreSQL client program to use: HOSHIN_PG_BIN's, else the newest under
 * /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH), else the one on PATH. pg_dump
 * must be at least as new as the server.
 */
export function pgProgram(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOSHIN_PG_BIN) return join(env.HOSHIN_PG_BIN, name);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', name)))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  return name;
}

/** The program's error text without the password of a connection URL. */
function programError(error: unknown): string {
  const e = error as { stderr?: string; message?: string; code?: string };
  if (e.code === 'ENOENT')
    return 'プログラムが見つかりません（PostgreSQL のクライアントを入れるか HOSHIN_PG_BIN を指定してください）';
  return (e.stderr || e.message || String(error)).replace(/\/\/[^@/\s]*@/gu, '//***@').trim();
}

/**
 * Writes a backup of the whole database to `file`.
 * @example await backupDatabase({ databaseUrl: process.env.DATABASE_URL }, 'hoshin-2025-04-01.dump')
 */
export async function backupDatabase(target: BackupTarget, file: string): Promise<BackupResult> {
  if ('databaseUrl' in target) {
    try {
      await run(pgProgram('pg_dump'), ['--format=custom', '--file', file, '--dbname', target.databaseUrl], {
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      throw new BackupError(`pg_dump でバックアップできませんでした: ${programError(error)}`);
    }
    return { kind: 'postgres', file, bytes: statSync(file).size };
  }
  const { dataDir } = target;
  if (dataDir.startsWith('memory://'))
    throw new BadInputError('メモリ上のデータベースはバックアップできません');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(
      `${dataDir} に Hoshin のデータフォルダがありません（HOSHIN_DATA_DIR を確認してください）`,
    );
  }
  // The lock keeps a running server (or another command) from writing while the folder is copied.
  const lock = acquireDataDirLock(dataDir, 'backup');
  try {
    const db = new PGlite(dataDir);
    try {
      // dumpDataDir before the instance is ready never settles.
      await db.waitReady;
      const dump = await db.dumpDataDir('gzip');
      await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
  return { kind: 'pglite', file, bytes: statSync(file).size };
}

/** Tables, views and sequences outside the system schemas: none in an empty database. */
async function userRelations(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
         and n.nspname not like 'pg_temp%' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    // The role requests run as is created by the migrations; a new server has none, and the
    // dump's grants to it need it.
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hoshin_app') THEN CREATE ROLE hoshin_app NOLOGIN; END IF;
    END $$`);
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty target: a data folder that is missing or empty, or a database
 * with no tables (create it first: `createdb hoshin_restored`). Refuses anything else.
 * @example await restoreDatabase({ dataDir: './data-restored' }, 'hoshin-2025-04-01.tar.gz')
 */
export async function restoreDatabase(
  target: BackupTarget,
  file: string,
): Promise<{ kind: 'pglite' | 'postgres' }> {
  let head: Uint8Array;
  try {
    head = new Uint8Array(readFileSync(file).subarray(0, 8));
  } catch {
    throw new BackupError(`バックアップファイルを読めません: ${file}`);
  }
  const isPglite = startsWith(head, GZIP);
  const isServer = startsWith(head, PG_CUSTOM);
  if (!isPglite && !isServer) {
    throw new BackupError(
      `${file} は hoshin backup のファイルではありません（PGlite の .tar.gz か pg_dump の形式が必要です）`,
    );
  }
  if ('databaseUrl' in target) {
    if (!isServer) {
      throw new BackupError(
        'これは内蔵データベース（PGlite）のバックアップです。DATABASE_URL を外し、HOSHIN_DATA_DIR に空のフォルダを指定して戻してください',
      );
    }
    if ((await userRelations(target.databaseUrl)) > 0) {
      throw new BackupError(
        '戻し先のデータベースが空ではありません。新しいデータベースを作って（例: createdb hoshin_restored）DATABASE_URL をそこに向けてから戻してください',
      );
    }
    try {
      await run(
        pgProgram('pg_restore'),
        ['--exit-on-error', '--single-transaction', '--no-owner', '--dbname', target.databaseUrl, file],
        { maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (error) {
      throw new BackupError(
        `pg_restore で戻せませんでした（何も書き込んでいません）: ${programError(error)}`,
      );
    }
    return { kind: 'postgres' };
  }
  const { dataDir } = target;
  if (!isPglite) {
    throw new BackupError(
      'これは PostgreSQL サーバーのバックアップ（pg_dump）です。DATABASE_URL に空のデータベースを指定して戻してください',
    );
  }
  if (dataDir.startsWith('memory://')) throw new BadInputError('メモリ上のデータベースには戻せません');
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(
      `戻し先のフォルダ ${dataDir} が空ではありません。空のフォルダか新しいフォルダを HOSHIN_DATA_DIR に指定してください`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir, 'restore');
  try {
    const db = new PGlite(dataDir, { loadDataDir: new Blob([await readFile(file)]) });
    await db.waitReady;
    await db.close();
  } finally {
    // The archive holds the lock file of the folder it was taken from: never a live lock here.
    const lockPath = join(dataDir, LOCK_FILE_NAME);
    if (
      existsSync(lockPath) &&
      !readFileSync(lockPath, 'utf8').includes(`"startedAt":"${lock.owner.startedAt}"`)
    ) {
      unlinkSync(lockPath);
      writeFileSync(lockPath, `${JSON.stringify(lock.owner)}\n`);
    }
    lock.release();
  }
  return { kind: 'pglite' };
}
