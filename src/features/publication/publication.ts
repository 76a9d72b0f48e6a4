/**
 * @module Publication
 * The planning division publishes a closed (確定) fiscal year of a plan: an immutable snapshot, a
 * revision number, who and when. Publishing again after a correction makes a new revision with its
 * reason and the list of what changed (更新履歴); unpublishing is an event too. Nothing here
 * updates or deletes a publication row (the database refuses it, migration 0011).
 */
import { and, asc, desc, eq, getTableColumns, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ChangeContext } from '../../db/history.ts';
import { insertLogged } from '../../db/history.ts';
import { fiscalCycle, plan, publication, report } from '../../db/schema.ts';
import { formatFiscalYear, formatWarekiDateTime } from '../../domain/calendar/index.ts';
import { BadInputError, ConflictError, NotFoundError } from '../../errors.ts';
import { describeChanges } from './changes.ts';
import type { PublicationEvent, PublicationList } from './contract.ts';
import { type PublishedSnapshot, SNAPSHOT_FORMAT, takeSnapshot } from './snapshot.ts';

type PublicationRow = typeof publication.$inferSelect;
/** A row without its snapshot: lists never carry the (large) snapshots. */
type PublicationHead = Omit<PublicationRow, 'snapshot'>;

const { snapshot: _snapshot, ...headColumns } = getTableColumns(publication);

/** The address of a municipality's public portal. */
export const portalPath = (localGovCode: string) => `/public/${localGovCode}/`;

/** The public page of a published year. */
export const publicYearPath = (localGovCode: string, fiscalYear: number) =>
  `/public/${localGovCode}/${fiscalYear}/`;

function eventOf(row: PublicationHead): PublicationEvent {
  return {
    revision: row.revision,
    action: row.action,
    reason: row.reason,
    changes: row.changes,
    actedAt: row.actedAt.toISOString(),
    actedAtLabel: formatWarekiDateTime(row.actedAt),
    actedBy: row.actedBy,
  };
}

async function snapshotOf(db: Database, row: PublicationHead): Promise<PublishedSnapshot> {
  const [full] = await db
    .select({ snapshot: publication.snapshot })
    .from(publication)
    .where(eq(publication.id, row.id));
  const snapshot = full?.snapshot as PublishedSnapshot | null;
  if (!snapshot || snapshot.format !== SNAPSHOT_FORMAT) {
    throw new Error(`publication #${row.id}: snapshot format ${snapshot?.format} is not ${SNAPSHOT_FORMAT}`);
  }
  return snapshot;
}

async function eventsOf(db: Database, planId: number, fiscalYear: number): Promise<PublicationHead[]> {
  return db
    .select(headColumns)
    .from(publication)
    .where(and(eq(publication.planId, planId), eq(publication.fiscalYear, fiscalYear)))
    .orderBy(desc(publication.revision));
}

/** Throws NotFoundError when the plan is not the municipality's (row-level security hides it). */
async function requirePlan(db: Database, planId: number): Promise<void> {
  const [p] = await db.select({ id: plan.id }).from(plan).where(eq(plan.id, planId));
  if (!p) throw new NotFoundError('計画が見つかりません');
}

/** Appends one event of a plan year's public life (rows are never changed afterwards). */
async function appendEvent(
  db: Database,
  ctx: ChangeContext,
  event: Pick<
    PublicationRow,
    'planId' | 'fiscalYear' | 'revision' | 'action' | 'reason' | 'changes' | 'snapshot'
  >,
): Promise<PublicationEvent> {
  const row = await insertLogged(
    db,
    publication,
    'publication',
    { municipalityId: ctx.municipalityId, ...event, actedBy: ctx.actor },
    ctx,
  );
  return eventOf(row);
}

async function requireClosedYear(db: Database, planId: number, fiscalYear: number): Promise<void> {
  await requirePlan(db, planId);
  const [cycle] = await db
    .select({ state: fiscalCycle.state })
    .from(fiscalCycle)
    .where(and(eq(fiscalCycle.planId, planId), eq(fiscalCycle.fiscalYear, fiscalYear)));
  if (cycle?.state !== 'closed') {
    throw new ConflictError(
      `${formatFiscalYear(fiscalYear)}は確定していないため公開できません。進捗調査で年度を確定してから公開してください。`,
    );
  }
}

/** The latest event of each plan year. */
async function latestEvents(db: Database): Promise<PublicationHead[]> {
  const rows = await db
    .select(headColumns)
    .from(publication)
    .orderBy(asc(publication.planId), asc(publication.fiscalYear), desc(publication.revision));
  const latest = new Map<string, PublicationHead>();
  for (const row of rows) {
    const key = `${row.planId}:${row.fiscalYear}`;
    if (!latest.has(key)) latest.set(key, row);
  }
  return [...latest.values()];
}

/** The latest event of each plan year whose latest event is a publish: what the public sees. */
async function livePublications(db: Database): Promise<PublicationHead[]> {
  return (await latestEvents(db)).filter((row) => row.action === 'publish');
}

/** A year whose publication was withdrawn and not published again: when and why, for its readers. */
export interface WithdrawnYear {
  withdrawnAt: string;
  reason: string;
}

/**
 * The withdrawal of a year that is not published now, or null (published, or never published): an
 * address citizens had is then explained rather than answered like a typo.
 */
export async function withdrawnYear(db: Database, fiscalYear: number): Promise<WithdrawnYear | null> {
  const events = (await latestEvents(db)).filter((row) => row.fiscalYear === fiscalYear);
  if (events.length === 0 || events.some((row) => row.action === 'publish')) return null;
  const last = events.sort((a, b) => b.actedAt.getTime() - a.actedAt.getTime())[0];
  return last ? { withdrawnAt: last.actedAt.toISOString(), reason: last.reason } : null;
}

/**
 * Publishes a closed year (again). The first publication needs no reason; a correction does, and
 * records what changed. Refused when the year is not closed, when another plan's report is
 * published for the same year (the public address is per year), or when nothing changed.
 */
export async function publishYear(
  db: Database,
  ctx: ChangeContext,
  input: { planId: number; fiscalYear: number; reason: string },
): Promise<PublicationEvent> {
  const { planId, fiscalYear } = input;
  await requireClosedYear(db, planId, fiscalYear);
  const other = (await livePublications(db)).find((r) => r.fiscalYear === fiscalYear && r.planId !== planId);
  if (other) {
    throw new ConflictError(
      `${formatFiscalYear(fiscalYear)}は別の計画の報告が公開されています。先にその公開を取り下げてください。`,
    );
  }
  const events = await eventsOf(db, planId, fiscalYear);
  const lastPublished = events.find((e) => e.action === 'publish');
  const snapshot = await takeSnapshot(db, { municipalityId: ctx.municipalityId, planId, fiscalYear });
  let changes: string[] = [];
  if (lastPublished) {
    changes = describeChanges(await snapshotOf(db, lastPublished), snapshot);
    const live = events[0]?.action === 'publish';
    if (live && changes.length === 0) {
      throw new ConflictError(`前回の公開（第${lastPublished.revision}版）から変更はありません。`);
    }
    if (!input.reason.trim()) {
      throw new BadInputError('再公開（訂正）の理由を入力してください。更新履歴に載ります。');
    }
  }
  return appendEvent(db, ctx, {
    planId,
    fiscalYear,
    revision: (events[0]?.revision ?? 0) + 1,
    action: 'publish',
    reason: input.reason.trim() || '初回の公開',
    changes,
    snapshot,
  });
}

/** Withdraws a published year from the public pages and files, with a reason (logged). */
export async function unpublishYear(
  db: Database,
  ctx: ChangeContext,
  input: { planId: number; fiscalYear: number; reason: string },
): Promise<PublicationEvent> {
  const { planId, fiscalYear } = input;
  await requirePlan(db, planId);
  const events = await eventsOf(db, planId, fiscalYear);
  if (events[0]?.action !== 'publish') {
    throw new ConflictError(`${formatFiscalYear(fiscalYear)}は公開されていません。`);
  }
  if (!input.reason.trim()) throw new BadInputError('公開を取り下げる理由を入力してください。');
  return appendEvent(db, ctx, {
    planId,
    fiscalYear,
    revision: events[0].revision + 1,
    action: 'unpublish',
    reason: input.reason.trim(),
    changes: [],
    snapshot: null,
  });
}

/** The plan's years (with a report or a cycle) and their publication state, newest first. */
export async function listPublications(
  db: Database,
  planId: number,
  localGovCode: string,
): Promise<PublicationList> {
  await requirePlan(db, planId);
  const cycles = await db
    .select({ fiscalYear: fiscalCycle.fiscalYear, state: fiscalCycle.state })
    .from(fiscalCycle)
    .where(eq(fiscalCycle.planId, planId));
  const reports = await db
    .select({ fiscalYear: report.fiscalYear })
    .from(report)
    .where(eq(report.planId, planId));
  const rows = await db
    .select(headColumns)
    .from(publication)
    .where(eq(publication.planId, planId))
    .orderBy(desc(publication.revision));
  const years = [...new Set([...cycles, ...reports, ...rows].map((r) => r.fiscalYear))].sort((a, b) => b - a);
  return {
    portalUrl: portalPath(localGovCode),
    years: years.map((fiscalYear) => {
      const events = rows.filter((r) => r.fiscalYear === fiscalYear);
      const live = events[0]?.action === 'publish' ? events[0] : undefined;
      return {
        fiscalYear,
        yearLabel: formatFiscalYear(fiscalYear),
        cycleState: cycles.find((c) => c.fiscalYear === fiscalYear)?.state ?? null,
        published: live !== undefined,
        publishedRevision: live?.revision ?? null,
        publicUrl: live ? publicYearPath(localGovCode, fiscalYear) : null,
        events: events.map(eventOf),
      };
    }),
  };
}

/** A published year as the portal shows it: the snapshot, its revision and the 更新履歴. */
export interface PublishedYear {
  snapshot: PublishedSnapshot;
  revision: number;
  /** ISO instant of this revision's publication. */
  publishedAt: string;
  /** Newest first: every publish and unpublish of the year, with reasons and changes. */
  history: PublicationEvent[];
}

/** The published fiscal years of the municipality (of the transaction), newest first. */
export async function publishedYears(db: Database): Promise<number[]> {
  return (await livePublications(db)).map((r) => r.fiscalYear).sort((a, b) => b - a);
}

/** The year as published, or null when it is not (never published, or withdrawn). */
export async function publishedYear(db: Database, fiscalYear: number): Promise<PublishedYear | null> {
  const live = (await livePublications(db)).find((r) => r.fiscalYear === fiscalYear);
  if (!live) return null;
  const events = await eventsOf(db, live.planId, fiscalYear);
  return {
    snapshot: await snapshotOf(db, live),
    revision: live.revision,
    publishedAt: live.actedAt.toISOString(),
    history: events.map(eventOf),
  };
}

/** Whether any publication carries a snapshot (for tests and the demo's first start). */
export async function hasPublications(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: publication.id })
    .from(publication)
    .where(isNotNull(publication.snapshot))
    .limit(1);
  return row !== undefined;
}
