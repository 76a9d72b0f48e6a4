/**
 * @module History of a policy or a KPI
 * Reads the change_log entries about one plan node (the node itself, its progress records of every
 * year, council comments on it) or one KPI (its definition, its actuals of every year, council
 * comments on it), newest first, a page at a time, and presents them (present.ts). Reads through
 * the request's municipality transaction: another city's node or KPI is not found.
 */
import { and, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { changeLog, department, kpi, planNode } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { HISTORY_PAGE_MAX, HISTORY_PAGE_SIZE, type HistoryPage } from './contract.ts';
import { type HistoryRefs, type LogEntry, presentEntry } from './present.ts';

/** Whose history: a plan node (基本方針 …) or a KPI. */
export type HistorySubject = { nodeId: number } | { kpiId: number };

export interface HistoryPaging {
  /** Only entries older than this entry id (the previous page's `nextBefore`). */
  before?: number | undefined;
  limit?: number | undefined;
}

/** Entries of `table` whose row (after, or before for a deletion) has `key` = `id`. */
const rowsWith = (table: string, key: string, id: number): SQL =>
  and(
    eq(changeLog.tableName, table),
    sql`coalesce(${changeLog.after}, ${changeLog.before}) @> ${JSON.stringify({ [key]: id })}::jsonb`,
  ) as SQL;

/**
 * 変更履歴 of a plan node or a KPI, newest first. Throws NotFoundError when the subject is not in
 * the municipality.
 * @example const page = await loadHistory(tx, { kpiId: 12 }, { limit: 20 });
 */
export async function loadHistory(
  db: Database,
  subject: HistorySubject,
  paging: HistoryPaging = {},
): Promise<HistoryPage> {
  let municipalityId: number;
  let about: SQL;
  if ('nodeId' in subject) {
    const [node] = await db.select().from(planNode).where(eq(planNode.id, subject.nodeId));
    if (!node) throw new NotFoundError(`施策体系の項目（ID ${subject.nodeId}）はありません。`);
    municipalityId = node.municipalityId;
    about = or(
      and(eq(changeLog.tableName, 'plan_node'), eq(changeLog.rowId, node.id)),
      rowsWith('progress_record', 'nodeId', node.id),
      rowsWith('council_comment', 'nodeId', node.id),
    ) as SQL;
  } else {
    const [row] = await db.select().from(kpi).where(eq(kpi.id, subject.kpiId));
    if (!row) throw new NotFoundError(`指標（ID ${subject.kpiId}）はありません。`);
    municipalityId = row.municipalityId;
    about = or(
      and(eq(changeLog.tableName, 'kpi'), eq(changeLog.rowId, row.id)),
      rowsWith('kpi_actual', 'kpiId', row.id),
      rowsWith('council_comment', 'kpiId', row.id),
    ) as SQL;
  }
  const limit = Math.min(Math.max(paging.limit ?? HISTORY_PAGE_SIZE, 1), HISTORY_PAGE_MAX);
  const rows = await db
    .select()
    .from(changeLog)
    .where(
      and(
        eq(changeLog.municipalityId, municipalityId),
        about,
        paging.before !== undefined ? lt(changeLog.id, paging.before) : undefined,
      ),
    )
    .orderBy(desc(changeLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit) as LogEntry[];
  const refs = await refsOf(db, page);
  return {
    entries: page.map((entry) => presentEntry(entry, refs)),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Names of the departments and plan nodes the entries point to (as they are called now). */
async function refsOf(db: Database, entries: LogEntry[]): Promise<HistoryRefs> {
  const departmentIds = new Set<number>();
  const nodeIds = new Set<number>();
  for (const entry of entries) {
    for (const row of [entry.before, entry.after]) {
      if (row === null || typeof row !== 'object') continue;
      const { departmentId, nodeId, parentId } = row as Record<string, unknown>;
      if (typeof departmentId === 'number') departmentIds.add(departmentId);
      if (typeof nodeId === 'number') nodeIds.add(nodeId);
      if (typeof parentId === 'number') nodeIds.add(parentId);
    }
  }
  const departments = departmentIds.size
    ? await db
        .select({ id: department.id, name: department.name })
        .from(department)
        .where(inArray(department.id, [...departmentIds]))
    : [];
  const nodes = nodeIds.size
    ? await db
        .select({ id: planNode.id, path: planNode.path, title: planNode.title })
        .from(planNode)
        .where(inArray(planNode.id, [...nodeIds]))
    : [];
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const nodeNames = new Map(nodes.map((n) => [n.id, `${n.path} ${n.title}`]));
  return { department: (id) => departmentNames.get(id), node: (id) => nodeNames.get(id) };
}
