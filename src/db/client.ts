/**
 * @module Database connection
 * Embedded PostgreSQL (PGlite) in a data directory by default; a PostgreSQL server when a
 * connection URL is given. Both run the same Drizzle schema, migrations and queries.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection URL; when absent, PGlite in `dataDir`. */
  databaseUrl?: string;
  /**
   * Apply pending migrations (default true). False for the requests' own connection
   * (DATABASE_APP_URL), whose role owns nothing and may not change the schema.
   */
  migrate?: boolean;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** What opens the PGlite folder (e.g. `serve`, `import kpis`), named to a refused second process. */
  purpose?: string;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens the database and applies pending migrations.
 * @example const { db, close } = await openDatabase({ dataDir: './data' });
 */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5 });
    const db = drizzlePg(pool, { schema });
    if (options.migrate !== false) await migratePg(db, { migrationsFolder });
    return { db: db as unknown as Database, kind: 'postgres', close: () => pool.end() };
  }
  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // PGlite is not multi-process safe: a second process on the same folder would lose writes, so it
  // is refused (DataDirLockedError) before PGlite opens anything.
  const lock = inMemory ? undefined : acquireDataDirLock(dataDir, options.purpose ?? 'hoshin');
  let client: PGlite | undefined;
  try {
    client = new PGlite(dataDir);
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    const opened = client;
    const close = async () => {
      try {
        await opened.close();
      } finally {
        lock?.release();
      }
    };
    return { db: db as unknown as Database, kind: 'pglite', close };
  } catch (error) {
    await client?.close().catch(() => {}); // the opening error is the one to report
    lock?.release();
    throw error;
  }
}

/** Options from the environment: DATABASE_URL, else HOSHIN_DATA_DIR (default ./data). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.HOSHIN_DATA_DIR ?? './data' };
}
