/**
 * @module Progress texts (use cases)
 * A policy's yearly texts written in the UI: 主な取組内容／実績 and 主な取組／今後の方向性 of one node at
 * the plan's progress level (基本方針) for one fiscal year. Reading shows last year's directions
 * beside them (PDCA: what was promised → what was done) and whether the signed-in user may write;
 * saving checks, in this order, the node (404), its level and 廃止 (400), the writer (403), the
 * items (400), the year lock (423) and the version read (409), then logs the change.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged, VersionConflictError } from '../../db/history.ts';
import { department, plan, planNode, progressRecord } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { progressHeadings } from '../../domain/plan/progress-headings.ts';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  YearClosedError,
} from '../../errors.ts';
import { can, ROLE_LABELS } from '../auth/roles.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import { assertYearOpen, beforeYearWrite } from '../cycle/year-lock.ts';
import {
  PROGRESS_ITEM_MAX_LENGTH,
  PROGRESS_ITEMS_MAX,
  type ProgressTexts,
  type ProgressTextsInput,
  type ProgressTextsRecord,
} from './contract.ts';

type NodeRow = typeof planNode.$inferSelect;
type PlanRow = typeof plan.$inferSelect;

/** A node with its plan and its ancestors (nearest first), as the checks need them. */
interface NodeContext {
  node: NodeRow;
  plan: PlanRow;
  ancestors: NodeRow[];
  levelName: string;
}

async function nodeContext(db: Database, nodeId: number): Promise<NodeContext> {
  const [node] = await db.select().from(planNode).where(eq(planNode.id, nodeId));
  if (!node) throw new NotFoundError(`施策体系の項目（ID ${nodeId}）はありません`);
  const [p] = await db.select().from(plan).where(eq(plan.id, node.planId));
  if (!p) throw new NotFoundError(`施策体系の項目（ID ${nodeId}）はありません`);
  const ancestors: NodeRow[] = [];
  let parentId = node.parentId;
  // A plan has a handful of levels; the bound only guards against a cycle in broken data.
  for (let depth = 0; parentId !== null && depth < 20; depth++) {
    const [parent] = await db.select().from(planNode).where(eq(planNode.id, parentId));
    if (!parent) break;
    ancestors.push(parent);
    parentId = parent.parentId;
  }
  return { node, plan: p, ancestors, levelName: p.levels[node.level - 1]?.name ?? '項目' };
}

/** The node's 担当課: its own, else the nearest ancestor's (as for KPIs). */
function effectiveDepartmentId({ node, ancestors }: NodeContext): number | null {
  return node.departmentId ?? ancestors.find((a) => a.departmentId !== null)?.departmentId ?? null;
}

const isRetired = ({ node, ancestors }: NodeContext) => node.retired || ancestors.some((a) => a.retired);

function assertProgressLevel(context: NodeContext): void {
  const { node, plan: p } = context;
  if (node.level === p.progressLevel) return;
  const progressLevelName = p.levels[p.progressLevel - 1]?.name ?? '進捗を報告する階層';
  throw new BadInputError(
    `進捗状況（実績・今後の方向性）は${progressLevelName}ごとに入力します。「${context.levelName}」の項目には入力できません。`,
  );
}

/** Why the scope may not write the node's texts (role and department only), or null. */
async function departmentRefusal(
  db: Database,
  scope: Scope,
  context: NodeContext,
): Promise<{ refusal: string | null; responsible: { id: number; name: string } | null }> {
  const owner = effectiveDepartmentId(context);
  const [d] = owner ? await db.select().from(department).where(eq(department.id, owner)) : [];
  const responsible = d ? { id: d.id, name: d.name } : null;
  if (!can(scope.role, 'write-data')) {
    return {
      responsible,
      refusal: `閲覧のみ（${ROLE_LABELS[scope.role]}）: 進捗状況の入力は、企画と担当課の役割の人が行います。`,
    };
  }
  if (scope.role === 'planning') return { responsible, refusal: null };
  if (owner !== null && owner === scope.departmentId) return { responsible, refusal: null };
  const level = context.levelName;
  return {
    responsible,
    refusal: responsible
      ? `この${level}は${responsible.name}の担当です。入力できるのは自分の課の${level}だけです。`
      : `この${level}には担当課が割り当てられていません。入力できるのは自分の課の${level}だけです（割り当ては企画課が行います）。`,
  };
}

const retiredMessage = (context: NodeContext) =>
  `この${context.levelName}は廃止されているため、新しい入力はできません。`;

async function recordOf(db: Database, nodeId: number, fiscalYear: number) {
  const [row] = await db
    .select()
    .from(progressRecord)
    .where(and(eq(progressRecord.nodeId, nodeId), eq(progressRecord.fiscalYear, fiscalYear)));
  return row;
}

const textsOf = (row: typeof progressRecord.$inferSelect | undefined): ProgressTextsRecord | null =>
  row ? { results: row.results, directions: row.directions, version: row.version } : null;

/** The year's closing message, or null while it is open. */
async function closedMessage(db: Database, planId: number, fiscalYear: number): Promise<string | null> {
  try {
    await assertYearOpen(db, planId, fiscalYear);
    return null;
  } catch (error) {
    if (error instanceof YearClosedError) return error.message;
    throw error;
  }
}

/**
 * A node's texts for a fiscal year, with last year's directions and the scope's right to write.
 * @example await loadProgressTexts(db, scope, policyId, 2023) // { record: {…} | null, previous, mayWrite, … }
 */
export async function loadProgressTexts(
  db: Database,
  scope: Scope,
  nodeId: number,
  fiscalYear: number,
): Promise<ProgressTexts> {
  const context = await nodeContext(db, nodeId);
  assertProgressLevel(context);
  const record = await recordOf(db, nodeId, fiscalYear);
  const previous = await recordOf(db, nodeId, fiscalYear - 1);
  const { refusal, responsible } = await departmentRefusal(db, scope, context);
  const closed = await closedMessage(db, context.plan.id, fiscalYear);
  const retired = isRetired(context);
  const writeRefusal = refusal ?? (retired ? retiredMessage(context) : closed);
  return {
    nodeId,
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    ...progressHeadings(fiscalYear),
    record: textsOf(record),
    previous: previous
      ? {
          fiscalYear: fiscalYear - 1,
          fiscalYearLabel: formatFiscalYear(fiscalYear - 1),
          directionsHeading: progressHeadings(fiscalYear - 1).directionsHeading,
          directions: previous.directions,
        }
      : null,
    retired,
    yearClosed: closed !== null,
    responsibleDepartment: responsible,
    mayWrite: writeRefusal === null,
    writeRefusal,
  };
}

/** 409 with both texts: what is saved now and what the writer sent. */
export class ProgressTextsConflictError extends ConflictError {
  override name = 'ProgressTextsConflictError';
  constructor(
    message: string,
    readonly saved: ProgressTextsRecord | null,
    readonly yours: { results: string[]; directions: string[] },
  ) {
    super(message);
  }
}

/**
 * The items as stored: trimmed, line ends as \n; every problem of both lists in one message.
 * @example cleanItems({ results: [' a '], directions: [] }) // { results: ['a'], directions: [] }
 */
export function cleanItems(input: { results: string[]; directions: string[] }): {
  results: string[];
  directions: string[];
} {
  const problems: string[] = [];
  const clean = (items: string[], listName: string) => {
    if (items.length > PROGRESS_ITEMS_MAX) {
      problems.push(`${listName}は${PROGRESS_ITEMS_MAX}項目までです（${items.length}項目あります）`);
    }
    return items.map((raw, index) => {
      const item = raw.replace(/\r\n?/g, '\n').trim();
      const where = `${listName}の${index + 1}項目目`;
      if (item === '') problems.push(`${where}が空です（不要な項目は削除してください）`);
      if (item.includes('\u0000')) problems.push(`${where}に使えない文字（NUL）が含まれています`);
      if ([...item].length > PROGRESS_ITEM_MAX_LENGTH) {
        problems.push(
          `${where}は${PROGRESS_ITEM_MAX_LENGTH}文字以内にしてください（${[...item].length}文字あります）`,
        );
      }
      return item;
    });
  };
  const results = clean(input.results, '主な取組内容／実績');
  const directions = clean(input.directions, '主な取組／今後の方向性');
  if (problems.length > 0) throw new BadInputError(`入力が正しくありません: ${problems.join('／')}`);
  return { results, directions };
}

/**
 * Saves a node's texts for a fiscal year (creates them when `version` is null) and answers with the
 * texts as then stored.
 */
export async function saveProgressTexts(
  db: Database,
  scope: Scope,
  nodeId: number,
  fiscalYear: number,
  input: ProgressTextsInput,
): Promise<{ action: 'created' | 'updated' | 'unchanged'; texts: ProgressTexts }> {
  const context = await nodeContext(db, nodeId);
  assertProgressLevel(context);
  if (isRetired(context)) throw new BadInputError(retiredMessage(context));
  const { refusal } = await departmentRefusal(db, scope, context);
  if (refusal) throw new ForbiddenError(refusal);
  const items = cleanItems(input);
  await beforeYearWrite(
    db,
    { planId: context.plan.id, fiscalYear, departmentId: effectiveDepartmentId(context) },
    scope,
  );

  const existing = await recordOf(db, nodeId, fiscalYear);
  const label = formatFiscalYear(fiscalYear);
  const conflict = (saved: typeof existing) =>
    new ProgressTextsConflictError(
      saved
        ? `他の人が先に${label}の進捗状況を保存しました。保存されている内容とあなたの入力を見比べて、読み込み直すか、確かめたうえで上書きしてください。`
        : `${label}の進捗状況は削除されたか、まだ保存されていません。あなたの入力を確かめて、もう一度保存してください。`,
      textsOf(saved),
      items,
    );
  if ((existing?.version ?? null) !== input.version) throw conflict(existing);
  const ctx = { municipalityId: scope.municipalityId, actor: actorOf(scope) };
  let action: 'created' | 'updated' | 'unchanged';
  if (!existing) {
    await insertLogged(
      db,
      progressRecord,
      'progress_record',
      { municipalityId: scope.municipalityId, nodeId, fiscalYear, ...items },
      ctx,
    );
    action = 'created';
  } else {
    try {
      const after = await updateLogged(db, progressRecord, 'progress_record', existing, items, {
        ...ctx,
        expectedVersion: existing.version,
      });
      action = after === existing ? 'unchanged' : 'updated';
    } catch (error) {
      if (error instanceof VersionConflictError) throw conflict(await recordOf(db, nodeId, fiscalYear));
      throw error;
    }
  }
  return { action, texts: await loadProgressTexts(db, scope, nodeId, fiscalYear) };
}
