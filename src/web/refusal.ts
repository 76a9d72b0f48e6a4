/**
 * @module Refused saves
 * How a form shows a save the server refused. A 409 is not always "someone saved first": the
 * department's part may be 提出済み (「観光政策課の令和6年度の分は提出済みのため変更できません…」), a
 * name may be taken. So the server's own message is shown as it words it — it says 「他の人が先に…」
 * only for a real version conflict — and the form adds what it did itself (read the latest again).
 */
import type { Outcome } from './FormOutcome.tsx';
import { ApiError } from './http.ts';

/**
 * The outcome of a refused save: 409 is a `conflict` («保存できませんでした：»), anything else an
 * `error`; the text is the server's (or, for a call that never got an answer, the client's own),
 * followed by `reloaded` when the form has read the latest state again after a 409.
 * @example refusalOutcome(new ApiError('観光政策課の令和6年度の分は提出済みのため変更できません。', 409))
 *   // { kind: 'conflict', message: '観光政策課の令和6年度の分は提出済みのため変更できません。' }
 */
export function refusalOutcome(error: unknown, reloaded?: string): Outcome {
  if (!(error instanceof ApiError)) return { kind: 'error', message: '保存できませんでした。' };
  if (error.status !== 409) return { kind: 'error', message: error.message };
  return { kind: 'conflict', message: reloaded ? `${error.message}（${reloaded}）` : error.message };
}
