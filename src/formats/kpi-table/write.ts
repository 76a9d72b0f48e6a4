/**
 * @module KPI table writers
 * The evaluated KPI table as xlsx (frozen header, autofilter, number formats), CSV (UTF-8 with BOM so
 * Excel opens it as Japanese) and JSON, and the empty template a department fills in. xlsx and CSV use
 * the import's own headers, so an export can be edited and imported again.
 */
import ExcelJS from 'exceljs';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { ADMINISTRATIVE_STATUS_LABELS } from '../../domain/kpi/labels.ts';
import { neutraliseCell } from '../spreadsheet-safety.ts';
import { COMPARATOR_LABELS, DIRECTION_LABELS, KIND_LABELS } from './cells.ts';
import { FIELD_COLUMNS, type FieldKey, noteHeader } from './columns.ts';
import type { KpiTableExport, KpiTableRecord } from './model.ts';
import { addProgressSheet, type ProgressSheetRow } from './progress-sheet.ts';

type CellOut = string | number | null;

interface OutputColumn {
  header: string;
  width: number;
  value: (record: KpiTableRecord) => CellOut;
  /** xlsx number format for this record's cell. */
  numFmt?: (record: KpiTableRecord) => string | undefined;
  /** CSV cell when it differs from the value (見込 actuals). */
  csv?: (record: KpiTableRecord) => CellOut;
}

const yearLabel = (year: number | undefined) => (year === undefined ? null : formatFiscalYear(year));
const flag = (value: boolean) => (value ? '○' : null);

/** Decimal places a KPI's numbers need (at most 3), so 1.36 does not print as 1. */
function decimalsOf(record: KpiTableRecord): number {
  const values = [
    record.baseline?.value,
    record.target?.value,
    ...record.actuals.map((a) => a.value),
    ...record.annualTargets.map((a) => a.value),
  ];
  let decimals = 0;
  for (const v of values) {
    if (v === undefined) continue;
    const fraction = String(v).split('.')[1];
    if (fraction) decimals = Math.max(decimals, Math.min(fraction.length, 3));
  }
  return decimals;
}

function numberFormat(record: KpiTableRecord, suffix = ''): string {
  const decimals = decimalsOf(record);
  return `#,##0${decimals ? `.${'0'.repeat(decimals)}` : ''}${suffix ? `"${suffix}"` : ''}`;
}

const FIELD_VALUES: Record<FieldKey, (r: KpiTableRecord) => CellOut> = {
  set: (r) => r.set,
  code: (r) => r.code,
  name: (r) => r.name,
  unit: (r) => r.unit || null,
  direction: (r) => DIRECTION_LABELS[r.direction],
  baseline: (r) => r.baseline?.value ?? null,
  baselineYear: (r) => yearLabel(r.baseline?.fiscalYear),
  target: (r) => r.target?.value ?? null,
  comparator: (r) => (r.target ? COMPARATOR_LABELS[r.target.comparator] : null),
  targetYear: (r) => yearLabel(r.target?.fiscalYear),
  department: (r) => r.department,
  administrativeStatus: (r) =>
    r.administrativeStatus ? ADMINISTRATIVE_STATUS_LABELS[r.administrativeStatus] : null,
  kind: (r) => (r.kind ? KIND_LABELS[r.kind] : null),
  cumulative: (r) => flag(r.cumulative),
  definition: (r) => r.definition,
  dataSource: (r) => r.dataSource,
  illustrative: (r) => flag(r.illustrative),
};

const WIDTHS: Partial<Record<FieldKey, number>> = {
  name: 36,
  definition: 30,
  dataSource: 20,
  code: 16,
  administrativeStatus: 12,
};

const fieldColumn = (key: FieldKey): OutputColumn => {
  const spec = FIELD_COLUMNS.find((c) => c.key === key);
  return {
    header: spec?.header ?? key,
    width: WIDTHS[key] ?? Math.max(8, (spec?.header.length ?? 4) * 2 + 2),
    value: FIELD_VALUES[key],
    ...(key === 'baseline' || key === 'target' ? { numFmt: (r: KpiTableRecord) => numberFormat(r) } : {}),
  };
};

/**
 * The columns of an export: hierarchy, the fields the import reads, the actuals per year, the 評価区分,
 * the evaluation of the table's year (達成率, 評価, 見通し, the year of the actual evaluated and whether
 * it is older than the table's year: output only, the import skips them), the annual targets, then the
 * descriptive fields.
 */
function outputColumns(
  table: KpiTableExport,
  options: { years?: number[]; noteYears?: number[]; illustrative?: boolean } = {},
): OutputColumn[] {
  const actualYears = new Set<number>(options.years ?? []);
  if (table.fiscalYear !== undefined) actualYears.add(table.fiscalYear);
  const annualYears = new Set<number>();
  for (const r of table.records) {
    for (const a of r.actuals) actualYears.add(a.fiscalYear);
    for (const a of r.annualTargets) annualYears.add(a.fiscalYear);
  }
  const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
  const columns: OutputColumn[] = table.levelNames.map((name, level) => ({
    header: name,
    width: 24,
    value: (r) => r.hierarchy[level] || null,
  }));
  const head: FieldKey[] = [
    'set',
    'code',
    'name',
    'unit',
    'direction',
    'baseline',
    'baselineYear',
    'target',
    'comparator',
    'targetYear',
    'department',
  ];
  columns.push(...head.map(fieldColumn));
  // A 備考 column beside the years that have a note, the table's year and (template) the latest year:
  // the note is the department's own text, so it never goes into the number's cell.
  const noteYears = new Set<number>(options.noteYears ?? []);
  if (table.fiscalYear !== undefined) noteYears.add(table.fiscalYear);
  for (const r of table.records) for (const a of r.actuals) if (a.note) noteYears.add(a.fiscalYear);
  for (const year of ascending(actualYears)) {
    const actualOf = (r: KpiTableRecord) => r.actuals.find((a) => a.fiscalYear === year);
    columns.push({
      header: formatFiscalYear(year),
      width: 12,
      value: (r) => actualOf(r)?.value ?? null,
      numFmt: (r) => numberFormat(r, actualOf(r)?.status === 'provisional' ? '（見込）' : ''),
      csv: (r) => {
        const a = actualOf(r);
        if (!a) return null;
        // A confirmed actual stays a number (so a negative one is not taken for a formula).
        return a.status === 'provisional' ? `${a.value}（見込）` : a.value;
      },
    });
    if (noteYears.has(year)) {
      columns.push({
        header: noteHeader(formatFiscalYear(year)),
        width: 20,
        value: (r) => actualOf(r)?.note ?? null,
      });
    }
  }
  columns.push(fieldColumn('administrativeStatus'));
  if (table.fiscalYear !== undefined) {
    const label = formatFiscalYear(table.fiscalYear);
    columns.push(
      {
        header: `達成率（${label}）`,
        width: 12,
        value: (r) => r.evaluation?.rate ?? null,
        numFmt: () => '0.0',
      },
      {
        header: `評価（${label}）`,
        width: 16,
        value: (r) => (r.evaluation ? `${r.evaluation.grade}（${r.evaluation.label}）` : null),
      },
      { header: `見通し（${label}）`, width: 12, value: (r) => r.evaluation?.projection ?? null },
      {
        header: `${EVALUATED_ACTUAL_YEAR}（${label}）`,
        width: 14,
        value: (r) => yearLabel(r.evaluation?.actualYear ?? undefined),
      },
      {
        header: `${STALE_MARK}（${label}）`,
        width: 14,
        value: (r) => (r.evaluation?.stale ? '○' : null),
      },
    );
  }
  for (const year of ascending(annualYears)) {
    columns.push({
      header: `目標 ${formatFiscalYear(year, { style: 'short' })}`,
      width: 10,
      value: (r) => r.annualTargets.find((a) => a.fiscalYear === year)?.value ?? null,
      numFmt: (r) => numberFormat(r),
    });
  }
  const tail: FieldKey[] = ['kind', 'cumulative', 'definition', 'dataSource'];
  if (options.illustrative ?? true) tail.push('illustrative');
  columns.push(...tail.map(fieldColumn));
  return columns;
}

/** Header of the fiscal year of the actual an evaluation used (the import skips headers from 評価…). */
const EVALUATED_ACTUAL_YEAR = '評価に用いた実績の年度';
/** Header of the stale mark: the latest actual is older than the evaluated year, as the screens say. */
const STALE_MARK = '評価年度の実績なし';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };

function styleHeader(sheet: ExcelJS.Worksheet, columnCount: number, frozenColumns: number) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (let c = 1; c <= columnCount; c++) header.getCell(c).fill = HEADER_FILL;
  sheet.views = [{ state: 'frozen', xSplit: frozenColumns, ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  // Printed for the council: A4 landscape, the header repeated on every page.
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', printTitlesRow: '1:1' };
}

/**
 * The evaluated table as an xlsx workbook: sheet 指標 (frozen header and names, autofilter, number
 * formats; 見込 actuals stay numbers and print 「（見込）」) and sheet 説明.
 * @example await writeFile('kpi.xlsx', await kpiTableToXlsx(table));
 */
export async function kpiTableToXlsx(
  table: KpiTableExport,
  options: { progress?: { levelName: string; rows: ProgressSheetRow[] } } = {},
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hoshin';
  const columns = outputColumns(table);
  const sheet = workbook.addWorksheet('指標');
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const record of table.records) {
    const row = sheet.addRow(columns.map((c) => c.value(record)));
    columns.forEach((c, i) => {
      const format = c.numFmt?.(record);
      const cell = row.getCell(i + 1);
      if (format && typeof cell.value === 'number') cell.numFmt = format;
    });
  }
  const nameColumn = columns.findIndex((c) => c.header === '指標名') + 1;
  styleHeader(sheet, columns.length, nameColumn);
  if (options.progress) addProgressSheet(workbook, options.progress.levelName, options.progress.rows);
  addNotesSheet(workbook, table);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addNotesSheet(workbook: ExcelJS.Workbook, table: KpiTableExport) {
  const notes = workbook.addWorksheet('説明');
  notes.columns = [{ width: 16 }, { width: 80 }];
  const lines: Array<[string, string]> = [
    ['計画', table.planName],
    ['評価の年度', table.fiscalYear === undefined ? '' : formatFiscalYear(table.fiscalYear)],
    [
      '取り込み',
      'このファイルは編集して hoshin import kpis でそのまま取り込めます（指標コードで同じ指標を更新します）',
    ],
    [
      '計算値',
      '達成率・評価・見通し・評価に用いた実績の年度・評価年度の実績なしは出力時の計算値です。取り込みでは読みません',
    ],
    [
      '評価年度の実績なし',
      '○ の指標は評価の年度の実績がなく、それより前の年度の最新の実績（「評価に用いた実績の年度」）で評価しています',
    ],
    ['評価区分', '未着手・休止・廃止・評価困難の指標は、評価がその区分になります（達成率は計算します）'],
    ['見込', '「（見込）」と表示される実績は見込値です'],
    ['備考', '「備考（令和5年度）」の列はその年度の実績の備考です。空欄にすると取り込みで備考を消します'],
  ];
  if (table.records.some((r) => r.illustrative)) {
    lines.push([
      '架空のデモ値',
      '「架空のデモ値」が ○ の指標の数値は説明用に作った架空の値で、実在の統計ではありません',
    ]);
  }
  for (const line of lines) notes.addRow(line);
  notes.getColumn(1).font = { bold: true };
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/**
 * The evaluated table as CSV: UTF-8 with BOM (Excel reads it as Japanese), CRLF line ends, numbers
 * without thousands separators.
 */
export function kpiTableToCsv(table: KpiTableExport): string {
  const columns = outputColumns(table);
  // Text is neutralised (a spreadsheet would run 「=…」); numbers stay numbers.
  const lines = [columns.map((c) => csvField(neutraliseCell(c.header))).join(',')];
  for (const record of table.records) {
    lines.push(
      columns.map((c) => csvField(neutraliseCell(c.csv ? c.csv(record) : c.value(record)))).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The evaluated table as JSON: the records with glossary names (2-space indented). */
export function kpiTableToJson(table: KpiTableExport): string {
  return `${JSON.stringify(
    {
      planName: table.planName,
      levelNames: table.levelNames,
      ...(table.fiscalYear !== undefined ? { fiscalYear: table.fiscalYear } : {}),
      kpis: table.records,
    },
    null,
    2,
  )}\n`;
}

export interface TemplateOptions {
  planName: string;
  levelNames: string[];
  /** Fiscal years to give an actual column each. */
  years: number[];
  /** KPI set names offered in the 指標の区分 list. */
  setNames: string[];
}

/**
 * The empty workbook a department fills in: sheet 指標 with the plan's level columns, every import
 * column and one column per year (with drop-down lists for 方向, 比較, 指標の種類, 累計), and sheet
 * 記入方法 explaining each column with an example row. The import skips 記入方法.
 */
export async function kpiTemplateXlsx(options: TemplateOptions): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hoshin';
  const sheet = workbook.addWorksheet('指標');
  const columns = outputColumns(
    { planName: options.planName, levelNames: options.levelNames, records: [] },
    {
      years: options.years,
      noteYears: options.years.length ? [Math.max(...options.years)] : [],
      illustrative: false,
    },
  );
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const headerOf = (key: FieldKey) => FIELD_COLUMNS.find((c) => c.key === key)?.header ?? key;
  const columnOf = (key: FieldKey) => columns.findIndex((c) => c.header === headerOf(key)) + 1;
  const lists: Array<[FieldKey, string[]]> = [
    ['direction', ['増加', '減少', '維持']],
    ['comparator', ['以上', '超', '以下', '未満', '一致']],
    ['kind', ['成果', '活動', '対象']],
    ['cumulative', ['○', '×']],
    ['administrativeStatus', Object.values(ADMINISTRATIVE_STATUS_LABELS)],
  ];
  if (options.setNames.length) lists.push(['set', options.setNames]);
  // exceljs keeps range validations on the sheet at run time but does not declare them.
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  for (const [key, values] of lists) {
    const column = sheet.getColumn(columnOf(key)).letter;
    validations.add(`${column}2:${column}2000`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: headerOf(key),
      error: `${values.join('・')}から選んでください`,
    });
  }
  styleHeader(sheet, columns.length, columnOf('name'));

  const guide = workbook.addWorksheet('記入方法');
  guide.columns = [{ width: 18 }, { width: 8 }, { width: 70 }, { width: 24 }];
  guide.addRow([`${options.planName} 指標（KPI）記入シート`]).font = { bold: true, size: 14 };
  guide.addRow([
    '「指標」シートに1行1指標で入力してください。このシート（記入方法）は取り込みでは読みません。',
  ]);
  guide.addRow([]);
  const head = guide.addRow(['列', '必須', '内容', '記入例']);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  options.levelNames.forEach((name, level) => {
    guide.addRow([
      name,
      level === 0 ? '○' : '',
      `${name}の番号と名称（「1 名称」「${name}1」「①名称」、番号だけ、名称だけも可）。空欄は上の行と同じ${name}です`,
      level === 0 ? '1 「魅力の創出・交流」の拡大' : level === 1 ? '1 観光の振興と魅力の創出' : '①観光の振興',
    ]);
  });
  for (const c of FIELD_COLUMNS) {
    if (c.key !== 'illustrative') guide.addRow([c.header, c.required ? '○' : '', c.description, c.example]);
  }
  guide.addRow([
    '年度の列（令和5年度など）',
    '',
    'その年度の実績値。見出しは 令和5年度・R5・2023 のいずれでも可。空欄・「－」は値なし（0 ではありません）。見込の値は「1,234（見込）」',
    '1,280,000',
  ]);
  guide.addRow([
    '備考（令和5年度）など',
    '',
    'その年度の実績についての備考（「速報値」「30以上」など）。実績値の列には数値だけを入れてください',
    '速報値',
  ]);
  guide.addRow([
    '目標 R5 など',
    '',
    '年度別の目標値（任意）。見出しは「目標 R5」「R5目標」など',
    '1,300,000',
  ]);
  guide.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
