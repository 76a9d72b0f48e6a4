/**
 * @module CLI command support
 * Argument parsing with Japanese messages, and opening the database for one command with expected
 * errors (bad input, conflicts) printed plainly instead of as a stack trace.
 */
import { existsSync } from 'node:fs';
import { access, constants, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type DatabaseHandle, databaseOptionsFromEnv, openDatabase } from '../../db/client.ts';
import { ImportConflictError } from '../../db/report-store.ts';
import { HoshinError } from '../../errors.ts';
import { formatIssue, type KpiTableError } from '../../formats/kpi-table/index.ts';
import type { CliIo } from '../io.ts';

/** `-h` / `--help`, which every command takes. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type WithHelp<T extends ParseArgsConfig> = T & {
  options: NonNullable<T['options']> & typeof HELP;
  args: string[];
  strict: true;
};
type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<WithHelp<T>>>;

/**
 * Reads a command's arguments (strict: an unknown option is an error). Returns the exit code
 * instead when the command has nothing more to do: 0 after `--help` (usage on stdout), 2 after a
 * wrong argument (the reason in Japanese and the usage on stderr).
 * @example const parsed = commandArgs({ options: { year: { type: 'string' } } }, args, io, usage);
 *          if (typeof parsed === 'number') return parsed;
 */
export function commandArgs<T extends ParseArgsConfig>(
  config: T,
  args: string[],
  io: CliIo,
  usage: string,
): Parsed<T> | number {
  const withHelp = { ...config, options: { ...config.options, ...HELP }, args, strict: true } as WithHelp<T>;
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs(withHelp);
  } catch (error) {
    io.stderr(`引数が正しくありません: ${argumentProblem(error as Error & { code?: string })}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
}

/** node:util parseArgs' English reason, in Japanese. */
function argumentProblem(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' <]+)/u.exec(error.message)?.[1] ?? '';
  const positional = /Unexpected argument '([^']*)'/u.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${option} というオプションはありません`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/u.test(error.message)
        ? `${option} の後に値を指定してください`
        : `${option} は値をとりません`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `余分な引数があります（${positional ?? ''}）`;
    default:
      return error.message;
  }
}

/**
 * Whether a command that only reads or changes existing data would open a PGlite folder that holds
 * no database (a typo in HOSHIN_DATA_DIR, say): PGlite would make a new, empty one there, and a later
 * `hoshin restore` into that folder would be refused. Prints why and returns true.
 */
export function missingDataFolder(io: CliIo): boolean {
  const options = databaseOptionsFromEnv();
  if (options.databaseUrl || !options.dataDir || existsSync(join(options.dataDir, 'PG_VERSION')))
    return false;
  io.stderr(
    `エラー: データフォルダ ${options.dataDir} にデータベースがありません（HOSHIN_DATA_DIR を確かめてください）。` +
      '最初のデータは npm start・hoshin demo・hoshin import で作られます。\n',
  );
  return true;
}

/**
 * Opens the database from the environment, runs `work`, reports expected errors plainly. Only a
 * command that brings data (`creates`: an import, the demo) may start a new PGlite folder.
 */
export async function withDatabase(
  io: CliIo,
  work: (handle: DatabaseHandle) => Promise<number>,
  options: { creates?: boolean } = {},
): Promise<number> {
  if (!options.creates && missingDataFolder(io)) return 1;
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

/** Why a file cannot be written, in Japanese; null for an error that is not about the file. */
function writeProblem(error: unknown): string | null {
  switch ((error as { code?: string }).code) {
    case 'ENOENT':
      return '保存先のフォルダがありません';
    case 'ENOTDIR':
      return 'パスの途中がフォルダではありません';
    case 'EISDIR':
      return 'フォルダです。ファイル名まで指定してください';
    case 'EACCES':
    case 'EPERM':
      return '書き込む権限がありません';
    case 'EROFS':
      return '読み取り専用の場所です';
    case 'ENOSPC':
      return 'ディスクの空きが足りません';
    default:
      return null;
  }
}

/**
 * Writes a command's output file (`-o`); when the place cannot be written, prints why (a wrong
 * folder, no permission…) instead of a stack trace and returns false: the command exits with 1.
 */
export async function writeOutputFile(file: string, data: string | Uint8Array, io: CliIo): Promise<boolean> {
  return explainingWriteProblems(file, io, () => writeFile(file, data));
}

/** Runs `write`; an error about the place is printed in Japanese (false), any other is thrown. */
async function explainingWriteProblems(
  file: string,
  io: CliIo,
  write: () => Promise<void>,
): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    const problem = writeProblem(error);
    if (!problem) throw error;
    io.stderr(`エラー: ${file} に書き込めません（${problem}）\n`);
    return false;
  }
}

/**
 * Checks before a long job that its output file can be made (a folder that exists and may be
 * written, a name that is not a folder); prints why not and returns false.
 */
export function outputWritable(file: string, io: CliIo): Promise<boolean> {
  return explainingWriteProblems(file, io, async () => {
    const existing = await stat(file).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error(file), { code: 'EISDIR' });
    await access(dirname(file), constants.W_OK);
  });
}

/** Prints every bad cell of a refused table import; the database was left as it was. */
export function printTableError(io: CliIo, file: string, error: KpiTableError): void {
  io.stderr(`${file} を取り込めません（データベースは変更していません）。${error.issues.length} 件の問題:\n`);
  for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}\n`);
}
