/**
 * @module Test backends
 * The database tests run against every backend here: embedded PGlite always, and the PostgreSQL
 * server that `npm test` starts (TEST_DATABASE_URL). Each opened database is fresh and empty.
 */
import { getTableName, isTable, sql } from 'drizzle-orm';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from './client.ts';
import * as schema from './schema.ts';

export interface TestBackend {
  name: 'pglite' | 'postgres';
  open: () => Promise<DatabaseHandle>;
}

/** The backends to test against. Under `npm test` a missing PostgreSQL server is an error, not a skip. */
export function testBackends(env: NodeJS.ProcessEnv = process.env): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: openSharedPglite }];
  const url = env.TEST_DATABASE_URL;
  if (url) backends.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  else if (env.HOSHIN_REQUIRE_POSTGRES === '1') {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
  }
  return backends;
}

let counter = 0;

/** Creates a new database on the server for one test, dropped again on close. */
async function openFreshPostgres(serverUrl: string): Promise<DatabaseHandle> {
  const name = `hoshin_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    },
  };
}

let sharedPglite: Promise<DatabaseHandle> | undefined;

/**
 * PGlite takes seconds to create (it runs initdb in WebAssembly), so a test file shares one
 * in-memory instance and each test starts from emptied tables.
 */
async function openSharedPglite(): Promise<DatabaseHandle> {
  sharedPglite ??= openDatabase({ dataDir: 'memory://' });
  const handle = await sharedPglite;
  const tables = Object.values(schema)
    .filter(isTable)
    .map((t) => `"${getTableName(t)}"`)
    .join(', ');
  // change_log refuses TRUNCATE by trigger; replica mode (superuser only) lets tests empty it.
  await handle.db.execute(sql.raw('SET session_replication_role = replica'));
  await handle.db.execute(sql.raw(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`));
  await handle.db.execute(sql.raw('SET session_replication_role = origin'));
  return { ...handle, close: async () => {} };
}
