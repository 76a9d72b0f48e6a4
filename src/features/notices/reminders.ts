/**
 * @module Deadline reminders
 * 提出期限 reminders for the open cycles: 7 days before the deadline (期限が近い) and once it has
 * passed (期限超過), to the users of each department whose part is not yet submitted or approved.
 * Each reminder is written once per user and cycle (the notice's dedupe key), so the sweep may run
 * as often as convenient: when the status board or a notice list is read, and every hour from the
 * server (runReminderSweep).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { department, departmentSubmission, fiscalCycle, municipality, plan } from '../../db/schema.ts';
import { asApp, withTenant } from '../../db/tenant.ts';
import { formatFiscalYear, formatWarekiDate, japanDateOf } from '../../domain/calendar/index.ts';
import { collectMail, deliver, type Mailer } from './mail.ts';
import { notifyDepartments } from './notify.ts';

/** How many days before the deadline the reminder goes out. */
export const REMIND_DAYS_BEFORE = 7;

/** Whole days from `from` to `to` (ISO dates): calendar days, no time of day involved. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Writes the due reminders of the current municipality's open cycles for `today` ('yyyy-mm-dd' in
 * Japan); answers how many notices were written (0 when run again the same day).
 * @example await sendDueReminders(tx, '2024-09-25');
 */
export async function sendDueReminders(db: Database, today: string): Promise<number> {
  const cycles = await db
    .select({ cycle: fiscalCycle, planName: plan.name })
    .from(fiscalCycle)
    .innerJoin(plan, eq(fiscalCycle.planId, plan.id))
    .where(eq(fiscalCycle.state, 'open'));
  let written = 0;
  for (const { cycle, planName } of cycles) {
    const days = daysBetween(today, cycle.deadline);
    if (days > REMIND_DAYS_BEFORE) continue;
    const kind = days < 0 ? 'overdue' : 'deadline-near';
    const late = await db
      .select({ departmentId: departmentSubmission.departmentId, name: department.name })
      .from(departmentSubmission)
      .innerJoin(department, eq(departmentSubmission.departmentId, department.id))
      .where(
        and(
          eq(departmentSubmission.cycleId, cycle.id),
          inArray(departmentSubmission.state, ['not-started', 'in-progress', 'returned']),
        ),
      );
    const year = formatFiscalYear(cycle.fiscalYear);
    const deadline = formatWarekiDate(cycle.deadline);
    for (const part of late) {
      const message =
        kind === 'overdue'
          ? `${planName}の${year}の進捗調査は提出期限（${deadline}）を過ぎています。${part.name}の分を入力して提出してください。`
          : `${planName}の${year}の進捗調査の提出期限は${deadline}です（あと${days}日）。${part.name}の分の提出をお願いします。`;
      written += await notifyDepartments(db, [part.departmentId], {
        kind,
        message,
        link: `/?plan=${cycle.planId}&year=${cycle.fiscalYear}&view=cycle`,
        dedupeKey: `${kind}:${cycle.id}:${part.departmentId}`,
      });
    }
  }
  return written;
}

/**
 * The server's hourly sweep: the due reminders of every municipality, each in its own transaction
 * confined to it, their mail sent after it commits. A failure is logged, never thrown.
 */
export async function runReminderSweep(db: Database, now: Date, mailer?: Mailer): Promise<number> {
  const today = japanDateOf(now);
  let written = 0;
  try {
    const cities = await asApp(db, {}, (tx) => tx.select({ id: municipality.id }).from(municipality));
    for (const city of cities) {
      const { result, mail } = await collectMail(() =>
        withTenant(db, city.id, (tx) => sendDueReminders(tx, today)),
      );
      written += result;
      await deliver(mailer, mail);
    }
  } catch (error) {
    console.warn(`提出期限のお知らせを作成できませんでした: ${(error as Error).message}`);
  }
  return written;
}
