/**
 * @module CLI: KPI tables (import kpis / export kpis)
 * `hoshin import kpis FILE` reads an xlsx or CSV KPI table (layout: src/formats/kpi-table/README.md);
 * every bad cell is printed with its sheet and address and nothing is written (exit 1).
 * `hoshin export kpis --year 2023 --format xlsx|csv|json [-o FILE]` writes the evaluated table.
 */
import { basename } from 'node:path';
import { databaseOptionsFromEnv, openDatabase } from '../../db/client.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { HoshinError } from '../../errors.ts';
import { KpiTableImportResult } from '../../features/kpi-table/contract.ts';
import { exportKpiTable, importKpiTable, type KpiExportFormat } from '../../features/kpi-table/import.ts';
import { KpiTableError } from '../../formats/kpi-table/index.ts';
import { type CliCommand, type CliIo, cliActor } from '../io.ts';
import { importThroughServer } from '../server-client.ts';
import {
  commandArgs,
  missingDataFolder,
  printTableError,
  readInputFile,
  writeOutputFile,
} from './support.ts';

const importUsage = `使い方: hoshin import kpis FILE [オプション]
  FILE                       指標の表（.xlsx か .csv。CSV は UTF-8 でも Shift_JIS でも可）
  --plan NAME                取り込む計画（--plan か --municipality のどちらかは必須）
  --levels 政策,施策,…       新しい計画を作るときの階層（--plan と一緒に。丸数字の階層は 施策:circled）
  --set NAME                 「指標の区分」列が空の行の区分（基本計画、総合戦略など）
  --create-nodes             計画にない階層（施策など）を作る（新しい計画では常に作る）
  --replace                  空欄の実績を「値なし」として登録済みの実績を削除する（既定: 残す）
  --illustrative             取り込む指標を「架空のデモ値」として登録する
  --municipality CODE [--municipality-name NAME]
                             取り込む自治体（省略時は --plan の計画の自治体。計画が1つならその計画）
  --json                     結果を JSON で出力する
  --server URL               データフォルダを開かず、起動中のサーバーに送って取り込む（例: http://127.0.0.1:8080）
  --user NAME                --server のときのユーザー名（パスワードはプロンプトか標準入力の1行目）
`;

const exportUsage = `使い方: hoshin export kpis --year 2023 [--format xlsx|csv|json] [-o FILE] [--plan NAME] [--municipality CODE]
  --year は評価する年度（西暦。2023 は令和5年度実績）。xlsx は -o が必要です。
`;

export const importKpis: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        plan: { type: 'string' },
        levels: { type: 'string' },
        set: { type: 'string' },
        'create-nodes': { type: 'boolean' },
        replace: { type: 'boolean' },
        illustrative: { type: 'boolean' },
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
    importUsage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (values.server) return importKpisThroughServer(parsed.positionals, values, io);
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr(`取り込むファイルを1つ指定してください\n\n${importUsage}`);
    return 2;
  }
  // A sheet rarely says whose it is: never guess the city (another city's file would be merged
  // into the only plan registered). The plan or the municipality must be named.
  if (!values.plan && !values.municipality) {
    io.stderr(
      '取り込み先を --plan（計画名）か --municipality（自治体コード）で指定してください。指標の表には自治体が書かれていないため、推測では取り込みません。\n',
    );
    return 2;
  }
  const bytes = await readInputFile(file, io);
  if (!bytes) return 1;
  const handle = await openDatabase({ ...databaseOptionsFromEnv(), purpose: io.command ?? 'hoshin' });
  try {
    const summary = await importKpiTable(handle.db, bytes, {
      fileName: basename(file),
      actor: cliActor(io, basename(file)),
      ...(values.municipality ? { localGovCode: values.municipality } : {}),
      ...(values['municipality-name'] ? { municipalityName: values['municipality-name'] } : {}),
      ...(values.plan ? { planName: values.plan } : {}),
      ...(values.levels ? { levels: values.levels.split(/[,、，]/u) } : {}),
      ...(values.set ? { set: values.set } : {}),
      createNodes: values['create-nodes'] === true,
      replace: values.replace === true,
      illustrative: values.illustrative === true,
    });
    printSummary(io, summary, values.json === true);
    return 0;
  } catch (error) {
    if (error instanceof KpiTableError) {
      printTableError(io, file, error);
      return 1;
    }
    if (error instanceof HoshinError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
};

const FORMATS: readonly KpiExportFormat[] = ['xlsx', 'csv', 'json'];

export const exportKpis: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        year: { type: 'string' },
        format: { type: 'string', default: 'xlsx' },
        output: { type: 'string', short: 'o' },
        plan: { type: 'string' },
        municipality: { type: 'string' },
      },
    },
    args,
    io,
    exportUsage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const year = Number(values.year);
  if (!values.year || !Number.isInteger(year) || year < 1900 || year > 2200) {
    io.stderr(
      `--year に評価する年度を西暦で指定してください（例: --year 2023 は令和5年度）\n\n${exportUsage}`,
    );
    return 2;
  }
  const format = FORMATS.find((f) => f === values.format);
  if (!format) {
    io.stderr(`未対応の形式です: ${values.format}（対応: ${FORMATS.join(', ')}）\n`);
    return 2;
  }
  if (format === 'xlsx' && !values.output) {
    io.stderr('xlsx は -o で出力先のファイルを指定してください（例: -o kpi.xlsx）\n');
    return 2;
  }
  if (missingDataFolder(io)) return 1;
  const handle = await openDatabase({ ...databaseOptionsFromEnv(), purpose: io.command ?? 'hoshin' });
  try {
    const { bytes } = await exportKpiTable(handle.db, {
      fiscalYear: year,
      format,
      ...(values.plan ? { planName: values.plan } : {}),
      ...(values.municipality ? { localGovCode: values.municipality } : {}),
    });
    if (values.output) {
      if (!(await writeOutputFile(values.output, bytes, io))) return 1;
      io.stderr(`出力しました: ${values.output}（${formatFiscalYear(year)}の評価）\n`);
    } else {
      // ignoreBOM keeps the CSV's BOM, so a redirected file still opens as Japanese in Excel.
      io.stdout(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    }
    return 0;
  } catch (error) {
    if (error instanceof HoshinError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
};

/** What an import did, as one line (or JSON), then what it did not read and its warnings. */
function printSummary(io: CliIo, summary: KpiTableImportResult, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(summary)}\n`);
  } else {
    io.stdout(
      `取り込みました: 計画「${summary.planName}」${summary.planCreated ? '（新規）' : ''} 指標 ${summary.rows} 行 — ` +
        `指標 新規 ${summary.kpisCreated}・更新 ${summary.kpisUpdated}・変更なし ${summary.kpisUnchanged}、` +
        `実績 新規 ${summary.actualsCreated}・更新 ${summary.actualsUpdated}・削除 ${summary.actualsDeleted}` +
        `${summary.nodesCreated ? `、階層 新規 ${summary.nodesCreated}` : ''}` +
        `${summary.setsCreated ? `、指標の区分 新規 ${summary.setsCreated}` : ''}\n`,
    );
  }
  if (summary.ignoredColumns.length > 0) {
    io.stderr(`読まなかった列（見出しがわからない）: ${summary.ignoredColumns.join('、')}\n`);
  }
  for (const warning of summary.warnings) io.stderr(`注意: ${warning}\n`);
}

/** `--server URL`: the file goes to the running server, which imports it as the signed-in user. */
async function importKpisThroughServer(
  positionals: string[],
  values: {
    server?: string;
    user?: string;
    plan?: string;
    set?: string;
    json?: boolean;
    'create-nodes'?: boolean;
    replace?: boolean;
    municipality?: string;
  },
  io: CliIo,
): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    io.stderr(`取り込むファイルを1つ指定してください\n\n${importUsage}`);
    return 2;
  }
  const bytes = await readInputFile(file, io);
  if (!bytes) return 1;
  return importThroughServer(
    io,
    { server: values.server, user: values.user, municipality: values.municipality },
    {
      path: '/api/kpi-table',
      query: {
        fileName: basename(file),
        plan: values.plan,
        set: values.set,
        createNodes: values['create-nodes'] ? '1' : undefined,
        replace: values.replace ? '1' : undefined,
      },
      body: bytes,
      contentType: 'application/octet-stream',
    },
    (body) => printSummary(io, KpiTableImportResult.parse(body), values.json === true),
  );
}
