/**
 * @module The yearly cycle (進捗調査)
 * The planning division opens a plan's fiscal year with a deadline and a note; every department
 * with nodes or KPIs in the plan gets its part (未着手). A department writes (入力中, see year-lock.ts)
 * and submits (提出済); the planning division returns it with a reason (差戻し) or approves it
 * (承認済), and finally closes the year (確定) once every part is approved. Reopening a closed year
 * takes a reason, which is kept in the cycle's note and so in its history.
 *
 * Every move checks the state it starts from (409 with a Japanese message when it cannot be made),
 * runs in one transaction and goes through updateLogged (change_log, version checked). Notices to the
 * departments are written in the same transaction; their mail goes after it commits.
 */

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged } from '../../db/history.ts';
import {
  department,
  departmentSubmission,
  fiscalCycle,
  kpi,
  kpiSet,
  plan,
  planNode,
} from '../../db/schema.ts';
import { formatFiscalYear, formatWarekiDate } from '../../domain/calendar/index.ts';
import { effectiveDepartments } from '../../domain/plan/effective-department.ts';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  YearClosedError,
} from '../../errors.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import { notifyDepartments } from '../notices/notify.ts';
import { ensureYearReport } from '../report/year-report.ts';
import {
  CYCLE_STATE_LABELS,
  type CycleBoard,
  type CycleList,
  type CycleSummary,
  type OpenCycleInput,
  PART_STATE_LABELS,
  PART_STATES,
  type PartState,
} from './contract.ts';
import { loadOpenableYears } from './cycle-years.ts';

type CycleRow = typeof fiscalCycle.$inferSelect;
type PartRow = typeof departmentSubmission.$inferSelect;

/** The line a reopening adds to the cycle's note: 【確定の解除 令和6年10月1日 企画 山田】理由. */
const REOPEN_MARK = '【確定の解除';

const ctxOf = (scope: Scope) => ({ municipalityId: scope.municipalityId, actor: actorOf(scope) });

/** The app address of a plan's cycle screen for a year (notices link to it). */
export const cycleLink = (planId: number, fiscalYear: number) =>
  `/?plan=${planId}&year=${fiscalYear}&view=cycle`;

async function findPlan(db: Database, planId: number) {
  const [row] = await db.select().from(plan).where(eq(plan.id, planId));
  if (!row) throw new NotFoundError(`計画（ID ${planId}）はありません`);
  return row;
}

async function findCycle(db: Database, planId: number, fiscalYear: number): Promise<CycleRow> {
  await findPlan(db, planId);
  const [row] = await db
    .select()
    .from(fiscalCycle)
    .where(and(eq(fiscalCycle.planId, planId), eq(fiscalCycle.fiscalYear, fiscalYear)));
  if (!row) throw new NotFoundError(`${formatFiscalYear(fiscalYear)}の進捗調査はまだ開始されていません`);
  return row;
}

async function findPart(db: Database, cycle: CycleRow, departmentId: number) {
  const [row] = await db
    .select({ part: departmentSubmission, name: department.name })
    .from(departmentSubmission)
    .innerJoin(department, eq(departmentSubmission.departmentId, department.id))
    .where(
      and(eq(departmentSubmission.cycleId, cycle.id), eq(departmentSubmission.departmentId, departmentId)),
    );
  if (!row) {
    throw new NotFoundError(
      `${formatFiscalYear(cycle.fiscalYear)}の進捗調査に課（ID ${departmentId}）の分はありません`,
    );
  }
  return row;
}

function assertOpen(cycle: CycleRow): void {
  if (cycle.state === 'closed') {
    throw new YearClosedError(
      `${formatFiscalYear(cycle.fiscalYear)}は確定済みのため変更できません。変更が必要な場合は確定を解除してください。`,
    );
  }
}

/**
 * The departments whose part a plan's cycle has: every department that is the effective 担当課
 * (own, else the nearest ancestor's) of a node or KPI of the plan or of a 総合戦略 linked to it.
 * Retired nodes and KPIs ask for nothing.
 */
export async function departmentsOfPlan(db: Database, planId: number): Promise<number[]> {
  const strategies = await db.select({ id: plan.id }).from(plan).where(eq(plan.linkedPlanId, planId));
  const planIds = [planId, ...strategies.map((s) => s.id)];
  const nodes = await db.select().from(planNode).where(inArray(planNode.planId, planIds));
  const effective = effectiveDepartments(nodes);
  const found = new Set<number>();
  for (const node of nodes) {
    const d = node.retired ? null : effective(node.id);
    if (d !== null) found.add(d);
  }
  const kpis = await db
    .select({ departmentId: kpi.departmentId, nodeId: kpi.nodeId, retired: kpi.retired })
    .from(kpi)
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id))
    .where(inArray(kpiSet.planId, planIds));
  for (const k of kpis) {
    const d = k.retired ? null : (k.departmentId ?? effective(k.nodeId));
    if (d !== null) found.add(d);
  }
  return [...found].sort((a, b) => a - b);
}

function summaryOf(cycle: CycleRow): CycleSummary {
  return {
    id: cycle.id,
    planId: cycle.planId,
    fiscalYear: cycle.fiscalYear,
    fiscalYearLabel: formatFiscalYear(cycle.fiscalYear),
    state: cycle.state,
    stateLabel: CYCLE_STATE_LABELS[cycle.state],
    deadline: cycle.deadline,
    deadlineLabel: formatWarekiDate(cycle.deadline),
  };
}

/** Whether a part is late on `today`: past the deadline, neither submitted nor approved. */
export function isOverdue(deadline: string, state: PartState, today: string): boolean {
  return today > deadline && state !== 'submitted' && state !== 'approved';
}

/** The reason of the last reopening written into a note, or null. */
export function reopenReasonOf(note: string): string | null {
  const at = note.lastIndexOf(REOPEN_MARK);
  if (at < 0) return null;
  const line = note.slice(at).split('\n')[0] ?? '';
  const close = line.indexOf('】');
  return close < 0 ? null : line.slice(close + 1).trim() || null;
}

/** The cycles of a plan, newest year first, and the years the open form offers on `today`. */
export async function listCycles(db: Database, planId: number, today: string): Promise<CycleList> {
  await findPlan(db, planId);
  const rows = await db
    .select()
    .from(fiscalCycle)
    .where(eq(fiscalCycle.planId, planId))
    .orderBy(asc(fiscalCycle.fiscalYear));
  return { cycles: rows.reverse().map(summaryOf), ...(await loadOpenableYears(db, planId, today)) };
}

/** The status board of a year: every department's part, its last change and whether it is late. */
export async function loadBoard(
  db: Database,
  planId: number,
  fiscalYear: number,
  today: string,
): Promise<CycleBoard> {
  const cycle = await findCycle(db, planId, fiscalYear);
  const p = await findPlan(db, planId);
  const rows = await db
    .select({ part: departmentSubmission, name: department.name, code: department.code })
    .from(departmentSubmission)
    .innerJoin(department, eq(departmentSubmission.departmentId, department.id))
    .where(eq(departmentSubmission.cycleId, cycle.id))
    .orderBy(asc(department.code), asc(department.name));
  const parts = rows.map(({ part, name }) => ({
    departmentId: part.departmentId,
    departmentName: name,
    state: part.state,
    stateLabel: PART_STATE_LABELS[part.state],
    reason: part.reason,
    changedAt: part.changedAt.toISOString(),
    changedBy: part.changedBy,
    overdue: cycle.state === 'open' && isOverdue(cycle.deadline, part.state, today),
  }));
  return {
    cycle: {
      ...summaryOf(cycle),
      planName: p.name,
      note: cycle.note,
      openedAt: cycle.openedAt.toISOString(),
      closedAt: cycle.closedAt?.toISOString() ?? null,
      reopenReason: reopenReasonOf(cycle.note),
      version: cycle.version,
    },
    parts,
    counts: PART_STATES.map((state) => ({
      state,
      label: PART_STATE_LABELS[state],
      count: parts.filter((x) => x.state === state).length,
    })),
    overdue: parts.filter((x) => x.overdue).length,
    today,
  };
}

/**
 * Opens a plan's fiscal year: one part per department (未着手) and a notice to their users. A year
 * without any data yet can be opened: that is how a new year starts.
 */
export async function openCycle(
  db: Database,
  scope: Scope,
  input: { planId: number } & Required<OpenCycleInput>,
): Promise<CycleRow> {
  return db.transaction(async (tx) => {
    const p = await findPlan(tx, input.planId);
    if (p.kind === 'strategy' && p.linkedPlanId !== null) {
      const [linked] = await tx.select().from(plan).where(eq(plan.id, p.linkedPlanId));
      throw new BadInputError(
        `総合戦略の指標は総合計画「${linked?.name ?? ''}」の進捗調査で扱います。そちらの計画で開始してください。`,
      );
    }
    // A deadline already past would make every part 期限超過 the moment it is created.
    if (input.deadline < scope.today) {
      throw new BadInputError(
        `提出期限（${formatWarekiDate(input.deadline)}）が過ぎています。今日（${formatWarekiDate(scope.today)}）以降の日付を指定してください。`,
      );
    }
    const year = formatFiscalYear(input.fiscalYear);
    const [existing] = await tx
      .select()
      .from(fiscalCycle)
      .where(and(eq(fiscalCycle.planId, p.id), eq(fiscalCycle.fiscalYear, input.fiscalYear)));
    if (existing) throw new ConflictError(`${year}の進捗調査は既に開始しています`);
    const departments = await departmentsOfPlan(tx, p.id);
    if (departments.length === 0) {
      throw new BadInputError(
        'この計画には担当課が割り当てられた項目も指標もありません。先に「担当課」の画面で割り当ててください。',
      );
    }
    const ctx = ctxOf(scope);
    const cycle = await insertLogged(
      tx,
      fiscalCycle,
      'fiscal_cycle',
      {
        municipalityId: scope.municipalityId,
        planId: p.id,
        fiscalYear: input.fiscalYear,
        deadline: input.deadline,
        note: input.note,
      },
      ctx,
    );
    // A year nobody imported gets its report row here, so its report can be built like any other.
    await ensureYearReport(tx, ctx, p.id, input.fiscalYear);
    for (const departmentId of departments) {
      await insertLogged(
        tx,
        departmentSubmission,
        'department_submission',
        { municipalityId: scope.municipalityId, cycleId: cycle.id, departmentId, changedBy: ctx.actor },
        ctx,
      );
    }
    await notifyDepartments(tx, departments, {
      kind: 'cycle-opened',
      message:
        `${p.name}の${year}の進捗調査が始まりました。提出期限は${formatWarekiDate(input.deadline)}です。` +
        (input.note ? `\n連絡事項: ${input.note}` : ''),
      link: cycleLink(p.id, input.fiscalYear),
    });
    return cycle;
  });
}

async function movePart(
  tx: Database,
  scope: Scope,
  part: PartRow,
  state: PartState,
  reason: string | null,
): Promise<PartRow> {
  const ctx = ctxOf(scope);
  return updateLogged(
    tx,
    departmentSubmission,
    'department_submission',
    part,
    { state, reason, changedAt: new Date(), changedBy: ctx.actor },
    { ...ctx, expectedVersion: part.version },
  );
}

export interface PartMove {
  planId: number;
  fiscalYear: number;
  departmentId: number;
}

/** A department submits its part (提出). A 担当課 user only its own; the planning division on behalf. */
export async function submitPart(db: Database, scope: Scope, move: PartMove): Promise<void> {
  if (scope.role === 'department' && scope.departmentId !== move.departmentId) {
    throw new ForbiddenError('提出できるのは自分の課の分だけです。');
  }
  if (scope.role !== 'department' && scope.role !== 'planning') {
    throw new ForbiddenError('提出できるのは担当課と企画課だけです。');
  }
  await db.transaction(async (tx) => {
    const cycle = await findCycle(tx, move.planId, move.fiscalYear);
    assertOpen(cycle);
    const { part, name } = await findPart(tx, cycle, move.departmentId);
    if (part.state === 'submitted') throw new ConflictError(`${name}の分は既に提出済みです。`);
    if (part.state === 'approved') {
      throw new ConflictError(`${name}の分は承認済みです。直す場合は企画課に差戻しを依頼してください。`);
    }
    await movePart(tx, scope, part, 'submitted', null);
  });
}

/** The planning division returns a submitted (or approved) part with a reason (差戻し). */
export async function returnPart(
  db: Database,
  scope: Scope,
  move: PartMove & { reason: string },
): Promise<void> {
  const reason = move.reason.trim();
  if (!reason) throw new BadInputError('差戻しの理由を入力してください。');
  await db.transaction(async (tx) => {
    const cycle = await findCycle(tx, move.planId, move.fiscalYear);
    assertOpen(cycle);
    const { part, name } = await findPart(tx, cycle, move.departmentId);
    if (part.state !== 'submitted' && part.state !== 'approved') {
      throw new ConflictError(
        `${name}の分は${PART_STATE_LABELS[part.state]}のため差し戻せません（差し戻せるのは提出済か承認済の分です）。`,
      );
    }
    await movePart(tx, scope, part, 'returned', reason);
    const p = await findPlan(tx, cycle.planId);
    await notifyDepartments(tx, [part.departmentId], {
      kind: 'returned',
      message: `${p.name}の${formatFiscalYear(cycle.fiscalYear)}の進捗調査で、${name}の提出が差し戻されました。理由: ${reason}`,
      link: cycleLink(cycle.planId, cycle.fiscalYear),
    });
  });
}

/** The planning division approves a submitted part (承認). */
export async function approvePart(db: Database, scope: Scope, move: PartMove): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await findCycle(tx, move.planId, move.fiscalYear);
    assertOpen(cycle);
    const { part, name } = await findPart(tx, cycle, move.departmentId);
    if (part.state !== 'submitted') {
      throw new ConflictError(
        `${name}の分は${PART_STATE_LABELS[part.state]}のため承認できません（承認できるのは提出済の分です）。`,
      );
    }
    await movePart(tx, scope, part, 'approved', null);
    const p = await findPlan(tx, cycle.planId);
    await notifyDepartments(tx, [part.departmentId], {
      kind: 'approved',
      message: `${p.name}の${formatFiscalYear(cycle.fiscalYear)}の進捗調査で、${name}の提出が承認されました。`,
      link: cycleLink(cycle.planId, cycle.fiscalYear),
    });
  });
}

/** Closes the year (確定) once every part is approved; after it, writes to the year are refused (423). */
export async function closeCycle(
  db: Database,
  scope: Scope,
  planId: number,
  fiscalYear: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await findCycle(tx, planId, fiscalYear);
    if (cycle.state === 'closed')
      throw new ConflictError(`${formatFiscalYear(fiscalYear)}は既に確定しています。`);
    const pending = await tx
      .select({ state: departmentSubmission.state, name: department.name })
      .from(departmentSubmission)
      .innerJoin(department, eq(departmentSubmission.departmentId, department.id))
      .where(eq(departmentSubmission.cycleId, cycle.id))
      .orderBy(asc(department.code));
    const notApproved = pending.filter((p) => p.state !== 'approved');
    if (notApproved.length > 0) {
      throw new ConflictError(
        `承認されていない課があるため確定できません: ${notApproved
          .map((p) => `${p.name}（${PART_STATE_LABELS[p.state]}）`)
          .join('、')}`,
      );
    }
    await updateLogged(
      tx,
      fiscalCycle,
      'fiscal_cycle',
      cycle,
      { state: 'closed', closedAt: new Date() },
      { ...ctxOf(scope), expectedVersion: cycle.version },
    );
  });
}

/**
 * Reopens a closed year (確定の解除) with a reason. The reason is appended to the cycle's note as a
 * line 【確定の解除 date actor】reason, so it stays in the note, in change_log and on the board.
 */
export async function reopenCycle(
  db: Database,
  scope: Scope,
  input: { planId: number; fiscalYear: number; reason: string },
): Promise<void> {
  const reason = input.reason.trim().replace(/\s*\n\s*/g, ' ');
  if (!reason) throw new BadInputError('確定を解除する理由を入力してください。');
  await db.transaction(async (tx) => {
    const cycle = await findCycle(tx, input.planId, input.fiscalYear);
    if (cycle.state !== 'closed') {
      throw new ConflictError(
        `${formatFiscalYear(input.fiscalYear)}は確定していないため、解除するものがありません。`,
      );
    }
    const line = `${REOPEN_MARK} ${formatWarekiDate(scope.today)} ${actorOf(scope)}】${reason}`;
    await updateLogged(
      tx,
      fiscalCycle,
      'fiscal_cycle',
      cycle,
      { state: 'open', closedAt: null, note: cycle.note ? `${cycle.note}\n${line}` : line },
      { ...ctxOf(scope), expectedVersion: cycle.version },
    );
  });
}
