/**
 * @module Upload contract
 * What the upload screen sends and gets back for the three uploads (KPI sheet, strategy table,
 * report Markdown): a preview of what would change, or the outcome of applying it. Shared by the
 * routes and the web client (zod only).
 */
import { z } from 'zod';

export const UploadKind = z.enum(['kpi-table', 'strategy-table', 'progress-report']);
export type UploadKind = z.infer<typeof UploadKind>;

/** Japanese names of the uploads, as the screen offers them. */
export const UPLOAD_KIND_LABELS: Record<UploadKind, string> = {
  'kpi-table': 'KPI表（xlsx・CSV）',
  'strategy-table': '総合戦略表（xlsx・CSV）',
  'progress-report': '進捗報告書（Markdown）',
};

/** One field of a changed row: before → after, as text. */
export const FieldChange = z.object({
  field: z.string(),
  before: z.string(),
  after: z.string(),
});
export type FieldChange = z.infer<typeof FieldChange>;

/** One row that would be (or was) added, changed or deleted. */
export const ChangedRow = z.object({
  /** What kind of row: 指標, 実績値, 進捗状況, 施策体系の項目 … */
  what: z.string(),
  /** Which one: 観光客数 令和5年度, 1.2 観光の振興 … */
  label: z.string(),
  fields: z.array(FieldChange),
});
export type ChangedRow = z.infer<typeof ChangedRow>;

/** A cell or line that cannot be taken, with its address (指標!I14, 12行目) and why. */
export const RefusedCell = z.object({
  /** `sheet!A1`, the sheet or file alone, `12行目`, or '' for the whole file. */
  where: z.string(),
  message: z.string(),
});
export type RefusedCell = z.infer<typeof RefusedCell>;

/** A preview (nothing written) or an applied upload. */
export const UploadOutcome = z.object({
  kind: UploadKind,
  fileName: z.string(),
  /** true once written; a preview and a refused apply are false. */
  applied: z.boolean(),
  counts: z.object({
    added: z.number().int(),
    changed: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
  }),
  added: z.array(ChangedRow),
  changed: z.array(ChangedRow),
  deleted: z.array(ChangedRow),
  /** Rows left out of the lists above to keep the answer short (the counts are complete). */
  omitted: z.number().int(),
  refused: z.array(RefusedCell),
  /** Things done as asked that may not be what was meant. */
  warnings: z.array(z.string()),
  /** One sentence for the screen. */
  message: z.string(),
});
export type UploadOutcome = z.infer<typeof UploadOutcome>;
