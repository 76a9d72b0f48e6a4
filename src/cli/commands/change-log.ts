/**
 * @module CLI: export change-log
 * `hoshin export change-log --format csv|json [-o FILE]`: the municipality's 変更履歴 for keeping or
 * auditing outside Hoshin (the same file as `GET /api/change-log`).
 */
import { CHANGE_LOG_FORMATS } from '../../features/change-log/contract.ts';
import { exportChangeLog } from '../../features/change-log/export.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs, withDatabase, writeOutputFile } from './support.ts';

const usage = `使い方: hoshin export change-log [--format csv|json] [-o FILE] [オプション]
  --format csv|json          CSV（UTF-8 BOM 付き、Excel で開ける）か JSON（既定: csv）
  -o FILE                    出力先（省略時は標準出力）
  --from 2024-04-01          この日時から（日付は日本時間のその日の始め、または ISO 形式の日時）
  --to 2025-03-31            この日時まで（日付はその日の終わりまで）
  --municipality CODE        自治体コード（自治体が複数あるとき）
列: 日時（ISO 8601、UTC）, 変更者, 表, 行ID, 操作, 変更前（JSON）, 変更後（JSON）
`;

export const exportChangeLogCommand: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        format: { type: 'string', default: 'csv' },
        output: { type: 'string', short: 'o' },
        from: { type: 'string' },
        to: { type: 'string' },
        municipality: { type: 'string' },
      },
    },
    args,
    io,
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const format = CHANGE_LOG_FORMATS.find((f) => f === values.format);
  if (!format) {
    io.stderr(`未対応の形式です: ${values.format}（対応: ${CHANGE_LOG_FORMATS.join(', ')}）\n\n${usage}`);
    return 2;
  }
  return withDatabase(io, async ({ db }) => {
    const owner = await resolveMunicipality(
      db,
      values.municipality ? { localGovCode: values.municipality } : {},
      'export',
    );
    const file = await exportChangeLog(db, {
      municipalityId: owner.id,
      localGovCode: owner.localGovCode,
      format,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
    });
    if (values.output) {
      if (!(await writeOutputFile(values.output, file.text, io))) return 1;
      io.stderr(`出力しました: ${values.output}（${owner.name}の変更履歴）\n`);
    } else {
      io.stdout(file.text);
    }
    return 0;
  });
};
