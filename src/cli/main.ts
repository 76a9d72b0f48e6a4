/**
 * @module CLI
 * `hoshin <command>`: serve, demo, import/export of reports, KPI evaluation. Each command lives in
 * commands/ and gets its arguments and I/O passed in, so it can be tested without a process.
 */
import { readFileSync } from 'node:fs';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import type { CliCommand, CliIo } from './io.ts';

// Loaded on demand so that one command's dependencies do not slow down (or break) another.
const commands: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./commands/report.ts')).serveCommand,
  demo: async () => (await import('./commands/report.ts')).demo,
  'import report': async () => (await import('./commands/report.ts')).importReport,
  'export report': async () => (await import('./commands/report.ts')).exportReport,
  'plan period': async () => (await import('./commands/plan.ts')).planPeriod,
  'kpi scheme': async () => (await import('./commands/kpi-scheme.ts')).kpiScheme,
  'kpi evaluate': async () => (await import('./commands/kpi-evaluate.ts')).kpiEvaluate,
  'import kpis': async () => (await import('./commands/kpi-table.ts')).importKpis,
  'export kpis': async () => (await import('./commands/kpi-table.ts')).exportKpis,
  'import strategy': async () => (await import('./commands/strategy.ts')).importStrategy,
  'export strategy': async () => (await import('./commands/strategy.ts')).exportStrategy,
  'export change-log': async () => (await import('./commands/change-log.ts')).exportChangeLogCommand,
  'export open-data': async () => (await import('./commands/open-data.ts')).exportOpenData,
  publish: async () => (await import('./commands/publish.ts')).publishCommand,
  unpublish: async () => (await import('./commands/publish.ts')).unpublishCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
  restore: async () => (await import('./commands/backup.ts')).restoreCommand,
  'user add': async () => (await import('./commands/user.ts')).userAdd,
  'user list': async () => (await import('./commands/user.ts')).userList,
  'user password': async () => (await import('./commands/user.ts')).userPassword,
  'user disable': async () => (await import('./commands/user.ts')).userDisable,
  'user enable': async () => (await import('./commands/user.ts')).userEnable,
};

const usage = `使い方: hoshin <コマンド> [オプション]

  serve [--port 8080]                       画面と API を起動する（PORT 環境変数でも指定可）
  demo                                      デモデータ（美祢市の計画と令和5年度実績）を読み込む
  import report FILE [--json]               進捗報告書（Markdown）を取り込む
        [--municipality CODE] [--municipality-name NAME]
  export report --year 2023 --format md|html|pdf|pptx|xlsx|docx|zip [-o FILE] [--as-of 時点]
                                            進捗報告書を出力する（--year は実績の年度。zip は
                                            全形式をまとめたもの。pdf・pptx・xlsx・docx・zip は -o が必要。
                                            --as-of 2026-12-01T10:00+09:00 でその時点の内容）
  plan period --name 前期基本計画 --from R4 --to R8 [--kind basic-plan|vision]
                                            計画の期間（年度の範囲）を登録する
  kpi scheme --set 基本計画 --scheme nagano  指標の区分の評価基準を設定する（--file で JSON、--list で一覧）
  kpi evaluate < input.json                 KPI を評価する（JSON を標準入力から）
  import kpis FILE [--plan NAME] [--set 基本計画] [--create-nodes] [--replace]
                                            指標の表（xlsx・CSV）を取り込む（hoshin import kpis --help）
  export kpis --year 2023 --format xlsx|csv|json [-o FILE]
                                            指標の表を評価付きで出力する（xlsx は -o が必要）
  import strategy FILE --name NAME [--levels 基本目標,具体的な施策] [--for PLAN]
                                            総合戦略の構成と総合計画の施策との関連を取り込む
  export strategy [--name NAME] [--format csv|xlsx] [-o FILE]
                                            総合戦略の構成表を取り込みと同じ形で出力する
  export change-log [--format csv|json] [-o FILE] [--from 日付] [--to 日付]
                                            変更履歴（誰が・いつ・何を）を出力する
  export open-data --year 2023 --dataset kpis|policies --format csv|csv-bom|json|schema [-o FILE]
                                            公開済みの年度のオープンデータ（公開ページと同じファイル）を出力する
  publish --year 2023 [--reason 理由]        確定した年度を公開ページ（/public/自治体コード/）に公開する
                                            （公開済みなら訂正版。理由は更新履歴に載る）
  unpublish --year 2023 --reason 理由        年度の公開を取り下げる
  backup -o FILE                            データベース全体をバックアップする（README「バックアップ」）
  restore FILE                              バックアップを空のデータベースに戻す
  user add NAME --role 管理者|企画|担当課|審議会委員|閲覧 [--display-name 氏名] [--department 課名] [--email 宛先]
                                            ユーザーを追加する（パスワードはプロンプトか標準入力）
  user list                                 ユーザーの一覧
  user password NAME                        パスワードを再設定する
  user disable NAME / user enable NAME      ユーザーを無効・有効にする

データベース: DATABASE_URL があれば PostgreSQL、なければ HOSHIN_DATA_DIR（既定 ./data）の内蔵 PGlite。`;

/** Standard process I/O. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => readFileSync(0, 'utf8'),
  ...(process.stdin.isTTY ? { readSecret: promptWithoutEcho } : {}),
};

/** Reads one line at the terminal, echoing nothing of it. */
function promptWithoutEcho(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') process.exit(130); // Ctrl+C
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first = '', second = ''] = argv;
  if (first === '' || first === 'help' || first === '--help' || first === '-h') {
    io.stdout(`${usage}\n`);
    return first === '' ? 2 : 0;
  }
  const two = `${first} ${second}`;
  const twoWords = commands[two];
  if (twoWords) return run(two, await twoWords(), argv.slice(2), io);
  const oneWord = commands[first];
  if (oneWord) return run(first, await oneWord(), argv.slice(1), io);
  io.stderr(`不明なコマンドです: ${argv.join(' ')}\n\n${usage}\n`);
  return 2;
}

async function run(name: string, command: CliCommand, args: string[], io: CliIo): Promise<number> {
  try {
    return await command(args, { ...io, command: name });
  } catch (error) {
    // The data folder is open in another process (typically the server): expected, so a plain
    // message rather than a stack trace; nothing was changed.
    if (error instanceof DataDirLockedError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
