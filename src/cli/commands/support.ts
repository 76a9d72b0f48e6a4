/**
 * @module CLI command support
 * Argument parsing with Japanese messages, and opening the database for one command with expected
 * errors (bad input, conflicts) printed plainly instead of as a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type DatabaseHandle, databaseOptionsFromEnv, openDatabase } from '../../db/client.ts';
import { ImportConflictError } from '../../db/report-store.ts';
import { HoshinError } from '../../errors.ts';
import { formatIssue, type KpiTableError } from '../../formats/kpi-table/index.ts';
import type { CliIo } from '../io.ts';

type ParseArgsConfig = Parameters<typeof parseArgs>[0];

/** parseArgs with a Japanese message on unknown options; null when the arguments are wrong. */
export function readArgs<T extends ParseArgsConfig>(config: T, args: string[], io: CliIo) {
  try {
    return parseArgs({ ...config, args, strict: true });
  } catch (error) {
    io.stderr(`引数が正しくありません: ${(error as Error).message}\n`);
    return null;
  }
}

/** Opens the database from the environment, runs `work`, reports expected errors plainly. */
export async function withDatabase(
  io: CliIo,
  work: (handle: DatabaseHandle) => Promise<number>,
): Promise<number> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ ...databaseOptionsFromEnv(), purpose: io.command ?? 'hoshin' });
    return await work(handle);
  } catch (error) {
    if (error instanceof HoshinError || error instanceof ImportConflictError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await handle?.close();
  }
}

/** Reads the file an import command names; prints why not (exit code 1) and returns null. */
export async function readInputFile(file: string, io: CliIo): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch {
    io.stderr(`ファイルを読めません: ${file}\n`);
    return null;
  }
}

/** Prints every bad cell of a refused table import; the database was left as it was. */
export function printTableError(io: CliIo, file: string, error: KpiTableError): void {
  io.stderr(`${file} を取り込めません（データベースは変更していません）。${error.issues.length} 件の問題:\n`);
  for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}\n`);
}
