/**
 * @module Progress texts contract
 * The shapes of a policy's yearly texts (主な取組内容／実績 and 主な取組／今後の方向性) as the editor
 * reads and writes them: `GET`/`PUT /api/nodes/:nodeId/progress/:fiscalYear`. Declared once, shared
 * by the routes and the web client (zod only, safe to bundle).
 */
import { z } from 'zod';

/** Longest item (characters) and most items per list: a report page, not a document store. */
export const PROGRESS_ITEM_MAX_LENGTH = 2000;
export const PROGRESS_ITEMS_MAX = 100;

/** The texts as saved, with the version the next save must name. */
export const ProgressTextsRecord = z
  .object({
    results: z.array(z.string()),
    directions: z.array(z.string()),
    version: z.number().int(),
  })
  .meta({ id: 'ProgressTextsRecord' });
export type ProgressTextsRecord = z.infer<typeof ProgressTextsRecord>;

/**
 * One node's texts for one fiscal year, for reading and editing: the record (null when nothing is
 * saved yet), the directions written the year before (PDCA: 前年度の方向性 → 今年度の実績) and whether
 * the signed-in user may write it — and if not, why.
 */
export const ProgressTexts = z
  .object({
    nodeId: z.number().int(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string().meta({ example: '令和5年度' }),
    resultsHeading: z.string(),
    directionsHeading: z.string(),
    record: ProgressTextsRecord.nullable().meta({ description: 'まだ登録がなければ null' }),
    previous: z
      .object({
        fiscalYear: z.number().int(),
        fiscalYearLabel: z.string(),
        directionsHeading: z.string(),
        directions: z.array(z.string()),
      })
      .nullable()
      .meta({ description: '前年度に示した「主な取組／今後の方向性」。前年度の登録がなければ null' }),
    retired: z.boolean().meta({ description: '項目が廃止されている（新しい入力は受け付けない）' }),
    yearClosed: z.boolean().meta({ description: 'この年度は確定済み（入力は受け付けない）' }),
    responsibleDepartment: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    mayWrite: z.boolean(),
    writeRefusal: z.string().nullable().meta({ description: '入力できない理由（入力できれば null）' }),
  })
  .meta({ id: 'ProgressTexts' });
export type ProgressTexts = z.infer<typeof ProgressTexts>;

const VERSION_ERROR = '版（version）は整数か null で指定してください';

/** The list of items as sent: each a string (checked for length, emptiness and NUL by the use case). */
const Items = z.array(z.string({ error: '各項目は文字列で指定してください' }), {
  error: '項目の一覧（文字列の配列）で指定してください',
});

/** The body of a save: both lists whole, and the version read (null: nothing was saved yet). */
export const ProgressTextsInput = z
  .strictObject({
    results: Items.meta({ description: '主な取組内容／実績（順序どおり）' }),
    directions: Items.meta({ description: '主な取組／今後の方向性（順序どおり）' }),
    version: z
      .number({ error: VERSION_ERROR })
      .int({ error: VERSION_ERROR })
      .max(2_147_483_647, { error: VERSION_ERROR })
      .nullable()
      .meta({ description: '読み込んだ時点の版。まだ登録がなかったときは null。保存済みの版と違えば 409' }),
  })
  .meta({ id: 'ProgressTextsInput' });
export type ProgressTextsInput = z.infer<typeof ProgressTextsInput>;

/** 409: someone saved first; both texts, so the writer can compare and decide. */
export const ProgressTextsConflict = z
  .object({
    error: z.string(),
    saved: ProgressTextsRecord.nullable().meta({ description: '保存されている内容' }),
    yours: z.object({ results: z.array(z.string()), directions: z.array(z.string()) }).meta({
      description: 'あなたの入力（保存されていない）',
    }),
  })
  .meta({ id: 'ProgressTextsConflict' });
export type ProgressTextsConflict = z.infer<typeof ProgressTextsConflict>;
