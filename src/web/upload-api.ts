/**
 * @module Upload API (client)
 * The upload screen's calls: send a file for a preview (nothing written) or to apply it, and the
 * address of a department's own sheet. Answers are checked against the server's contract
 * (src/features/uploads/contract.ts).
 */
import { type UploadKind, UploadOutcome } from '../features/uploads/contract.ts';
import { ApiError, apiFetch, parseJson, serverMessage } from './http.ts';

export type { UploadKind, UploadOutcome };

/** What the screen sends besides the file. */
export interface UploadTarget {
  kind: UploadKind;
  file: File;
  planId: number;
  /** 総合戦略表: the strategy's name, and the levels when it is new. */
  strategyName?: string;
  levels?: string;
}

function uploadPath(target: UploadTarget, step: 'preview' | 'apply'): string {
  const params = new URLSearchParams({ fileName: target.file.name });
  if (target.kind === 'kpi-table') params.set('planId', String(target.planId));
  if (target.kind === 'strategy-table') {
    params.set('name', target.strategyName ?? '');
    if (target.levels) params.set('levels', target.levels);
  }
  return `/api/uploads/${target.kind}/${step}?${params}`;
}

/**
 * Sends the file for a preview or to apply it. A refused apply (400 with every refused cell) is an
 * outcome, not an error: the screen lists the cells.
 */
export async function sendUpload(target: UploadTarget, step: 'preview' | 'apply'): Promise<UploadOutcome> {
  const response = await apiFetch(uploadPath(target, step), { method: 'POST', file: target.file });
  if (response.ok) return parseJson(response, UploadOutcome);
  const copy = response.clone();
  const refused = UploadOutcome.safeParse(await response.json().catch(() => undefined));
  if (refused.success) return refused.data;
  const message = await serverMessage(copy);
  throw new ApiError(message ?? `取り込めませんでした（HTTP ${response.status}）。`, response.status);
}

/** The address of a department's own sheet (a department gets its own; planning names one). */
export function departmentSheetUrl(planId: number, fiscalYear: number, departmentId?: number): string {
  const params = new URLSearchParams({ planId: String(planId), fiscalYear: String(fiscalYear) });
  if (departmentId !== undefined) params.set('departmentId', String(departmentId));
  return `/api/uploads/department-sheet?${params}`;
}
