/**
 * @module CLI test support
 * Runs `hoshin …` in-process with its output recorded, against a PGlite folder of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { main } from './main.ts';

/** Runs the CLI with the given arguments; returns its exit code and what it printed. */
export function hoshin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return hoshinWithInput(argv, '');
}

/** Runs the CLI with `stdin` as its standard input (no terminal: passwords are read from it). */
export async function hoshinWithInput(
  argv: string[],
  stdin: string,
): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '' };
  const code = await main(argv, {
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    readStdin: async () => stdin,
  });
  return { code, ...io };
}

/** Opens the CLI's PGlite folder (HOSHIN_DATA_DIR) between commands, to look at or prepare its data. */
export async function inspectDataDir<T>(work: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dataDir: process.env.HOSHIN_DATA_DIR ?? '' });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * For the tests of one describe block: a temporary folder whose `data` subfolder is the CLI's PGlite
 * database (DATABASE_URL unset), restored and removed afterwards. Returns the folder.
 */
export function useTempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const saved = { dataDir: process.env.HOSHIN_DATA_DIR, url: process.env.DATABASE_URL };
  beforeAll(() => {
    process.env.HOSHIN_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved.dataDir === undefined) delete process.env.HOSHIN_DATA_DIR;
    else process.env.HOSHIN_DATA_DIR = saved.dataDir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
