/**
 * @module KPI table model
 * What a KPI sheet (指標一覧) holds once read, before it meets the database: one row per indicator with
 * the cells it came from, so every problem can name its sheet and cell. And the other way round, the
 * records an export writes.
 */
import type {
  ActualStatus,
  AdministrativeStatus,
  Comparator,
  Direction,
  KpiKind,
  Target,
  YearValue,
} from '../../domain/kpi/types.ts';
import type { FieldKey } from './columns.ts';

/** Where a value came from: the sheet (for CSV: the file name) and the A1 address of the cell. */
export interface CellRef {
  sheet: string;
  /** A1 address, e.g. 'D12'; '' when the problem concerns the whole sheet or file. */
  cell: string;
}

/** One problem with the input, in Japanese, at a cell. */
export interface KpiTableIssue extends CellRef {
  message: string;
}

/** `指標!D12: …` — Excel's own way of naming a cell of a sheet. */
export function formatIssue(issue: KpiTableIssue): string {
  return issue.cell ? `${issue.sheet}!${issue.cell}: ${issue.message}` : `${issue.sheet}: ${issue.message}`;
}

/**
 * Thrown when a KPI table cannot be imported; lists every problem (not only the first). The database
 * is left as it was.
 */
export class KpiTableError extends Error {
  constructor(readonly issues: KpiTableIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'KpiTableError';
  }
}

/**
 * A hierarchy cell as written: 「1 「魅力の創出・交流」の拡大」, 「基本目標1」, 1, 「①観光の振興」,
 * 「2-1 商工業の振興」. `numbers` are the leading numbers (the last is the node's own; a compound
 * number such as 2-1 also names the parents); `title` is the rest.
 */
export interface HierarchyLabel {
  ref: CellRef;
  text: string;
  numbers: number[];
  title: string;
}

/** An actual cell of a fiscal-year column; `value` null is a blank (or '－') cell: no value, never zero. */
export interface ActualCell {
  fiscalYear: number;
  value: number | null;
  status: ActualStatus;
  /**
   * The actual's note (備考): the year's 備考 column when the sheet has one (blank → null, cleared),
   * else the value cell's own text when it said more than the number (「30以上」); undefined (no
   * 備考 column, a plain number) keeps the stored note.
   */
  note?: string | null;
  ref: CellRef;
}

/**
 * One indicator row. For optional columns, `undefined` means the column is absent (a re-import keeps
 * what is stored) and `null` means the cell is blank (the value is cleared).
 */
export interface KpiTableRow {
  /** The 指標名 cell: where row-level problems are reported. */
  ref: CellRef;
  /**
   * The column letters of each field column on `ref`'s sheet (one object shared by the sheet's rows):
   * a problem with one field (a department changing 基準値) names that cell, not the row's 指標名.
   */
  fieldColumns?: Partial<Record<FieldKey, string>>;
  /** Hierarchy from the top down to the node the indicator hangs on (blank deeper levels cut it short). */
  hierarchy: HierarchyLabel[];
  set?: { name: string; ref: CellRef };
  code?: { value: string; ref: CellRef };
  name: string;
  /** Normalised: full-width and half-width forms are the same unit (％ = %). */
  unit?: string;
  direction: Direction;
  baseline?: YearValue | null;
  target?: Target | null;
  department?: string | null;
  /** 評価区分 (未着手, 休止・廃止, 評価困難); null for a blank cell: evaluated by its values. */
  administrativeStatus?: AdministrativeStatus | null;
  definition?: string | null;
  dataSource?: string | null;
  kind?: KpiKind | null;
  cumulative?: boolean;
  illustrative?: boolean;
  /** Only the years that have a column. */
  annualTargets?: Array<{ fiscalYear: number; value: number | null }>;
  /** Only the years that have a column. */
  actuals: ActualCell[];
}

/** What reading a KPI table gives: rows, every problem found, and columns it did not use. */
export interface ParsedKpiTable {
  rows: KpiTableRow[];
  /** Rows with a bad cell (listed in `issues`): kept so their hierarchy and set can be checked too. */
  rejectedRows: Array<Pick<KpiTableRow, 'ref' | 'hierarchy' | 'set'>>;
  issues: KpiTableIssue[];
  /** Headers that are neither a known column nor a fiscal year (reported, not an error). */
  ignoredColumns: Array<CellRef & { header: string }>;
}

/** One indicator as an export writes it. */
export interface KpiTableRecord {
  /** One label per plan level, from the top; '' below the node the indicator hangs on. */
  hierarchy: string[];
  set: string;
  code: string;
  name: string;
  unit: string;
  direction: Direction;
  baseline: YearValue | null;
  target: Target | null;
  department: string | null;
  administrativeStatus: AdministrativeStatus | null;
  definition: string | null;
  dataSource: string | null;
  kind: KpiKind | null;
  cumulative: boolean;
  illustrative: boolean;
  annualTargets: YearValue[];
  actuals: Array<YearValue & { status: ActualStatus; note?: string }>;
  /** The evaluation for the table's fiscal year (output only: the import does not read it). */
  evaluation?: {
    rate: number | null;
    grade: string;
    label: string;
    projection: string | null;
    /** The fiscal year of the actual evaluated (the latest at or before the table's year); null without one. */
    actualYear: number | null;
    /** The actual is older than the table's year (評価年度の実績なし). */
    stale: boolean;
  };
}

/** An exported table: level names, the year evaluated, the records. */
export interface KpiTableExport {
  planName: string;
  levelNames: string[];
  /** The fiscal year the evaluation columns are for. */
  fiscalYear?: number;
  records: KpiTableRecord[];
}

export type { ActualStatus, AdministrativeStatus, Comparator, Direction, KpiKind };
