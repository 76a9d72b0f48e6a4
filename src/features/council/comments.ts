/**
 * @module Council comments
 * 審議会委員の意見 per 基本方針 (plan node) or KPI for a fiscal year, and the city's answer (対応)
 * recorded by the planning division. The author is always the signed-in user (from the scope, never
 * from the request). A comment belongs to the report's plan: a 総合戦略's KPI is commented on in its
 * linked 総合計画's report. Answering notifies the author (お知らせ).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged, VersionConflictError } from '../../db/history.ts';
import { deleteLogged } from '../../db/kpi-write.ts';
import { councilComment, kpi, kpiSet, plan, planNode } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { can } from '../auth/roles.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import { cyclePlanOf } from '../cycle/year-lock.ts';
import { notifyUser } from '../notices/notify.ts';
import { planYears } from '../plan/periods.ts';
import type {
  CouncilCommentInput,
  CouncilCommentList,
  CouncilCommentPatch,
  CouncilCommentView,
  CouncilResponseInput,
} from './contract.ts';

type CommentRow = typeof councilComment.$inferSelect;

/** Shown where a comment has no answer yet. */
export const PENDING_RESPONSE_LABEL = '（対応を検討中）';

export type CommentSubjectKey = { nodeId: number } | { kpiId: number };

/** The report's plan a node or KPI is commented on in, or NotFoundError (another city's id too). */
async function planOfSubject(db: Database, subject: CommentSubjectKey): Promise<number> {
  if ('nodeId' in subject) {
    const [row] = await db
      .select({ planId: planNode.planId })
      .from(planNode)
      .where(eq(planNode.id, subject.nodeId));
    if (!row) throw new NotFoundError(`施策体系の項目（ID ${subject.nodeId}）はありません`);
    return cyclePlanOf(db, row.planId);
  }
  const [row] = await db
    .select({ planId: kpiSet.planId })
    .from(kpi)
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id))
    .where(eq(kpi.id, subject.kpiId));
  if (!row) throw new NotFoundError(`指標（ID ${subject.kpiId}）はありません`);
  return cyclePlanOf(db, row.planId);
}

/** Labels of the nodes and KPIs some comments are about. */
async function subjectLabels(db: Database, rows: CommentRow[]) {
  const nodeIds = [...new Set(rows.flatMap((r) => (r.nodeId === null ? [] : [r.nodeId])))];
  const kpiIds = [...new Set(rows.flatMap((r) => (r.kpiId === null ? [] : [r.kpiId])))];
  const nodes =
    nodeIds.length === 0
      ? []
      : await db
          .select({
            id: planNode.id,
            level: planNode.level,
            number: planNode.number,
            title: planNode.title,
            levels: plan.levels,
          })
          .from(planNode)
          .innerJoin(plan, eq(planNode.planId, plan.id))
          .where(inArray(planNode.id, nodeIds));
  const kpis =
    kpiIds.length === 0
      ? []
      : await db.select({ id: kpi.id, name: kpi.name }).from(kpi).where(inArray(kpi.id, kpiIds));
  const nodeText = new Map(
    nodes.map((n) => {
      const level = n.levels[n.level - 1] ?? { name: '', numbering: 'arabic' as const };
      return [n.id, `${nodeLabel(level, n.number, { spaced: n.level === 1 })} ${n.title}`.trim()];
    }),
  );
  const kpiText = new Map(kpis.map((k) => [k.id, `指標「${k.name}」`]));
  return (row: CommentRow) =>
    row.nodeId !== null ? (nodeText.get(row.nodeId) ?? '') : (kpiText.get(row.kpiId ?? 0) ?? '');
}

function view(row: CommentRow, scope: Scope, label: string): CouncilCommentView {
  const answered = row.response !== null;
  return {
    id: row.id,
    planId: row.planId,
    fiscalYear: row.fiscalYear,
    fiscalYearLabel: formatFiscalYear(row.fiscalYear),
    subject: {
      kind: row.nodeId !== null ? 'node' : 'kpi',
      nodeId: row.nodeId,
      kpiId: row.kpiId,
      label,
    },
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    response: row.response,
    respondedBy: row.respondedBy,
    respondedAt: row.respondedAt?.toISOString() ?? null,
    statusLabel: answered ? '対応済' : '対応を検討中',
    mayEdit: mayEditComment(scope, row),
    mayAnswer: can(scope.role, 'manage-plan'),
    version: row.version,
  };
}

function mayEditComment(scope: Scope, row: CommentRow): boolean {
  return can(scope.role, 'comment') && scope.user.id === row.authorId && row.response === null;
}

async function listOf(
  db: Database,
  scope: Scope,
  fiscalYear: number,
  where: ReturnType<typeof and>,
): Promise<CouncilCommentList> {
  const rows = await db
    .select()
    .from(councilComment)
    .where(and(eq(councilComment.fiscalYear, fiscalYear), where))
    .orderBy(asc(councilComment.createdAt), asc(councilComment.id));
  const labelOf = await subjectLabels(db, rows);
  return {
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    mayComment: can(scope.role, 'comment'),
    comments: rows.map((r) => view(r, scope, labelOf(r))),
  };
}

/** The comments on one node or KPI for a fiscal year. */
export async function listSubjectComments(
  db: Database,
  scope: Scope,
  subject: CommentSubjectKey,
  fiscalYear: number,
): Promise<CouncilCommentList> {
  await planOfSubject(db, subject);
  return listOf(
    db,
    scope,
    fiscalYear,
    'nodeId' in subject ? eq(councilComment.nodeId, subject.nodeId) : eq(councilComment.kpiId, subject.kpiId),
  );
}

/** Every comment of a plan's report year. */
export async function listPlanComments(
  db: Database,
  scope: Scope,
  planId: number,
  fiscalYear: number,
): Promise<CouncilCommentList> {
  const [row] = await db.select({ id: plan.id }).from(plan).where(eq(plan.id, planId));
  if (!row) throw new NotFoundError(`計画（ID ${planId}）はありません`);
  return listOf(db, scope, fiscalYear, eq(councilComment.planId, planId));
}

function authorOf(scope: Scope): number {
  if (scope.user.id === null) throw new ForbiddenError('意見はログインした審議会委員だけが書けます。');
  return scope.user.id;
}

/** A council member's comment on a node or KPI (the author is the signed-in user). */
export async function addComment(
  db: Database,
  scope: Scope,
  subject: CommentSubjectKey,
  input: CouncilCommentInput,
): Promise<CouncilCommentView> {
  const authorId = authorOf(scope);
  const planId = await planOfSubject(db, subject);
  // A comment is on a year's report: a year the plan has nothing for would never be seen or answered.
  const years = (await planYears(db)).get(planId)?.fiscalYears ?? [];
  if (!years.includes(input.fiscalYear)) {
    throw new BadInputError(
      `${formatFiscalYear(input.fiscalYear)}はこの計画の報告の年度ではありません（意見を書ける年度: ${years.map((y) => formatFiscalYear(y)).join('、') || 'なし'}）`,
    );
  }
  const row = await insertLogged(
    db,
    councilComment,
    'council_comment',
    {
      municipalityId: scope.municipalityId,
      planId,
      fiscalYear: input.fiscalYear,
      nodeId: 'nodeId' in subject ? subject.nodeId : null,
      kpiId: 'kpiId' in subject ? subject.kpiId : null,
      authorId,
      authorName: scope.user.displayName || scope.user.username,
      body: input.body,
    },
    { municipalityId: scope.municipalityId, actor: actorOf(scope) },
  );
  return view(row, scope, (await subjectLabels(db, [row]))(row));
}

async function findComment(db: Database, id: number): Promise<CommentRow> {
  const [row] = await db.select().from(councilComment).where(eq(councilComment.id, id));
  if (!row) throw new NotFoundError(`意見（ID ${id}）はありません`);
  return row;
}

function assertOwnUnanswered(scope: Scope, row: CommentRow, what: string): void {
  if (row.authorId !== scope.user.id) throw new ForbiddenError(`他の委員の意見は${what}できません。`);
  if (row.response !== null) {
    throw new ForbiddenError(`対応が記入された意見は${what}できません。企画課に連絡してください。`);
  }
}

/** The author's change to an own, unanswered comment. */
export async function updateComment(
  db: Database,
  scope: Scope,
  id: number,
  patch: CouncilCommentPatch,
): Promise<CouncilCommentView> {
  const before = await findComment(db, id);
  assertOwnUnanswered(scope, before, '修正');
  if (before.version !== patch.version) throw new VersionConflictError('council_comment', id, patch.version);
  const after = await updateLogged(
    db,
    councilComment,
    'council_comment',
    before,
    { body: patch.body },
    { municipalityId: scope.municipalityId, actor: actorOf(scope), expectedVersion: patch.version },
  );
  return view(after, scope, (await subjectLabels(db, [after]))(after));
}

/** The author's deletion of an own, unanswered comment. */
export async function deleteComment(db: Database, scope: Scope, id: number, version: number): Promise<void> {
  const before = await findComment(db, id);
  assertOwnUnanswered(scope, before, '削除');
  await deleteLogged(
    db,
    councilComment,
    'council_comment',
    { ...before, version },
    {
      municipalityId: scope.municipalityId,
      actor: actorOf(scope),
    },
  );
}

/**
 * Records (or corrects) the city's answer to a comment, at the version read, and tells the author.
 * @example await answerComment(tx, scope, 12, { response: '次年度の事業で検討します。', version: 1 });
 */
export async function answerComment(
  db: Database,
  scope: Scope,
  id: number,
  input: CouncilResponseInput,
  now: Date = new Date(),
): Promise<CouncilCommentView> {
  const before = await findComment(db, id);
  if (before.version !== input.version) throw new VersionConflictError('council_comment', id, input.version);
  if (before.response === input.response) {
    return view(before, scope, (await subjectLabels(db, [before]))(before));
  }
  const after = await updateLogged(
    db,
    councilComment,
    'council_comment',
    before,
    { response: input.response, respondedBy: actorOf(scope), respondedAt: now },
    { municipalityId: scope.municipalityId, actor: actorOf(scope), expectedVersion: input.version },
  );
  const label = (await subjectLabels(db, [after]))(after);
  await notifyUser(db, {
    userId: after.authorId,
    kind: 'comment-answered',
    message: `${formatFiscalYear(after.fiscalYear)}の${label}へのご意見に対応が記入されました。`,
    link: `/?plan=${after.planId}&year=${after.fiscalYear}&view=council`,
  });
  return view(after, scope, label);
}
