/**
 * @module CLI: 総合戦略 (import strategy)
 * `hoshin import strategy FILE --name NAME [--levels 基本目標,具体的な施策] [--for PLAN]` reads a strategy's
 * structure and its links to the plan's measures (layout: src/formats/strategy-table/README.md). Every bad
 * cell is printed with its sheet and address and nothing is written (exit 1).
 * `hoshin export strategy [--name NAME] --format csv|xlsx [-o FILE]` writes the same layout back out.
 */
import { basename } from 'node:path';
import {
  exportStrategyTable,
  importStrategyTable,
  type StrategyImportSummary,
} from '../../features/strategy/import.ts';
import { KpiTableError } from '../../formats/kpi-table/index.ts';
import { strategyTableToCsv, strategyTableToXlsx } from '../../formats/strategy-table/write.ts';
import { type CliCommand, type CliIo, cliActor } from '../io.ts';
import { importThroughServer } from '../server-client.ts';
import { commandArgs, printTableError, readInputFile, withDatabase, writeOutputFile } from './support.ts';

const usage = `使い方: hoshin import strategy FILE --name NAME [オプション]
  FILE                       総合戦略の構成表（.xlsx か .csv）: 階層ごとの列と「関連する施策」の列
  --name NAME                総合戦略の名前（例: 第2期美祢市まち・ひと・しごと創生総合戦略）
  --levels 基本目標,具体的な施策
                             新しく作るときの階層（丸数字の階層は 施策:circled）
  --for PLAN                 関連づける総合計画（省略時: 自治体に1つだけある総合計画）
  --municipality CODE [--municipality-name NAME]
  --json                     結果を JSON で出力する
指標は続けて hoshin import kpis FILE --plan NAME で取り込めます。
`;

export const importStrategy: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        name: { type: 'string' },
        levels: { type: 'string' },
        for: { type: 'string' },
        municipality: { type: 'string' },
        'municipality-name': { type: 'string' },
        json: { type: 'boolean' },
        server: { type: 'string' },
        user: { type: 'string' },
      },
      allowPositionals: true,
    },
    args,
    io,
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0 || !values.name) {
    io.stderr(
      `${!values.name ? '--name で総合戦略の名前を指定してください' : '取り込むファイルを1つ指定してください'}\n\n${usage}`,
    );
    return 2;
  }
  const bytes = await readInputFile(file, io);
  if (!bytes) return 1;
  const strategyName = values.name;
  if (values.server) {
    return importThroughServer(
      io,
      { server: values.server, user: values.user, municipality: values.municipality },
      {
        path: '/api/strategy-table',
        query: { fileName: basename(file), name: strategyName, levels: values.levels, for: values.for },
        body: bytes,
        contentType: 'application/octet-stream',
      },
      (body) => printStrategySummary(io, body as unknown as StrategyImportSummary, values.json === true),
    );
  }
  return withDatabase(
    io,
    async ({ db }) => {
      try {
        const summary = await importStrategyTable(db, bytes, {
          fileName: basename(file),
          actor: cliActor(io, basename(file)),
          strategyName,
          ...(values.levels ? { levels: values.levels.split(/[,、，]/u) } : {}),
          ...(values.for ? { planName: values.for } : {}),
          ...(values.municipality ? { localGovCode: values.municipality } : {}),
          ...(values['municipality-name'] ? { municipalityName: values['municipality-name'] } : {}),
        });
        printStrategySummary(io, summary, values.json === true);
        return 0;
      } catch (error) {
        if (error instanceof KpiTableError) {
          printTableError(io, file, error);
          return 1;
        }
        throw error;
      }
    },
    { creates: true },
  );
};

const exportUsage = `使い方: hoshin export strategy [--name NAME] [--format csv|xlsx] [-o FILE]
  総合戦略の構成と関連する施策を、取り込みと同じ表の形で出力する（xlsx は -o が必要）。
  --name は総合戦略が1つだけなら省略できます。
`;

export const exportStrategy: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        name: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        output: { type: 'string', short: 'o' },
      },
    },
    args,
    io,
    exportUsage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const format = values.format;
  if (format !== 'csv' && format !== 'xlsx') {
    io.stderr(`--format は csv か xlsx です（指定: ${format}）\n\n${exportUsage}`);
    return 2;
  }
  if (format === 'xlsx' && !values.output) {
    io.stderr(`xlsx は -o で出力先のファイルを指定してください\n\n${exportUsage}`);
    return 2;
  }
  const name = values.name;
  const output = values.output;
  return withDatabase(io, async ({ db }) => {
    const table = await exportStrategyTable(db, name ? { strategyName: name } : {});
    if (output) {
      const content = format === 'xlsx' ? await strategyTableToXlsx(table) : strategyTableToCsv(table);
      if (!(await writeOutputFile(output, content, io))) return 1;
    } else {
      io.stdout(strategyTableToCsv(table));
      return 0;
    }
    io.stdout(`出力しました: ${output}（総合戦略「${table.strategyName}」、${table.rows.length} 行）\n`);
    return 0;
  });
};

/** What a strategy import did, as one line (or JSON), then the columns it did not read. */
function printStrategySummary(io: CliIo, summary: StrategyImportSummary, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(summary)}\n`);
  } else {
    io.stdout(
      `取り込みました: 総合戦略「${summary.strategyName}」${summary.created ? '（新規）' : ''}（総合計画「${summary.planName}」に関連づけ） ${summary.rows} 行 — ` +
        `項目 新規 ${summary.nodesCreated}・名称変更 ${summary.nodesRenamed}、` +
        (summary.linksRead
          ? `関連 追加 ${summary.linksCreated}・削除 ${summary.linksDeleted}`
          : '関連する施策の列がないため関連は変更していません') +
        `${summary.nodesNotInFile ? `。ファイルにない登録済みの項目 ${summary.nodesNotInFile} 件はそのままです` : ''}\n`,
    );
  }
  if (summary.ignoredColumns.length > 0) {
    io.stderr(`読まなかった列（見出しがわからない）: ${summary.ignoredColumns.join('、')}\n`);
  }
}
