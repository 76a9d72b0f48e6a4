/**
 * @module Council meetings
 * 審議会 as data: 第N回, its date and the fiscal year whose report it reviews. The planning division
 * keeps them; the report's cover and running heads are taken from the latest meeting of the plan and
 * year (see src/features/report/load.ts). Runs in the request's municipality transaction.
 */
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged } from '../../db/history.ts';
import { deleteLogged } from '../../db/kpi-write.ts';
import { councilMeeting, plan } from '../../db/schema.ts';
import { formatFiscalYear, formatWarekiDate } from '../../domain/calendar/index.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import type { CouncilMeetingInput, CouncilMeetingPatch, CouncilMeetingView } from './contract.ts';

type MeetingRow = typeof councilMeeting.$inferSelect;

/**
 * How a meeting is named on the cover and in running heads.
 * @example meetingLabel({ number: 6, councilName: '総合計画審議会' }) // '第6回 総合計画審議会'
 */
export function meetingLabel(meeting: { number: number; councilName: string }): string {
  return `第${meeting.number}回 ${meeting.councilName}`;
}

export function meetingView(row: MeetingRow): CouncilMeetingView {
  return {
    id: row.id,
    planId: row.planId,
    fiscalYear: row.fiscalYear,
    fiscalYearLabel: formatFiscalYear(row.fiscalYear),
    number: row.number,
    heldOn: row.heldOn,
    heldOnLabel: formatWarekiDate(row.heldOn),
    councilName: row.councilName,
    label: meetingLabel(row),
    version: row.version,
  };
}

async function assertPlan(db: Database, planId: number): Promise<void> {
  const [row] = await db.select({ id: plan.id }).from(plan).where(eq(plan.id, planId));
  if (!row) throw new NotFoundError(`計画（ID ${planId}）はありません`);
}

/** The meetings of a plan, of one fiscal year if given: latest year first, then by 第N回. */
export async function listMeetings(
  db: Database,
  key: { planId: number; fiscalYear?: number | undefined },
): Promise<CouncilMeetingView[]> {
  await assertPlan(db, key.planId);
  const rows = await db
    .select()
    .from(councilMeeting)
    .where(
      and(
        eq(councilMeeting.planId, key.planId),
        key.fiscalYear !== undefined ? eq(councilMeeting.fiscalYear, key.fiscalYear) : undefined,
      ),
    )
    .orderBy(desc(councilMeeting.fiscalYear), asc(councilMeeting.number));
  return rows.map(meetingView);
}

/** The meeting that reviews a plan's report of a fiscal year: the latest (highest 第N回), or none. */
export async function meetingForReport(
  db: Database,
  key: { planId: number; fiscalYear: number },
): Promise<MeetingRow | undefined> {
  const [row] = await db
    .select()
    .from(councilMeeting)
    .where(and(eq(councilMeeting.planId, key.planId), eq(councilMeeting.fiscalYear, key.fiscalYear)))
    .orderBy(desc(councilMeeting.number))
    .limit(1);
  return row;
}

async function assertNumberFree(
  db: Database,
  input: CouncilMeetingInput & { planId: number },
  except?: number,
) {
  const [taken] = await db
    .select({ id: councilMeeting.id })
    .from(councilMeeting)
    .where(
      and(
        eq(councilMeeting.planId, input.planId),
        eq(councilMeeting.fiscalYear, input.fiscalYear),
        eq(councilMeeting.number, input.number),
        except !== undefined ? ne(councilMeeting.id, except) : undefined,
      ),
    );
  if (taken) {
    throw new ConflictError(
      `${formatFiscalYear(input.fiscalYear)}の第${input.number}回はすでに登録されています。回を確かめてください。`,
    );
  }
}

/** Records a meeting of a plan (the planning division). */
export async function createMeeting(
  db: Database,
  scope: Scope,
  planId: number,
  input: CouncilMeetingInput,
): Promise<CouncilMeetingView> {
  await assertPlan(db, planId);
  await assertNumberFree(db, { ...input, planId });
  const row = await insertLogged(
    db,
    councilMeeting,
    'council_meeting',
    { municipalityId: scope.municipalityId, planId, ...input },
    { municipalityId: scope.municipalityId, actor: actorOf(scope) },
  );
  return meetingView(row);
}

async function findMeeting(db: Database, id: number): Promise<MeetingRow> {
  const [row] = await db.select().from(councilMeeting).where(eq(councilMeeting.id, id));
  if (!row) throw new NotFoundError(`審議会（ID ${id}）はありません`);
  return row;
}

/** Changes a meeting at the version read (409 when someone saved first). */
export async function updateMeeting(
  db: Database,
  scope: Scope,
  id: number,
  patch: CouncilMeetingPatch,
): Promise<CouncilMeetingView> {
  const before = await findMeeting(db, id);
  const { version, ...values } = patch;
  await assertNumberFree(db, { ...values, planId: before.planId }, id);
  const after = await updateLogged(db, councilMeeting, 'council_meeting', before, values, {
    municipalityId: scope.municipalityId,
    actor: actorOf(scope),
    expectedVersion: version,
  });
  if (after === before && before.version !== version) {
    // Nothing changed, but the caller read an older version: still a conflict to report.
    throw new ConflictError('他の人が先に更新しました。画面を再読み込みしてください。');
  }
  return meetingView(after);
}

/** Deletes a meeting at the version read. */
export async function deleteMeeting(db: Database, scope: Scope, id: number, version: number): Promise<void> {
  const before = await findMeeting(db, id);
  await deleteLogged(
    db,
    councilMeeting,
    'council_meeting',
    { ...before, version },
    {
      municipalityId: scope.municipalityId,
      actor: actorOf(scope),
    },
  );
}
