/**
 * @module KPI table sources
 * Turns the bytes of an uploaded file into sheets of cells: xlsx through exceljs (merged cells read as
 * their top-left value, formulas as their result, rich text as its text), CSV in UTF-8 (with or without
 * BOM), UTF-16 (Excel's 「Unicode テキスト」, tab-separated) or Shift_JIS (Excel's default 「CSV」 on
 * Japanese Windows, decoded as CP932 so ①, ㈱ and 髙 survive).
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  checkCell,
  checkCsvText,
  checkFileSize,
  checkZip,
  FileLimitError,
  type FileLimits,
  fileLimits,
  refuse,
  type ZipObserver,
} from '../file-limits.ts';
import { restoreText } from '../spreadsheet-safety.ts';
import type { RawCell } from './cells.ts';
import { KpiTableError } from './model.ts';
import { PrefixedParts, preparedForStreaming } from './xlsx-part-order.ts';

/** A sheet as rows of cells; rows and columns are 1-based like A1 addresses (index 0 unused). */
export interface SheetGrid {
  name: string;
  rows: Array<Array<RawCell | undefined> | undefined>;
}

export interface TableSource {
  format: 'xlsx' | 'csv';
  /** For CSV: the encoding it was read in. */
  encoding?: 'UTF-8' | 'UTF-16' | 'Shift_JIS';
  sheets: SheetGrid[];
}

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The 1-based column number of column letters: A → 1, AA → 27 (the inverse of {@link columnLetter}). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The A1 address of a 1-based row and column. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Reads a KPI file: xlsx (by its content, whatever the name) or CSV. Throws {@link KpiTableError} for a
 * file that is neither (an old .xls, a damaged workbook).
 * @example const source = await readTableSource(readFileSync('kpi.xlsx'), 'kpi.xlsx');
 */
export async function readTableSource(bytes: Uint8Array, fileName: string): Promise<TableSource> {
  try {
    return await readWithinLimits(bytes, fileName);
  } catch (error) {
    // Past a limit (src/formats/file-limits.ts): refused before or while reading, naming the limit.
    if (error instanceof FileLimitError)
      throw new KpiTableError([{ sheet: fileName, cell: '', message: error.message }]);
    throw error;
  }
}

async function readWithinLimits(bytes: Uint8Array, fileName: string): Promise<TableSource> {
  checkFileSize(bytes.byteLength);
  if (startsWith(bytes, ZIP)) {
    const merged = new MergedRanges();
    const prefixed = new PrefixedParts();
    const damage = await checkZip(bytes, undefined, (name) => {
      const both = [merged.observe(name), prefixed.observe(name)].filter((o) => o !== undefined);
      if (both.length === 0) return undefined;
      return (chunk) => {
        for (const observe of both) observe(chunk);
      };
    });
    if (damage) {
      throw new KpiTableError([
        {
          sheet: fileName,
          cell: '',
          message: `Excel ファイルとして読めません（${damage}）。ファイルが壊れていないか確認してください`,
        },
      ]);
    }
    const { bytes: ordered, originalNames } = preparedForStreaming(bytes, prefixed);
    return readXlsx(ordered, fileName, (part) => merged.of(originalNames.get(part) ?? part));
  }
  if (startsWith(bytes, OLE)) {
    throw new KpiTableError([
      {
        sheet: fileName,
        cell: '',
        message:
          '古い Excel 形式（.xls）は読めません。Excel で「Excel ブック（*.xlsx）」か「CSV」として保存し直してください',
      },
    ]);
  }
  return readCsv(bytes, fileName);
}

/** A merged range, 1-based and inclusive. */
interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  ref: string;
}

/**
 * Collects each worksheet part's merged ranges while {@link checkZip} inflates the parts anyway: the
 * streaming reader skips `<mergeCells>`, which comes after the rows, and a KPI table's hierarchy cells
 * are often merged down the rows they head. Only the text from the first `mergeCell` on is read (a
 * Buffer search finds it), and only the ranges are kept.
 */
class MergedRanges {
  private readonly byPart = new Map<string, MergedRange[]>();

  readonly observe: ZipObserver = (entryName) => {
    // Any XML part may be a worksheet (a writer may name it freely); only worksheets have mergeCell.
    if (!entryName.endsWith('.xml')) return undefined;
    const ranges: MergedRange[] = [];
    this.byPart.set(entryName, ranges);
    let carry = '';
    let tail = Buffer.alloc(0);
    let found = false;
    return (chunk) => {
      let text: string;
      if (!found) {
        // 'mergeCell' may straddle two chunks: the end of the last one is searched with this one's start.
        const across = Buffer.concat([tail, chunk.subarray(0, 16)]).indexOf('mergeCell');
        const at = across >= 0 ? across - tail.length : chunk.indexOf('mergeCell');
        if (at < 0 && across < 0) {
          tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 16)));
          return;
        }
        found = true;
        // From a little before, for a prefixed tag (`<x:mergeCell`).
        text = tail.toString('latin1') + chunk.toString('latin1');
        text = text.slice(Math.max(0, tail.length + at - 40));
      } else {
        text = carry + chunk.toString('latin1');
      }
      const tag =
        /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"[^>]*>/g;
      let match: RegExpExecArray | null = tag.exec(text);
      let end = 0;
      while (match) {
        const [, c1 = 'A', r1 = '1', c2 = 'A', r2 = '1'] = match;
        const [top, bottom] = [Number(r1), Number(r2)].sort((a, b) => a - b) as [number, number];
        const [left, right] = [columnNumber(c1), columnNumber(c2)].sort((a, b) => a - b) as [number, number];
        ranges.push({ top, left, bottom, right, ref: `${c1}${r1}:${c2}${r2}` });
        end = tag.lastIndex;
        match = tag.exec(text);
      }
      // Keep an unfinished tag for the next chunk (a tag is short: anything longer is not one).
      const open = text.lastIndexOf('<');
      carry = open >= end && text.length - open < 512 ? text.slice(open) : '';
    };
  };

  /** The ranges of a part, by its name in the file as uploaded. */
  of(partName: string): MergedRange[] {
    return this.byPart.get(partName) ?? [];
  }
}

/**
 * Gives every cell of a merged range its top-left cell's value, as Excel shows it (and as exceljs'
 * whole-workbook reader did). Ranges are clipped to the rows and columns the sheet uses; past the
 * limit of merged cells the file is refused instead of filling a billion cells.
 */
function fillMergedCells(
  sheet: SheetGrid,
  ranges: MergedRange[],
  budget: { cells: number },
  limits: FileLimits,
): void {
  if (ranges.length === 0) return;
  const lastRow = sheet.rows.length - 1;
  let lastColumn = 0;
  for (const row of sheet.rows) if (row && row.length - 1 > lastColumn) lastColumn = row.length - 1;
  for (const range of ranges) {
    const master = sheet.rows[range.top]?.[range.left];
    if (!master) continue;
    const bottom = Math.min(range.bottom, lastRow);
    const right = Math.min(range.right, lastColumn);
    budget.cells -= Math.max(0, bottom - range.top + 1) * Math.max(0, right - range.left + 1);
    if (budget.cells < 0)
      refuse('maxMergedCells', limits, `シート「${sheet.name}」の結合セル ${range.ref} が大きすぎます`);
    for (let r = range.top; r <= bottom; r++) {
      const cells = sheet.rows[r] ?? [];
      sheet.rows[r] = cells;
      for (let c = range.left; c <= right; c++) if (r !== range.top || c !== range.left) cells[c] = master;
    }
  }
}

/**
 * The xlsx as the stream exceljs' streaming reader unzips, working around its open bug (exceljs#2084):
 * it decodes each inflated chunk of XML on its own, so a character whose UTF-8 bytes straddle two
 * chunks turns into U+FFFD (「２,��７３」 in a 2,000-row sheet). The reader pipes this stream into its
 * unzipper; every XML part the unzipper hands on is set to decode UTF-8 across chunks (Node's
 * StringDecoder), and the reader's SAX parser takes the strings as they are.
 */
function zipStreamDecodingXml(buffer: Buffer): Readable {
  const source = Readable.from([buffer]);
  const pipe = source.pipe.bind(source);
  source.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    const unzipper = destination as unknown as { push: (entry: unknown) => boolean };
    const push = unzipper.push.bind(unzipper);
    unzipper.push = (entry) => {
      const part = entry as { path?: unknown; setEncoding?: (encoding: string) => void } | null;
      if (typeof part?.path === 'string' && /\.(xml|rels)$/.test(part.path)) part.setEncoding?.('utf8');
      return push(entry);
    };
    return pipe(destination, options);
  }) as typeof source.pipe;
  return source;
}

/** What the streaming reader's worksheet gives (its type declarations leave these out). */
interface StreamedWorksheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/**
 * Reads the sheets of an xlsx with exceljs' streaming reader: rows arrive one at a time and only
 * their plain values are kept, so memory follows the cells themselves rather than exceljs' model of
 * the whole workbook (styles and all), and reading is faster. Sheets come out in tab order.
 */
async function readXlsx(
  bytes: Uint8Array,
  fileName: string,
  mergedOf: (partName: string) => MergedRange[],
): Promise<TableSource> {
  const limits = fileLimits();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(zipStreamDecodingXml(buffer), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // number formats: dates and percentages
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  // The part number of the worksheet being read: the reader announces it just before the sheet.
  let part = 0;
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') part = Number(entry.id);
  });
  const sheets: Array<{ grid: SheetGrid; part: number }> = [];
  // Where reading got to, for a message when the workbook's XML breaks off.
  let lastRow = 0;
  try {
    for await (const worksheet of reader as unknown as AsyncIterable<StreamedWorksheet>) {
      const grid: SheetGrid = { name: worksheet.name, rows: [] };
      sheets.push({ grid, part });
      lastRow = 0;
      for await (const row of worksheet) {
        const rowNumber = row.number;
        lastRow = rowNumber;
        const cells: Array<RawCell | undefined> = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          const value = plainValue(cell.value);
          if (value === null) return;
          checkCell(
            rowNumber,
            column,
            typeof value === 'string' ? value : null,
            `シート「${worksheet.name}」`,
            limits,
          );
          if (typeof value === 'string') refuseNul(value, worksheet.name, rowNumber, column);
          cells[column] = cell.numFmt ? { value, numFmt: cell.numFmt } : { value };
        });
        if (cells.length > 0) grid.rows[rowNumber] = cells;
      }
    }
  } catch (error) {
    if (error instanceof KpiTableError || error instanceof FileLimitError) throw error;
    // The reader's own words (English, from exceljs or its XML parser) stay as a detail for whoever
    // supports the city; the message says where and what to do.
    const sheet = sheets.at(-1)?.grid.name;
    const where =
      sheet === undefined ? '' : `シート「${sheet}」の${lastRow > 0 ? ` ${lastRow} 行目の後` : '初め'}で`;
    throw new KpiTableError([
      {
        sheet: fileName,
        cell: '',
        message:
          `Excel ファイルとして読めません（${where}読み取りが止まりました。詳細: ${(error as Error).message}）。` +
          'ファイルが壊れていないか確認し、Excel で開いて「Excel ブック（*.xlsx）」として保存し直してから取り込んでください',
      },
    ]);
  }
  // A workbook without sheets (found by fuzzing): refused here, where the file's name is known,
  // rather than as a table not found in an unnamed sheet.
  if (sheets.length === 0) {
    throw new KpiTableError([
      { sheet: fileName, cell: '', message: 'ブックにシートがありません。指標の表のシートを入れてください' },
    ]);
  }
  const budget = { cells: limits.maxMergedCells };
  for (const { grid, part } of sheets) {
    fillMergedCells(grid, mergedOf(`xl/worksheets/sheet${part}.xml`), budget, limits);
  }
  const tabOrder = (
    (reader as unknown as { model?: { sheets?: Array<{ name: string }> } }).model?.sheets ?? []
  ).map((s) => s.name);
  const position = (name: string) => {
    const at = tabOrder.indexOf(name);
    return at < 0 ? tabOrder.length : at;
  };
  return {
    format: 'xlsx',
    sheets: sheets.map((s) => s.grid).sort((a, b) => position(a.name) - position(b.name)),
  };
}

/**
 * Refuses a cell holding a NUL character, naming the cell: no text column of the database can store
 * one, and the write failed with an error that named nothing (found by fuzzing).
 */
function refuseNul(text: string, sheet: string, row: number, column: number) {
  if (!text.includes('\u0000')) return;
  throw new KpiTableError([
    {
      sheet,
      cell: cellAddress(row, column),
      message: 'セルに使えない文字（NUL, U+0000）があります。この文字を消してください',
    },
  ]);
}

/** exceljs values (rich text, formulas, hyperlinks, errors) as a plain value. */
function plainValue(value: ExcelJS.CellValue): RawCell['value'] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result !== undefined && !(typeof result === 'number' && Number.isNaN(result)))
      return plainValue(result as ExcelJS.CellValue);
    // No value to read: an error result (#N/A, #DIV/0!: the streaming reader drops those) or a file
    // saved without calculating. Read as blank, a blank actual would be skipped (or, with --replace,
    // delete the stored one); as this text, a number column refuses it naming the cell and formula.
    const formula =
      (value as { formula?: string }).formula || (value as { sharedFormula?: string }).sharedFormula;
    return `=${formula ?? ''}（計算結果が読めません）`;
  }
  if ('error' in value) return String(value.error);
  if ('text' in value) return plainValue(value.text as ExcelJS.CellValue);
  return null;
}

/**
 * The text of a CSV file and the encoding it was in: a BOM decides; otherwise valid UTF-8 is UTF-8 and
 * anything else is read as Shift_JIS (CP932).
 * @example decodeText(iconv.encode('指標名', 'cp932')).encoding // 'Shift_JIS'
 */
export function decodeText(bytes: Uint8Array): {
  text: string;
  encoding: NonNullable<TableSource['encoding']>;
} {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'cp932'), encoding: 'Shift_JIS' };
  }
}

/** csv-parse's reason for refusing a file, in Japanese (its English only as 詳細 when it is not known). */
function csvProblem(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'CSV として読めません（"（ダブルクォート）で始まったセルが、ファイルの終わりまで閉じられていません。" の数を確かめてください）';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'CSV として読めません（"（ダブルクォート）で囲んだセルの後ろに、区切りの前の余分な文字があります）';
    case 'CSV_MAX_RECORD_SIZE':
      return 'CSV として読めません（1行が長すぎます）';
    default:
      return `CSV として読めません（詳細: ${error.message}）`;
  }
}

function readCsv(bytes: Uint8Array, fileName: string): TableSource {
  const { text, encoding } = decodeText(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/u));
  const delimiter = firstLine.split('\t').length > firstLine.split(',').length ? '\t' : ',';
  const limits = fileLimits();
  checkCsvText(text, delimiter, limits);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new KpiTableError([
      {
        sheet: fileName,
        cell: line ? `${line}行目` : '',
        message: csvProblem(error as Error & { code?: string }),
      },
    ]);
  }
  const rows: SheetGrid['rows'] = [];
  records.forEach((record, index) => {
    const cells: Array<RawCell | undefined> = [];
    record.forEach((value, column) => {
      checkCell(index + 1, column + 1, value, 'CSV', limits);
      refuseNul(value, fileName, index + 1, column + 1);
      // An export wrote 「'=…」 for text a spreadsheet would run: read back the text itself.
      if (value.trim() !== '') cells[column + 1] = { value: restoreText(value) };
    });
    if (cells.length > 0) rows[index + 1] = cells;
  });
  return { format: 'csv', encoding, sheets: [{ name: fileName, rows }] };
}
