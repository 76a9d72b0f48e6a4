/**
 * @module A department's own sheet
 * What a department editor may upload, and the workbook it downloads to fill in offline: its KPIs
 * (those whose effective department is its own) in the KPI sheet's layout, and its policies' texts
 * for the year on the 進捗状況 sheet (src/formats/kpi-table/README.md, "Department sheet"). On upload
 * only the department's own rows are accepted; every other row is refused with its cell.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type ChangeContext, insertLogged, updateLogged } from '../../db/history.ts';
import type { KpiFields, KpiWrite } from '../../db/kpi-write.ts';
import { department, kpi, plan, planNode, progressRecord } from '../../db/schema.ts';
import { effectiveDepartments } from '../../domain/plan/effective-department.ts';
import { NotFoundError } from '../../errors.ts';
import {
  type CellRef,
  type FieldKey,
  type KpiTableRecord,
  type KpiTableRow,
  titlesAgree,
} from '../../formats/kpi-table/index.ts';
import type { ProgressSheetEntry, ProgressSheetRow } from '../../formats/kpi-table/progress-sheet.ts';

type NodeRow = typeof planNode.$inferSelect;

async function departmentNames(db: Database): Promise<Map<number, string>> {
  return new Map((await db.select().from(department)).map((d) => [d.id, d.name]));
}

/**
 * KPI definition fields a department's sheet may not change, with their column names and the columns
 * their value is read from, first choice first (a 基準年度 may come from the 基準値 header 「基準値（R1）」,
 * a 比較 from the target cell 「30以上」).
 */
const DEFINITION_FIELDS = [
  ['name', '指標名', ['name']],
  ['unit', '単位', ['unit', 'baseline', 'target']],
  ['direction', '方向', ['direction', 'name']],
  ['baselineValue', '基準値', ['baseline']],
  ['baselineYear', '基準年度', ['baselineYear', 'baseline']],
  ['targetValue', '目標値', ['target']],
  ['targetYear', '目標年度', ['targetYear', 'target']],
  ['targetComparator', '比較', ['comparator', 'target']],
] as const satisfies ReadonlyArray<
  readonly [keyof KpiFields & keyof typeof kpi.$inferSelect, string, readonly FieldKey[]]
>;

/** Why a row may not be taken, and the columns of the cell at fault (none: the row's 指標名 cell). */
export interface DepartmentRefusal {
  message: string;
  columns?: readonly FieldKey[];
}

/** The cell a refusal names: the first of its columns the row has, else the row's 指標名 cell. */
export function refusalCell(
  row: Pick<KpiTableRow, 'ref' | 'fieldColumns'>,
  refusal: DepartmentRefusal,
): CellRef {
  for (const column of refusal.columns ?? []) {
    const letters = row.fieldColumns?.[column];
    // The row's number is the 指標名 cell's: 「F2」 → 2.
    if (letters) return { sheet: row.ref.sheet, cell: `${letters}${row.ref.cell.replace(/^[A-Z]+/u, '')}` };
  }
  return row.ref;
}

/** Blank text and null are the same stored value. */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
  return norm(a) === norm(b);
}

/**
 * Checks a department editor's KPI rows against what is stored: only its own KPIs, where they are,
 * with 担当課 left as its own. Loads once per import.
 */
export class DepartmentRows {
  private constructor(
    private readonly own: { id: number; name: string },
    private readonly stored: Map<string, typeof kpi.$inferSelect>,
    private readonly names: Map<number, string>,
    private readonly departmentOfNode: (nodeId: number) => number | null,
  ) {}

  static async load(
    db: Database,
    own: { id: number; name: string },
    setIds: number[],
    departmentOfNode: (nodeId: number) => number | null,
  ): Promise<DepartmentRows> {
    const rows = setIds.length ? await db.select().from(kpi).where(inArray(kpi.kpiSetId, setIds)) : [];
    const stored = new Map(rows.map((r) => [`${r.kpiSetId}\u0000${r.code}`, r]));
    return new DepartmentRows(own, stored, await departmentNames(db), departmentOfNode);
  }

  private nameOf(id: number | null): string {
    return id === null ? '担当課の決まっていない項目' : `${this.names.get(id) ?? `課（ID ${id}）`}`;
  }

  /** Why the row may not be taken from this department's upload, one per cell at fault; [] when it may. */
  refusals(setId: number | undefined, write: KpiWrite, nodeIds: Map<string, number>): DepartmentRefusal[] {
    const own = this.own.name;
    const before = setId === undefined ? undefined : this.stored.get(`${setId}\u0000${write.code}`);
    if (!before) {
      return [
        {
          message: `指標「${write.fields.name}」は登録されていません。指標の追加は企画課が行います（${own}の登録済みの指標の行だけを取り込めます）`,
        },
      ];
    }
    const owner = before.departmentId ?? this.departmentOfNode(before.nodeId);
    if (owner !== this.own.id) {
      return [
        {
          message: `指標「${before.name}」は${this.nameOf(owner)}の指標です。${own}の指標の行だけを取り込めます`,
        },
      ];
    }
    if (nodeIds.get(write.nodePath) !== before.nodeId) {
      return [
        { message: `指標「${before.name}」の階層が登録済みの項目と違います。指標の移動は企画課が行います` },
      ];
    }
    const named = write.fields.department?.trim();
    if (named && named !== own) {
      return [
        {
          message: `担当課を「${named}」にはできません。担当課の変更は企画課が行います`,
          columns: ['department'],
        },
      ];
    }
    // The definition (name, unit, target …) is the plan's, edited by the planning division: a
    // department's sheet carries it for reference, and a changed cell is refused, not taken — each
    // named by its own cell, so the department sees which one to put back.
    return DEFINITION_FIELDS.filter(([field]) => {
      const value = write.fields[field];
      return value !== undefined && !sameValue(value, before[field]);
    }).map(([, label, columns]) => ({
      message: `指標「${before.name}」の${label}は変えられません。指標の定義の変更は企画課が行います（実績値と備考だけを取り込めます）`,
      columns,
    }));
  }
}

export interface ProgressSheetContext {
  nodeRows: NodeRow[];
  restricted?: { id: number; name: string } | undefined;
  departmentOfNode: (nodeId: number) => number | null;
  checkYear: (fiscalYear: number, departmentId: number | null, ref: CellRef) => Promise<void>;
  issue: (ref: CellRef, message: string) => void;
}

/**
 * Saves the 進捗状況 sheet's texts: a row's results and directions replace the stored lists; a blank
 * cell or an absent column keeps them (a sheet never erases what it does not say); records of nodes
 * and years not in the sheet are left alone. Logged like every write; the caller's transaction.
 */
export async function saveProgressSheet(
  db: Database,
  ctx: ChangeContext,
  entries: ProgressSheetEntry[],
  context: ProgressSheetContext,
): Promise<{ recordsCreated: number; recordsUpdated: number; recordsUnchanged: number }> {
  const counts = { recordsCreated: 0, recordsUpdated: 0, recordsUnchanged: 0 };
  const byPath = new Map(context.nodeRows.map((n) => [n.path, n]));
  const names = context.restricted ? await departmentNames(db) : new Map<number, string>();
  const seen = new Map<string, CellRef>();
  for (const entry of entries) {
    const node = byPath.get(entry.path);
    if (!node) {
      context.issue(entry.ref, `番号 ${entry.path} の項目は計画にありません`);
      continue;
    }
    if (entry.title && !titlesAgree(node.title, entry.title)) {
      context.issue(
        entry.ref,
        `${entry.path} の名称が計画と違います（計画: 「${node.title}」、入力: 「${entry.title}」）`,
      );
      continue;
    }
    const key = `${node.id}:${entry.fiscalYear}`;
    const first = seen.get(key);
    if (first) {
      context.issue(entry.ref, `${entry.path} の同じ年度の行が ${first.cell} にもあります`);
      continue;
    }
    seen.set(key, entry.ref);
    const owner = context.departmentOfNode(node.id);
    if (context.restricted && owner !== context.restricted.id) {
      const ownerName =
        owner === null ? '担当課の決まっていない項目' : (names.get(owner) ?? `課（ID ${owner}）`);
      context.issue(
        entry.ref,
        `${entry.path} ${node.title}は${ownerName}の項目です。${context.restricted.name}の行だけを取り込めます`,
      );
      continue;
    }
    const patch: { results?: string[]; directions?: string[] } = {};
    if (entry.results?.length) patch.results = entry.results;
    if (entry.directions?.length) patch.directions = entry.directions;
    const [before] = await db
      .select()
      .from(progressRecord)
      .where(and(eq(progressRecord.nodeId, node.id), eq(progressRecord.fiscalYear, entry.fiscalYear)));
    const changes = before
      ? (patch.results !== undefined && patch.results.join('\n') !== before.results.join('\n')) ||
        (patch.directions !== undefined && patch.directions.join('\n') !== before.directions.join('\n'))
      : patch.results !== undefined || patch.directions !== undefined;
    if (!changes) {
      if (before) counts.recordsUnchanged++;
      continue;
    }
    await context.checkYear(entry.fiscalYear, owner, patch.results ? entry.resultsRef : entry.directionsRef);
    if (before) {
      await updateLogged(db, progressRecord, 'progress_record', before, patch, ctx);
      counts.recordsUpdated++;
    } else {
      await insertLogged(
        db,
        progressRecord,
        'progress_record',
        {
          municipalityId: ctx.municipalityId,
          nodeId: node.id,
          fiscalYear: entry.fiscalYear,
          results: patch.results ?? [],
          directions: patch.directions ?? [],
        },
        ctx,
      );
      counts.recordsCreated++;
    }
  }
  return counts;
}

/** What a department's sheet holds before it is written: its KPIs' ids and its policies' rows. */
export async function departmentSheetContent(
  db: Database,
  key: { planId: number; fiscalYear: number; departmentId: number },
): Promise<{
  planRow: typeof plan.$inferSelect;
  departmentName: string;
  mayIncludeKpi: (kpiId: number) => boolean;
  progressRows: ProgressSheetRow[];
}> {
  const [planRow] = await db.select().from(plan).where(eq(plan.id, key.planId));
  if (!planRow) throw new NotFoundError(`計画（ID ${key.planId}）はありません`);
  const [own] = await db.select().from(department).where(eq(department.id, key.departmentId));
  if (!own) throw new NotFoundError(`課（ID ${key.departmentId}）はありません`);
  const nodes = await db
    .select()
    .from(planNode)
    .where(eq(planNode.planId, planRow.id))
    .orderBy(asc(planNode.id));
  const departmentOf = effectiveDepartments(nodes);
  const kpiRows = await db
    .select({ id: kpi.id, departmentId: kpi.departmentId, nodeId: kpi.nodeId, retired: kpi.retired })
    .from(kpi);
  const mine = new Set(
    kpiRows
      .filter((k) => !k.retired && (k.departmentId ?? departmentOf(k.nodeId)) === key.departmentId)
      .map((k) => k.id),
  );
  const policies = nodes
    .filter((n) => n.level === planRow.progressLevel && !n.retired && departmentOf(n.id) === key.departmentId)
    .sort((a, b) => comparePaths(a.path, b.path));
  const records = policies.length
    ? await db
        .select()
        .from(progressRecord)
        .where(
          and(
            inArray(
              progressRecord.nodeId,
              policies.map((n) => n.id),
            ),
            inArray(progressRecord.fiscalYear, [key.fiscalYear, key.fiscalYear - 1]),
          ),
        )
    : [];
  const recordOf = (nodeId: number, year: number) =>
    records.find((r) => r.nodeId === nodeId && r.fiscalYear === year);
  return {
    planRow,
    departmentName: own.name,
    mayIncludeKpi: (id) => mine.has(id),
    progressRows: policies.map((n) => ({
      path: n.path,
      title: n.title,
      fiscalYear: key.fiscalYear,
      previousDirections: recordOf(n.id, key.fiscalYear - 1)?.directions ?? [],
      results: recordOf(n.id, key.fiscalYear)?.results ?? [],
      directions: recordOf(n.id, key.fiscalYear)?.directions ?? [],
    })),
  };
}

function comparePaths(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export type { KpiTableRecord };
