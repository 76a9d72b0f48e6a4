/**
 * @module KPI table parser
 * Recognises KPI sheets in a workbook or CSV (a header row with 指標名 and the plan's top level) and
 * reads every row into a {@link KpiTableRow}, collecting every problem with its sheet and cell instead of
 * stopping at the first. Pure: the plan's nodes and KPI sets are matched later, against the database.
 * The layout is documented in README.md beside this file.
 */
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { defaultComparator } from '../../domain/evaluation/index.ts';
import type { Comparator, Direction } from '../../domain/kpi/types.ts';
import {
  type CellResult,
  cellText,
  hierarchyNumberProblem,
  isAdministrativeCode,
  type NumberCell,
  normalizeUnit,
  parseHierarchyLabel,
  type RawCell,
  readAdministrativeStatus,
  readComparator,
  readDirection,
  readFlag,
  readKind,
  readNumber,
  readText,
  readYear,
  titleKey,
} from './cells.ts';
import { type ColumnRole, type FieldKey, recogniseHeader } from './columns.ts';
import type { CellRef, HierarchyLabel, KpiTableRow, ParsedKpiTable } from './model.ts';
import { PROGRESS_SHEET } from './progress-sheet.ts';
import { cellAddress, columnLetter, type SheetGrid, type TableSource } from './source.ts';

export interface ParseOptions {
  /** The plan's level names, from the top (基本目標, 基本方針, 施策). */
  levelNames: readonly string[];
}

/** Sheets that explain the layout rather than hold KPIs (the template's own is 記入方法). */
const INSTRUCTION_SHEETS = new Set(['記入方法', '説明', '使い方', '凡例', '記入例']);
/** Longest 担当課, 指標コード or 指標の区分: the database looks rows up by them (a unique index). */
const MAX_KEY_CHARS = 200;
/** How far down the header row may be (title rows above it are common). */
const HEADER_SEARCH_ROWS = 20;

const EXPECTED: Record<string, string> = {
  数値: '数値（例: 1,234、12.5%。値がなければ空欄か「－」）',
  年度: '年度（例: 令和5年度、R5、2023）',
};

interface Column {
  column: number;
  header: string;
  role: ColumnRole;
}

interface SheetLayout {
  headerRow: number;
  levels: Column[];
  fields: Map<FieldKey, Column>;
  actuals: Column[];
  annualTargets: Column[];
  /** 備考（令和5年度） columns by fiscal year: the notes of that year's actuals. */
  notes: Map<number, Column>;
  /** Columns the import does not read (備考, 達成率, unknown headers). */
  ignored: Set<number>;
}

/**
 * Reads every KPI sheet of a source. Never throws: problems are returned as issues.
 * @example
 * const { rows, issues } = parseKpiTable(source, { levelNames: ['基本目標', '基本方針', '施策'] });
 */
export function parseKpiTable(source: TableSource, options: ParseOptions): ParsedKpiTable {
  const result: ParsedKpiTable = { rows: [], rejectedRows: [], issues: [], ignoredColumns: [] };
  let kpiSheets = 0;
  for (const sheet of source.sheets) {
    if (INSTRUCTION_SHEETS.has(sheet.name.trim()) || sheet.name.trim() === PROGRESS_SHEET) continue;
    const layout = findLayout(sheet, options.levelNames, result);
    if (!layout) continue;
    kpiSheets++;
    readRows(sheet, layout, options.levelNames, result);
  }
  if (kpiSheets === 0 && result.issues.length === 0) {
    result.issues.push({
      sheet: source.sheets[0]?.name ?? '',
      cell: '',
      message: `指標の表が見つかりません。見出し行に「指標名」と「${options.levelNames[0] ?? ''}」の列が必要です（${HEADER_SEARCH_ROWS}行目まで探しました）`,
    });
  } else if (kpiSheets > 0 && result.rows.length + result.rejectedRows.length === 0) {
    result.issues.push({
      sheet: source.sheets[0]?.name ?? '',
      cell: '',
      message: '指標の行が1行もありません',
    });
  }
  return result;
}

function findLayout(
  sheet: SheetGrid,
  levelNames: readonly string[],
  result: ParsedKpiTable,
): SheetLayout | null {
  for (let r = 1; r <= HEADER_SEARCH_ROWS; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const columns: Column[] = [];
    cells.forEach((cell, column) => {
      const header = cellText(cell);
      if (header === '') return;
      columns.push({ column, header, role: recogniseHeader(header, levelNames) });
    });
    const hasName = columns.some((c) => c.role.role === 'field' && c.role.key === 'name');
    if (!hasName) continue;
    const issue = (column: number, message: string) =>
      result.issues.push({ sheet: sheet.name, cell: cellAddress(r, column), message });
    const layout: SheetLayout = {
      headerRow: r,
      levels: [],
      fields: new Map(),
      actuals: [],
      annualTargets: [],
      notes: new Map(),
      ignored: new Set(),
    };
    const seen = new Map<string, Column>();
    for (const c of columns) {
      const { role } = c;
      const key =
        role.role === 'level'
          ? `level:${role.level}`
          : role.role === 'field'
            ? `field:${role.key}`
            : role.role === 'actual' || role.role === 'annualTarget' || role.role === 'note'
              ? `${role.role}:${role.fiscalYear}`
              : null;
      if (key) {
        const first = seen.get(key);
        if (first) {
          issue(
            c.column,
            `「${c.header}」は ${cellAddress(r, first.column)} の「${first.header}」と同じ列です。どちらか一方にしてください`,
          );
          continue;
        }
        seen.set(key, c);
      }
      if (role.role === 'level') layout.levels[role.level] = c;
      else if (role.role === 'field') layout.fields.set(role.key, c);
      else if (role.role === 'actual') layout.actuals.push(c);
      else if (role.role === 'annualTarget') layout.annualTargets.push(c);
      else if (role.role === 'note') layout.notes.set(role.fiscalYear, c);
      else layout.ignored.add(c.column);
      if (role.role === 'unknown') {
        result.ignoredColumns.push({ sheet: sheet.name, cell: cellAddress(r, c.column), header: c.header });
      }
    }
    const nameColumn = layout.fields.get('name')?.column ?? 1;
    if (!layout.levels[0]) {
      issue(
        nameColumn,
        `見出しに階層の列「${levelNames[0]}」がありません（この計画の階層: ${levelNames.join('／')}）`,
      );
      return null;
    }
    const levels = layout.levels;
    for (let i = 1; i < levels.length; i++) {
      const column = levels[i];
      if (column && !levels[i - 1]) {
        issue(
          column.column,
          `「${levelNames[i]}」の列があるのに上位の「${levelNames[i - 1]}」の列がありません`,
        );
        return null;
      }
    }
    return layout;
  }
  return null;
}

function readRows(
  sheet: SheetGrid,
  layout: SheetLayout,
  levelNames: readonly string[],
  result: ParsedKpiTable,
) {
  // The hierarchy of the row above, for blank cells that mean "same as above" (merged cells, CSV).
  let above: HierarchyLabel[] = [];
  const levelColumns = layout.levels.filter((c): c is Column => c !== undefined);
  const hierarchyColumns = levelColumns.map((c) => c.column);
  const nameColumn = layout.fields.get('name');
  const setColumn = layout.fields.get('set');
  // The row's helpers are methods of one object per sheet, not closures made for every row: tsx
  // names each closure it makes, which cost a 10,000-row sheet a fifth of its parse.
  const at = new RowReader(sheet.name, layout, result);

  for (let r = layout.headerRow + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    if (!cells || cells.every((c) => c === undefined)) continue;
    at.start(r, cells);

    const labels: Array<HierarchyLabel | undefined> = [];
    for (const [level, c] of levelColumns.entries()) {
      const cell = cells[c.column];
      const text = cellText(cell);
      if (text === '' || text === '－' || text === '-') {
        labels.push(undefined);
        continue;
      }
      const raw = typeof cell?.value === 'number' ? cell.value : text;
      const name = levelNames[level] ?? '';
      labels.push({ ref: at.ref(c.column), text, ...parseHierarchyLabel(raw, [name]) });
    }

    // A number past what a node can store (found by fuzzing: a database error at the write).
    const badNumber = labels.find((l) => l && hierarchyNumberProblem(l.numbers));
    if (badNumber) {
      result.issues.push({ ...badNumber.ref, message: hierarchyNumberProblem(badNumber.numbers) as string });
      continue;
    }

    const name = readText(nameColumn ? cells[nameColumn.column] : undefined);
    if (name === null) {
      // A heading row (a goal or policy on its own line) only sets the hierarchy for the rows below.
      const other = cells.some(
        (c, column) => c !== undefined && !hierarchyColumns.includes(column) && !layout.ignored.has(column),
      );
      if (other) at.issue(nameColumn?.column ?? 1, '指標名がありません（この行のほかの列には値があります）');
      else if (labels.some((l) => l !== undefined)) {
        const heading = fillHierarchy(labels, above, levelNames, hierarchyColumns, at);
        if (heading.length > 0) above = heading;
      }
      continue;
    }

    const hierarchy = fillHierarchy(labels, above, levelNames, hierarchyColumns, at);
    const row = at.kpiRow(name);
    // After a row whose hierarchy is wrong (reported), the rows below keep the last good one, so
    // that one mistake is listed once rather than on every row under it.
    if (hierarchy.length === 0) continue;
    above = hierarchy;
    if (row) {
      result.rows.push({ ...row, hierarchy });
      continue;
    }
    // Still matched against the plan later, so that its hierarchy problems are listed too.
    const setName = readText(setColumn ? cells[setColumn.column] : undefined);
    result.rejectedRows.push({
      ref: at.ref(nameColumn?.column ?? 1),
      hierarchy,
      ...(setName && setColumn ? { set: { name: setName, ref: at.ref(setColumn.column) } } : {}),
    });
  }
}

/**
 * Blank hierarchy cells are the row above's (merged cells, or a CSV made from them) as long as the
 * filled cells left of them name the same nodes as the row above; blank cells after the last filled
 * one mean the KPI hangs on that level; a row with none filled hangs where the row above does.
 */
function fillHierarchy(
  labels: Array<HierarchyLabel | undefined>,
  above: HierarchyLabel[],
  levelNames: readonly string[],
  columns: number[],
  at: Pick<RowReader, 'issue'>,
): HierarchyLabel[] {
  let last = labels.length - 1;
  while (last >= 0 && labels[last] === undefined) last--;
  if (last < 0) {
    if (above.length === 0) {
      at.issue(
        columns[0] ?? 1,
        `階層（${levelNames.join('／')}）が空欄です。少なくとも「${levelNames[0]}」を入力してください`,
      );
    }
    return above;
  }
  const filled: HierarchyLabel[] = [];
  let sameAsAbove = true;
  for (let level = 0; level <= last; level++) {
    const label = labels[level];
    const previous = above[level];
    if (label) {
      if (!previous || !sameNode(label, previous)) sameAsAbove = false;
      filled.push(label);
      continue;
    }
    if (!previous || !sameAsAbove) {
      at.issue(
        columns[level] ?? 1,
        previous
          ? `「${levelNames[level]}」が空欄です（上位の階層が上の行と違うので、上の行から引き継げません）`
          : `「${levelNames[level]}」が空欄で、上の行からも引き継げません`,
      );
      return [];
    }
    filled.push(previous);
  }
  return filled;
}

/** Whether two hierarchy cells name the same node: the same numbers, or without numbers the same title. */
function sameNode(a: HierarchyLabel, b: HierarchyLabel): boolean {
  if (a === b) return true;
  if (a.numbers.length > 0 && b.numbers.length > 0) return a.numbers.join('.') === b.numbers.join('.');
  return a.title !== '' && titleKey(a.title) === titleKey(b.title);
}

/** Reads the rows of one sheet: the row being read, its cells and what went wrong in it. */
class RowReader {
  private row = 0;
  private cells: Array<RawCell | undefined> = [];
  private bad = false;
  /** The unit of the 単位 column, and the first unit written in a value cell: they must agree. */
  private declaredUnit: string | undefined;
  private cellUnit: { unit: string; column: number } | undefined;

  /** Each field's column letters, made once per sheet and shared by its rows (see KpiTableRow). */
  private readonly fieldColumns: Partial<Record<FieldKey, string>> = {};

  constructor(
    private readonly sheet: string,
    private readonly layout: SheetLayout,
    private readonly result: ParsedKpiTable,
  ) {
    for (const [key, column] of layout.fields) this.fieldColumns[key] = columnLetter(column.column);
  }

  start(row: number, cells: Array<RawCell | undefined>): void {
    this.row = row;
    this.cells = cells;
    this.bad = false;
    this.cellUnit = undefined;
  }

  ref(column: number): CellRef {
    return { sheet: this.sheet, cell: cellAddress(this.row, column) };
  }

  issue(column: number, message: string): void {
    this.result.issues.push({ ...this.ref(column), message });
  }

  private field(key: FieldKey): Column | undefined {
    return this.layout.fields.get(key);
  }

  private take<T>(column: Column, result: CellResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.bad = true;
    const raw = this.cells[column.column];
    const input = `（入力: 「${cellText(raw)}」）`;
    let message = `「${column.header}」には${EXPECTED[result.expected] ?? result.expected}を入力してください${input}`;
    if (column.role.role === 'actual') {
      const year = formatFiscalYear(column.role.fiscalYear);
      message = isAdministrativeCode(raw)
        ? `${year}の実績に「${cellText(raw)}」とあります。未着手・休止・廃止・評価困難は「評価区分」の列に書き、実績は空欄にしてください`
        : `${year}の実績には数値を入力してください（値がなければ空欄か「－」、見込の値は「1,234（見込）」）${input}`;
    }
    this.issue(column.column, message);
    return undefined;
  }

  private read<T>(key: FieldKey, reader: (cell: RawCell | undefined) => CellResult<T>): T | undefined {
    const column = this.field(key);
    return column ? this.take(column, reader(this.cells[column.column])) : undefined;
  }

  private text(key: FieldKey): string | null | undefined {
    const column = this.field(key);
    return column ? readText(this.cells[column.column]) : undefined;
  }

  /** A value cell; its unit must agree with the 単位 column or the row's other values. */
  private number(column: Column | undefined): NumberCell | null | undefined {
    if (!column) return undefined;
    const value = this.take(column, readNumber(this.cells[column.column]));
    if (value?.unit) {
      const expected = this.declaredUnit || this.cellUnit?.unit;
      if (expected && expected !== value.unit) {
        this.bad = true;
        this.issue(
          column.column,
          `単位が「${expected}」の指標に単位「${value.unit}」の値があります（単位を揃えてください）`,
        );
      } else this.cellUnit ??= { unit: value.unit, column: column.column };
    }
    return value;
  }

  private yearFor(
    value: NumberCell | null | undefined,
    valueColumn: Column | undefined,
    year: number | null | undefined,
    yearKey: FieldKey,
    label: string,
  ): number | null {
    if (!value || !valueColumn) return null;
    const headerYear = valueColumn.role.role === 'field' ? valueColumn.role.headerYear : undefined;
    const resolved = year ?? headerYear ?? null;
    // A bad year cell has been reported already.
    const yearColumn = this.field(yearKey);
    if (resolved === null && !(yearColumn && cellText(this.cells[yearColumn.column]) !== '')) {
      this.bad = true;
      this.issue(
        yearColumn?.column ?? valueColumn.column,
        `${label}の年度がありません（「${label === '基準値' ? '基準年度' : '目標年度'}」の列か、見出しを「${label}（R1）」のようにして年度を入れてください）`,
      );
    }
    return resolved;
  }

  /** The row as a KPI, or null after reporting its bad cells. */
  kpiRow(name: string): Omit<KpiTableRow, 'hierarchy'> | null {
    const { cells, layout } = this;
    // Units: the 単位 column, or the unit written in the value cells; they must agree.
    const unitColumn = this.field('unit');
    this.declaredUnit = unitColumn ? normalizeUnit(cellText(cells[unitColumn.column])) : undefined;

    const baselineCell = this.number(this.field('baseline'));
    const targetCell = this.number(this.field('target'));
    const baselineYear = this.read('baselineYear', readYear);
    const targetYear = this.read('targetYear', readYear);
    const comparatorColumn = this.read('comparator', readComparator);
    const directionColumn = this.field('direction');
    let direction: Direction | null | undefined = this.read('direction', readDirection);
    const directionReported = direction === undefined && directionColumn !== undefined;

    // 比較: the column, else the word inside the target cell; both must agree.
    let comparator: Comparator | null = comparatorColumn ?? null;
    if (targetCell?.comparator) {
      if (comparator && comparator !== targetCell.comparator) {
        this.bad = true;
        this.issue(
          this.field('comparator')?.column ?? 1,
          `「比較」と目標値「${targetCell.note}」の比較が食い違っています`,
        );
      }
      comparator ??= targetCell.comparator;
    }

    if ((direction === null || direction === undefined) && !directionReported) {
      direction = inferDirection(baselineCell?.value, targetCell?.value, comparator);
      if (!direction) {
        this.bad = true;
        this.issue(
          directionColumn?.column ?? this.field('name')?.column ?? 1,
          '「方向」には増加・減少・維持のいずれかを入力してください（基準値と目標値からも決められません）',
        );
      }
    }

    const baselineColumn = this.field('baseline');
    const targetColumn = this.field('target');
    const bYear = this.yearFor(baselineCell, baselineColumn, baselineYear, 'baselineYear', '基準値');
    const tYear = this.yearFor(targetCell, targetColumn, targetYear, 'targetYear', '目標値');

    const annualTargets = layout.annualTargets.length
      ? layout.annualTargets.map((c) => {
          const cell = this.number(c);
          return { fiscalYear: (c.role as { fiscalYear: number }).fiscalYear, value: cell?.value ?? null };
        })
      : undefined;

    const actuals = layout.actuals.map((c) => {
      const fiscalYear = (c.role as { fiscalYear: number }).fiscalYear;
      const cell = this.number(c);
      const noteColumn = layout.notes.get(fiscalYear);
      const written = noteColumn ? readText(cells[noteColumn.column]) : undefined;
      if (written && cell === null) {
        this.bad = true;
        this.issue(
          noteColumn?.column ?? c.column,
          `${formatFiscalYear(fiscalYear)}の備考がありますが実績が空欄です（備考は実績値と一緒に入力してください）`,
        );
      }
      // The 備考 column when the sheet has one (blank clears the note); else the value cell's own text
      // (「30以上」); else undefined: an old sheet without the column keeps the stored note.
      const note = noteColumn ? (written ?? cell?.note ?? null) : (cell?.note ?? undefined);
      return {
        fiscalYear,
        value: cell?.value ?? null,
        status: cell?.provisional ? ('provisional' as const) : ('final' as const),
        ...(note !== undefined ? { note } : {}),
        ref: this.ref(c.column),
      };
    });

    const administrativeStatus = this.read('administrativeStatus', readAdministrativeStatus);
    const kind = this.read('kind', readKind);
    const cumulative = this.read('cumulative', readFlag);
    const illustrative = this.read('illustrative', readFlag);
    // Names the database looks rows up by (unique indexes): a very long cell failed the write with an
    // index error that named no cell (found by fuzzing), so it is refused here.
    for (const key of ['department', 'code', 'set'] as const) {
      const column = this.field(key);
      const value = column ? readText(cells[column.column]) : null;
      if (column && value && value.length > MAX_KEY_CHARS) {
        this.bad = true;
        this.issue(
          column.column,
          `「${column.header}」が長すぎます（${value.length}文字。${MAX_KEY_CHARS}文字まで）`,
        );
      }
    }
    if (this.bad || !direction) return null;

    const nameColumn = this.field('name');
    const setName = this.text('set');
    const code = this.text('code');
    const unit = this.declaredUnit || this.cellUnit?.unit || (unitColumn ? '' : undefined);
    const row: Omit<KpiTableRow, 'hierarchy'> = {
      ref: this.ref(nameColumn?.column ?? 1),
      fieldColumns: this.fieldColumns,
      name,
      direction,
      actuals,
      ...(setName ? { set: { name: setName, ref: this.ref(this.field('set')?.column ?? 1) } } : {}),
      ...(code ? { code: { value: code, ref: this.ref(this.field('code')?.column ?? 1) } } : {}),
      ...(unit !== undefined ? { unit } : {}),
      ...(baselineColumn
        ? {
            baseline:
              baselineCell && bYear !== null ? { value: baselineCell.value, fiscalYear: bYear } : null,
          }
        : {}),
      ...(targetColumn
        ? {
            target:
              targetCell && tYear !== null
                ? {
                    value: targetCell.value,
                    fiscalYear: tYear,
                    comparator: comparator ?? defaultComparator(direction),
                  }
                : null,
          }
        : {}),
      ...(this.field('department') ? { department: this.text('department') ?? null } : {}),
      ...(administrativeStatus !== undefined ? { administrativeStatus } : {}),
      ...(this.field('definition') ? { definition: this.text('definition') ?? null } : {}),
      ...(this.field('dataSource') ? { dataSource: this.text('dataSource') ?? null } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(cumulative !== undefined ? { cumulative } : {}),
      ...(illustrative !== undefined ? { illustrative } : {}),
      ...(annualTargets ? { annualTargets } : {}),
    };
    return row;
  }
}

/** 方向 when the cell is blank: from the baseline and the target, else from a 以下／未満 comparator. */
function inferDirection(
  baseline: number | undefined,
  target: number | undefined,
  comparator: Comparator | null,
): Direction | null {
  if (baseline !== undefined && target !== undefined) {
    return target > baseline ? 'increase' : target < baseline ? 'decrease' : 'maintain';
  }
  if (comparator === 'lte' || comparator === 'lt') return 'decrease';
  if (comparator === 'gte' || comparator === 'gt') return 'increase';
  return null;
}
