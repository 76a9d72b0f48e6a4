/**
 * @module KPI table test support
 * Generates KPI sheets the way real departments fill them in — title rows above the header, a 4-level
 * hierarchy written once per group (merged cells, or blanks meaning "same as above"), full-width digits,
 * thousands separators, 「－」 for missing values, era years in the headers and cells (H30, 令和５年度,
 * Ｒ１), 「80%以上」 targets, ％ and % mixed, 見込 values — for tests and the bench. Deterministic.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { cellAddress } from './source.ts';

export const FOUR_LEVELS = ['政策', '施策', '基本事業', '事務事業'] as const;

export type GridValue = string | number | null;

/** A sheet as the generator builds it: title rows, the header and the data rows. */
export interface KpiGrid {
  sheetName: string;
  /** Rows above the header (title, blank). */
  preamble: GridValue[][];
  header: string[];
  rows: GridValue[][];
  /** Ranges to merge in xlsx, as [first data row index, last data row index, header]. */
  merges: Array<[number, number, string]>;
}

/** The A1 address of a data row's cell (0-based data row index) in a generated grid. */
export function gridAddress(grid: KpiGrid, rowIndex: number, header: string): string {
  const column = grid.header.indexOf(header);
  if (column < 0) throw new Error(`no column ${header}`);
  return cellAddress(grid.preamble.length + 2 + rowIndex, column + 1);
}

/** Sets one cell of a generated grid (for bad-cell variants). */
export function setGridCell(grid: KpiGrid, rowIndex: number, header: string, value: GridValue): string {
  const row = grid.rows[rowIndex];
  const column = grid.header.indexOf(header);
  if (!row || column < 0) throw new Error(`no cell ${rowIndex}/${header}`);
  row[column] = value;
  return gridAddress(grid, rowIndex, header);
}

const DEPARTMENTS = [
  '企画政策課',
  '観光政策課',
  '農林課',
  '商工労働課',
  '子育て支援課',
  '学校教育課',
  '健康増進課',
];
const FULL = '０１２３４５６７８９';
const fullWidth = (text: string) => text.replace(/[0-9]/gu, (d) => FULL[Number(d)] ?? d);
const grouped = (n: number) => n.toLocaleString('en-US');

/** Per 施策 5 基本事業, per 基本事業 20 事務事業, per 政策 4 施策: 400 rows per 政策. */
const PER_PROGRAM = 20;
const PER_BASIC = 5;
const PER_MEASURE = 4;

/**
 * A 4-level (政策／施策／基本事業／事務事業) KPI sheet with `count` rows, one KPI per 事務事業.
 * Row i (0-based) is KPI 指標{i+1}; its values follow fixed patterns so tests can predict them:
 * baseline 1000 + i, target 2000 + i (「…以上」 with unit ％ every 7th row), actuals for
 * FY2018 (H30) … FY2023 (令和５年度) of 1000 + i + 100 × k (− 50 × k when decreasing), some blank,
 * some 「－」, some 見込, some 「1,300以上」.
 */
export function messyKpiGrid(count: number): KpiGrid {
  const header = [
    '政策',
    '施策',
    '基本事業',
    '事務事業名',
    '指標の区分',
    '指標名',
    '単位',
    '方向',
    '現状値',
    '基準年度',
    '目標値',
    '目標年度',
    '担当課',
    '指標の種類',
    '累計',
    'H30',
    '令和元年度',
    'R2',
    '令和３年度',
    '2022',
    '令和５年度（2023年度）',
    '目標 R5',
    '備考',
  ];
  const rows: GridValue[][] = [];
  const merges: KpiGrid['merges'] = [];
  for (let i = 0; i < count; i++) {
    const program = i % PER_PROGRAM;
    const basic = Math.floor(i / PER_PROGRAM) % PER_BASIC;
    const measure = Math.floor(i / (PER_PROGRAM * PER_BASIC)) % PER_MEASURE;
    const policy = Math.floor(i / (PER_PROGRAM * PER_BASIC * PER_MEASURE));
    const firstOfPolicy = i % (PER_PROGRAM * PER_BASIC * PER_MEASURE) === 0;
    const firstOfMeasure = i % (PER_PROGRAM * PER_BASIC) === 0;
    const firstOfBasic = program === 0;

    // Hierarchy, written once per group in varying forms; later rows blank or repeating the number.
    const policyCell = firstOfPolicy
      ? policy % 2 === 0
        ? `${policy + 1} 政策${policy + 1}の推進`
        : `政策${fullWidth(String(policy + 1))}　政策${policy + 1}の推進`
      : i % 50 === 0
        ? policy + 1
        : null;
    const measureCell = firstOfMeasure ? `${measure + 1}.施策${policy + 1}-${measure + 1}` : null;
    const basicCell = firstOfBasic
      ? basic % 2 === 0
        ? `(${basic + 1}) 基本事業${basic + 1}`
        : `${fullWidth(String(basic + 1))} 基本事業${basic + 1}`
      : null;
    const programCell =
      program % 3 === 0
        ? `${fullWidth(String(program + 1))}　事務事業${i + 1}`
        : `${program + 1} 事務事業${i + 1}`;

    const percent = i % 7 === 0;
    const unit = percent ? (i % 14 === 0 ? '％' : '%') : i % 5 === 0 ? '件' : '人';
    const direction = ['増加', '増加', '減少', '', '維持', '↑'][i % 6] ?? '';
    const decreasing = direction === '減少';
    const base = 1000 + i;
    const target = decreasing ? 500 + i : direction === '維持' ? base : 2000 + i;
    const baselineCell: GridValue =
      i % 4 === 0
        ? grouped(base)
        : i % 4 === 1
          ? fullWidth(String(base))
          : i % 4 === 2
            ? base
            : `${grouped(base)}${unit}`;
    const baselineYear: GridValue = ['R1', '令和元年度', 2019, 'Ｒ１', 'H30', '平成30年度'][i % 6] ?? 'R1';
    const targetCell: GridValue = percent
      ? `${grouped(target)}${unit}以上`
      : i % 11 === 0
        ? `${grouped(target)}超`
        : target;
    const targetYear: GridValue = ['R8', '令和８年度', 2026][i % 3] ?? 'R8';
    const actual = (k: number): GridValue => {
      const value = decreasing ? base - 50 * k : base + 100 * k;
      const form = (i + k) % 9;
      if (form === 0) return null;
      if (form === 1) return '－';
      if (form === 2) return fullWidth(grouped(value));
      if (form === 3 && k === 5) return `${grouped(value)}（見込）`;
      if (i % 23 === 0 && k === 3) return `${grouped(value)}以上`;
      if (form === 4) return grouped(value);
      return value;
    };
    rows.push([
      policyCell,
      measureCell,
      basicCell,
      programCell,
      i % 10 === 9 ? '総合戦略' : '基本計画',
      `指標${i + 1}`,
      i % 13 === 0 ? null : unit,
      direction,
      baselineCell,
      baselineYear,
      targetCell,
      targetYear,
      DEPARTMENTS[i % DEPARTMENTS.length] ?? null,
      ['成果', '活動', '', '対象'][i % 4] ?? null,
      i % 8 === 0 ? '○' : i % 8 === 1 ? '×' : null,
      actual(0),
      actual(1),
      actual(2),
      actual(3),
      actual(4),
      actual(5),
      i % 3 === 0 ? grouped(1500 + i) : null,
      i % 17 === 0 ? '参考値' : null,
    ]);
    if (firstOfMeasure && i + 1 < count) {
      merges.push([i, Math.min(i + PER_PROGRAM * PER_BASIC - 1, count - 1), '施策']);
    }
  }
  return {
    sheetName: '事務事業指標',
    preamble: [['令和5年度 事務事業評価 指標一覧（テスト用の生成データ）'], []],
    header,
    rows,
    merges,
  };
}

// Text cells that Excel users often hold as formatted numbers instead: 「1,007%」 typed into a
// percentage cell (0.5 stored, 50% shown), and a 見込 value kept numeric with a format that prints 見込.
const PERCENT_TEXT = /^(?<number>\d{1,3}(?:,\d{3})*(?:\.\d+)?)%$/u;
const PROVISIONAL_TEXT = /^(?<number>\d{1,3}(?:,\d{3})*)（見込）$/u;

/**
 * The grid as an xlsx workbook: merged 施策 cells; every half-width 「1,007%」 cell as a number in a
 * percent format (10.07 shown as 1007.0%) and every 「1,507（見込）」 cell as the number 1507 in the
 * format the export writes (#,##0"（見込）"). Both read back as the text would, so the xlsx, the
 * Shift_JIS CSV and the UTF-8 CSV of a grid hold the same table.
 */
export async function gridToXlsx(grid: KpiGrid): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(grid.sheetName);
  for (const line of grid.preamble) sheet.addRow(line);
  sheet.addRow(grid.header);
  const firstDataRow = grid.preamble.length + 2;
  for (const row of grid.rows) {
    const added = sheet.addRow(row);
    row.forEach((value, index) => {
      if (typeof value !== 'string') return;
      const cell = added.getCell(index + 1);
      const percent = PERCENT_TEXT.exec(value)?.groups?.number;
      const provisional = PROVISIONAL_TEXT.exec(value)?.groups?.number;
      if (percent !== undefined) {
        cell.value = Number(percent.replace(/,/gu, '')) / 100;
        cell.numFmt = '0.0%';
      } else if (provisional !== undefined) {
        cell.value = Number(provisional.replace(/,/gu, ''));
        cell.numFmt = '#,##0"（見込）"';
      }
    });
  }
  for (const [from, to, header] of grid.merges) {
    const column = grid.header.indexOf(header) + 1;
    sheet.mergeCells(firstDataRow + from, column, firstDataRow + to, column);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * The grid as CSV: what Excel's 「CSV」 gives on Japanese Windows (Shift_JIS, CRLF), or UTF-8 with a
 * BOM. Merged cells become blanks below their first row, as Excel writes them.
 */
export function gridToCsv(grid: KpiGrid, encoding: 'shift_jis' | 'utf-8-bom'): Uint8Array {
  const field = (v: GridValue) => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
  };
  const lines = [...grid.preamble, grid.header, ...grid.rows].map((row) => row.map(field).join(','));
  const text = `${lines.join('\r\n')}\r\n`;
  return encoding === 'shift_jis'
    ? new Uint8Array(iconv.encode(text, 'cp932'))
    : new TextEncoder().encode(`\uFEFF${text}`);
}
