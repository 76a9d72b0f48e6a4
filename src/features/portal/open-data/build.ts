/**
 * @module Open data files
 * The files of one published year, built from its snapshot only (pure functions, shared by the
 * portal routes and `hoshin export open-data`):
 * - `kpis`: one row per KPI of each KPI set (a KPI in 基本計画 and 総合戦略 sets appears once per
 *   set), with its evaluation for the year;
 * - `policies`: one row per item of a 基本方針's 主な取組内容 / 実績 and 今後の方向性, in report order
 *   (a 基本方針 without items has no row).
 * Each as CSV (UTF-8, CRLF; a `-bom` variant with a byte order mark so Excel reads Japanese), JSON
 * (`{ metadata, records }`), a JSON Schema (draft 2020-12) of the JSON file, a Frictionless Table
 * Schema of the CSV, and `schema.json` describing both datasets (columns, units, codes, licence).
 *
 * Every row carries 全国地方公共団体コード and 地方公共団体名 and every date is ISO 8601 beside its
 * 和暦 label, as the 自治体標準オープンデータセット do. Text a spreadsheet would run is neutralised
 * (`'=1+2`); numbers stay numbers.
 */
import { formatFiscalYear, formatWarekiDate, japanDateOf } from '../../../domain/calendar/index.ts';
import { ACTUAL_STATUS_LABELS, COMPARATOR_LABELS, DIRECTION_LABELS } from '../../../domain/kpi/labels.ts';
import { csvField } from '../../../formats/kpi-table/write.ts';
import { neutraliseCell } from '../../../formats/spreadsheet-safety.ts';
import type { ReportEvaluatedKpi } from '../../../report/inputs.ts';
import type { KpiRow } from '../../../report/model.ts';
import { kpiIdOf, type PublishedSnapshot } from '../../publication/snapshot.ts';
import { attributionFor, licenseNotice, type OpenDataSettings } from './settings.ts';

export const OPEN_DATA_DATASETS = ['kpis', 'policies'] as const;
export type OpenDataDataset = (typeof OPEN_DATA_DATASETS)[number];

/** csv: UTF-8 without BOM; csv-bom: with BOM (Excel); schema: JSON Schema of the JSON file. */
export const OPEN_DATA_FORMATS = ['csv', 'csv-bom', 'json', 'schema', 'table-schema'] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** What every file of a year is built from. */
export interface OpenDataInput {
  snapshot: PublishedSnapshot;
  /** ISO instant of the revision's publication. */
  publishedAt: string;
  revision: number;
  settings: OpenDataSettings;
}

/** The file name of a dataset in a format, in the year's folder. */
export function fileNameOf(dataset: OpenDataDataset, format: OpenDataFormat): string {
  switch (format) {
    case 'csv':
      return `${dataset}.csv`;
    case 'csv-bom':
      return `${dataset}-bom.csv`;
    case 'json':
      return `${dataset}.json`;
    case 'schema':
      return `${dataset}.schema.json`;
    case 'table-schema':
      return `${dataset}.tableschema.json`;
  }
}

/** The overview of both datasets' schemas. */
export const SCHEMA_FILE = 'schema.json';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const JSON_SCHEMA_TYPE = 'application/schema+json; charset=utf-8';

export function contentTypeOf(format: OpenDataFormat): string {
  if (format === 'csv' || format === 'csv-bom') return CSV_TYPE;
  return format === 'schema' ? JSON_SCHEMA_TYPE : JSON_TYPE;
}

// ---------------------------------------------------------------- columns

type ColumnType = 'string' | 'integer' | 'number' | 'date' | 'boolean';
type Cell = string | number | boolean | null;

interface Column {
  /** JSON key. */
  key: string;
  /** CSV header, Table Schema field name, JSON Schema title. */
  header: string;
  type: ColumnType;
  nullable?: boolean;
  description: string;
  /** Codes the column may hold, with their meaning. */
  codes?: Array<{ code: string; label: string }>;
  pattern?: string;
}

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** Columns every row of every dataset starts with. */
const COMMON_COLUMNS: Column[] = [
  {
    key: 'localGovCode',
    header: '全国地方公共団体コード',
    type: 'string',
    description: '総務省の全国地方公共団体コード（検査数字付き6桁）。',
    pattern: '^\\d{6}$',
  },
  { key: 'municipalityName', header: '地方公共団体名', type: 'string', description: '地方公共団体の名称。' },
  { key: 'planName', header: '計画名', type: 'string', description: '総合計画の名称。' },
  {
    key: 'fiscalYear',
    header: '年度',
    type: 'integer',
    description: '実績の年度（西暦、4月始まり。2023 は 2023年4月〜2024年3月）。',
  },
  {
    key: 'fiscalYearLabel',
    header: '年度（和暦）',
    type: 'string',
    description: '年度の和暦表記（例: 令和5年度）。',
  },
  {
    key: 'publishedOn',
    header: '公開日',
    type: 'date',
    description: 'この版を公開した日（ISO 8601、日本時間）。',
    pattern: DATE_PATTERN,
  },
  {
    key: 'publishedOnLabel',
    header: '公開日（和暦）',
    type: 'string',
    description: '公開日の和暦表記（例: 令和8年12月6日）。',
  },
  {
    key: 'revision',
    header: '版',
    type: 'integer',
    description: '公開の版（第1版から。訂正して再公開するたびに増える）。',
  },
];

const yearColumns = (key: string, header: string, what: string): Column[] => [
  {
    key: `${key}Year`,
    header: `${header}年度`,
    type: 'integer',
    nullable: true,
    description: `${what}の年度（西暦）。`,
  },
  {
    key: `${key}YearLabel`,
    header: `${header}年度（和暦）`,
    type: 'string',
    nullable: true,
    description: `${what}の年度の和暦表記。`,
  },
  {
    key: `${key}Value`,
    header: `${header}値`,
    type: 'number',
    nullable: true,
    description: `${what}の値（単位は「単位」列のとおり）。`,
  },
];

function kpiColumns(snapshot: PublishedSnapshot): Column[] {
  const grades = new Map<string, string>();
  for (const set of snapshot.inputs.kpiSets) {
    for (const g of set.scheme.grades) {
      const label = grades.get(g.grade);
      if (label === undefined) grades.set(g.grade, `${g.label}（${set.set.name}）`);
      else if (!label.includes(g.label)) grades.set(g.grade, `${label}・${g.label}（${set.set.name}）`);
    }
    for (const { evaluation } of set.kpis) {
      if (!grades.has(evaluation.grade)) grades.set(evaluation.grade, evaluation.label);
    }
  }
  return [
    ...COMMON_COLUMNS,
    {
      key: 'kpiId',
      header: '指標ID',
      type: 'integer',
      description: 'Hoshin の指標の番号（年度・版をまたいで同じ指標は同じ番号）。',
    },
    {
      key: 'kpiSet',
      header: '指標の区分',
      type: 'string',
      description: '指標の区分（例: 基本計画、総合戦略）。',
    },
    {
      key: 'nodePath',
      header: '項目番号',
      type: 'string',
      description: '指標が属する計画の項目の番号（区分の計画内で、上位から「.」区切り。例: 1.2.3）。',
    },
    {
      key: 'nodeLabel',
      header: '項目',
      type: 'string',
      description: '項目の表記（例: 基本目標 1 ＞ 基本方針1 ＞ ①）。',
    },
    {
      key: 'code',
      header: '指標コード',
      type: 'string',
      description: '市が付けた指標のコード（ない場合は空欄）。',
    },
    { key: 'name', header: '指標名', type: 'string', description: '指標の名称。' },
    {
      key: 'unit',
      header: '単位',
      type: 'string',
      description: '基準値・目標値・実績値の単位（例: 人、%）。',
    },
    {
      key: 'direction',
      header: '方向コード',
      type: 'string',
      description: 'どちらが良いか。',
      codes: Object.entries(DIRECTION_LABELS).map(([code, label]) => ({ code, label })),
    },
    {
      key: 'directionLabel',
      header: '方向',
      type: 'string',
      description: '方向の表記（増加・減少・維持）。',
    },
    ...yearColumns('baseline', '基準', '基準値'),
    ...yearColumns('target', '目標', '目標値'),
    {
      key: 'targetComparator',
      header: '目標の比較コード',
      type: 'string',
      nullable: true,
      description: '目標値との比べ方（gte 以上、gt 超、lte 以下、lt 未満、eq 目標値ちょうど）。',
      codes: Object.entries(COMPARATOR_LABELS).map(([code, label]) => ({ code, label: label || '（一致）' })),
    },
    {
      key: 'targetComparatorLabel',
      header: '目標の比較',
      type: 'string',
      nullable: true,
      description: '比べ方の表記（以上・超・以下・未満。一致は空文字）。',
    },
    ...yearColumns('actual', '実績', '評価に用いた実績値（その年度の値がなければ直近の年度の値）'),
    {
      key: 'actualStatus',
      header: '実績の状態コード',
      type: 'string',
      nullable: true,
      description: '実績値の状態（final 確定、provisional 見込）。',
      codes: Object.entries(ACTUAL_STATUS_LABELS).map(([code, label]) => ({ code, label })),
    },
    {
      key: 'actualStatusLabel',
      header: '実績の状態',
      type: 'string',
      nullable: true,
      description: '確定 または 見込。',
    },
    {
      key: 'achievementRate',
      header: '達成率',
      type: 'number',
      nullable: true,
      description: '達成率（パーセント、小数第1位に四捨五入。100 は目標どおり）。算定できないときは空欄。',
    },
    {
      key: 'grade',
      header: '評価コード',
      type: 'string',
      description: '指標の区分の評価基準による評価。',
      codes: [...grades].map(([code, label]) => ({ code, label })),
    },
    { key: 'gradeLabel', header: '評価', type: 'string', description: '評価の表記（例: 目標達成）。' },
    { key: 'gradeSymbol', header: '評価記号', type: 'string', description: '報告書で評価に添える記号。' },
    {
      key: 'department',
      header: '担当課',
      type: 'string',
      description: '指標を担当する課（ない場合は空欄）。',
    },
    {
      key: 'illustrative',
      header: '架空のデモ値',
      type: 'boolean',
      description: 'true: 説明用に作った架空の値で、実在の統計ではない。',
    },
  ];
}

const POLICY_SECTIONS = { results: '主な取組内容 / 実績', directions: '主な取組 / 今後の方向性' } as const;

function policyColumns(): Column[] {
  return [
    ...COMMON_COLUMNS,
    {
      key: 'goalLabel',
      header: '基本目標番号',
      type: 'string',
      description: '上位の項目の表記（例: 基本目標 1）。',
    },
    { key: 'goalTitle', header: '基本目標', type: 'string', description: '上位の項目の名称。' },
    {
      key: 'policyLabel',
      header: '基本方針番号',
      type: 'string',
      description: '項目の表記（例: 基本方針1）。',
    },
    { key: 'policyTitle', header: '基本方針', type: 'string', description: '項目の名称。' },
    {
      key: 'section',
      header: '区分コード',
      type: 'string',
      description: 'results: その年度の主な取組内容と実績、directions: 翌年度の主な取組と今後の方向性。',
      codes: Object.entries(POLICY_SECTIONS).map(([code, label]) => ({ code, label })),
    },
    {
      key: 'sectionLabel',
      header: '区分',
      type: 'string',
      description: '報告書の見出し（例: 令和5年度 主な取組内容 / 実績）。',
    },
    { key: 'itemNumber', header: '番号', type: 'integer', description: '区分の中での順番（1から）。' },
    { key: 'text', header: '内容', type: 'string', description: '取組・方向性の文章。' },
  ];
}

const columnsOf = (dataset: OpenDataDataset, snapshot: PublishedSnapshot) =>
  dataset === 'kpis' ? kpiColumns(snapshot) : policyColumns();

// ---------------------------------------------------------------- records

type OpenDataRecord = Record<string, Cell>;

function commonCells({ snapshot, publishedAt, revision }: OpenDataInput): OpenDataRecord {
  const publishedOn = japanDateOf(new Date(publishedAt));
  return {
    localGovCode: snapshot.municipality.localGovCode,
    municipalityName: snapshot.municipality.name,
    planName: snapshot.plan.name,
    fiscalYear: snapshot.fiscalYear,
    fiscalYearLabel: formatFiscalYear(snapshot.fiscalYear),
    publishedOn,
    publishedOnLabel: formatWarekiDate(publishedOn),
    revision,
  };
}

/**
 * The report's rows of a set's KPIs, by KPI: the annex lists each set's KPIs under their top node in
 * the set's order (as buildReportModel filters them), so the n-th row of a group is the n-th KPI
 * under that node.
 */
function reportRows(snapshot: PublishedSnapshot): Map<ReportEvaluatedKpi, KpiRow> {
  const rows = new Map<ReportEvaluatedKpi, KpiRow>();
  snapshot.inputs.kpiSets.forEach((set, i) => {
    const annex = snapshot.model.annex[i];
    set.byTopNode.forEach((top, g) => {
      const under = set.kpis.filter((k) => k.kpi.nodePath.split('.')[0] === top.path);
      const group = annex?.groups[g]?.kpis ?? [];
      under.forEach((k, j) => {
        const row = group[j];
        if (row && row.name === k.kpi.name) rows.set(k, row);
      });
    });
  });
  return rows;
}

const yearLabel = (year: number | null | undefined) => (year == null ? null : formatFiscalYear(year));

/** The records of a dataset, in report order. */
export function openDataRecords(dataset: OpenDataDataset, input: OpenDataInput): OpenDataRecord[] {
  const common = commonCells(input);
  const { snapshot } = input;
  if (dataset === 'policies') {
    return snapshot.model.policies.flatMap((p) =>
      (['results', 'directions'] as const).flatMap((section) =>
        p[section].map((text, i) => ({
          ...common,
          goalLabel: p.goalLabel,
          goalTitle: p.goalTitle,
          policyLabel: p.policyLabel,
          policyTitle: p.policyTitle,
          section,
          sectionLabel: section === 'results' ? p.resultsHeading : p.directionsHeading,
          itemNumber: i + 1,
          text,
        })),
      ),
    );
  }
  const rows = reportRows(snapshot);
  return snapshot.inputs.kpiSets.flatMap((set) =>
    set.kpis.map((entry) => {
      const { kpi, evaluation } = entry;
      const actual =
        evaluation.actualYear === null
          ? undefined
          : kpi.actuals.filter((a) => a.fiscalYear === evaluation.actualYear).at(-1);
      const status = actual ? (actual.status ?? 'final') : null;
      return {
        ...common,
        kpiId: kpiIdOf(kpi),
        kpiSet: set.set.name,
        nodePath: kpi.nodePath,
        nodeLabel: rows.get(entry)?.nodeLabel ?? kpi.nodePath,
        code: kpi.code,
        name: kpi.name,
        unit: kpi.unit,
        direction: kpi.direction,
        directionLabel: DIRECTION_LABELS[kpi.direction],
        baselineYear: kpi.baseline?.fiscalYear ?? null,
        baselineYearLabel: yearLabel(kpi.baseline?.fiscalYear),
        baselineValue: kpi.baseline?.value ?? null,
        targetYear: kpi.target?.fiscalYear ?? null,
        targetYearLabel: yearLabel(kpi.target?.fiscalYear),
        targetValue: kpi.target?.value ?? null,
        targetComparator: kpi.target?.comparator ?? null,
        targetComparatorLabel: kpi.target ? COMPARATOR_LABELS[kpi.target.comparator] : null,
        actualYear: actual ? actual.fiscalYear : null,
        actualYearLabel: yearLabel(actual?.fiscalYear),
        actualValue: actual ? actual.value : null,
        actualStatus: status,
        actualStatusLabel: status ? ACTUAL_STATUS_LABELS[status] : null,
        achievementRate: evaluation.rate,
        grade: evaluation.grade,
        gradeLabel: evaluation.label,
        gradeSymbol: evaluation.symbol,
        department: kpi.department ?? '',
        illustrative: kpi.illustrative,
      };
    }),
  );
}

// ---------------------------------------------------------------- files

const DATASET_TITLES: Record<OpenDataDataset, string> = {
  kpis: '指標（KPI）の達成状況',
  policies: '基本方針ごとの主な取組と今後の方向性',
};

const DATASET_DESCRIPTIONS: Record<OpenDataDataset, string> = {
  kpis: '総合計画・総合戦略の指標（KPI）ごとの基準値・目標値・実績値・達成率・評価。1行が1つの指標区分の1指標。',
  policies: '基本方針ごとの、その年度の主な取組内容と実績、翌年度の主な取組と今後の方向性。1行が1項目。',
};

/** The dataset's title for a year, e.g. 美祢市 令和5年度 指標（KPI）の達成状況. */
export const datasetTitle = (dataset: OpenDataDataset, snapshot: PublishedSnapshot) =>
  `${snapshot.municipality.name} ${formatFiscalYear(snapshot.fiscalYear)} ${DATASET_TITLES[dataset]}`;

/** The dataset as CSV: a header of Japanese column names, CRLF, text neutralised. */
export function openDataCsv(
  dataset: OpenDataDataset,
  input: OpenDataInput,
  options: { bom: boolean },
): string {
  const columns = columnsOf(dataset, input.snapshot);
  const line = (cells: Cell[]) => cells.map((cell) => csvField(neutraliseCell(cell))).join(',');
  const lines = [line(columns.map((c) => c.header))];
  for (const record of openDataRecords(dataset, input))
    lines.push(line(columns.map((c) => record[c.key] ?? null)));
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

function licenseMetadata(input: OpenDataInput) {
  const { settings, snapshot } = input;
  return {
    license: { ...settings.license },
    attribution: attributionFor(settings, snapshot.municipality.name),
    notice: licenseNotice(settings, snapshot.municipality.name),
  };
}

/** The dataset as a JSON document: metadata (who, which year, which version, licence) and records. */
export function openDataJson(dataset: OpenDataDataset, input: OpenDataInput): object {
  const { snapshot } = input;
  const common = commonCells(input);
  const records = openDataRecords(dataset, input);
  return {
    metadata: {
      dataset,
      title: datasetTitle(dataset, snapshot),
      description: DATASET_DESCRIPTIONS[dataset],
      localGovCode: common.localGovCode,
      municipalityName: common.municipalityName,
      planName: common.planName,
      fiscalYear: common.fiscalYear,
      fiscalYearLabel: common.fiscalYearLabel,
      revision: input.revision,
      publishedAt: input.publishedAt,
      publishedOn: common.publishedOn,
      publishedOnLabel: common.publishedOnLabel,
      ...licenseMetadata(input),
      schema: fileNameOf(dataset, 'schema'),
      recordCount: records.length,
    },
    records,
  };
}

const jsonTypeOf = (type: ColumnType) =>
  type === 'date'
    ? 'string'
    : type === 'integer' || type === 'number' || type === 'boolean'
      ? type
      : 'string';

function propertySchema(column: Column): Record<string, unknown> {
  const base = jsonTypeOf(column.type);
  return {
    title: column.header,
    description: column.description,
    type: column.nullable ? [base, 'null'] : base,
    ...(column.type === 'date' ? { format: 'date' } : {}),
    ...(column.pattern ? { pattern: column.pattern } : {}),
    ...(column.codes
      ? { enum: [...column.codes.map((c) => c.code), ...(column.nullable ? [null] : [])] }
      : {}),
  };
}

const codesText = (column: Column) =>
  column.codes ? ` コード: ${column.codes.map((c) => `${c.code}＝${c.label}`).join('、')}。` : '';

/** JSON Schema (draft 2020-12) of the dataset's JSON file. */
export function openDataJsonSchema(dataset: OpenDataDataset, input: OpenDataInput): object {
  const columns = columnsOf(dataset, input.snapshot);
  const { license } = input.settings;
  const str = { type: 'string' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${datasetTitle(dataset, input.snapshot)}（JSON）`,
    description: `${DATASET_DESCRIPTIONS[dataset]} ${licenseNotice(input.settings, input.snapshot.municipality.name)}`,
    type: 'object',
    required: ['metadata', 'records'],
    additionalProperties: false,
    properties: {
      metadata: {
        type: 'object',
        required: [
          'dataset',
          'localGovCode',
          'municipalityName',
          'fiscalYear',
          'revision',
          'publishedAt',
          'license',
        ],
        properties: {
          dataset: { const: dataset },
          title: str,
          description: str,
          localGovCode: { type: 'string', pattern: '^\\d{6}$' },
          municipalityName: str,
          planName: str,
          fiscalYear: { type: 'integer' },
          fiscalYearLabel: str,
          revision: { type: 'integer', minimum: 1 },
          publishedAt: {
            type: 'string',
            format: 'date-time',
            description: '公開した日時（ISO 8601、UTC）。',
          },
          publishedOn: { type: 'string', format: 'date', pattern: DATE_PATTERN },
          publishedOnLabel: str,
          license: {
            type: 'object',
            description: 'データの利用条件（ライセンス）。',
            required: ['id', 'title', 'url'],
            properties: {
              id: { const: license.id },
              title: str,
              url: { type: ['string', 'null'] },
            },
          },
          attribution: { ...str, description: '利用時に表示する出典。' },
          notice: str,
          schema: str,
          recordCount: { type: 'integer', minimum: 0 },
        },
      },
      records: {
        type: 'array',
        items: {
          type: 'object',
          required: columns.map((c) => c.key),
          additionalProperties: false,
          properties: Object.fromEntries(
            columns.map((c) => [c.key, { ...propertySchema(c), description: c.description + codesText(c) }]),
          ),
        },
      },
    },
  };
}

/** Frictionless Table Schema of the dataset's CSV files (both encodings). */
export function openDataTableSchema(dataset: OpenDataDataset, input: OpenDataInput): object {
  const columns = columnsOf(dataset, input.snapshot);
  return {
    fields: columns.map((c) => ({
      name: c.header,
      title: c.header,
      description: `${c.description}${codesText(c)} JSON のキー: ${c.key}。`,
      type: c.type,
      ...(c.type === 'date' ? { format: 'default' } : {}),
      constraints: {
        required: !c.nullable,
        ...(c.pattern ? { pattern: c.pattern } : {}),
        ...(c.codes ? { enum: c.codes.map((code) => code.code) } : {}),
      },
    })),
    missingValues: [''],
  };
}

/** The year's schema document: both datasets, their files, columns, codes and the licence. */
export function openDataSchemaDocument(input: OpenDataInput): object {
  const { snapshot } = input;
  return {
    title: `${snapshot.municipality.name} ${formatFiscalYear(snapshot.fiscalYear)} 公開データのスキーマ`,
    localGovCode: snapshot.municipality.localGovCode,
    municipalityName: snapshot.municipality.name,
    fiscalYear: snapshot.fiscalYear,
    fiscalYearLabel: formatFiscalYear(snapshot.fiscalYear),
    revision: input.revision,
    publishedAt: input.publishedAt,
    ...licenseMetadata(input),
    conventions: [
      'CSV は UTF-8・改行 CRLF・1行目が列名。-bom.csv は先頭に BOM が付き、Excel でそのまま開ける。',
      '空欄（JSON では null）は値がないことを表す。数値に桁区切りは付けない。',
      '日付は ISO 8601（例: 2026-12-06）で、和暦の表記を隣の列に添える。',
      "表計算ソフトが数式と解釈する文字（= + - @ タブ 改行）で始まる文字列は、CSV では先頭に ' を付けている。JSON では元のまま。",
    ],
    datasets: OPEN_DATA_DATASETS.map((dataset) => ({
      name: dataset,
      title: datasetTitle(dataset, snapshot),
      description: DATASET_DESCRIPTIONS[dataset],
      files: {
        csv: fileNameOf(dataset, 'csv'),
        csvBom: fileNameOf(dataset, 'csv-bom'),
        json: fileNameOf(dataset, 'json'),
        jsonSchema: fileNameOf(dataset, 'schema'),
        tableSchema: fileNameOf(dataset, 'table-schema'),
      },
      tableSchema: openDataTableSchema(dataset, input),
      jsonSchema: openDataJsonSchema(dataset, input),
    })),
  };
}

const pretty = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/** One file of the year as served and exported. */
export function openDataFile(
  dataset: OpenDataDataset,
  format: OpenDataFormat,
  input: OpenDataInput,
): { text: string; contentType: string; fileName: string } {
  const text =
    format === 'csv' || format === 'csv-bom'
      ? openDataCsv(dataset, input, { bom: format === 'csv-bom' })
      : format === 'json'
        ? pretty(openDataJson(dataset, input))
        : format === 'schema'
          ? pretty(openDataJsonSchema(dataset, input))
          : pretty(openDataTableSchema(dataset, input));
  return { text, contentType: contentTypeOf(format), fileName: fileNameOf(dataset, format) };
}

/** The schema document as served. */
export const openDataSchemaFile = (input: OpenDataInput) => pretty(openDataSchemaDocument(input));

// ---------------------------------------------------------------- index

/** The address of a municipality's open data folder (relative to the origin). */
export const openDataPath = (localGovCode: string) => `/public/${localGovCode}/data/`;

/** The data files of a year, in the order the index lists them. */
export const DATA_FILES: Array<{ dataset: OpenDataDataset; format: 'csv' | 'csv-bom' | 'json' }> =
  OPEN_DATA_DATASETS.flatMap((dataset) =>
    (['csv', 'csv-bom', 'json'] as const).map((format) => ({ dataset, format })),
  );

export interface IndexedFile {
  dataset: OpenDataDataset;
  format: 'csv' | 'csv-bom' | 'json';
  fileName: string;
  /** Absolute URL (or origin-relative without an origin). */
  url: string;
  schemaUrl: string;
  bytes: number;
  title: string;
}

export interface IndexedYear {
  fiscalYear: number;
  fiscalYearLabel: string;
  revision: number;
  publishedAt: string;
  publishedOn: string;
  publishedOnLabel: string;
  schemaUrl: string;
  files: IndexedFile[];
}

/** Every data file of the published years, with its size. */
export function indexYears(origin: string, localGovCode: string, years: OpenDataInput[]): IndexedYear[] {
  return years.map((input) => {
    const folder = `${origin}${openDataPath(localGovCode)}${input.snapshot.fiscalYear}/`;
    const common = commonCells(input);
    return {
      fiscalYear: input.snapshot.fiscalYear,
      fiscalYearLabel: formatFiscalYear(input.snapshot.fiscalYear),
      revision: input.revision,
      publishedAt: input.publishedAt,
      publishedOn: String(common.publishedOn),
      publishedOnLabel: String(common.publishedOnLabel),
      schemaUrl: `${folder}${SCHEMA_FILE}`,
      files: DATA_FILES.map(({ dataset, format }) => {
        const file = openDataFile(dataset, format, input);
        return {
          dataset,
          format,
          fileName: file.fileName,
          url: `${folder}${file.fileName}`,
          schemaUrl: `${folder}${fileNameOf(dataset, format === 'json' ? 'schema' : 'table-schema')}`,
          bytes: Buffer.byteLength(file.text, 'utf8'),
          title: datasetTitle(dataset, input.snapshot),
        };
      }),
    };
  });
}

/** A Frictionless Data Package listing every file of every published year. */
export function openDataPackage(
  origin: string,
  municipality: { localGovCode: string; name: string },
  settings: OpenDataSettings,
  years: IndexedYear[],
): object {
  const { license } = settings;
  return {
    profile: 'data-package',
    name: `hoshin-${municipality.localGovCode}-plan-progress`,
    title: `${municipality.name} 総合計画の進捗 公開データ`,
    description: `${municipality.name}が公開した総合計画の進捗（指標の達成状況と基本方針ごとの取組）。公開した年度ごとに CSV（UTF-8、BOM 付き）と JSON があり、スキーマを添えています。${licenseNotice(settings, municipality.name)}`,
    homepage: `${origin}${openDataPath(municipality.localGovCode)}`,
    licenses: [{ name: license.id, title: license.title, ...(license.url ? { path: license.url } : {}) }],
    contributors: [{ title: attributionFor(settings, municipality.name), role: 'publisher' }],
    keywords: ['総合計画', 'KPI', municipality.name, municipality.localGovCode],
    resources: years.flatMap((year) =>
      year.files.map((file) => ({
        name: `${file.dataset}-${year.fiscalYear}-${file.format}`,
        title: `${file.title}（${file.format === 'json' ? 'JSON' : file.format === 'csv' ? 'CSV' : 'CSV・BOM 付き'}）`,
        path: file.url,
        format: file.format === 'json' ? 'json' : 'csv',
        mediatype: file.format === 'json' ? 'application/json' : 'text/csv',
        encoding: file.format === 'csv-bom' ? 'utf-8-sig' : 'utf-8',
        bytes: file.bytes,
        ...(file.format === 'json'
          ? { jsonSchema: file.schemaUrl }
          : { profile: 'tabular-data-resource', schema: file.schemaUrl }),
        fiscalYear: year.fiscalYear,
        fiscalYearLabel: year.fiscalYearLabel,
        revision: year.revision,
        publishedAt: year.publishedAt,
        licenses: [{ name: license.id, ...(license.url ? { path: license.url } : {}) }],
      })),
    ),
  };
}
