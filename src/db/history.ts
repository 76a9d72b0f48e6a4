/**
 * @module Change history
 * Every write goes through these helpers so that, in the same transaction, the row's version is
 * bumped and the change is appended to `change_log` (who, when, before, after). Later review
 * workflows, conflict detection and "as of" reports read this log.
 */
import { isDeepStrictEqual } from 'node:util';
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import { changeLog } from './schema.ts';

/** Who makes a change: a user name, or a process such as `import:report.md`. */
export interface ChangeContext {
  municipalityId: number;
  actor: string;
}

/** Columns never copied into the log: a password hash is a secret even in the past. */
const SECRET_COLUMNS = ['passwordHash'];

/** The row as the log keeps it: secrets replaced by a mark that they were set. */
function forLog<R>(row: R): R {
  if (row === null || typeof row !== 'object') return row;
  const copy = { ...(row as Record<string, unknown>) };
  for (const key of SECRET_COLUMNS) if (copy[key] != null) copy[key] = '（秘匿）';
  return copy as R;
}

/** A versioned table: has `id` and `version` columns. */
type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

/** Thrown when a row changed since the version the caller read. */
export class VersionConflictError extends Error {
  constructor(
    readonly table: string,
    readonly rowId: number,
    readonly expected: number,
  ) {
    super(`他の人が先に更新しました（${table} #${rowId}、版 ${expected}）。画面を再読み込みしてください。`);
    this.name = 'VersionConflictError';
  }
}

/**
 * Inserts a row and logs it.
 * @example const row = await insertLogged(tx, planNode, 'plan_node', values, ctx);
 */
export async function insertLogged<T extends VersionedTable>(
  db: Database,
  table: T,
  tableName: string,
  values: T['$inferInsert'],
  ctx: ChangeContext,
): Promise<T['$inferSelect']> {
  const rows = (await db.insert(table).values(values).returning()) as Array<T['$inferSelect']>;
  const row = rows[0] as T['$inferSelect'] & { id: number };
  await db.insert(changeLog).values({
    municipalityId: ctx.municipalityId,
    tableName,
    rowId: row.id,
    action: 'insert',
    actor: ctx.actor,
    before: null,
    after: forLog(row),
  });
  return row;
}

/**
 * Updates a row when something differs, bumps its version and logs before and after. With
 * `expectedVersion`, refuses (VersionConflictError) when the row has moved on.
 */
export async function updateLogged<T extends VersionedTable>(
  db: Database,
  table: T,
  tableName: string,
  before: T['$inferSelect'] & { id: number; version: number },
  patch: Partial<T['$inferInsert']>,
  ctx: ChangeContext & { expectedVersion?: number },
): Promise<T['$inferSelect']> {
  // Deep comparison: jsonb comes back with its keys reordered by PostgreSQL.
  const changed = Object.entries(patch).some(
    ([key, value]) => !isDeepStrictEqual((before as Record<string, unknown>)[key], value),
  );
  if (!changed) return before;
  const expected = ctx.expectedVersion ?? before.version;
  const where: SQL | undefined = and(eq(table.id, before.id), eq(table.version, expected));
  const rows = (await db
    .update(table)
    .set({ ...patch, version: expected + 1 } as never)
    .where(where)
    .returning()) as Array<T['$inferSelect']>;
  const after = rows[0];
  if (!after) throw new VersionConflictError(tableName, before.id, expected);
  await db.insert(changeLog).values({
    municipalityId: ctx.municipalityId,
    tableName,
    rowId: before.id,
    action: 'update',
    actor: ctx.actor,
    before: forLog(before),
    after: forLog(after),
  });
  return after;
}
