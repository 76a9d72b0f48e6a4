/**
 * @module Change history
 * Every write goes through these helpers so that, in the same transaction, the row's version is
 * bumped and the change is appended to `change_log` (who, when, before, after). Later review
 * workflows, conflict detection and "as of" reports read this log.
 */
import { isDeepStrictEqual } from 'node:util';
import { and, eq, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import { changeLog } from './schema.ts';
import { TABLE_LABELS } from './table-labels.ts';

/** Who makes a change: a user name, or a process such as `import:report.md`. */
export interface ChangeContext {
  municipalityId: number;
  actor: string;
}

/** Columns never copied into the log: a password hash is a secret even in the past. */
const SECRET_COLUMNS = ['passwordHash'];

/**
 * Columns of append-only tables (the database refuses to change their rows) that the log names
 * instead of copying: a published year's snapshot is hundreds of kilobytes, kept unchangeable in
 * its own row, and a copy in the log would only double it.
 */
const KEPT_IN_PLACE: Record<string, string[]> = { publication: ['snapshot'] };
/** What the log holds for such a column. */
export const KEPT_IN_PLACE_MARK = '（変更できない元の行に保存）';

/** The row as the log keeps it: secrets replaced by a mark that they were set, bulky immutable columns named. */
function forLog<R>(row: R, tableName: string): R {
  if (row === null || typeof row !== 'object') return row;
  const copy = { ...(row as Record<string, unknown>) };
  for (const key of SECRET_COLUMNS) if (copy[key] != null) copy[key] = '（秘匿）';
  for (const key of KEPT_IN_PLACE[tableName] ?? []) if (copy[key] != null) copy[key] = KEPT_IN_PLACE_MARK;
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
    super(
      `他の人が先にこの${TABLE_LABELS[table] ?? 'データ'}を更新しました（第${expected}版より後の変更があります）。画面を再読み込みして最新の内容を確かめてください。`,
    );
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
    after: forLog(row, tableName),
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
    before: forLog(before, tableName),
    after: forLog(after, tableName),
  });
  return after;
}

/** Rows per bulk statement: the rows travel as one jsonb parameter, so only the payload size bounds it. */
const BULK_ROWS = 2000;

function* chunksOf<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The table's columns by property name; null when a column's values do not survive JSON as they are. */
function jsonColumns(table: VersionedTable): Record<string, PgColumn> | null {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  for (const [key, column] of Object.entries(columns)) {
    // Dates come back from jsonb as strings, and a secret must not reach the log: such tables go row by row.
    if (column.dataType === 'date' || column.dataType === 'bigint' || SECRET_COLUMNS.includes(key))
      return null;
  }
  // So are tables whose log names a column instead of copying it.
  if (KEPT_IN_PLACE[getTableName(table)]) return null;
  return columns;
}

/** A column's type as a record definition names it (a serial column holds an integer). */
function recordTypeOf(column: PgColumn): string {
  const type = column.getSQLType();
  return { serial: 'integer', smallserial: 'smallint', bigserial: 'bigint' }[type] ?? type;
}

/** `jsonb_build_object('id', id, 'municipalityId', municipality_id, …)`: a row as drizzle names its fields. */
function rowObject(columns: Record<string, PgColumn>, source: string): SQL {
  return sql`jsonb_build_object(${sql.join(
    Object.entries(columns).map(
      ([key, column]) =>
        sql`${sql.raw(`'${key}'`)}, ${sql.identifier(source)}.${sql.identifier(column.name)}`,
    ),
    sql`, `,
  )})`;
}

/** The columns a bulk call returns: property names of the table's row type. */
type Returned<T extends VersionedTable, K extends keyof T['$inferSelect']> = Array<
  Pick<T['$inferSelect'], K>
>;

/**
 * `json_agg(json_build_array(a, b, …) ORDER BY id)` of the named columns of a CTE, as one text: PGlite
 * decodes a result field by field, which costs more than the statement for tens of thousands of rows,
 * and arrays are shorter than objects to build, send and parse.
 */
function compactRows(columns: Record<string, PgColumn>, keys: readonly string[], source: string): SQL {
  const fields = sql.join(
    keys.map((key) => sql`${sql.identifier(source)}.${sql.identifier((columns[key] as PgColumn).name)}`),
    sql`, `,
  );
  return sql`SELECT coalesce(json_agg(json_build_array(${fields}) ORDER BY ${sql.identifier(source)}.id), '[]')::text AS rows FROM ${sql.identifier(source)}`;
}

/** The rows of {@link compactRows} as objects with the given keys. */
function fromCompact<R>(result: unknown, keys: readonly string[]): R[] {
  const text = (result as { rows: Array<{ rows: string }> }).rows[0]?.rows ?? '[]';
  return (JSON.parse(text) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) row[keys[i] as string] = values[i];
    return row as R;
  });
}

/**
 * Inserts many rows and logs each one exactly as {@link insertLogged} does (action insert, after = the
 * stored row), in one statement per chunk: the rows go in as a single json parameter, and the insert
 * and its log entries are one statement. Building and binding a parameter per cell costs more than
 * the database's own work on PGlite. Returns the inserted rows in input order — only the `returning`
 * columns when given (returning 50,000 whole rows costs PGlite seconds; a caller that needs only the
 * ids asks for them).
 * @example const rows = await insertManyLogged(tx, kpiActual, 'kpi_actual', values, ctx);
 * @example const ids = await insertManyLogged(tx, kpi, 'kpi', values, ctx, ['id', 'code']);
 */
export async function insertManyLogged<
  T extends VersionedTable,
  K extends keyof T['$inferSelect'] & string = keyof T['$inferSelect'] & string,
>(
  db: Database,
  table: T,
  tableName: string,
  values: Array<T['$inferInsert']>,
  ctx: ChangeContext,
  returning?: readonly K[],
): Promise<Returned<T, K>> {
  if (values.length === 0) return [];
  const columns = jsonColumns(table);
  if (!columns) {
    const rows: Returned<T, K> = [];
    for (const v of values) rows.push(await insertLogged(db, table, tableName, v, ctx));
    return rows;
  }
  const returnedKeys: readonly string[] = returning ?? Object.keys(columns);
  // Rows that leave a column out get its default, so rows are grouped by the columns they set.
  const groups = new Map<string, { keys: string[]; rows: Array<Record<string, unknown>>; at: number[] }>();
  const allKeys = Object.keys(columns);
  for (const [index, value] of (values as Array<Record<string, unknown>>).entries()) {
    const keys = allKeys.filter((key) => value[key] !== undefined);
    const signature = keys.join(',');
    let group = groups.get(signature);
    if (!group) {
      group = { keys, rows: [], at: [] };
      groups.set(signature, group);
    }
    group.rows.push(value);
    group.at.push(index);
  }
  const name = getTableName(table);
  const target = sql.identifier(name);
  const inserted: Returned<T, K> = new Array(values.length);
  for (const { keys, rows, at } of groups.values()) {
    const names = keys.map((key) => (columns[key] as PgColumn).name);
    const columnList = sql.join(
      names.map((n) => sql.identifier(n)),
      sql`, `,
    );
    const recordType = sql.raw(
      keys
        .map((key) => {
          const column = columns[key] as PgColumn;
          return `"${column.name}" ${recordTypeOf(column)}`;
        })
        .join(', '),
    );
    for (const [n, chunk] of [...chunksOf(rows, BULK_ROWS)].entries()) {
      const payload = chunk.map((row) => {
        const record: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) record[names[i] as string] = row[keys[i] as string];
        return record;
      });
      // (json, not jsonb: the parameter is read once, and json_in only checks it.)
      const result = await db.execute(sql`
        WITH ins AS (
          INSERT INTO ${target} (${columnList})
          SELECT ${columnList} FROM json_to_recordset(${JSON.stringify(payload)}::json) AS x(${recordType})
          RETURNING *, ${rowObject(columns, name)} AS row_json
        ), logged AS (
          INSERT INTO ${changeLog} (municipality_id, table_name, row_id, action, actor, before, after)
          SELECT ${ctx.municipalityId}::integer, ${tableName}::text, ins.id, 'insert',
            ${ctx.actor}::text, NULL, ins.row_json
          FROM ins
        )
        ${compactRows(columns, returnedKeys, 'ins')}`);
      // Ids come from the table's sequence in the order the rows were read: by id is input order.
      for (const [i, row] of fromCompact<Pick<T['$inferSelect'], K>>(result, returnedKeys).entries()) {
        inserted[at[n * BULK_ROWS + i] ?? i] = row;
      }
    }
  }
  return inserted;
}

/**
 * Applies many updates and logs each changed row exactly as {@link updateLogged} does: rows whose patch
 * changes nothing are left alone (no version bump, no log), the others are updated at their version
 * in one statement per chunk; a row that moved on fails the whole call (VersionConflictError). Returns
 * every row as it is afterwards, in input order (only the `returning` columns when given).
 * @example const after = await updateManyLogged(tx, kpi, 'kpi', [{ before, patch }], ctx);
 */
export async function updateManyLogged<
  T extends VersionedTable,
  K extends keyof T['$inferSelect'] & string = keyof T['$inferSelect'] & string,
>(
  db: Database,
  table: T,
  tableName: string,
  updates: Array<{
    before: T['$inferSelect'] & { id: number; version: number };
    patch: Partial<T['$inferInsert']>;
  }>,
  ctx: ChangeContext,
  returning?: readonly K[],
): Promise<Returned<T, K>> {
  const columns = jsonColumns(table);
  const changed = updates.filter(({ before, patch }) => patchChanges(before, patch));
  const afterById = new Map<number, Pick<T['$inferSelect'], K>>();
  if (!columns || changed.length < 8) {
    for (const { before, patch } of changed) {
      afterById.set(before.id, await updateLogged(db, table, tableName, before, patch, ctx));
    }
  } else {
    const name = getTableName(table);
    const target = sql.identifier(name);
    const keys = Object.keys(columns).filter((key) => key !== 'id' && key !== 'version');
    const returnedKeys: readonly string[] = [...new Set(['id', ...(returning ?? Object.keys(columns))])];
    const recordType = sql.raw(
      Object.entries(columns)
        .map(([, column]) => `"${column.name}" ${recordTypeOf(column)}`)
        .join(', '),
    );
    for (const chunk of chunksOf(changed, BULK_ROWS)) {
      // Each entry is the whole row after the patch (so every column is set) at the version read.
      const payload = chunk.map(({ before, patch }) => {
        const merged = { ...(before as Record<string, unknown>), ...(patch as Record<string, unknown>) };
        return Object.fromEntries(
          Object.entries(columns).map(([key, column]) => [
            column.name,
            key === 'version' ? before.version : merged[key],
          ]),
        );
      });
      const assignments = sql.join(
        keys.map((key) => {
          const column = sql.identifier((columns[key] as PgColumn).name);
          return sql`${column} = x.${column}`;
        }),
        sql`, `,
      );
      const result = await db.execute(sql`
        WITH x AS (
          SELECT * FROM json_to_recordset(${JSON.stringify(payload)}::json) AS x(${recordType})
        ), old AS (
          SELECT ${rowObject(columns, name)} AS row_json, ${target}.id
          FROM ${target} JOIN x ON ${target}.municipality_id = x.municipality_id AND ${target}.id = x.id
            AND ${target}.version = x.version
        ), upd AS (
          UPDATE ${target} SET ${assignments}, version = x.version + 1
          FROM x WHERE ${target}.municipality_id = x.municipality_id AND ${target}.id = x.id
            AND ${target}.version = x.version
          RETURNING ${target}.*, ${rowObject(columns, name)} AS row_json
        ), logged AS (
          INSERT INTO ${changeLog} (municipality_id, table_name, row_id, action, actor, before, after)
          SELECT ${ctx.municipalityId}::integer, ${tableName}::text, upd.id, 'update', ${ctx.actor}::text,
            old.row_json, upd.row_json
          FROM upd JOIN old ON old.id = upd.id
        )
        ${compactRows(columns, returnedKeys, 'upd')}`);
      for (const row of fromCompact<Pick<T['$inferSelect'], K> & { id: number }>(result, returnedKeys)) {
        afterById.set(row.id, row);
      }
      for (const { before } of chunk) {
        if (!afterById.has(before.id)) throw new VersionConflictError(tableName, before.id, before.version);
      }
    }
  }
  return updates.map(({ before }) => afterById.get(before.id) ?? before);
}

/** Whether a patch sets any field to something other than the row holds (deeply: jsonb reorders keys). */
export function patchChanges(before: object, patch: object): boolean {
  for (const key in patch) {
    const value = (patch as Record<string, unknown>)[key];
    const stored = (before as Record<string, unknown>)[key];
    if (Object.is(value, stored)) continue;
    if (value === null || stored === null || typeof value !== 'object' || typeof stored !== 'object')
      return true;
    if (!isDeepStrictEqual(stored, value)) return true;
  }
  return false;
}
