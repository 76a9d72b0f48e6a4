/**
 * @module Publication contract
 * The shapes of the publication API (src/features/publication/routes.ts), shared with the web
 * client. Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

/** Longest 理由, in characters. */
export const PUBLICATION_REASON_MAX = 1000;

export const PUBLICATION_ACTION_LABELS = { publish: '公開', unpublish: '公開の取り下げ' } as const;

/** What the planning division sends to publish (again) or unpublish a year. */
export const PublicationInput = z.object({
  reason: z
    .string({ error: '理由は文字列で指定してください' })
    .trim()
    .max(PUBLICATION_REASON_MAX, { error: `理由は${PUBLICATION_REASON_MAX}文字以内で入力してください` })
    .default(''),
});
export type PublicationInput = z.infer<typeof PublicationInput>;

/** One event of a year's public life: a revision published, or the year unpublished. */
export const PublicationEvent = z.object({
  revision: z.number().int(),
  action: z.enum(['publish', 'unpublish']),
  reason: z.string(),
  changes: z.array(z.string()),
  /** ISO instant */
  actedAt: z.string(),
  /** e.g. 令和8年12月1日 10:05 */
  actedAtLabel: z.string(),
  actedBy: z.string(),
});
export type PublicationEvent = z.infer<typeof PublicationEvent>;

/** A plan's fiscal year as the publication screen shows it. */
export const PublicationYear = z.object({
  fiscalYear: z.number().int(),
  /** e.g. 令和5年度 */
  yearLabel: z.string(),
  /** The year's 進捗調査: 確定 is required to publish. */
  cycleState: z.enum(['open', 'closed']).nullable(),
  published: z.boolean(),
  /** The revision citizens see (第N版), or null. */
  publishedRevision: z.number().int().nullable(),
  /** The public page of the year, while published. */
  publicUrl: z.string().nullable(),
  /** Newest first. */
  events: z.array(PublicationEvent),
});
export type PublicationYear = z.infer<typeof PublicationYear>;

export const PublicationList = z.object({
  /** The municipality's portal, e.g. /public/352136/ */
  portalUrl: z.string(),
  years: z.array(PublicationYear),
});
export type PublicationList = z.infer<typeof PublicationList>;
