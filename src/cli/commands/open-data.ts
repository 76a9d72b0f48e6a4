/**
 * @module CLI: export open-data
 * `hoshin export open-data --year 2023 --dataset kpis|policies --format csv|csv-bom|json|schema`:
 * the same files as the portal's `/public/{code}/data/{年度}/…`, from the published snapshot only
 * (an unpublished year is refused), for a city that puts its open data on its own catalogue site.
 */
import { withTenant } from '../../db/tenant.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import {
  OPEN_DATA_DATASETS,
  OPEN_DATA_FORMATS,
  openDataFile,
  openDataSchemaFile,
} from '../../features/portal/open-data/build.ts';
import { openDataSettingsFromEnv } from '../../features/portal/open-data/settings.ts';
import { publishedYear } from '../../features/publication/publication.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs, withDatabase, writeOutputFile } from './support.ts';

const usage = `使い方: hoshin export open-data --year 2023 --dataset kpis|policies --format 形式 [-o FILE]
  --year 2023                公開済みの年度（西暦。2023 は令和5年度）
  --dataset kpis|policies    kpis: 指標（KPI）の達成状況、policies: 基本方針ごとの取組と方向性
  --format 形式              csv（UTF-8）、csv-bom（UTF-8 BOM 付き、Excel 向け）、json、
                             schema（JSON の JSON Schema）、table-schema（CSV の Table Schema）、
                             schema-document（両データの列・単位・コードの説明。--dataset 不要）
  -o FILE                    出力先（省略時は標準出力）
  --municipality CODE        自治体コード（自治体が複数あるとき）
ライセンスは HOSHIN_OPEN_DATA_LICENSE（既定 CC-BY-4.0）と HOSHIN_OPEN_DATA_ATTRIBUTION で設定します。
`;

const FORMATS = [...OPEN_DATA_FORMATS, 'schema-document'] as const;

export const exportOpenData: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        year: { type: 'string' },
        dataset: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        output: { type: 'string', short: 'o' },
        municipality: { type: 'string' },
      },
    },
    args,
    io,
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const year = Number(values.year);
  if (!values.year || !/^\d{4}$/u.test(values.year) || !Number.isInteger(year)) {
    io.stderr(`--year に公開済みの年度を西暦で指定してください（例: --year 2023 は令和5年度）\n\n${usage}`);
    return 2;
  }
  const format = FORMATS.find((f) => f === values.format);
  if (!format) {
    io.stderr(`未対応の形式です: ${values.format}（対応: ${FORMATS.join(', ')}）\n\n${usage}`);
    return 2;
  }
  const dataset = OPEN_DATA_DATASETS.find((d) => d === values.dataset);
  if (!dataset && format !== 'schema-document') {
    io.stderr(
      `--dataset に ${OPEN_DATA_DATASETS.join(' か ')} を指定してください${values.dataset ? `（「${values.dataset}」は未対応）` : ''}\n\n${usage}`,
    );
    return 2;
  }
  return withDatabase(io, async ({ db }) => {
    const owner = await resolveMunicipality(
      db,
      values.municipality ? { localGovCode: values.municipality } : {},
      'export',
    );
    // Confined to the city like a portal request: only its own published snapshots are read.
    const published = await withTenant(db, owner.id, (tx) => publishedYear(tx, year));
    if (!published) {
      throw new NotFoundError(
        `${owner.name}の${formatFiscalYear(year)}は公開されていません。公開済みの年度だけをオープンデータとして出力できます（hoshin publish --year ${year} で公開）。`,
      );
    }
    const input = {
      snapshot: published.snapshot,
      publishedAt: published.publishedAt,
      revision: published.revision,
      settings: openDataSettingsFromEnv(),
    };
    const text =
      format === 'schema-document' || !dataset
        ? openDataSchemaFile(input)
        : openDataFile(dataset, format, input).text;
    if (values.output) {
      if (!(await writeOutputFile(values.output, text, io))) return 1;
      io.stderr(
        `出力しました: ${values.output}（${owner.name} ${formatFiscalYear(year)} 第${published.revision}版）\n`,
      );
    } else {
      io.stdout(text);
    }
    return 0;
  });
};
