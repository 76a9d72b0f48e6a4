/**
 * @module CLI: serve, demo, import/export of progress reports
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { databaseOptionsFromEnv } from '../../db/client.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { atMoment, parseAsOf } from '../../features/history/as-of.ts';
import { importProgressReport } from '../../features/progress/progress-report.ts';
import {
  exportReport as exportReportFile,
  loadReportForExport,
  renderReportFile,
} from '../../features/report/export.ts';
import { ReportParseError } from '../../formats/seed-markdown/index.ts';
import { startServer } from '../../http/server.ts';
import {
  FormatUnavailableError,
  isReportFormat,
  REPORT_FORMAT_INFO,
  REPORT_FORMATS,
} from '../../report/render.ts';
import { loadDemo } from '../../services/demo.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { type CliCommand, cliActor } from '../io.ts';
import { importThroughServer } from '../server-client.ts';
import { usageOf } from '../usage.ts';
import { commandArgs, withDatabase, writeOutputFile } from './support.ts';

export const serveCommand: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    { options: { port: { type: 'string' }, host: { type: 'string' } } },
    args,
    io,
    usageOf('serve'),
  );
  if (typeof parsed === 'number') return parsed;
  const port = Number(parsed.values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`ポート番号が正しくありません: ${parsed.values.port ?? process.env.PORT}\n`);
    return 2;
  }
  const server = await startServer({
    port,
    // 127.0.0.1 unless told: a city server behind its proxy sets HOST=0.0.0.0 and HOSHIN_ORIGIN.
    ...((parsed.values.host ?? process.env.HOST) ? { hostname: parsed.values.host ?? process.env.HOST } : {}),
    ...databaseOptionsFromEnv(),
  });
  io.stdout(`Hoshin を起動しました: http://localhost:${new URL(server.url).port}\n`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Keep running until a signal arrives.
  await new Promise(() => {});
  return 0;
};

export const demo: CliCommand = async (args, io) => {
  const parsed = commandArgs({ options: {} }, args, io, usageOf('demo'));
  if (typeof parsed === 'number') return parsed;
  return withDatabase(
    io,
    async ({ db }) => {
      const summaries = await loadDemo(db);
      for (const s of summaries) io.stdout(`デモデータを読み込みました: ${summaryLine(s)}\n`);
      return 0;
    },
    { creates: true },
  );
};

export const importReport: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        json: { type: 'boolean' },
        municipality: { type: 'string' },
        'municipality-name': { type: 'string' },
        server: { type: 'string' },
        user: { type: 'string' },
      },
      allowPositionals: true,
    },
    args,
    io,
    usageOf('import report'),
  );
  if (typeof parsed === 'number') return parsed;
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.stderr(
      '取り込むファイルを1つ指定してください: hoshin import report FILE [--server URL --user NAME]\n',
    );
    return 2;
  }
  let markdown: string;
  try {
    markdown = await readFile(file, 'utf8');
  } catch {
    io.stderr(`ファイルを読めません: ${file}\n`);
    return 1;
  }
  if (parsed.values.server) {
    const json = parsed.values.json === true;
    return importThroughServer(
      io,
      { server: parsed.values.server, user: parsed.values.user, municipality: parsed.values.municipality },
      {
        path: '/api/progress-report',
        body: new TextEncoder().encode(markdown),
        contentType: 'text/markdown; charset=utf-8',
      },
      (body) =>
        io.stdout(
          json
            ? `${JSON.stringify(body)}\n`
            : `取り込みました: ${summaryLine(body as unknown as Parameters<typeof summaryLine>[0])}\n`,
        ),
    );
  }
  return withDatabase(
    io,
    async ({ db }) => {
      try {
        const summary = await importProgressReport(db, markdown, {
          ...(parsed.values.municipality ? { localGovCode: parsed.values.municipality } : {}),
          ...(parsed.values['municipality-name']
            ? { municipalityName: parsed.values['municipality-name'] }
            : {}),
          actor: cliActor(io, basename(file)),
        });
        io.stdout(
          parsed.values.json ? `${JSON.stringify(summary)}\n` : `取り込みました: ${summaryLine(summary)}\n`,
        );
        return 0;
      } catch (error) {
        if (error instanceof ReportParseError) {
          io.stderr(`${file} を取り込めません（データベースは変更していません）:\n`);
          for (const issue of error.issues) io.stderr(`  ${file}:${issue.line}: ${issue.message}\n`);
          return 1;
        }
        throw error;
      }
    },
    { creates: true },
  );
};

export const exportReport: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        year: { type: 'string' },
        format: { type: 'string', default: 'md' },
        output: { type: 'string', short: 'o' },
        municipality: { type: 'string' },
        'as-of': { type: 'string' },
      },
    },
    args,
    io,
    usageOf('export report'),
  );
  if (typeof parsed === 'number') return parsed;
  const year = Number(parsed.values.year);
  if (!parsed.values.year || !Number.isInteger(year)) {
    io.stderr('--year に実績の年度を西暦で指定してください（例: --year 2023 は令和5年度実績）\n');
    return 2;
  }
  const format = parsed.values.format ?? 'md';
  if (!isReportFormat(format)) {
    io.stderr(`未対応の形式です: ${format}（対応: ${REPORT_FORMATS.join('、')}）\n`);
    return 2;
  }
  const output = parsed.values.output;
  if (!output && REPORT_FORMAT_INFO[format].binary) {
    io.stderr(
      `${REPORT_FORMAT_INFO[format].label}（${format}）は端末には出力できません。-o で出力先のファイルを指定してください（例: -o report.${format}）\n`,
    );
    return 2;
  }
  // --as-of: the report as it was at that moment, rebuilt from the change log.
  let asOf: Date | undefined;
  if (parsed.values['as-of'] !== undefined) {
    try {
      asOf = parseAsOf(parsed.values['as-of']);
    } catch (error) {
      io.stderr(`--as-of: ${(error as Error).message}\n`);
      return 2;
    }
  }
  return withDatabase(io, async ({ db }) => {
    try {
      const key = {
        fiscalYear: year,
        ...(parsed.values.municipality ? { localGovCode: parsed.values.municipality } : {}),
      };
      const file = asOf
        ? await renderReportFile(
            await atMoment(
              db,
              (await resolveMunicipality(db, { localGovCode: key.localGovCode }, 'export')).id,
              asOf,
              (reader) => loadReportForExport(reader, key),
            ),
            { format },
          )
        : await exportReportFile(db, { ...key, format });
      if (output) {
        if (!(await writeOutputFile(output, file.bytes, io))) return 1;
        io.stderr(
          `出力しました: ${output}（${REPORT_FORMAT_INFO[format].label}、${file.bytes.byteLength} バイト）\n`,
        );
      } else io.stdout(new TextDecoder().decode(file.bytes));
      return 0;
    } catch (error) {
      if (error instanceof FormatUnavailableError) {
        io.stderr(`エラー: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
};

function summaryLine(s: {
  goals: number;
  policies: number;
  measures: number;
  items: number;
  fiscalYear: number;
}) {
  return `${formatFiscalYear(s.fiscalYear)}実績 — 基本目標 ${s.goals}、基本方針 ${s.policies}、施策 ${s.measures}、取組 ${s.items} 件`;
}
