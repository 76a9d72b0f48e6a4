/**
 * @module History contract
 * The shape of 変更履歴 — who changed what, when, and each changed field before → after — declared
 * once and shared by the routes (src/features/history/routes.ts) and the web client
 * (src/web/history-api.ts). Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

/** Entries per page unless asked otherwise, and the most one page holds. */
export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_PAGE_MAX = 200;

/** A value as shown: a text, a list shown item by item, or null for （なし）. */
export const HistoryValue = z
  .union([z.string(), z.array(z.string())])
  .nullable()
  .meta({ id: 'HistoryValue', description: '表示用の値。箇条書きは配列、値なしは null' });
export type HistoryValue = z.infer<typeof HistoryValue>;

/** One field that differs between before and after. */
export const HistoryChange = z
  .object({
    field: z.string().meta({ description: '項目のキー（results、value …）' }),
    label: z.string().meta({ example: '実績値' }),
    before: HistoryValue,
    after: HistoryValue,
  })
  .meta({ id: 'HistoryChange' });
export type HistoryChange = z.infer<typeof HistoryChange>;

export const HistoryAction = z.enum(['insert', 'update', 'delete']);
export type HistoryAction = z.infer<typeof HistoryAction>;

/** One change_log entry as shown. */
export const HistoryEntry = z
  .object({
    id: z.number().int(),
    changedAt: z.string().meta({ description: 'ISO 8601', example: '2026-12-01T01:00:00.000Z' }),
    changedAtLabel: z.string().meta({ example: '令和8年12月1日 10:00' }),
    actor: z.string().meta({ description: '変更者' }),
    action: HistoryAction,
    actionLabel: z.string().meta({ example: '変更' }),
    table: z.string(),
    tableLabel: z.string().meta({ example: '指標の実績値' }),
    /** What the entry is about within the subject, e.g. 令和5年度. */
    subjectLabel: z.string().meta({ example: '令和5年度' }),
    changes: z.array(HistoryChange),
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A page of entries, newest first; `nextBefore` asks for the next (older) page. */
export const HistoryPage = z
  .object({
    entries: z.array(HistoryEntry),
    nextBefore: z
      .number()
      .int()
      .nullable()
      .meta({ description: '次（より古い）ページの before。なければ null' }),
  })
  .meta({ id: 'HistoryPage' });
export type HistoryPage = z.infer<typeof HistoryPage>;
