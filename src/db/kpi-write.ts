/**
 * @module KPI persistence (writing)
 * Saves an imported KPI table: new KPI sets and plan nodes, KPIs (identity: KPI set + code) and their
 * actuals (identity: KPI + fiscal year), updating in place. Runs inside the caller's transaction.
 *
 * Every write is logged like `insertLogged` / `updateLogged` (history.ts) do. A KPI table has thousands
 * of rows, and one statement per row takes minutes on PGlite, so the stored rows are read once (as
 * JSON, {@link selectRowsJson}), compared in memory, and only new and changed rows are written, in bulk
 * by insertManyLogged / updateManyLogged, which write the same change_log entries as insertLogged /
 * updateLogged, one per row.
 * A blank actual is never a zero: it is skipped, or deleted (logged) only when asked to replace.
 */
import { and, eq, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { parseNumericCell } from '../domain/calendar/index.ts';
import type {
  ActualStatus,
  AdministrativeStatus,
  Comparator,
  Direction,
  KpiKind,
  YearValue,
} from '../domain/kpi/types.ts';
import type { Database } from './client.ts';
import {
  type ChangeContext,
  insertLogged,
  insertManyLogged,
  updateManyLogged,
  VersionConflictError,
} from './history.ts';
import { changeLog, kpi, kpiActual, kpiSet, planNode } from './schema.ts';

export { insertManyLogged };

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

/**
 * The rows of a table that match `where`, shaped as `db.select().from(table)` returns them, read as
 * one JSON text: PGlite decodes a result field by field, which costs more than the query itself for
 * tens of thousands of rows. Only for tables whose columns survive JSON as they are (no dates, no
 * bigints).
 * @example const rows = await selectRowsJson(tx, planNode, sql`plan_id = ${planId}`);
 */
export async function selectRowsJson<T extends PgTable>(
  db: Database,
  table: T,
  where: SQL,
): Promise<Array<T['$inferSelect']>> {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  const name = getTableName(table);
  // Arrays, not objects: half the text to build and parse for tens of thousands of rows.
  const fields = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const result = (await db.execute(
    sql`SELECT coalesce(json_agg(json_build_array(${fields}) ORDER BY id), '[]')::text AS rows
      FROM ${sql.identifier(name)} WHERE ${where}`,
  )) as unknown as { rows: Array<{ rows: string }> };
  const keys = columns.map(([key]) => key);
  return (JSON.parse(result.rows[0]?.rows ?? '[]') as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) row[keys[i] as string] = values[i];
    return row as T['$inferSelect'];
  });
}

/**
 * The stored actuals of the KPIs in the given KPI sets, for {@link KpiTableWrite.storedActuals}.
 * @example const actuals = await storedActualsOf(tx, [1, 2]);
 */
export async function storedActualsOf(db: Database, setIds: number[]): Promise<ActualRow[]> {
  if (setIds.length === 0) return [];
  const setList = sql.join(
    setIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return selectActuals(db, sql`kpi_id IN (SELECT id FROM ${kpi} WHERE ${kpi.kpiSetId} IN (${setList}))`);
}

/**
 * The actuals that match `where`, as {@link selectRowsJson} would return them, read as one text of
 * tab-separated lines (texts as JSON strings): a plan has tens of thousands, and building JSON objects
 * costs PGlite three times as much as joining the fields.
 */
async function selectActuals(db: Database, where: SQL): Promise<ActualRow[]> {
  const result = (await db.execute(
    sql`SELECT coalesce(string_agg(concat_ws(E'\t', id, municipality_id, kpi_id, fiscal_year, value, version,
        to_json(status), coalesce(to_json(note)::text, 'null')), E'\n'), '') AS rows
      FROM ${kpiActual} WHERE ${where}`,
  )) as unknown as { rows: Array<{ rows: string }> };
  const text = result.rows[0]?.rows ?? '';
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const f = line.split('\t');
    return {
      id: Number(f[0]),
      municipalityId: Number(f[1]),
      kpiId: Number(f[2]),
      fiscalYear: Number(f[3]),
      value: Number(f[4]),
      status: knownStatus(f[6] as string),
      note: f[7] === 'null' ? null : (JSON.parse(f[7] as string) as string),
      version: Number(f[5]),
    };
  });
}

/** A status as to_json wrote it: the two there are without a JSON parse each (50,000 rows per plan). */
function knownStatus(json: string): ActualRow['status'] {
  if (json === '"final"') return 'final';
  if (json === '"provisional"') return 'provisional';
  return JSON.parse(json) as ActualRow['status'];
}

/**
 * The key of a KPI's actual of a year in the maps of a save: one number where the year allows it (no
 * string built and hashed for each of tens of thousands of actuals).
 */
function actualKey(kpiId: number, fiscalYear: number): number | string {
  return Number.isInteger(fiscalYear) && fiscalYear >= 0 && fiscalYear < 1_000_000
    ? kpiId * 1_000_000 + fiscalYear
    : `${kpiId}:${fiscalYear}`;
}

/** Deletes a row if it is still at the version read, and logs it (before, no after). */
export async function deleteLogged<T extends VersionedTable>(
  db: Database,
  table: T,
  tableName: string,
  before: T['$inferSelect'] & { id: number; version: number },
  ctx: ChangeContext,
): Promise<void> {
  const rows = await db
    .delete(table)
    .where(and(eq(table.id, before.id), eq(table.version, before.version)))
    .returning();
  if (rows.length === 0) throw new VersionConflictError(tableName, before.id, before.version);
  await db.insert(changeLog).values({
    municipalityId: ctx.municipalityId,
    tableName,
    rowId: before.id,
    action: 'delete',
    actor: ctx.actor,
    before,
    after: null,
  });
}

/**
 * The KPI fields a file sets. Absent (undefined) fields keep what is stored (or the column default for
 * a new KPI); null clears.
 */
export interface KpiFields {
  name: string;
  direction: Direction;
  unit?: string;
  definition?: string | null;
  dataSource?: string | null;
  department?: string | null;
  /** The department row the 担当課 text names (set by the importer with `department`). */
  departmentId?: number | null;
  /** 評価区分: 未着手 / 休止・廃止 / 評価困難; null: evaluated by its values. */
  administrativeStatus?: AdministrativeStatus | null;
  baselineValue?: number | null;
  baselineYear?: number | null;
  targetValue?: number | null;
  targetYear?: number | null;
  targetComparator?: Comparator | null;
  cumulative?: boolean;
  kind?: KpiKind | null;
  illustrative?: boolean;
}

export interface KpiWrite {
  /** Key into {@link KpiTableWrite.sets}. */
  setKey: string;
  nodePath: string;
  code: string;
  /** Order within its node. */
  position: number;
  fields: KpiFields;
  /** Only the years the file has a column for; null removes that year's target. */
  annualTargets?: Array<{ fiscalYear: number; value: number | null }>;
  /** Only the years the file has a column for; null is a blank cell. */
  actuals: ActualWrite[];
}

/** One actual cell of a file. */
export interface ActualWrite {
  fiscalYear: number;
  value: number | null;
  status: ActualStatus;
  /** The note (備考); null clears it, undefined (a file without a 備考 column) keeps the stored one. */
  note?: string | null;
  /** Where it came from (sheet and cell), for the caller's messages. */
  ref?: { sheet: string; cell: string };
}

export interface KpiTableWrite {
  planId: number;
  /** KPI sets the rows use: existing ones with their id, new ones without. */
  sets: Array<{ key: string; id?: number; code: string; name: string; position: number }>;
  /** Nodes to create, parents before children. */
  newNodes: Array<{ path: string; level: number; number: number; title: string }>;
  /** Existing nodes the rows use, by path. */
  nodeIds: Map<string, number>;
  kpis: KpiWrite[];
  /** A blank actual cell deletes the stored actual of that year. */
  replaceActuals: boolean;
  /**
   * Called before an actual is inserted, changed or deleted (not for one that stays as it is): the
   * caller checks the year lock there. It may throw to refuse the whole table.
   */
  beforeActualWrite?: (kpiRow: WrittenKpi, actual: ActualWrite) => Promise<void>;
  /**
   * The KPIs stored in the plan's sets, when the caller has read them already (one read of
   * thousands of rows instead of two); else read here.
   */
  storedKpis?: KpiRow[];
  /**
   * The actuals of (at least) those stored KPIs, when the caller has read them already
   * ({@link storedActualsOf}: read while the file was still being read); else read here.
   */
  storedActuals?: ActualRow[];
}

/** What the actuals of a saved KPI need of it. */
export type WrittenKpi = Pick<KpiRow, 'id' | 'kpiSetId' | 'code' | 'nodeId' | 'departmentId'>;
const WRITTEN_KPI = ['id', 'kpiSetId', 'code', 'nodeId', 'departmentId'] as const;

export interface KpiWriteCounts {
  setsCreated: number;
  nodesCreated: number;
  kpisCreated: number;
  kpisUpdated: number;
  kpisUnchanged: number;
  actualsCreated: number;
  actualsUpdated: number;
  actualsDeleted: number;
}

type KpiRow = typeof kpi.$inferSelect;
type ActualRow = typeof kpiActual.$inferSelect;

/**
 * Saves a resolved KPI table. Call inside a transaction: on any error the caller's transaction rolls
 * everything back.
 * @example await db.transaction((tx) => saveKpiTable(tx, write, { municipalityId: 1, actor: 'import:kpi.xlsx' }));
 */
export async function saveKpiTable(
  db: Database,
  input: KpiTableWrite,
  ctx: ChangeContext,
): Promise<KpiWriteCounts> {
  const counts: KpiWriteCounts = {
    setsCreated: 0,
    nodesCreated: 0,
    kpisCreated: 0,
    kpisUpdated: 0,
    kpisUnchanged: 0,
    actualsCreated: 0,
    actualsUpdated: 0,
    actualsDeleted: 0,
  };
  const { municipalityId } = ctx;

  const setIds = new Map<string, number>();
  for (const set of input.sets) {
    if (set.id !== undefined) {
      setIds.set(set.key, set.id);
      continue;
    }
    const row = await insertLogged(
      db,
      kpiSet,
      'kpi_set',
      { municipalityId, planId: input.planId, code: set.code, name: set.name, position: set.position },
      ctx,
    );
    setIds.set(set.key, row.id);
    counts.setsCreated++;
  }

  const nodeIds = new Map(input.nodeIds);
  const byLevel = new Map<number, KpiTableWrite['newNodes']>();
  for (const node of input.newNodes) {
    const list = byLevel.get(node.level) ?? [];
    list.push(node);
    byLevel.set(node.level, list);
  }
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const rows = await insertManyLogged(
      db,
      planNode,
      'plan_node',
      (byLevel.get(level) ?? []).map((node) => {
        const parentPath = node.path.split('.').slice(0, -1).join('.');
        return {
          municipalityId,
          planId: input.planId,
          parentId: parentPath ? (nodeIds.get(parentPath) ?? null) : null,
          path: node.path,
          level: node.level,
          number: node.number,
          title: node.title,
        };
      }),
      ctx,
      ['id', 'path'],
    );
    for (const row of rows) nodeIds.set(row.path, row.id);
    counts.nodesCreated += rows.length;
  }

  // KPIs: identity is KPI set + code.
  const kpiKey = (setId: number, code: string) => `${setId}\u0000${code}`;
  const stored = new Map<string, KpiRow>();
  const usedSetIds = [...new Set(input.kpis.map((k) => setIds.get(k.setKey) ?? -1))];
  if (input.storedKpis) {
    const used = new Set(usedSetIds);
    for (const row of input.storedKpis) {
      if (used.has(row.kpiSetId)) stored.set(kpiKey(row.kpiSetId, row.code), row);
    }
  } else if (usedSetIds.length) {
    const ids = sql.join(
      usedSetIds.map((id) => sql`${id}`),
      sql`, `,
    );
    for (const row of await selectRowsJson(db, kpi, sql`kpi_set_id IN (${ids})`)) {
      stored.set(kpiKey(row.kpiSetId, row.code), row);
    }
  }
  const valuesOf = (write: KpiWrite, before?: KpiRow) => {
    const nodeId = nodeIds.get(write.nodePath);
    if (nodeId === undefined) throw new Error(`plan node ${write.nodePath} was not resolved`);
    // One object per KPI, built once: a re-import compares ten thousand of them and keeps none.
    const values: Record<string, unknown> = { nodeId, position: write.position };
    const { fields } = write;
    for (const key in fields) {
      const value = fields[key as keyof KpiFields];
      if (value !== undefined) values[key] = value;
    }
    if (write.annualTargets) {
      values.annualTargets = mergeAnnualTargets(before?.annualTargets ?? null, write.annualTargets);
    }
    return values as Partial<typeof kpi.$inferInsert> & {
      nodeId: number;
      name: string;
      direction: Direction;
    };
  };

  const rowsByKey = new Map<string, WrittenKpi>();
  const inserts: Array<typeof kpi.$inferInsert> = [];
  const updates: Array<{ key: string; before: KpiRow; patch: Partial<typeof kpi.$inferInsert> }> = [];
  for (const write of input.kpis) {
    const setId = setIds.get(write.setKey);
    if (setId === undefined) throw new Error(`KPI set ${write.setKey} was not resolved`);
    const key = kpiKey(setId, write.code);
    const before = stored.get(key);
    if (before) updates.push({ key, before, patch: valuesOf(write, before) });
    else inserts.push({ ...valuesOf(write), municipalityId, kpiSetId: setId, code: write.code });
  }
  const updated = await updateManyLogged(db, kpi, 'kpi', updates, ctx, [...WRITTEN_KPI, 'version']);
  for (const [i, { key, before }] of updates.entries()) {
    const after = updated[i] ?? before;
    if (after.version === before.version) counts.kpisUnchanged++;
    else counts.kpisUpdated++;
    rowsByKey.set(key, after);
  }
  for (const row of await insertManyLogged(db, kpi, 'kpi', inserts, ctx, WRITTEN_KPI)) {
    rowsByKey.set(kpiKey(row.kpiSetId, row.code), row);
    counts.kpisCreated++;
  }

  const storedActuals = new Map<number | string, ActualRow>();
  if (stored.size > 0) {
    // Only KPIs stored before this import can have actuals: read them all by their sets at once.
    const rows =
      input.storedActuals ??
      (await storedActualsOf(db, [...new Set([...stored.values()].map((r) => r.kpiSetId))]));
    for (const row of rows) storedActuals.set(actualKey(row.kpiId, row.fiscalYear), row);
  }
  const actualInserts: Array<typeof kpiActual.$inferInsert> = [];
  const actualUpdates: Array<{ before: ActualRow; patch: Partial<typeof kpiActual.$inferInsert> }> = [];
  for (const write of input.kpis) {
    const row = rowsByKey.get(kpiKey(setIds.get(write.setKey) ?? -1, write.code));
    if (!row) continue;
    for (const actual of write.actuals) {
      const before = storedActuals.get(actualKey(row.id, actual.fiscalYear));
      if (actual.value === null) {
        if (before && input.replaceActuals) {
          await input.beforeActualWrite?.(row, actual);
          await deleteLogged(db, kpiActual, 'kpi_actual', before, ctx);
          counts.actualsDeleted++;
        }
        continue;
      }
      const values = {
        value: actual.value,
        status: actual.status,
        note: actual.note !== undefined ? actual.note : keptNote(before, actual.value),
      };
      const changes =
        !before ||
        before.value !== values.value ||
        before.status !== values.status ||
        before.note !== values.note;
      if (changes) await input.beforeActualWrite?.(row, actual);
      if (before) {
        if (changes) actualUpdates.push({ before, patch: values });
      } else {
        actualInserts.push({ municipalityId, kpiId: row.id, fiscalYear: actual.fiscalYear, ...values });
      }
    }
  }
  for (const [i, after] of (
    await updateManyLogged(db, kpiActual, 'kpi_actual', actualUpdates, ctx, ['id', 'version'])
  ).entries()) {
    if (after.version !== actualUpdates[i]?.before.version) counts.actualsUpdated++;
  }
  counts.actualsCreated += (
    await insertManyLogged(db, kpiActual, 'kpi_actual', actualInserts, ctx, ['id'])
  ).length;
  return counts;
}

/**
 * The note an actual keeps when the file has no 備考 column: the stored one — unless it is only the
 * stored value's own text (「30以上」 for 30, read from an old sheet's value cell) and the value
 * changes, when it would now be wrong.
 */
function keptNote(before: ActualRow | undefined, value: number): string | null {
  if (!before?.note) return null;
  if (before.value === value) return before.note;
  const parsed = parseNumericCell(before.note);
  return parsed.kind === 'number' && parsed.value === before.value ? null : before.note;
}

/** The stored annual targets with the file's years set (or removed when blank), in year order. */
function mergeAnnualTargets(
  stored: YearValue[] | null,
  incoming: Array<{ fiscalYear: number; value: number | null }>,
): YearValue[] | null {
  // The file says what is stored (the usual re-import): the stored array itself, so that comparing
  // it with the row is one identity check.
  if (
    stored !== null &&
    stored.length === incoming.length &&
    stored.every((t, i) => t.fiscalYear === incoming[i]?.fiscalYear && t.value === incoming[i]?.value)
  ) {
    return stored;
  }
  const byYear = new Map((stored ?? []).map((t) => [t.fiscalYear, t.value]));
  for (const t of incoming) {
    if (t.value === null) byYear.delete(t.fiscalYear);
    else byYear.set(t.fiscalYear, t.value);
  }
  if (byYear.size === 0) return stored === null ? null : [];
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([fiscalYear, value]) => ({ fiscalYear, value }));
}
