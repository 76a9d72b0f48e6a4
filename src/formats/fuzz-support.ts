/**
 * @module Fuzz support
 * Shared generators for the importers' property-based tests (`*.fuzz.test.ts`, fast-check): inputs
 * made from the seed report and the demo sheets, then broken the way a city's files break —
 * truncated, bytes flipped, saved in another encoding, columns swapped, header cells duplicated or
 * lost, formulas, huge numbers, empty sheets, random Unicode. Test-only; never imported by the app.
 *
 * Runs per property: `HOSHIN_FUZZ_RUNS` (default {@link DEFAULT_FUZZ_RUNS}, what CI runs);
 * `npm run fuzz` sets it to 10,000.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { SEED_MARKDOWN } from '../services/test-support.ts';

/** The count CI runs per property; `npm run fuzz` runs 10,000. */
export const DEFAULT_FUZZ_RUNS = 300;

/** Runs per property, from HOSHIN_FUZZ_RUNS. */
export function fuzzRuns(fallback = DEFAULT_FUZZ_RUNS): number {
  const n = Number(process.env.HOSHIN_FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** Longest one case may take before it counts as a hang (ms); generous for a busy 2-CPU runner. */
export const CASE_LIMIT_MS = 5_000;

/** A vitest timeout for `runs` cases of about `perCaseMs` each. */
export const timeoutFor = (runs: number, perCaseMs: number) => 60_000 + runs * perCaseMs;

/** Runs `work`, failing if it takes past {@link CASE_LIMIT_MS} (a hang) — also for synchronous work. */
export async function bounded<T>(work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: over ${CASE_LIMIT_MS} ms`)), CASE_LIMIT_MS);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(work), limit]);
    const elapsed = performance.now() - start;
    if (elapsed > CASE_LIMIT_MS) throw new Error(`hang: ${Math.round(elapsed)} ms`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a message is written in Japanese (has kana or kanji). */
export const isJapanese = (text: string) => /[\u3040-\u30ff\u4e00-\u9fff]/u.test(text);

/** A place in a sheet: an A1 address or a line (「12行目」). */
export const CELL_OR_LINE = /^(?:[A-Z]{1,3}[1-9][0-9]*|[1-9][0-9]*行目)$/;

export const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/demo/${name}`, import.meta.url));

/** A CSV's records (the fixtures are UTF-8 with a BOM). */
export function csvRecords(bytes: Uint8Array): string[][] {
  return parseCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/u, ''), {
    relax_column_count: true,
  }) as string[][];
}

/** Awkward cell values: formulas, huge and odd numbers, control characters, long text. */
export const hostileCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '=1+2',
    '=HYPERLINK("http://x","y")',
    '+1',
    '-1',
    '@SUM(A1)',
    "'=1+2",
    '1e308',
    '-1e308',
    '1e309',
    '9999999999999999999',
    '９９９９９９９９９９９９９９９９９９９',
    '0.1e-400',
    'NaN',
    'Infinity',
    '',
    '－',
    '-',
    '1,2,3',
    '１，２００',
    '50%',
    '令和99999年度',
    'R0',
    '平成元年度',
    '2023年度',
    '\u0000',
    '\t',
    '\r',
    '"',
    '""',
    '①',
    '⑳',
    '㊿',
    '1-1-①',
    '1.2.3.4.5.6.7.8.9',
    '増加',
    '以上',
    '○',
    'あ'.repeat(2000),
    '1'.repeat(400),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.double().map(String),
  fc.bigInt().map(String),
);

/** One structural change to a table. */
export type TableMutation =
  | { kind: 'swapColumns'; a: number; b: number }
  | { kind: 'duplicateHeader'; column: number }
  | { kind: 'removeHeader'; column: number }
  | { kind: 'removeColumn'; column: number }
  | { kind: 'setCell'; row: number; column: number; value: string }
  | { kind: 'dropRows'; from: number; count: number }
  | { kind: 'duplicateRow'; row: number }
  | { kind: 'swapRows'; a: number; b: number }
  | { kind: 'truncateRows'; keep: number }
  | { kind: 'insertRow'; row: number; cells: string[] };

const index = fc.nat({ max: 60 });
export const tableMutation: fc.Arbitrary<TableMutation> = fc.oneof(
  fc.record({ kind: fc.constant('swapColumns' as const), a: index, b: index }),
  fc.record({ kind: fc.constant('duplicateHeader' as const), column: index }),
  fc.record({ kind: fc.constant('removeHeader' as const), column: index }),
  fc.record({ kind: fc.constant('removeColumn' as const), column: index }),
  fc.record({ kind: fc.constant('setCell' as const), row: index, column: index, value: hostileCell }),
  fc.record({ kind: fc.constant('setCell' as const), row: index, column: index, value: hostileCell }),
  fc.record({ kind: fc.constant('dropRows' as const), from: index, count: index }),
  fc.record({ kind: fc.constant('duplicateRow' as const), row: index }),
  fc.record({ kind: fc.constant('swapRows' as const), a: index, b: index }),
  fc.record({ kind: fc.constant('truncateRows' as const), keep: index }),
  fc.record({
    kind: fc.constant('insertRow' as const),
    row: index,
    cells: fc.array(hostileCell, { maxLength: 30 }),
  }),
);

/** Applies mutations to a copy of the records (indices wrap around the table's size). */
export function mutateTable(records: string[][], mutations: TableMutation[]): string[][] {
  let rows = records.map((r) => [...r]);
  const width = () => Math.max(1, ...rows.map((r) => r.length));
  const at = (i: number, n: number) => (n === 0 ? 0 : i % n);
  for (const m of mutations) {
    const n = rows.length;
    switch (m.kind) {
      case 'swapColumns': {
        const a = at(m.a, width());
        const b = at(m.b, width());
        for (const r of rows) [r[a], r[b]] = [r[b] ?? '', r[a] ?? ''];
        break;
      }
      case 'duplicateHeader': {
        const header = rows[0];
        if (header) header.splice(at(m.column, header.length), 0, header[at(m.column, header.length)] ?? '');
        break;
      }
      case 'removeHeader':
        rows[0]?.splice(at(m.column, rows[0].length), 1);
        break;
      case 'removeColumn': {
        const c = at(m.column, width());
        for (const r of rows) r.splice(c, 1);
        break;
      }
      case 'setCell': {
        const row = rows[at(m.row, n)];
        if (row) row[at(m.column, width())] = m.value;
        break;
      }
      case 'dropRows':
        rows.splice(at(m.from, n), m.count % 10);
        break;
      case 'duplicateRow': {
        const row = rows[at(m.row, n)];
        if (row) rows.splice(at(m.row, n), 0, [...row]);
        break;
      }
      case 'swapRows': {
        const a = at(m.a, n);
        const b = at(m.b, n);
        [rows[a], rows[b]] = [rows[b] ?? [], rows[a] ?? []];
        break;
      }
      case 'truncateRows':
        rows = rows.slice(0, m.keep);
        break;
      case 'insertRow':
        rows.splice(at(m.row, n + 1), 0, m.cells);
        break;
    }
  }
  // Sparse cells from swaps past a row's end read as blank.
  return rows.map((r) => Array.from(r, (c) => c ?? ''));
}

/** A table written as CSV text (every cell quoted when it needs it). */
export function toCsv(records: string[][], delimiter = ','): string {
  const quote = (cell: string) =>
    /[",\t\r\n]/u.test(cell) || cell.startsWith(' ') ? `"${cell.replaceAll('"', '""')}"` : cell;
  return records.map((r) => r.map(quote).join(delimiter)).join('\r\n');
}

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom' | 'utf16le' | 'cp932';
export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom(
  'utf8',
  'utf8-bom',
  'utf16le-bom',
  'utf16be-bom',
  'utf16le',
  'cp932',
);

/** Text saved in an encoding (with or without its BOM). */
export function encodeText(text: string, as: Encoding): Uint8Array {
  switch (as) {
    case 'utf8':
      return new TextEncoder().encode(text);
    case 'utf8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf16le':
      return iconv.encode(text, 'utf16le');
    case 'utf16le-bom':
      return iconv.encode(`\uFEFF${text}`, 'utf16le');
    case 'utf16be-bom':
      return iconv.encode(`\uFEFF${text}`, 'utf16be');
    case 'cp932':
      return iconv.encode(text, 'cp932');
  }
}

/** One change to a file's bytes. */
export type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number };

const position = fc.nat({ max: 1_000_000 });
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 64 }) }),
);

/** Applies byte mutations to a copy (positions wrap around the file's length). */
export function mutateBytes(bytes: Uint8Array, mutations: ByteMutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'flip') {
      if (out.length > 0) out[at] = (out[at] ?? 0) ^ m.mask;
    } else if (m.kind === 'insert') {
      const next = new Uint8Array(out.length + m.bytes.length);
      next.set(out.subarray(0, at));
      next.set(m.bytes, at);
      next.set(out.subarray(at), at + m.bytes.length);
      out = next;
    } else out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + m.count)]);
  }
  return out;
}

/** How a table is written to a workbook. */
export interface XlsxShape {
  /** Cells that look like numbers written as numbers (as Excel does). */
  numbers: boolean;
  /** Cells written as formulas: with a cached result, or without one (never calculated). */
  formulas: Array<{ row: number; column: number; formula: string; result?: number | string }>;
  /** Vertical merges of a column over a run of rows. */
  merges: Array<{ column: number; row: number; height: number }>;
  /** Extra sheets: empty ones, before or after the table. */
  emptyBefore: number;
  emptyAfter: number;
  /** No table sheet at all (a workbook of only empty sheets, or none). */
  omitTable: boolean;
  sheetName: string;
}

export const xlsxShape: fc.Arbitrary<XlsxShape> = fc.record({
  numbers: fc.boolean(),
  formulas: fc.array(
    fc.record(
      {
        row: index,
        column: index,
        formula: fc.constantFrom('1+2', 'SUM(A1:A3)', 'A1&"x"', '1/0', 'HYPERLINK("http://x","y")'),
        result: fc.oneof(fc.integer(), fc.constantFrom('3', '指標名', '基本目標', '#DIV/0!')),
      },
      { requiredKeys: ['row', 'column', 'formula'] },
    ),
    { maxLength: 4 },
  ),
  merges: fc.array(
    fc.record({ column: fc.nat({ max: 5 }), row: index, height: fc.integer({ min: 1, max: 5 }) }),
    { maxLength: 3 },
  ),
  emptyBefore: fc.nat({ max: 2 }),
  emptyAfter: fc.nat({ max: 2 }),
  omitTable: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  sheetName: fc.constantFrom('指標一覧', 'Sheet1', '記入方法', '進捗', 'KPI (2)', 'シート'),
});

/** A table written as an xlsx workbook in the given shape. */
export async function toXlsx(records: string[][], shape: XlsxShape): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (let i = 0; i < shape.emptyBefore; i++) workbook.addWorksheet(`空${i + 1}`);
  if (!shape.omitTable) {
    const sheet = workbook.addWorksheet(shape.sheetName);
    records.forEach((record, r) => {
      record.forEach((cell, c) => {
        if (cell === '') return;
        const target = sheet.getCell(r + 1, c + 1);
        const n = Number(cell);
        target.value = shape.numbers && cell.trim() !== '' && Number.isFinite(n) ? n : cell;
      });
    });
    const rows = Math.max(1, records.length);
    for (const f of shape.formulas) {
      sheet.getCell((f.row % rows) + 1, (f.column % 25) + 1).value =
        f.result === undefined ? ({ formula: f.formula } as never) : { formula: f.formula, result: f.result };
    }
    for (const m of shape.merges) {
      const top = (m.row % rows) + 1;
      const range = [top, m.column + 1, top + m.height, m.column + 1] as const;
      try {
        sheet.mergeCells(...range);
      } catch {
        // Overlaps an earlier merge: exceljs refuses, as Excel would; skip it.
      }
    }
  }
  for (let i = 0; i < shape.emptyAfter; i++) workbook.addWorksheet(`後${i + 1}`);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A sheet input: a table, its changes, and how it is saved (CSV in an encoding, or xlsx), then bytes broken. */
export interface SheetInput {
  mutations: TableMutation[];
  file: { kind: 'csv'; encoding: Encoding; tab: boolean } | { kind: 'xlsx'; shape: XlsxShape };
  bytes: ByteMutation[];
}

export const sheetInput: fc.Arbitrary<SheetInput> = fc.record({
  mutations: fc.array(tableMutation, { maxLength: 6 }),
  file: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('csv' as const), encoding, tab: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('xlsx' as const), shape: xlsxShape }) },
  ),
  bytes: fc.oneof(
    { weight: 2, arbitrary: fc.constant<ByteMutation[]>([]) },
    { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 3 }) },
  ),
});

/** The file bytes of a sheet input made from `records`. */
export async function sheetBytes(records: string[][], input: SheetInput): Promise<Uint8Array> {
  const table = mutateTable(records, input.mutations);
  const bytes =
    input.file.kind === 'csv'
      ? encodeText(toCsv(table, input.file.tab ? '\t' : ','), input.file.encoding)
      : await toXlsx(table, input.file.shape);
  return mutateBytes(bytes, input.bytes);
}

/** Problems as the KPI and strategy importers report them: a sheet (or file), a cell, a message. */
export interface PlacedIssue {
  sheet: string;
  cell: string;
  message: string;
}

/**
 * The property every reported problem keeps: a Japanese message, the sheet or file it is in, and —
 * when it is about a part of the sheet — the cell address or line. Returns what is wrong, or null.
 */
export function misplacedIssue(issue: PlacedIssue): string | null {
  if (!isJapanese(issue.message)) return `not Japanese: ${issue.message}`;
  if (issue.sheet.trim() === '') return `no sheet or file named: ${issue.message}`;
  if (issue.cell !== '' && !CELL_OR_LINE.test(issue.cell)) return `bad place ${issue.cell}: ${issue.message}`;
  return null;
}

/** A workbook of the table alone, as Excel writes it. */
export const plainShape: XlsxShape = {
  numbers: true,
  formulas: [],
  merges: [],
  emptyBefore: 0,
  emptyAfter: 0,
  omitTable: false,
  sheetName: '指標一覧',
};

/** One change to the report's lines. */
type LineMutation =
  | { kind: 'delete'; line: number; count: number }
  | { kind: 'duplicate'; line: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'insert'; line: number; text: string }
  | { kind: 'replace'; line: number; text: string }
  | { kind: 'hugeNumbers'; line: number; digits: string }
  | { kind: 'truncate'; at: number };

const lineIndex = fc.nat({ max: 5_000 });
/** Lines that look like the layout's own, with awkward numbers and text. */
const layoutLine = fc.oneof(
  hostileCell,
  fc
    .tuple(
      fc.constantFrom(
        '# 基本目標',
        '## 基本方針',
        '基本目標 ',
        '基本方針',
        '① ',
        '- ',
        '* ',
        '1. ',
        '#### 令和',
      ),
      fc.oneof(hostileCell, fc.constantFrom('1', '99999999999999999999', '1e308', '０', '-1')),
      hostileCell,
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '# 審議会からの意見と対応',
    '次ページからの記載事項',
    '| a | b |',
    '［グラフ］',
    '［案］',
    '```',
    '<script>alert(1)</script>',
    '> 引用',
    '---',
    '令和99999999999年度（令和99999999998年度実績）',
    '令和6年13月32日',
    '平成元年2月30日',
  ),
);
const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    line: lineIndex,
    count: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), line: lineIndex }),
  fc.record({ kind: fc.constant('swap' as const), a: lineIndex, b: lineIndex }),
  fc.record({ kind: fc.constant('insert' as const), line: lineIndex, text: layoutLine }),
  fc.record({ kind: fc.constant('replace' as const), line: lineIndex, text: layoutLine }),
  fc.record({
    kind: fc.constant('hugeNumbers' as const),
    line: lineIndex,
    digits: fc.constantFrom('9999999999999999999', '1e308', '00000000000000000001', '２１４７４８３６４８'),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: 20_000 }) }),
);

export function mutateLines(mutations: LineMutation[]): string {
  let lines = SEED_MARKDOWN.split('\n');
  const at = (i: number) => (lines.length === 0 ? 0 : i % lines.length);
  for (const m of mutations) {
    if (m.kind === 'delete') lines.splice(at(m.line), m.count);
    else if (m.kind === 'duplicate') lines.splice(at(m.line), 0, lines[at(m.line)] ?? '');
    else if (m.kind === 'swap') {
      const [a, b] = [at(m.a), at(m.b)];
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    } else if (m.kind === 'insert') lines.splice(at(m.line), 0, m.text);
    else if (m.kind === 'replace') lines[at(m.line)] = m.text;
    else if (m.kind === 'hugeNumbers')
      lines[at(m.line)] = (lines[at(m.line)] ?? '').replace(/\d+/gu, m.digits);
    else lines = lines.join('\n').slice(0, m.at).split('\n');
  }
  return lines.join('\n');
}

/** Bytes read back as the upload route and the CLI read them: UTF-8, bad sequences replaced. */
const asUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/** A report text: the seed with its lines changed, then maybe saved in another encoding and bytes broken. */
export const reportText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(lineMutation, { maxLength: 8 }).map(mutateLines) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(lineMutation, { maxLength: 3 }), encoding, fc.array(byteMutation, { maxLength: 4 }))
      .map(([lines, as, bytes]) => asUtf8(mutateBytes(encodeText(mutateLines(lines), as), bytes))),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.array(layoutLine, { maxLength: 60 }).map((lines) => lines.join('\n')) },
);
