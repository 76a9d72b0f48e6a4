/**
 * @module Progress sheet (進捗状況シート)
 * The second sheet of a department's own workbook: one row per policy (the plan's progress level) and
 * fiscal year, its results (主な取組内容／実績) and directions (主な取組／今後の方向性) as item lists,
 * one item per line of a cell. The KPI import skips this sheet; the upload reads it with
 * {@link parseProgressSheet}. Layout: README.md beside this file, "Department sheet".
 */
import type ExcelJS from 'exceljs';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/index.ts';
import { cellText, type RawCell } from './cells.ts';
import { headerKey } from './columns.ts';
import type { CellRef, KpiTableIssue } from './model.ts';
import { cellAddress, type TableSource } from './source.ts';

/** The sheet's name in the workbook. */
export const PROGRESS_SHEET = '進捗状況';

/** The headers, in order. 項目 is the node's path (1.2), read back to find the node. */
export const PROGRESS_HEADERS = {
  path: '番号',
  title: '名称',
  fiscalYear: '年度',
  previousDirections: '前年度の方向性（参考）',
  results: '主な取組内容／実績',
  directions: '主な取組／今後の方向性',
} as const;

/** One row of the sheet as written. */
export interface ProgressSheetRow {
  path: string;
  title: string;
  fiscalYear: number;
  /** Last year's directions, shown beside the results (not read back). */
  previousDirections: string[];
  results: string[];
  directions: string[];
}

/** One row as read: undefined lists mean the column is absent (the stored text is kept). */
export interface ProgressSheetEntry {
  ref: CellRef;
  path: string;
  title: string;
  fiscalYear: number;
  results?: string[];
  directions?: string[];
  resultsRef: CellRef;
  directionsRef: CellRef;
}

/** Items of a cell: one per line, the 「・」 or 「-」 bullets people type stripped. */
export function itemsOf(cell: RawCell | undefined): string[] {
  return cellText(cell)
    .split(/\r?\n/u)
    .map((line) => line.replace(/^\s*(?:[・•●○◯\-－*]\s*)/u, '').trim())
    .filter((line) => line !== '');
}

/** A list as one cell: one item per line. */
export const cellOfItems = (items: string[]) => items.join('\n');

/**
 * Reads the 進捗状況 sheet of a workbook; null when there is none. Every problem is returned with
 * its cell (`進捗状況!C4`).
 */
export function parseProgressSheet(
  source: TableSource,
): { entries: ProgressSheetEntry[]; issues: KpiTableIssue[] } | null {
  const sheet = source.sheets.find((s) => s.name.trim() === PROGRESS_SHEET);
  if (!sheet) return null;
  const issues: KpiTableIssue[] = [];
  const entries: ProgressSheetEntry[] = [];
  const header = sheet.rows[1] ?? [];
  const columnOf = (name: string) =>
    header.findIndex((c) => c !== undefined && headerKey(cellText(c)).startsWith(headerKey(name)));
  const path = columnOf(PROGRESS_HEADERS.path);
  const year = columnOf(PROGRESS_HEADERS.fiscalYear);
  const title = columnOf(PROGRESS_HEADERS.title);
  const results = columnOf(PROGRESS_HEADERS.results);
  const directions = columnOf(PROGRESS_HEADERS.directions);
  if (path < 0 || year < 0) {
    issues.push({
      sheet: sheet.name,
      cell: 'A1',
      message: `見出し行（1行目）に「${PROGRESS_HEADERS.path}」と「${PROGRESS_HEADERS.fiscalYear}」の列が必要です`,
    });
    return { entries, issues };
  }
  for (let r = 2; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    if (!cells || cells.every((c) => c === undefined || cellText(c) === '')) continue;
    const ref = (column: number): CellRef => ({
      sheet: sheet.name,
      cell: cellAddress(r, Math.max(column, 0)),
    });
    const pathText = cellText(cells[path]).replace(/[．。]/gu, '.');
    if (!/^\d+(?:\.\d+)*$/u.test(pathText)) {
      issues.push({
        ...ref(path),
        message: `「${PROGRESS_HEADERS.path}」には 1.2 のような番号を入力してください（入力: 「${pathText}」）`,
      });
      continue;
    }
    const yearText = cellText(cells[year]);
    const fiscalYear = parseFiscalYear(yearText);
    if (fiscalYear === null) {
      issues.push({
        ...ref(year),
        message: `「${PROGRESS_HEADERS.fiscalYear}」には年度（例: ${formatFiscalYear(2024)}）を入力してください（入力: 「${yearText}」）`,
      });
      continue;
    }
    entries.push({
      ref: ref(path),
      path: pathText,
      title: title >= 0 ? cellText(cells[title]) : '',
      fiscalYear,
      ...(results >= 0 ? { results: itemsOf(cells[results]) } : {}),
      ...(directions >= 0 ? { directions: itemsOf(cells[directions]) } : {}),
      resultsRef: ref(results >= 0 ? results : path),
      directionsRef: ref(directions >= 0 ? directions : path),
    });
  }
  return { entries, issues };
}

/**
 * Adds the 進捗状況 sheet to a workbook: a header row, one row per policy, lists one item per line
 * (wrapped), the previous year's directions greyed as reference (not read back).
 */
export function addProgressSheet(
  workbook: ExcelJS.Workbook,
  levelName: string,
  rows: ProgressSheetRow[],
): void {
  const sheet = workbook.addWorksheet(PROGRESS_SHEET);
  const h = PROGRESS_HEADERS;
  sheet.columns = [
    { header: h.path, width: 8 },
    { header: `${h.title}（${levelName}）`, width: 30 },
    { header: h.fiscalYear, width: 12 },
    { header: h.previousDirections, width: 40 },
    { header: h.results, width: 50 },
    { header: h.directions, width: 50 },
  ];
  for (const row of rows) {
    const added = sheet.addRow([
      row.path,
      row.title,
      formatFiscalYear(row.fiscalYear),
      cellOfItems(row.previousDirections),
      cellOfItems(row.results),
      cellOfItems(row.directions),
    ]);
    added.alignment = { wrapText: true, vertical: 'top' };
    added.getCell(4).font = { color: { argb: 'FF666666' } };
    // The path is text: Excel would turn 1.10 into the number 1.1.
    added.getCell(1).numFmt = '@';
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
}
