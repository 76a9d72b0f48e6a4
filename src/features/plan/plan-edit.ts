/**
 * @module Plan editing (use cases)
 * The planning division edits the plan itself between imports: adds a node, renames, renumbers,
 * moves and retires (廃止) it, and adds or changes KPI definitions. Every change is checked against
 * the version read (409) and logged under the signed-in actor (change_log).
 *
 * A node's `path` is the dotted numbers from the top ('1.2.3') and is what re-imports match nodes
 * by, so a renumber or a move rewrites the path of the node and of every node below it, in the
 * same transaction. Retired nodes and KPIs stay (earlier years' reports and the history need them);
 * they are only marked and get no new entries.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged, VersionConflictError } from '../../db/history.ts';
import { kpi, kpiSet, plan, planNode } from '../../db/schema.ts';
import { circled } from '../../domain/plan/numbering.ts';
import { BadInputError, NotFoundError } from '../../errors.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import { derivedCode } from '../kpi-table/import.ts';
import type {
  EditedNode,
  KpiDefinition,
  KpiDefinitionPatch,
  NewKpiInput,
  NewNodeInput,
  NodePatch,
} from './edit-contract.ts';

type NodeRow = typeof planNode.$inferSelect;
type PlanRow = typeof plan.$inferSelect;
type KpiRow = typeof kpi.$inferSelect;

const ctxOf = (scope: Scope) => ({ municipalityId: scope.municipalityId, actor: actorOf(scope) });

const editedNode = (n: NodeRow): EditedNode => ({
  id: n.id,
  planId: n.planId,
  parentId: n.parentId,
  level: n.level,
  number: n.number,
  path: n.path,
  title: n.title,
  retired: n.retired,
  version: n.version,
});

async function findPlan(db: Database, planId: number): Promise<PlanRow> {
  const [p] = await db.select().from(plan).where(eq(plan.id, planId));
  if (!p) throw new NotFoundError(`計画（ID ${planId}）はありません`);
  return p;
}

async function findNode(db: Database, nodeId: number): Promise<NodeRow> {
  const [n] = await db.select().from(planNode).where(eq(planNode.id, nodeId));
  if (!n) throw new NotFoundError(`施策体系の項目（ID ${nodeId}）はありません`);
  return n;
}

const levelNameOf = (p: PlanRow, level: number) => p.levels[level - 1]?.name ?? `第${level}階層`;

/** The label a number gets at a level (①, 基本方針3 …), for messages. */
function numberLabel(p: PlanRow, level: number, number: number): string {
  const numbering = p.levels[level - 1]?.numbering ?? 'arabic';
  return numbering === 'circled' && number <= 50 ? circled(number) : String(number);
}

function assertNumberFits(p: PlanRow, level: number, number: number): void {
  if (p.levels[level - 1]?.numbering === 'circled' && number > 50) {
    throw new BadInputError(`${levelNameOf(p, level)}の番号は丸数字（①〜㊿）のため50までです`);
  }
}

async function siblingsOf(db: Database, planId: number, parentId: number | null): Promise<NodeRow[]> {
  const rows = await db.select().from(planNode).where(eq(planNode.planId, planId));
  return rows.filter((r) => r.parentId === parentId);
}

const pathOf = (parent: NodeRow | null, number: number) =>
  parent ? `${parent.path}.${number}` : String(number);

/**
 * Adds a node under `parentId` (or at the top), numbered `number` or the next free one.
 * @example await addNode(db, scope, planId, { parentId: policyId, title: '観光案内の充実' })
 */
export async function addNode(
  db: Database,
  scope: Scope,
  planId: number,
  input: NewNodeInput,
): Promise<EditedNode> {
  const p = await findPlan(db, planId);
  const parent = input.parentId === null ? null : await findNode(db, input.parentId);
  if (parent && parent.planId !== planId) {
    throw new BadInputError('上位の項目は同じ計画の項目を指定してください');
  }
  if (parent?.retired) {
    throw new BadInputError(`「${parent.title}」は廃止されているため、下に項目を追加できません`);
  }
  const level = parent ? parent.level + 1 : 1;
  if (level > p.levels.length) {
    throw new BadInputError(
      `${levelNameOf(p, p.levels.length)}は最も下の階層のため、その下には項目を追加できません`,
    );
  }
  const siblings = await siblingsOf(db, planId, parent?.id ?? null);
  const number = input.number ?? Math.max(0, ...siblings.map((s) => s.number)) + 1;
  assertNumberFits(p, level, number);
  assertNumberFree(p, level, number, siblings);
  const row = await insertLogged(
    db,
    planNode,
    'plan_node',
    {
      municipalityId: scope.municipalityId,
      planId,
      parentId: parent?.id ?? null,
      path: pathOf(parent, number),
      level,
      number,
      title: input.title.trim(),
    },
    ctxOf(scope),
  );
  return editedNode(row);
}

function assertNumberFree(p: PlanRow, level: number, number: number, siblings: NodeRow[]): void {
  const taken = siblings.find((s) => s.number === number);
  if (taken) {
    throw new BadInputError(
      `番号 ${numberLabel(p, level, number)} は同じ階層の「${taken.title}」${taken.retired ? '（廃止）' : ''}が使っています。別の番号を指定してください`,
    );
  }
}

/**
 * Renames, renumbers, moves, retires or restores a node (any of them at once). A new number or
 * parent rewrites the paths below it.
 */
export async function updateNode(
  db: Database,
  scope: Scope,
  nodeId: number,
  patch: NodePatch,
): Promise<EditedNode> {
  const before = await findNode(db, nodeId);
  if (before.version !== patch.version) throw new VersionConflictError('plan_node', nodeId, patch.version);
  const p = await findPlan(db, before.planId);

  let parent: NodeRow | null = before.parentId === null ? null : await findNode(db, before.parentId);
  const moving = patch.parentId !== undefined && patch.parentId !== before.parentId;
  if (moving && patch.parentId !== undefined) {
    if (before.level === 1) {
      throw new BadInputError(`${levelNameOf(p, 1)}は最上位の階層のため、移動できません`);
    }
    const target = await findNode(db, patch.parentId);
    if (target.planId !== before.planId) throw new BadInputError('移動先は同じ計画の項目を指定してください');
    if (target.level !== before.level - 1) {
      throw new BadInputError(
        `${levelNameOf(p, before.level)}の移動先は${levelNameOf(p, before.level - 1)}の項目を指定してください`,
      );
    }
    if (target.retired)
      throw new BadInputError(`「${target.title}」は廃止されているため、移動先にできません`);
    parent = target;
  }

  let number = before.number;
  if (patch.number !== undefined || moving) {
    const siblings = (await siblingsOf(db, before.planId, parent?.id ?? null)).filter((s) => s.id !== nodeId);
    if (patch.number !== undefined) {
      number = patch.number;
      assertNumberFree(p, before.level, number, siblings);
    } else if (siblings.some((s) => s.number === number)) {
      // Moved without a number: keeps its own when free under the new parent, else goes last.
      number = Math.max(0, ...siblings.map((s) => s.number)) + 1;
    }
    assertNumberFits(p, before.level, number);
  }

  const path = pathOf(parent, number);
  const changes: Partial<NodeRow> = {};
  if (patch.title !== undefined) changes.title = patch.title.trim();
  if (patch.retired !== undefined) changes.retired = patch.retired;
  if (moving) changes.parentId = parent?.id ?? null;
  if (number !== before.number) changes.number = number;
  if (path !== before.path) changes.path = path;

  const ctx = ctxOf(scope);
  const after = await updateLogged(db, planNode, 'plan_node', before, changes, {
    ...ctx,
    expectedVersion: patch.version,
  });
  if (path !== before.path) await rewriteDescendantPaths(db, ctx, before, path);
  return editedNode(after);
}

/** Every node below `node` gets its path under `newPath`, each change logged. */
async function rewriteDescendantPaths(
  db: Database,
  ctx: { municipalityId: number; actor: string },
  node: NodeRow,
  newPath: string,
): Promise<void> {
  // LIKE's wildcards cannot occur in a path of digits and dots, so the prefix needs no escaping.
  const below = await db
    .select()
    .from(planNode)
    .where(and(eq(planNode.planId, node.planId), like(planNode.path, `${node.path}.%`)))
    .orderBy(asc(planNode.level));
  for (const row of below) {
    await updateLogged(
      db,
      planNode,
      'plan_node',
      row,
      { path: `${newPath}${row.path.slice(node.path.length)}` },
      ctx,
    );
  }
}

// ── KPI definitions ──────────────────────────────────────────────────────────────────────────────────

async function findKpi(db: Database, kpiId: number): Promise<KpiRow> {
  const [row] = await db.select().from(kpi).where(eq(kpi.id, kpiId));
  if (!row) throw new NotFoundError(`指標（ID ${kpiId}）はありません`);
  return row;
}

export async function kpiDefinition(db: Database, kpiId: number): Promise<KpiDefinition> {
  const row = await findKpi(db, kpiId);
  const [set] = await db.select().from(kpiSet).where(eq(kpiSet.id, row.kpiSetId));
  return {
    id: row.id,
    nodeId: row.nodeId,
    kpiSet: { id: row.kpiSetId, code: set?.code ?? '', name: set?.name ?? '' },
    code: row.code,
    name: row.name,
    unit: row.unit,
    definition: row.definition,
    dataSource: row.dataSource,
    direction: row.direction,
    baselineValue: row.baselineValue,
    baselineYear: row.baselineYear,
    targetValue: row.targetValue,
    targetYear: row.targetYear,
    targetComparator: row.targetComparator,
    annualTargets: row.annualTargets,
    retired: row.retired,
    version: row.version,
  };
}

/** The KPIs hung on a node itself (not below it), retired ones included, in their order. */
export async function nodeKpiDefinitions(db: Database, nodeId: number): Promise<KpiDefinition[]> {
  await findNode(db, nodeId);
  const rows = await db
    .select({ id: kpi.id })
    .from(kpi)
    .where(eq(kpi.nodeId, nodeId))
    .orderBy(asc(kpi.position), asc(kpi.id));
  const list: KpiDefinition[] = [];
  for (const row of rows) list.push(await kpiDefinition(db, row.id));
  return list;
}

/** The KPI sets (指標の区分) of a plan, in their order. */
export async function listKpiSets(db: Database, planId: number) {
  await findPlan(db, planId);
  const rows = await db
    .select()
    .from(kpiSet)
    .where(eq(kpiSet.planId, planId))
    .orderBy(asc(kpiSet.position), asc(kpiSet.id));
  return rows.map((s) => ({ id: s.id, code: s.code, name: s.name }));
}

/** Refuses an annual target or a target year that makes no sense with the rest. */
function assertDefinitionConsistent(row: Pick<KpiRow, 'targetValue' | 'targetComparator'>): void {
  if (row.targetComparator !== null && row.targetValue === null) {
    throw new BadInputError('目標の比較を指定するときは目標値も入力してください');
  }
}

/** Changes a KPI's definition (name, unit, target …) or retires it, against the version read. */
export async function updateKpiDefinition(
  db: Database,
  scope: Scope,
  kpiId: number,
  patch: KpiDefinitionPatch,
): Promise<KpiDefinition> {
  const before = await findKpi(db, kpiId);
  if (before.version !== patch.version) throw new VersionConflictError('kpi', kpiId, patch.version);
  const { version, ...fields } = patch;
  const changes = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<KpiRow>;
  if (changes.annualTargets) {
    const years = changes.annualTargets.map((t) => t.fiscalYear);
    if (new Set(years).size !== years.length) throw new BadInputError('年度別目標に同じ年度が複数あります');
    changes.annualTargets = [...changes.annualTargets].sort((a, b) => a.fiscalYear - b.fiscalYear);
  }
  assertDefinitionConsistent({ ...before, ...changes });
  await updateLogged(db, kpi, 'kpi', before, changes, { ...ctxOf(scope), expectedVersion: version });
  return kpiDefinition(db, kpiId);
}

/** Adds a KPI to a node in one of its plan's KPI sets; its code is derived as the KPI table does. */
export async function addKpi(
  db: Database,
  scope: Scope,
  nodeId: number,
  input: NewKpiInput,
): Promise<KpiDefinition> {
  const node = await findNode(db, nodeId);
  if (node.retired) throw new BadInputError(`「${node.title}」は廃止されているため、指標を追加できません`);
  const [set] = await db.select().from(kpiSet).where(eq(kpiSet.id, input.kpiSetId));
  if (!set || set.planId !== node.planId) {
    throw new BadInputError('指標の区分は、この項目の計画の区分から選んでください');
  }
  const name = input.name.trim();
  const existing = await db.select().from(kpi).where(eq(kpi.kpiSetId, set.id));
  if (existing.some((k) => k.nodeId === nodeId && k.name === name)) {
    throw new BadInputError(`この項目には「${set.name}」の指標「${name}」が既にあります`);
  }
  let code = derivedCode(set.code, node.path, name);
  // A KPI renamed since keeps the code its old name derived: then count on.
  for (let n = 2; existing.some((k) => k.code === code); n++)
    code = `${derivedCode(set.code, node.path, name)}-${n}`;
  const row = {
    municipalityId: scope.municipalityId,
    kpiSetId: set.id,
    nodeId,
    code,
    name,
    unit: input.unit?.trim() ?? '',
    direction: input.direction,
    definition: input.definition ?? null,
    dataSource: input.dataSource ?? null,
    baselineValue: input.baselineValue ?? null,
    baselineYear: input.baselineYear ?? null,
    targetValue: input.targetValue ?? null,
    targetYear: input.targetYear ?? null,
    targetComparator: input.targetComparator ?? null,
    position: Math.max(-1, ...existing.filter((k) => k.nodeId === nodeId).map((k) => k.position)) + 1,
  };
  assertDefinitionConsistent(row);
  const saved = await insertLogged(db, kpi, 'kpi', row, ctxOf(scope));
  return kpiDefinition(db, saved.id);
}
