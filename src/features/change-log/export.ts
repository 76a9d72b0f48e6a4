/**
 * @module Change log export
 * The whole 変更履歴 of a municipality, oldest first, for the planning division to keep or audit
 * outside Hoshin: CSV (UTF-8 with BOM so Excel opens it as Japanese; text a spreadsheet would run
 * neutralised) or JSON. Secrets never reach the log (src/db/history.ts redacts them), so the
 * export needs no filtering of its own.
 */
import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { changeLog } from '../../db/schema.ts';
import { BadInputError } from '../../errors.ts';
import { csvField } from '../../formats/kpi-table/write.ts';
import { neutraliseCell } from '../../formats/spreadsheet-safety.ts';
import { type ChangeLogEntry, type ChangeLogExport, type ChangeLogFormat, MOMENT } from './contract.ts';

export interface ChangeLogRange {
  /** From this moment on: a date (that day 0:00 Japan time) or an ISO date-time. */
  from?: string;
  /** Up to this moment: a date (to the end of that day, Japan time) or an ISO date-time (inclusive). */
  to?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/u;
const DAY_MS = 86_400_000;

/** The instant a bound names; a date is a day in Japan time. */
function instantOf(text: string, name: string): Date {
  const at = MOMENT.test(text) ? new Date(DATE_ONLY.test(text) ? `${text}T00:00:00+09:00` : text) : null;
  if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 9999) {
    throw new BadInputError(
      `${name} の日時が正しくありません（2024-04-01 か 2024-04-01T09:00+09:00 の形で指定してください）: ${text}`,
    );
  }
  return at;
}

/**
 * The log entries of a municipality in the range, oldest first.
 * @example await loadChangeLog(db, 1, { from: '2024-04-01', to: '2025-03-31' })
 */
export async function loadChangeLog(
  db: Database,
  municipalityId: number,
  range: ChangeLogRange = {},
): Promise<ChangeLogEntry[]> {
  const conditions: SQL[] = [eq(changeLog.municipalityId, municipalityId)];
  if (range.from) conditions.push(gte(changeLog.changedAt, instantOf(range.from, 'from')));
  if (range.to) {
    conditions.push(
      DATE_ONLY.test(range.to)
        ? lt(changeLog.changedAt, new Date(instantOf(range.to, 'to').getTime() + DAY_MS))
        : // The log keeps microseconds, a date-time has milliseconds: its whole millisecond is in.
          lt(changeLog.changedAt, new Date(instantOf(range.to, 'to').getTime() + 1)),
    );
  }
  const rows = await db
    .select()
    .from(changeLog)
    .where(and(...conditions))
    .orderBy(asc(changeLog.id));
  return rows.map((r) => ({
    id: r.id,
    changedAt: r.changedAt.toISOString(),
    actor: r.actor,
    table: r.tableName,
    rowId: r.rowId,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
  }));
}

const ACTION_LABELS: Record<ChangeLogEntry['action'], string> = {
  insert: '追加',
  update: '変更',
  delete: '削除',
};

export const CHANGE_LOG_CSV_HEADERS = [
  '日時',
  '変更者',
  '表',
  '行ID',
  '操作',
  '変更前（JSON）',
  '変更後（JSON）',
] as const;

const jsonCell = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The entries as CSV: BOM, CRLF, one row per entry, the values before and after as JSON. */
export function changeLogToCsv(entries: ChangeLogEntry[]): string {
  const line = (cells: Array<string | number | null>) =>
    cells.map((cell) => csvField(neutraliseCell(cell))).join(',');
  const lines = [line([...CHANGE_LOG_CSV_HEADERS])];
  for (const e of entries) {
    lines.push(
      line([
        e.changedAt,
        e.actor,
        e.table,
        e.rowId,
        ACTION_LABELS[e.action],
        jsonCell(e.before),
        jsonCell(e.after),
      ]),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The entries as JSON (2-space indented) with the municipality and the range asked for. */
export function changeLogToJson(
  localGovCode: string,
  range: ChangeLogRange,
  entries: ChangeLogEntry[],
): string {
  const body: ChangeLogExport = {
    municipality: localGovCode,
    from: range.from ?? null,
    to: range.to ?? null,
    entries,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * The log of a municipality as a file.
 * @example const { text, contentType } = await exportChangeLog(db, { municipalityId: 1, localGovCode: '352136', format: 'csv' });
 */
export async function exportChangeLog(
  db: Database,
  options: { municipalityId: number; localGovCode: string; format: ChangeLogFormat } & ChangeLogRange,
): Promise<{ text: string; contentType: string; fileName: string }> {
  const range: ChangeLogRange = {
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  };
  const entries = await loadChangeLog(db, options.municipalityId, range);
  return options.format === 'csv'
    ? { text: changeLogToCsv(entries), contentType: 'text/csv; charset=utf-8', fileName: 'change-log.csv' }
    : {
        text: changeLogToJson(options.localGovCode, range, entries),
        contentType: 'application/json; charset=utf-8',
        fileName: 'change-log.json',
      };
}
