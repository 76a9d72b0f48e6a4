/**
 * @module Notify
 * Writes お知らせ: to one user (`notifyUser`, also used by the council feature when a comment is
 * answered) or to every user of some departments. A notice with a `dedupeKey` is written once per
 * user however often it is asked for (reminders). A user with an e-mail address gets the notice
 * mailed too, after the transaction commits (mail.ts).
 *
 * Notices are messages to people, not the city's plan data: they are not written to change_log.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { appUser, notice } from '../../db/schema.ts';
import { NOTICE_KIND_LABELS, type NoticeKind } from './contract.ts';
import { queueMail } from './mail.ts';

export type { NoticeKind };

export interface NoticeInput {
  userId: number;
  kind: NoticeKind;
  message: string;
  /** The app address it points to, e.g. `/?plan=1&year=2023&view=cycle`. */
  link?: string | null;
  /** Once per user: a second notice with the same key is not written (nor mailed). */
  dedupeKey?: string | null;
}

type Recipient = Pick<typeof appUser.$inferSelect, 'id' | 'municipalityId' | 'email' | 'disabled'>;

async function write(db: Database, user: Recipient, input: Omit<NoticeInput, 'userId'>): Promise<boolean> {
  if (user.disabled) return false;
  const rows = await db
    .insert(notice)
    .values({
      municipalityId: user.municipalityId,
      userId: user.id,
      kind: input.kind,
      message: input.message,
      link: input.link ?? null,
      dedupeKey: input.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: notice.id });
  if (rows.length === 0) return false;
  if (user.email) {
    queueMail({
      to: user.email,
      subject: `【Hoshin】${NOTICE_KIND_LABELS[input.kind]}`,
      text: input.message,
      link: input.link ?? null,
    });
  }
  return true;
}

/**
 * Writes a notice to one user of the current municipality; false when there is no such (enabled)
 * user or the dedupe key was already noticed to them.
 * @example await notifyUser(tx, { userId: 7, kind: 'comment-answered', message: '…', link: '/?view=council' });
 */
export async function notifyUser(db: Database, input: NoticeInput): Promise<boolean> {
  const [user] = await db.select().from(appUser).where(eq(appUser.id, input.userId));
  if (!user) return false;
  return write(db, user, input);
}

/** Writes the notice to every enabled 担当課 user of the departments; answers how many were written. */
export async function notifyDepartments(
  db: Database,
  departmentIds: readonly number[],
  input: Omit<NoticeInput, 'userId'>,
): Promise<number> {
  if (departmentIds.length === 0) return 0;
  const users = await db
    .select()
    .from(appUser)
    .where(
      and(
        inArray(appUser.departmentId, [...departmentIds]),
        eq(appUser.role, 'department'),
        eq(appUser.disabled, false),
      ),
    );
  let written = 0;
  for (const user of users) if (await write(db, user, input)) written++;
  return written;
}
