/**
 * @module CLI: backup and restore
 * `hoshin backup -o FILE` and `hoshin restore FILE`: the whole database (every municipality, the
 * change log, users) to one file and back into an empty database (src/db/backup.ts; README
 * 「バックアップ」 for how often and where).
 */
import { existsSync } from 'node:fs';
import { type BackupTarget, backupDatabase, restoreDatabase } from '../../db/backup.ts';
import { databaseOptionsFromEnv } from '../../db/client.ts';
import { HoshinError } from '../../errors.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs, outputWritable } from './support.ts';

const backupUsage = `使い方: hoshin backup -o FILE [--force]
  -o FILE     バックアップの出力先。PostgreSQL（DATABASE_URL）は pg_dump の形式（例: hoshin-20250401.dump）、
              内蔵データベース（HOSHIN_DATA_DIR）はフォルダの .tar.gz（例: hoshin-20250401.tar.gz）
  --force     FILE がすでにあれば上書きする
PostgreSQL は動かしたまま取れます。内蔵データベースはサーバー（hoshin serve）を止めてから取ってください。
`;

const restoreUsage = `使い方: hoshin restore FILE
  FILE        hoshin backup で作ったファイル
戻し先は空でなければなりません: PostgreSQL は新しく作ったデータベース（DATABASE_URL）、
内蔵データベースは空か存在しないフォルダ（HOSHIN_DATA_DIR）。
`;

function targetFromEnv(): BackupTarget {
  const options = databaseOptionsFromEnv();
  return options.databaseUrl
    ? { databaseUrl: options.databaseUrl }
    : { dataDir: options.dataDir ?? './data' };
}

export const backupCommand: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean' },
      },
    },
    args,
    io,
    backupUsage,
  );
  if (typeof parsed === 'number') return parsed;
  const file = parsed.values.output;
  if (!file) {
    io.stderr(`-o で出力先のファイルを指定してください\n\n${backupUsage}`);
    return 2;
  }
  if (existsSync(file) && !parsed.values.force) {
    io.stderr(`${file} はすでにあります。別の名前にするか --force で上書きしてください\n`);
    return 1;
  }
  if (!(await outputWritable(file, io))) return 1;
  try {
    const result = await backupDatabase(targetFromEnv(), file);
    const kind = result.kind === 'postgres' ? 'PostgreSQL（pg_dump）' : '内蔵データベース（PGlite）';
    io.stderr(`バックアップしました: ${file}（${kind}、${Math.ceil(result.bytes / 1024)} KB）\n`);
    return 0;
  } catch (error) {
    if (error instanceof HoshinError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};

export const restoreCommand: CliCommand = async (args, io) => {
  const parsed = commandArgs({ options: {}, allowPositionals: true }, args, io, restoreUsage);
  if (typeof parsed === 'number') return parsed;
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr(`戻すバックアップファイルを1つ指定してください\n\n${restoreUsage}`);
    return 2;
  }
  try {
    const target = targetFromEnv();
    const result = await restoreDatabase(target, file);
    // The folder by its path (a password in DATABASE_URL is never printed).
    const where =
      result.kind === 'postgres' || !('dataDir' in target)
        ? 'DATABASE_URL のデータベース'
        : `データフォルダ ${target.dataDir}`;
    io.stderr(`戻しました: ${file} → ${where}。hoshin serve で開くと内容を確認できます\n`);
    return 0;
  } catch (error) {
    if (error instanceof HoshinError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};
