/**
 * @module Council contract
 * The shapes of the council API — 審議会 meetings (第N回, 開催日, the fiscal year whose report they
 * review) and 審議会委員の意見 per 基本方針 or KPI with the city's answer (対応) — declared once and
 * shared by the routes (src/features/council/routes.ts) and the web client (src/web/council-api.ts).
 * Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

/** Longest 意見 or 対応 accepted, in characters. */
export const COUNCIL_TEXT_MAX_LENGTH = 2000;
/** Longest council name accepted, in characters. */
export const COUNCIL_NAME_MAX_LENGTH = 100;

const YEAR_ERROR = '年度（fiscalYear）は西暦の年（1900〜2200、例: 2023 = 令和5年度）で指定してください';
const fiscalYear = z
  .number({ error: YEAR_ERROR })
  .int({ error: YEAR_ERROR })
  .min(1900, { error: YEAR_ERROR })
  .max(2200, { error: YEAR_ERROR });
const version = z
  .number({ error: '版（version）は正の整数で指定してください' })
  .int({ error: '版（version）は正の整数で指定してください' })
  .positive({ error: '版（version）は正の整数で指定してください' })
  .max(2_147_483_647, { error: '版（version）は正の整数で指定してください' });

/** A text typed by a person: trimmed, not empty, not too long, no NUL (PostgreSQL refuses it). */
const personText = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください` })
    .trim()
    .min(1, { error: `${label}を入力してください` })
    .max(max, { error: `${label}は${max}文字以内で入力してください` })
    .refine((text) => !text.includes('\u0000'), { error: `${label}に使えない文字（NUL）が含まれています` });

const isoDate = z
  .string({ error: '開催日は YYYY-MM-DD の形で指定してください' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '開催日は YYYY-MM-DD の形で指定してください' })
  .refine(
    (text) =>
      !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
      new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
    {
      error: '開催日が暦にない日付です',
    },
  );

/** A council meeting as screens see it. */
export const CouncilMeetingView = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    fiscalYear: z.number().int().meta({ description: '審議する報告書の年度（実績の年度）' }),
    fiscalYearLabel: z.string().meta({ example: '令和5年度' }),
    number: z.number().int().meta({ description: '第N回' }),
    heldOn: z.string().meta({ description: '開催日 YYYY-MM-DD', example: '2024-12-19' }),
    heldOnLabel: z.string().meta({ example: '令和6年12月19日' }),
    councilName: z.string().meta({ example: '総合計画審議会' }),
    /** e.g. 第6回 総合計画審議会 */
    label: z.string().meta({ example: '第6回 総合計画審議会' }),
    version: z.number().int(),
  })
  .meta({ id: 'CouncilMeeting' });
export type CouncilMeetingView = z.infer<typeof CouncilMeetingView>;

export const CouncilMeetingList = z
  .object({ meetings: z.array(CouncilMeetingView) })
  .meta({ id: 'CouncilMeetingList' });
export type CouncilMeetingList = z.infer<typeof CouncilMeetingList>;

/** A new meeting. */
export const CouncilMeetingInput = z.object({
  fiscalYear,
  number: z
    .number({ error: '回（number）は1以上の整数で指定してください' })
    .int({ error: '回（number）は1以上の整数で指定してください' })
    .min(1, { error: '回（number）は1以上の整数で指定してください' })
    .max(999, { error: '回（number）は999以下で指定してください' }),
  heldOn: isoDate,
  councilName: personText('審議会の名称', COUNCIL_NAME_MAX_LENGTH),
});
export type CouncilMeetingInput = z.infer<typeof CouncilMeetingInput>;

/** A change to a meeting, at the version read. */
export const CouncilMeetingPatch = CouncilMeetingInput.extend({ version });
export type CouncilMeetingPatch = z.infer<typeof CouncilMeetingPatch>;

/** What a comment is about: a node of the plan (基本方針) or a KPI. */
export const CouncilCommentSubject = z.object({
  kind: z.enum(['node', 'kpi']),
  nodeId: z.number().int().nullable(),
  kpiId: z.number().int().nullable(),
  /** e.g. 基本目標 1 ＞ 基本方針1 観光の振興, or 指標「観光客数」 */
  label: z.string(),
});

/** A council member's comment with the city's answer, as screens see it. */
export const CouncilCommentView = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    subject: CouncilCommentSubject,
    authorId: z.number().int(),
    authorName: z.string(),
    body: z.string(),
    createdAt: z.string().meta({ description: 'ISO 8601' }),
    response: z.string().nullable().meta({ description: '対応（未記入なら null）' }),
    respondedBy: z.string().nullable(),
    respondedAt: z.string().nullable(),
    /** 対応済 / 対応を検討中 */
    statusLabel: z.string(),
    /** The signed-in user wrote it and it is unanswered: may edit or delete it. */
    mayEdit: z.boolean(),
    /** The signed-in user may record the answer (the planning division). */
    mayAnswer: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'CouncilComment' });
export type CouncilCommentView = z.infer<typeof CouncilCommentView>;

export const CouncilCommentList = z
  .object({
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    /** The signed-in user may add a comment (審議会委員). */
    mayComment: z.boolean(),
    comments: z.array(CouncilCommentView),
  })
  .meta({ id: 'CouncilCommentList' });
export type CouncilCommentList = z.infer<typeof CouncilCommentList>;

/** A new comment on a node or KPI for a fiscal year. */
export const CouncilCommentInput = z.object({
  fiscalYear,
  body: personText('意見', COUNCIL_TEXT_MAX_LENGTH),
});
export type CouncilCommentInput = z.infer<typeof CouncilCommentInput>;

/** The author's change to an unanswered comment. */
export const CouncilCommentPatch = z.object({ body: personText('意見', COUNCIL_TEXT_MAX_LENGTH), version });
export type CouncilCommentPatch = z.infer<typeof CouncilCommentPatch>;

/** The city's answer (対応) to a comment, at the version read. */
export const CouncilResponseInput = z.object({
  response: personText('対応', COUNCIL_TEXT_MAX_LENGTH),
  version,
});
export type CouncilResponseInput = z.infer<typeof CouncilResponseInput>;

/** Deleting a meeting or comment, at the version read. */
export const VersionInput = z.object({ version });
export type VersionInput = z.infer<typeof VersionInput>;
