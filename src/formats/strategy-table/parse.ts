/**
 * @module Strategy table parser
 * Reads the structure of a 総合戦略 (comprehensive strategy) from a workbook or CSV: one column per
 * strategy level, named after the level (基本目標, 具体的な施策, …), and one 「関連する施策」 column
 * naming the 総合計画 (comprehensive plan) nodes each row's node contributes to. A blank upper-level
 * cell repeats the row above (the usual layout with merged cells). Pure: every problem is returned with
 * its sheet and cell; the nodes are matched against the database later. Layout: README.md beside this.
 */
import { normalizeWidth } from '../../domain/calendar/index.ts';
import { fromCircled } from '../../domain/plan/numbering.ts';
import { cellText, hierarchyNumberProblem, parseHierarchyLabel } from '../kpi-table/cells.ts';
import { headerKey } from '../kpi-table/columns.ts';
import type { CellRef, HierarchyLabel, KpiTableIssue } from '../kpi-table/model.ts';
import { cellAddress, type SheetGrid, type TableSource } from '../kpi-table/source.ts';

/** A plan node named in a 関連する施策 cell: 「1-1-① 観光の振興」, 「2.2.1」 or a title alone. */
export interface PlanReference {
  ref: CellRef;
  text: string;
  /** The path's numbers from the top (1-1-① → [1, 1, 1]); empty when only a title is given. */
  numbers: number[];
  title: string;
}

export interface StrategyTableRow {
  ref: CellRef;
  /** The row's node and its ancestors, from the top (blank upper cells filled from the row above). */
  hierarchy: HierarchyLabel[];
  /** The plan nodes the row's node links to; empty for a blank cell. */
  links: PlanReference[];
}

export interface ParsedStrategyTable {
  rows: StrategyTableRow[];
  issues: KpiTableIssue[];
  /** Whether a 関連する施策 column was found (without one, stored links are left alone). */
  hasLinkColumn: boolean;
  ignoredColumns: Array<CellRef & { header: string }>;
}

const HEADER_SEARCH_ROWS = 20;
const INSTRUCTION_SHEETS = new Set(['記入方法', '説明', '使い方', '凡例', '記入例']);
/** 「関連する施策」「総合計画の関連施策」「関連施策（総合計画）」… */
const LINK_HEADER = /関連/u;
const REMARK_HEADERS = new Set(['備考', 'メモ', '注記']);

/**
 * Reads every strategy sheet of a source. Never throws.
 * @example parseStrategyTable(source, { levelNames: ['基本目標', '具体的な施策'] }).rows[0]?.links
 */
export function parseStrategyTable(
  source: TableSource,
  options: { levelNames: readonly string[] },
): ParsedStrategyTable {
  const result: ParsedStrategyTable = { rows: [], issues: [], hasLinkColumn: false, ignoredColumns: [] };
  let found = 0;
  for (const sheet of source.sheets) {
    if (INSTRUCTION_SHEETS.has(sheet.name.trim())) continue;
    const layout = findLayout(sheet, options.levelNames, result);
    if (!layout) continue;
    found++;
    readRows(sheet, layout, options.levelNames, result);
  }
  const first = source.sheets[0]?.name ?? '';
  if (found === 0) {
    result.issues.push({
      sheet: first,
      cell: '',
      message: `総合戦略の表が見つかりません。見出し行に階層名の列（${options.levelNames.join('、')}）が必要です（${HEADER_SEARCH_ROWS}行目まで探しました）`,
    });
  } else if (result.rows.length === 0 && result.issues.length === 0) {
    result.issues.push({ sheet: first, cell: '', message: '総合戦略の項目の行が1行もありません' });
  }
  return result;
}

interface Layout {
  headerRow: number;
  /** Column of each level, by level index. */
  levels: Array<number | undefined>;
  link?: number;
}

function findLayout(
  sheet: SheetGrid,
  levelNames: readonly string[],
  result: ParsedStrategyTable,
): Layout | null {
  const levelKeys = levelNames.map(headerKey);
  for (let r = 1; r <= HEADER_SEARCH_ROWS; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const headers = cells.map((cell) => headerKey(cellText(cell)));
    if (!headers.some((h) => h === levelKeys[0] || h === `${levelKeys[0]}名`)) continue;
    const layout: Layout = { headerRow: r, levels: [] };
    headers.forEach((key, column) => {
      if (key === '') return;
      const level = levelKeys.findIndex((name) => key === name || key === `${name}名`);
      const issue = (message: string) =>
        result.issues.push({ sheet: sheet.name, cell: cellAddress(r, column), message });
      if (level >= 0) {
        if (layout.levels[level] !== undefined) issue(`「${levelNames[level]}」の列が2つあります`);
        layout.levels[level] = column;
      } else if (LINK_HEADER.test(key)) {
        if (layout.link !== undefined) issue('関連する施策の列が2つあります');
        layout.link = column;
      } else if (!REMARK_HEADERS.has(key)) {
        result.ignoredColumns.push({
          sheet: sheet.name,
          cell: cellAddress(r, column),
          header: cellText(cells[column]),
        });
      }
    });
    // Levels must be present from the top without gaps: 基本目標 and 具体的な施策, not 具体的な施策 alone.
    const missing = levelNames.findIndex((_, i) => layout.levels[i] === undefined);
    const deeper = layout.levels.slice(missing + 1).some((c) => c !== undefined);
    if (missing >= 0 && deeper) {
      result.issues.push({
        sheet: sheet.name,
        cell: `${r}行目`,
        message: `「${levelNames[missing]}」の列がありません（階層の列は上から順に必要です）`,
      });
    }
    if (layout.link !== undefined) result.hasLinkColumn = true;
    return layout;
  }
  return null;
}

function readRows(
  sheet: SheetGrid,
  layout: Layout,
  levelNames: readonly string[],
  result: ParsedStrategyTable,
) {
  let previous: HierarchyLabel[] = [];
  for (let r = layout.headerRow + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const texts = layout.levels.map((column) => (column === undefined ? '' : cellText(cells[column])));
    const deepest = texts.reduce((last, text, i) => (text !== '' ? i : last), -1);
    const linkText = layout.link === undefined ? '' : cellText(cells[layout.link]);
    const rowRef: CellRef = { sheet: sheet.name, cell: cellAddress(r, layout.levels[0] ?? 1) };
    if (deepest < 0) {
      if (linkText !== '' && layout.link !== undefined) {
        result.issues.push({
          sheet: sheet.name,
          cell: cellAddress(r, layout.link),
          message: `関連する施策がありますが、どの${levelNames[0]}の行かがわかりません（階層の列が空欄です）`,
        });
      }
      continue;
    }
    const hierarchy: HierarchyLabel[] = [];
    let ok = true;
    for (let level = 0; level <= deepest; level++) {
      const column = layout.levels[level] as number;
      const text = texts[level] ?? '';
      if (text === '') {
        const above = previous[level];
        if (!above) {
          result.issues.push({
            sheet: sheet.name,
            cell: cellAddress(r, column),
            message: `${levelNames[level]}が空欄です（上の行にもありません）`,
          });
          ok = false;
          break;
        }
        hierarchy.push(above);
        continue;
      }
      const raw = cells[column]?.value;
      const { numbers, title } = parseHierarchyLabel(
        typeof raw === 'number' ? raw : text,
        levelNames.slice(level, level + 1),
      );
      // A number past what a node can store (found by fuzzing: a database error at the write).
      const problem = hierarchyNumberProblem(numbers);
      if (problem) {
        result.issues.push({ sheet: sheet.name, cell: cellAddress(r, column), message: problem });
        ok = false;
        break;
      }
      hierarchy.push({ ref: { sheet: sheet.name, cell: cellAddress(r, column) }, text, numbers, title });
    }
    if (!ok) continue;
    previous = hierarchy;
    const links =
      layout.link === undefined || linkText === ''
        ? []
        : parsePlanReferences(linkText, { sheet: sheet.name, cell: cellAddress(r, layout.link) });
    result.rows.push({ ref: rowRef, hierarchy, links });
  }
}

// A number token: digits or a circled number (①). Parts join with - . ・ or their full-width forms.
const TOKEN = '(?:[0-9０-９]+|[①-⑳㉑-㉟㊱-㊿])';
const PATH = new RegExp(
  `^(?<path>${TOKEN}(?:\\s*[-.‐－―ー・．]\\s*${TOKEN})*)(?:[\\s.．、:：)）]+|$|(?<=[①-⑳㉑-㉟㊱-㊿]))`,
  'u',
);
// Several references in one cell: one per line, or after ；, or after 、／, before a number.
const SEPARATOR = /\r?\n|[;；]|[、,，/／](?=\s*(?:[0-9０-９]|[①-⑳㉑-㉟㊱-㊿]))/u;

/**
 * Splits a 関連する施策 cell into plan references.
 * @example parsePlanReferences('1-1-① 観光の振興\n2.2.1', ref).map((r) => r.numbers) // [[1, 1, 1], [2, 2, 1]]
 */
export function parsePlanReferences(text: string, ref: CellRef): PlanReference[] {
  return text
    .split(SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '－' && part !== '-')
    .map((part) => {
      const match = PATH.exec(part);
      if (!match?.groups?.path) return { ref, text: part, numbers: [], title: part };
      const numbers = match.groups.path
        .split(/\s*[-.‐－―ー・．]\s*/u)
        .map((token) => fromCircled(token) ?? Number(normalizeWidth(token)));
      return { ref, text: part, numbers, title: part.slice(match[0].length).trim() };
    });
}
