/**
 * @module Notices (use cases)
 * The signed-in user's お知らせ, newest first, and marking one read. A user only ever sees and marks
 * their own: another user's notice is "not found", like another city's.
 */
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { notice } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import type { Scope } from '../auth/session.ts';
import { NOTICE_KIND_LABELS, type NoticeList } from './contract.ts';

/** How many notices the list shows (the newest); older ones stay in the database. */
export const NOTICE_LIST_LIMIT = 50;

const own = (scope: Scope) => eq(notice.userId, scope.user.id ?? -1);

/** The signed-in user's notices, newest first, and how many of all their notices are unread. */
export async function listNotices(db: Database, scope: Scope): Promise<NoticeList> {
  const rows = await db
    .select()
    .from(notice)
    .where(own(scope))
    .orderBy(desc(notice.createdAt), desc(notice.id))
    .limit(NOTICE_LIST_LIMIT);
  const [unread] = await db
    .select({ n: count() })
    .from(notice)
    .where(and(own(scope), isNull(notice.readAt)));
  return {
    notices: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      kindLabel: NOTICE_KIND_LABELS[n.kind],
      message: n.message,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
    unread: unread?.n ?? 0,
  };
}

/** Marks one of the signed-in user's notices read (again: no change). */
export async function markNoticeRead(db: Database, scope: Scope, noticeId: number, now: Date): Promise<void> {
  const [row] = await db
    .select()
    .from(notice)
    .where(and(eq(notice.id, noticeId), own(scope)));
  if (!row) throw new NotFoundError(`お知らせ（ID ${noticeId}）はありません`);
  if (row.readAt === null) await db.update(notice).set({ readAt: now }).where(eq(notice.id, row.id));
}
