/**
 * @module CLI test support
 * Runs `hoshin …` in-process with its output recorded, against a PGlite folder of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from './main.ts';

/** Runs the CLI with the given arguments; returns its exit code and what it printed. */
export async function hoshin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: '', err: '' };
  const code = await main(argv, {
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    readStdin: async () => '',
  });
  return { code, ...io };
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
