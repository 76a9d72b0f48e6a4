/**
 * @module Cycle contract
 * The shapes of the 進捗調査 API (src/features/cycle/routes.ts), shared with the web client
 * (src/web/cycle-api.ts). Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

/** A department's part: 未着手 → 入力中 → 提出済 → (差戻し → 入力中) → 承認済. */
export const PART_STATES = ['not-started', 'in-progress', 'submitted', 'returned', 'approved'] as const;
export type PartState = (typeof PART_STATES)[number];

export const PART_STATE_LABELS: Record<PartState, string> = {
  'not-started': '未着手',
  'in-progress': '入力中',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
};

export const CYCLE_STATES = ['open', 'closed'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export const CYCLE_STATE_LABELS: Record<CycleState, string> = { open: '受付中', closed: '確定' };

/** Longest 連絡事項 and 理由, in characters. */
export const NOTE_MAX = 2000;
export const REASON_MAX = 1000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (text: string) => {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};
const YEAR_MESSAGE = '年度（fiscalYear）は西暦の年（1900〜2200、例: 2023 = 令和5年度）で指定してください';

/** What the planning division sends to open a fiscal year's cycle. */
export const OpenCycleInput = z
  .object({
    fiscalYear: z
      .number({ error: YEAR_MESSAGE })
      .int({ error: YEAR_MESSAGE })
      .min(1900, { error: YEAR_MESSAGE })
      .max(2200, { error: YEAR_MESSAGE }),
    deadline: z
      .string({ error: '提出期限（deadline）を YYYY-MM-DD で指定してください' })
      .regex(ISO_DATE, { error: '提出期限（deadline）を YYYY-MM-DD で指定してください' })
      .refine(isRealDate, { error: '提出期限（deadline）は実在する日付を指定してください' }),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX, { error: `連絡事項（note）は${NOTE_MAX}文字以内で入力してください` })
      .default(''),
  })
  .meta({ id: 'OpenCycleInput' });
export type OpenCycleInput = z.input<typeof OpenCycleInput>;

/** A 差戻し or 確定の解除 needs its reason. */
export const ReasonInput = z
  .object({
    reason: z
      .string({ error: '理由（reason）を入力してください' })
      .trim()
      .min(1, { error: '理由（reason）を入力してください' })
      .max(REASON_MAX, { error: `理由（reason）は${REASON_MAX}文字以内で入力してください` }),
  })
  .meta({ id: 'ReasonInput' });
export type ReasonInput = z.input<typeof ReasonInput>;

export const CycleSummary = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string().meta({ example: '令和5年度' }),
    state: z.enum(CYCLE_STATES),
    stateLabel: z.string().meta({ example: '受付中' }),
    deadline: z.string().meta({ description: '提出期限 YYYY-MM-DD' }),
    deadlineLabel: z.string().meta({ example: '令和6年9月30日' }),
  })
  .meta({ id: 'CycleSummary' });
export type CycleSummary = z.infer<typeof CycleSummary>;

/** The years the open form offers (newest first, none already opened) and the one it starts on. */
export const OpenableYears = z.object({
  openableYears: z.array(
    z.object({ fiscalYear: z.number().int(), fiscalYearLabel: z.string().meta({ example: '令和7年度' }) }),
  ),
  /** The fiscal year that just ended when it has no cycle yet (its results are collected now). */
  defaultYear: z.number().int().nullable(),
});
export type OpenableYears = z.infer<typeof OpenableYears>;

export const CycleList = z
  .object({ cycles: z.array(CycleSummary) })
  .extend(OpenableYears.shape)
  .meta({ id: 'CycleList' });
export type CycleList = z.infer<typeof CycleList>;

export const DepartmentPart = z
  .object({
    departmentId: z.number().int(),
    departmentName: z.string(),
    state: z.enum(PART_STATES),
    stateLabel: z.string().meta({ example: '提出済' }),
    /** 差戻し理由 (kept while the department corrects it). */
    reason: z.string().nullable(),
    changedAt: z.string().meta({ description: '最終更新 ISO 8601' }),
    changedBy: z.string().nullable(),
    /** The deadline has passed and the part is neither submitted nor approved. */
    overdue: z.boolean(),
  })
  .meta({ id: 'DepartmentPart' });
export type DepartmentPart = z.infer<typeof DepartmentPart>;

export const CycleBoard = z
  .object({
    cycle: CycleSummary.extend({
      planName: z.string(),
      note: z.string().meta({ description: '担当課への連絡事項' }),
      openedAt: z.string(),
      closedAt: z.string().nullable(),
      /** Why the year was last reopened after 確定; null when never. */
      reopenReason: z.string().nullable(),
      version: z.number().int(),
    }),
    parts: z.array(DepartmentPart),
    counts: z.array(z.object({ state: z.enum(PART_STATES), label: z.string(), count: z.number().int() })),
    overdue: z.number().int(),
    /** 'yyyy-mm-dd' in Japan, the day the board was read. */
    today: z.string(),
  })
  .meta({ id: 'CycleBoard' });
export type CycleBoard = z.infer<typeof CycleBoard>;
