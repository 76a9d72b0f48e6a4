/**
 * @module History presentation
 * Turns change_log entries (the rows before and after, as Drizzle objects with camelCase keys) into
 * what a person reads: the table's and each field's Japanese name, and only the fields that differ,
 * their values written as the screens write them (令和5年度, 増加, 確定 …, lists item by item). Pure:
 * names of departments and plan nodes an id points to come in through {@link HistoryRefs}.
 */
import { isDeepStrictEqual } from 'node:util';
import { TABLE_LABELS } from '../../db/table-labels.ts';
import { formatFiscalYear, formatWarekiDateTime } from '../../domain/calendar/index.ts';
import {
  ACTUAL_STATUS_LABELS,
  ADMINISTRATIVE_STATUS_LABELS,
  COMPARATOR_WORDS,
  DIRECTION_LABELS,
  KIND_LABELS,
} from '../../domain/kpi/labels.ts';
import type { HistoryAction, HistoryChange, HistoryEntry, HistoryValue } from './contract.ts';

export const ACTION_LABELS: Record<HistoryAction, string> = {
  insert: '追加',
  update: '変更',
  delete: '削除',
};

/** Field names as the screens call them; a table's own entry wins over the common one. */
const FIELD_LABELS: Record<string, string> = {
  results: '主な取組内容／実績',
  directions: '主な取組／今後の方向性',
  title: '名称',
  name: '名称',
  code: 'コード',
  number: '番号',
  path: '位置（番号）',
  level: '階層',
  parentId: '上位の項目',
  departmentId: '担当課',
  retired: '廃止',
  unit: '単位',
  definition: '定義',
  dataSource: '出典',
  department: '担当課（表記）',
  direction: '方向',
  baselineValue: '基準値',
  baselineYear: '基準年度',
  targetValue: '目標値',
  targetYear: '目標年度',
  targetComparator: '目標の基準',
  annualTargets: '年度別目標',
  cumulative: '累計値',
  kind: '種類',
  administrativeStatus: '評価区分',
  position: '並び順',
  illustrative: '架空のデモ値',
  nodeId: '施策体系の項目',
  kpiSetId: '指標の区分',
  fiscalYear: '年度',
  value: '実績値',
  status: '確定・見込',
  note: '備考',
  body: '意見',
  response: '対応',
  respondedBy: '対応者',
  respondedAt: '対応日時',
  authorName: '委員',
  createdAt: '作成日時',
  subtitle: '副題',
  date: '作成日',
  councilMeeting: '審議会',
  kpiSectionHeading: '指標の見出し',
  legend: '凡例',
  periodName: '計画期間',
  deadline: '提出期限',
  state: '状態',
  reason: '理由',
  heldOn: '開催日',
  councilName: '審議会の名称',
};
const TABLE_FIELD_LABELS: Record<string, Record<string, string>> = {
  kpi: { name: '指標名', code: '指標コード' },
  council_meeting: { number: '回' },
};

/** Never shown: identity and bookkeeping. */
const HIDDEN_FIELDS = new Set(['id', 'municipalityId', 'version', 'planId', 'kpiId', 'authorId']);
/** Shown in the entry's subject instead (令和5年度), so not repeated as a field of an addition. */
const SUBJECT_FIELDS: Record<string, string[]> = {
  progress_record: ['nodeId', 'fiscalYear'],
  kpi_actual: ['fiscalYear'],
  council_comment: ['nodeId', 'fiscalYear'],
};

const YEAR_FIELDS = new Set(['fiscalYear', 'baselineYear', 'targetYear']);
const TIME_FIELDS = new Set(['createdAt', 'respondedAt', 'openedAt', 'closedAt', 'changedAt']);

/** Names of what an id points to; unknown ids are written as 「ID 12」. */
export interface HistoryRefs {
  department: (id: number) => string | undefined;
  node: (id: number) => string | undefined;
}

/** A change_log entry as read from the database. */
export interface LogEntry {
  id: number;
  tableName: string;
  rowId: number;
  action: HistoryAction;
  actor: string;
  changedAt: Date;
  before: unknown;
  after: unknown;
}

const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 10 });

const FIELD_ORDER = new Map(Object.keys(FIELD_LABELS).map((field, index) => [field, index]));
const fieldOrder = (field: string) => FIELD_ORDER.get(field) ?? FIELD_ORDER.size;

function fieldLabel(table: string, field: string): string {
  return TABLE_FIELD_LABELS[table]?.[field] ?? FIELD_LABELS[field] ?? field;
}

/** A stored value written for a person; null for none. */
export function formatValue(table: string, field: string, value: unknown, refs: HistoryRefs): HistoryValue {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return value.map((item) =>
      typeof item === 'object' && item !== null && 'fiscalYear' in item && 'value' in item
        ? `${formatFiscalYear(Number(item.fiscalYear))}: ${numberFormat.format(Number(item.value))}`
        : typeof item === 'string'
          ? item
          : JSON.stringify(item),
    );
  }
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'number') {
    if (YEAR_FIELDS.has(field)) return formatFiscalYear(value);
    if (field === 'departmentId') return refs.department(value) ?? `ID ${value}`;
    if (field === 'nodeId' || field === 'parentId') return refs.node(value) ?? `ID ${value}`;
    return numberFormat.format(value);
  }
  if (typeof value === 'string') {
    if (TIME_FIELDS.has(field)) {
      const instant = new Date(value);
      return Number.isNaN(instant.getTime()) ? value : formatWarekiDateTime(instant);
    }
    if (field === 'direction') return DIRECTION_LABELS[value as keyof typeof DIRECTION_LABELS] ?? value;
    if (field === 'status' && table === 'kpi_actual')
      return ACTUAL_STATUS_LABELS[value as keyof typeof ACTUAL_STATUS_LABELS] ?? value;
    if (field === 'administrativeStatus')
      return ADMINISTRATIVE_STATUS_LABELS[value as keyof typeof ADMINISTRATIVE_STATUS_LABELS] ?? value;
    if (field === 'targetComparator') return (COMPARATOR_WORDS as Record<string, string>)[value] ?? value;
    if (field === 'kind' && table === 'kpi') return (KIND_LABELS as Record<string, string>)[value] ?? value;
    return value;
  }
  return JSON.stringify(value);
}

const asRecord = (row: unknown): Record<string, unknown> =>
  row !== null && typeof row === 'object' ? (row as Record<string, unknown>) : {};

/**
 * The fields that differ between a row before and after, with their labels and values as shown;
 * an addition lists what was set, a deletion what was there.
 * @example changedFields('kpi_actual', { value: 1, version: 1 }, { value: 2, version: 2 }, refs)
 *   // [{ field: 'value', label: '実績値', before: '1', after: '2' }]
 */
export function changedFields(
  table: string,
  before: unknown,
  after: unknown,
  refs: HistoryRefs,
): HistoryChange[] {
  const was = asRecord(before);
  const is = asRecord(after);
  const oneSided = before == null || after == null;
  const hidden = new Set([...HIDDEN_FIELDS, ...(oneSided ? (SUBJECT_FIELDS[table] ?? []) : [])]);
  // In the screens' order (PostgreSQL returns jsonb keys in an order of its own).
  const fields = [...new Set([...Object.keys(was), ...Object.keys(is)])]
    .filter((f) => !hidden.has(f))
    .sort((a, b) => fieldOrder(a) - fieldOrder(b));
  const changes: HistoryChange[] = [];
  for (const field of fields) {
    // Deep comparison: jsonb lists and objects; key order does not matter.
    if (isDeepStrictEqual(was[field] ?? null, is[field] ?? null)) continue;
    const shownBefore = formatValue(table, field, was[field], refs);
    const shownAfter = formatValue(table, field, is[field], refs);
    if (shownBefore === null && shownAfter === null) continue;
    changes.push({ field, label: fieldLabel(table, field), before: shownBefore, after: shownAfter });
  }
  return changes;
}

/** What within the subject an entry is about: the year of a record, else the table's name alone. */
function subjectOf(entry: LogEntry): string {
  const row = asRecord(entry.after ?? entry.before);
  if (typeof row.fiscalYear === 'number' && SUBJECT_FIELDS[entry.tableName]?.includes('fiscalYear')) {
    return formatFiscalYear(row.fiscalYear);
  }
  return '';
}

/**
 * A change_log entry as shown in 変更履歴.
 * @example presentEntry(entry, refs).changes // [{ label: '実績値', before: '100', after: '120' }]
 */
export function presentEntry(entry: LogEntry, refs: HistoryRefs): HistoryEntry {
  return {
    id: entry.id,
    changedAt: entry.changedAt.toISOString(),
    changedAtLabel: formatWarekiDateTime(entry.changedAt),
    actor: entry.actor,
    action: entry.action,
    actionLabel: ACTION_LABELS[entry.action],
    table: entry.tableName,
    tableLabel: TABLE_LABELS[entry.tableName] ?? entry.tableName,
    subjectLabel: subjectOf(entry),
    changes: changedFields(entry.tableName, entry.before, entry.after, refs),
  };
}
