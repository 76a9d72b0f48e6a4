/**
 * @module KPI table sources
 * Turns the bytes of an uploaded file into sheets of cells: xlsx through exceljs (merged cells read as
 * their top-left value, formulas as their result, rich text as its text), CSV in UTF-8 (with or without
 * BOM), UTF-16 (Excel's 「Unicode テキスト」, tab-separated) or Shift_JIS (Excel's default 「CSV」 on
 * Japanese Windows, decoded as CP932 so ①, ㈱ and 髙 survive).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  checkCell,
  checkCsvText,
  checkFileSize,
  checkZip,
  FileLimitError,
  fileLimits,
} from '../file-limits.ts';
import { restoreText } from '../spreadsheet-safety.ts';
import type { RawCell } from './cells.ts';
import { KpiTableError } from './model.ts';

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
    await checkZip(bytes);
    return readXlsx(bytes, fileName);
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

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<TableSource> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new KpiTableError([
      {
        sheet: fileName,
        cell: '',
        message: `Excel ファイルとして読めません（${(error as Error).message}）。ファイルが壊れていないか確認してください`,
      },
    ]);
  }
  const sheets: SheetGrid[] = [];
  const limits = fileLimits();
  workbook.eachSheet((worksheet) => {
    const rows: SheetGrid['rows'] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
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
      if (cells.length > 0) rows[rowNumber] = cells;
    });
    sheets.push({ name: worksheet.name, rows });
  });
  // A workbook without sheets (found by fuzzing): refused here, where the file's name is known,
  // rather than as a table not found in an unnamed sheet.
  if (sheets.length === 0) {
    throw new KpiTableError([
      { sheet: fileName, cell: '', message: 'ブックにシートがありません。指標の表のシートを入れてください' },
    ]);
  }
  return { format: 'xlsx', sheets };
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
    return result === undefined ? null : plainValue(result as ExcelJS.CellValue);
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
        message: `CSV として読めません（${(error as Error).message}）`,
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
