/**
 * @module As-of reads
 * Builds anything — a report above all — as it was at a past moment, with the loaders unchanged.
 * Inside a transaction that is always rolled back, each table the report reads is shadowed by a
 * temporary table of the same name (`pg_temp` comes first in the search path, so the unqualified
 * names Drizzle writes reach it), filled with every row as it was at that moment, rebuilt from
 * change_log: per row, the last entry at or before the moment (a deletion: the row was gone), or,
 * when the row's first entry is later, the state before that entry (an insertion: not there yet).
 * Rows that have no entry at all (written by a raw seed) are taken as they are now: the log cannot
 * tell their past, so they count as unchanged since forever.
 *
 * Not shadowed: `municipality` (its name and code have no write path) and the tables a report does
 * not read (users, sessions, notices).
 */

import { eq, getTableColumns, getTableName, min, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import {
  changeLog,
  councilComment,
  councilMeeting,
  department,
  departmentSubmission,
  fiscalCycle,
  kpi,
  kpiActual,
  kpiSet,
  plan,
  planNode,
  planNodeLink,
  planPeriod,
  progressRecord,
  report,
} from '../../db/schema.ts';
import { formatWarekiDateTime } from '../../domain/calendar/index.ts';
import { BadInputError } from '../../errors.ts';

/** The tables an as-of read sees as they were; every write to them goes through the change log. */
const SHADOWED: PgTable[] = [
  plan,
  planPeriod,
  planNode,
  planNodeLink,
  progressRecord,
  report,
  kpiSet,
  kpi,
  kpiActual,
  department,
  fiscalCycle,
  departmentSubmission,
  councilMeeting,
  councilComment,
];

/** Rows per INSERT into a shadow table. */
const BATCH = 500;

const FORMAT_HINT =
  '時点は日時（例: 2026-12-01T10:00:00+09:00、2026-12-01T10:00）か日付（例: 2026-12-01）で指定してください。';

/**
 * The moment a text names: an ISO timestamp with its offset, a local date and time (read in Japan
 * time, as a `datetime-local` input sends it), or a date alone (the end of that day in Japan).
 * Throws BadInputError for anything else.
 * @example parseAsOf('2026-12-01') // 2026-12-01T23:59:59.999+09:00
 * @example parseAsOf('2026-12-01T10:00') // 2026-12-01T10:00:00+09:00
 */
export function parseAsOf(text: string): Date {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      text.trim(),
    );
  if (!match) throw new BadInputError(`時点「${text}」を読めません。${FORMAT_HINT}`);
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const dayOk = (() => {
    const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    return (
      probe.getUTCFullYear() === Number(y) &&
      probe.getUTCMonth() === Number(mo) - 1 &&
      probe.getUTCDate() === Number(d)
    );
  })();
  const timeOk = h === undefined || (Number(h) < 24 && Number(mi) < 60 && Number(s ?? 0) < 60);
  if (!dayOk || !timeOk) throw new BadInputError(`時点「${text}」はありえない日時です。${FORMAT_HINT}`);
  const iso =
    h === undefined
      ? `${y}-${mo}-${d}T23:59:59.999+09:00`
      : `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${(fraction ?? '').slice(0, 4)}${zone ?? '+09:00'}`;
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new BadInputError(`時点「${text}」を読めません。${FORMAT_HINT}`);
  return instant;
}

export interface AsOfOptions {
  municipalityId: number;
  /** The moment to read as of. */
  asOf: Date;
  /** The clock, to refuse a moment in the future. */
  now?: Date;
}

/** Carries the work's result out of the transaction that is rolled back. */
class Finished<T> extends Error {
  constructor(readonly result: T) {
    super('as-of read finished');
  }
}

/**
 * Runs `work` on the municipality's data as it was at `asOf`; nothing it sees or does outlives the
 * call (the transaction, or savepoint inside the caller's, is rolled back). Throws BadInputError
 * for a moment in the future or before the municipality's first recorded change.
 * @example const inputs = await readAsOf(tx, { municipalityId, asOf }, (past) => loadReportInputs(past, key));
 */
export async function readAsOf<T>(
  db: Database,
  options: AsOfOptions,
  work: (past: Database) => Promise<T>,
): Promise<T> {
  const { municipalityId, asOf } = options;
  const now = options.now ?? new Date();
  if (asOf.getTime() > now.getTime()) {
    throw new BadInputError(`未来の時点（${formatWarekiDateTime(asOf)}）は指定できません。`);
  }
  const [first] = await db
    .select({ at: min(changeLog.changedAt) })
    .from(changeLog)
    .where(eq(changeLog.municipalityId, municipalityId));
  if (!first?.at) throw new BadInputError('変更の記録がまだないため、時点を指定した作成はできません。');
  const firstAt = new Date(first.at);
  if (asOf.getTime() < firstAt.getTime()) {
    throw new BadInputError(
      `${formatWarekiDateTime(asOf)}の時点にはまだデータがありません（最初の記録は${formatWarekiDateTime(firstAt)}）。`,
    );
  }
  try {
    await db.transaction(async (raw) => {
      const tx = raw as unknown as Database;
      for (const table of SHADOWED) await shadow(tx, table, municipalityId, asOf);
      throw new Finished(await work(tx));
    });
  } catch (error) {
    if (error instanceof Finished) return error.result as T;
    throw error;
  }
  throw new Error('unreachable: an as-of read always rolls back');
}

/** Creates the temporary table that hides `table` and fills it with its rows as they were at `asOf`. */
async function shadow(tx: Database, table: PgTable, municipalityId: number, asOf: Date): Promise<void> {
  const name = getTableName(table);
  const quoted = `"${name}"`;
  await tx.execute(
    sql.raw(`CREATE TEMP TABLE ${quoted} (LIKE public.${quoted} INCLUDING DEFAULTS) ON COMMIT DROP`),
  );
  // Rows the log knows nothing about: as they are now.
  await tx.execute(sql`
    INSERT INTO pg_temp.${sql.raw(quoted)}
    SELECT * FROM public.${sql.raw(quoted)} AS t
    WHERE t.municipality_id = ${municipalityId}
      AND NOT EXISTS (
        SELECT 1 FROM ${changeLog} AS l
        WHERE l.municipality_id = t.municipality_id AND l.table_name = ${name} AND l.row_id = t.id)`);
  const at = asOf.toISOString();
  // Per row, the last entry at or before the moment: the row as it was then (none after a deletion).
  const known = await tx.execute(sql`
    SELECT DISTINCT ON (row_id) row_id, action, after
    FROM ${changeLog}
    WHERE municipality_id = ${municipalityId} AND table_name = ${name} AND changed_at <= ${at}::timestamptz
    ORDER BY row_id, changed_at DESC, id DESC`);
  // Rows whose every entry is later: the state before the first (none if it was their insertion).
  const later = await tx.execute(sql`
    SELECT DISTINCT ON (row_id) row_id, action, before
    FROM ${changeLog} AS l
    WHERE l.municipality_id = ${municipalityId} AND l.table_name = ${name} AND l.changed_at > ${at}::timestamptz
      AND NOT EXISTS (
        SELECT 1 FROM ${changeLog} AS e
        WHERE e.municipality_id = l.municipality_id AND e.table_name = l.table_name
          AND e.row_id = l.row_id AND e.changed_at <= ${at}::timestamptz)
    ORDER BY row_id, changed_at ASC, id ASC`);
  const states: unknown[] = [
    ...rowsOf(known)
      .filter((r) => r.action !== 'delete')
      .map((r) => r.after),
    ...rowsOf(later)
      .filter((r) => r.action !== 'insert')
      .map((r) => r.before),
  ].filter((state) => state !== null && typeof state === 'object');
  const values = states.map((state) => toRow(table, state as Record<string, unknown>, municipalityId));
  values.sort((a, b) => Number(a.id) - Number(b.id));
  for (let i = 0; i < values.length; i += BATCH) {
    await tx.insert(table).values(values.slice(i, i + BATCH) as never);
  }
}

/** node-postgres answers `{ rows }`, PGlite answers `{ rows }` too; both as plain objects. */
function rowsOf(
  result: unknown,
): Array<{ row_id: number; action: string; after?: unknown; before?: unknown }> {
  const rows = (result as { rows?: unknown[] }).rows ?? [];
  return rows.map((row) => {
    const r = row as Record<string, unknown>;
    // jsonb may come back as text from some drivers.
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    return {
      row_id: Number(r.row_id),
      action: String(r.action),
      after: parse(r.after),
      before: parse(r.before),
    };
  });
}

/**
 * A logged row (Drizzle's camelCase object, timestamps as ISO text) as insert values for its table;
 * columns the entry predates are left to their defaults.
 */
function toRow(
  table: PgTable,
  state: Record<string, unknown>,
  municipalityId: number,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = state[key];
    if (value === undefined) continue;
    values[key] = column.dataType === 'date' && typeof value === 'string' ? new Date(value) : value;
  }
  // The log is per municipality; the row is too (an entry never moves a row between cities).
  values.municipalityId = municipalityId;
  return values;
}

/**
 * Runs `work` on the data as it is now, or as it was at `asOf` when one is given (text as
 * {@link parseAsOf} reads it): the one line a route or command needs to offer 「時点を指定」.
 * @example const inputs = await atMoment(tx, scope.municipalityId, query.asOf, (reader) => loadReportForExport(reader, key));
 */
export function atMoment<T>(
  db: Database,
  municipalityId: number,
  asOf: string | Date | undefined,
  work: (reader: Database) => Promise<T>,
  now?: Date,
): Promise<T> {
  if (asOf === undefined || asOf === '') return work(db);
  const moment = typeof asOf === 'string' ? parseAsOf(asOf) : asOf;
  return readAsOf(db, { municipalityId, asOf: moment, ...(now ? { now } : {}) }, work);
}
