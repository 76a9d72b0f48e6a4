/**
 * @module Report contract
 * What the report screen is told about a year's report before building it: whether it is a draft
 * (案, the year's 進捗調査 still open) or built from a closed year, the council meeting its cover
 * names and how many council comments it would include. Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

export const ReportStatus = z
  .object({
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string().meta({ example: '令和5年度' }),
    planId: z.number().int(),
    /** The plan's 進捗調査 of the year: open, closed (確定), or none (a year imported from files). */
    cycle: z.enum(['open', 'closed', 'none']),
    /** Every page carries 「案」. */
    draft: z.boolean(),
    /** e.g. 確定した年度のデータから作成 / 案（年度未確定） */
    basisLabel: z.string(),
    /** The meeting the cover names; null: the imported report's own text. */
    councilMeeting: z.object({ label: z.string(), dateLabel: z.string() }).nullable(),
    councilComments: z.number().int(),
    answeredComments: z.number().int(),
  })
  .meta({ id: 'ReportStatus' });
export type ReportStatus = z.infer<typeof ReportStatus>;
