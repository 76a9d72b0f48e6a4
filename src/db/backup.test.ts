/**
 * Backup → restore into an empty database → every export equal byte for byte to the one taken
 * before the backup (the report's Markdown, the KPI table as CSV and JSON, the change log as CSV
 * and JSON), on PGlite (a data folder) and on the PostgreSQL server; and the refusals: a target
 * that is not empty, a file that is no backup, a backup of the other backend.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { exportChangeLog } from '../features/change-log/export.ts';
import { exportKpiTable } from '../features/kpi-table/import.ts';
import { exportReport } from '../features/report/export.ts';
import { loadDemo } from '../services/demo.ts';
import { type BackupTarget, backupDatabase, restoreDatabase } from './backup.ts';
import { type Database, openDatabase } from './client.ts';
import { updateLogged } from './history.ts';
import { kpi, municipality } from './schema.ts';

/** Every export the round trip must keep, by name. */
async function exportsOf(db: Database): Promise<Record<string, string>> {
  const [m] = await db.select().from(municipality);
  if (!m) throw new Error('no municipality');
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const log = (format: 'csv' | 'json') =>
    exportChangeLog(db, { municipalityId: m.id, localGovCode: m.localGovCode, format }).then((f) => f.text);
  return {
    'report.md': text((await exportReport(db, { fiscalYear: 2023, format: 'md' })).bytes),
    'kpi.csv': text((await exportKpiTable(db, { fiscalYear: 2023, format: 'csv' })).bytes),
    'kpi.json': text((await exportKpiTable(db, { fiscalYear: 2023, format: 'json' })).bytes),
    'change-log.csv': await log('csv'),
    'change-log.json': await log('json'),
  };
}

/** The demo, plus an edit so the log holds an update too. */
async function makeData(db: Database) {
  await loadDemo(db);
  const [first] = await db.select().from(kpi).limit(1);
  if (!first) throw new Error('the demo has KPIs');
  await updateLogged(
    db,
    kpi,
    'kpi',
    first,
    { definition: '<b>定義</b> =1+2' },
    { municipalityId: first.municipalityId, actor: 'backup test' },
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hoshin-backup-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backup and restore of the embedded database (PGlite)', () => {
  it('restores into a new folder with every export unchanged', { timeout: 300_000 }, async () => {
    const source = join(dir, 'data');
    const handle = await openDatabase({ dataDir: source });
    let before: Record<string, string>;
    try {
      await makeData(handle.db);
      before = await exportsOf(handle.db);
    } finally {
      await handle.close();
    }
    expect(before['change-log.csv']).toContain('backup test');
    const file = join(dir, 'pglite.tar.gz');
    expect((await backupDatabase({ dataDir: source }, file)).kind).toBe('pglite');

    const restored = join(dir, 'restored');
    expect((await restoreDatabase({ dataDir: restored }, file)).kind).toBe('pglite');
    // Opens normally: no lock left behind by the backup's folder.
    const again = await openDatabase({ dataDir: restored });
    try {
      expect(await exportsOf(again.db)).toEqual(before);
    } finally {
      await again.close();
    }

    // Refusals: a folder that is not empty; a file that is no backup.
    await expect(restoreDatabase({ dataDir: restored }, file)).rejects.toThrow(/空ではありません/u);
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, 'not a backup');
    await expect(restoreDatabase({ dataDir: join(dir, 'x') }, junk)).rejects.toThrow(
      /backup のファイルではありません/u,
    );
  });

  it('backs up and restores from the command line, and refuses a second restore', {
    timeout: 300_000,
  }, async () => {
    const source = join(dir, 'data');
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      readStdin: async () => '',
    };
    const saved = { ...process.env };
    try {
      delete process.env.DATABASE_URL;
      process.env.HOSHIN_DATA_DIR = source;
      const file = join(dir, 'cli.tar.gz');
      expect(await main(['backup', '-o', file], io)).toBe(0);
      // The change log from the command line too (the same file as GET /api/change-log).
      const log = join(dir, 'log.json');
      expect(await main(['export', 'change-log', '--format', 'json', '-o', log], io)).toBe(0);
      const exported = JSON.parse(await readFile(log, 'utf8')) as {
        municipality: string;
        entries: unknown[];
      };
      expect(exported.municipality).toBe('352136');
      expect(exported.entries.length).toBeGreaterThan(100);
      expect(await main(['export', 'change-log', '--from', 'yesterday'], io)).toBe(1);
      expect(await main(['backup', '-o', file], io)).toBe(1);
      expect(out.join('')).toMatch(/すでにあります/u);
      process.env.HOSHIN_DATA_DIR = join(dir, 'cli-restored');
      expect(await main(['restore', file], io)).toBe(0);
      expect(await main(['restore', file], io)).toBe(1);
      expect(out.join('')).toMatch(/空ではありません/u);
    } finally {
      process.env = saved;
    }
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('backup and restore of the PostgreSQL server', () => {
  const stamp = `${process.pid}_${Date.now()}`;
  const names = { source: `hoshin_backup_src_${stamp}`, target: `hoshin_backup_dst_${stamp}` };
  const urlOf = (name: string) => {
    const url = new URL(serverUrl ?? '');
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${names.source}`);
    await admin(`CREATE DATABASE ${names.target}`);
  });
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${names.source}`);
    await admin(`DROP DATABASE IF EXISTS ${names.target}`);
  });

  it('restores into a new database with every export unchanged', { timeout: 300_000 }, async () => {
    const source: BackupTarget = { databaseUrl: urlOf(names.source) };
    const handle = await openDatabase({ databaseUrl: urlOf(names.source) });
    let before: Record<string, string>;
    try {
      await makeData(handle.db);
      before = await exportsOf(handle.db);
      // Online: the backup is taken while the application's pool is open.
      expect((await backupDatabase(source, join(dir, 'server.dump'))).kind).toBe('postgres');
    } finally {
      await handle.close();
    }
    const target: BackupTarget = { databaseUrl: urlOf(names.target) };
    const gzip = join(dir, 'other.tar.gz');
    await writeFile(gzip, new Uint8Array([0x1f, 0x8b, 8, 0]));
    await expect(restoreDatabase(target, gzip)).rejects.toThrow(/PGlite/u);
    expect((await restoreDatabase(target, join(dir, 'server.dump'))).kind).toBe('postgres');
    const again = await openDatabase({ databaseUrl: urlOf(names.target) });
    try {
      expect(await exportsOf(again.db)).toEqual(before);
      // The restored log is append-only still.
      await expect(again.db.execute(sql`truncate change_log`)).rejects.toThrow();
    } finally {
      await again.close();
    }
    await expect(restoreDatabase(target, join(dir, 'server.dump'))).rejects.toThrow(/空ではありません/u);
    await expect(restoreDatabase({ dataDir: join(dir, 'y') }, join(dir, 'server.dump'))).rejects.toThrow(
      /pg_dump/u,
    );
  });
});
