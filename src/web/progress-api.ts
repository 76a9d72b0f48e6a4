/**
 * @module Progress texts API client
 * Reading and saving a policy's texts of a year (`GET`/`PUT /api/nodes/:nodeId/progress/:fiscalYear`),
 * checked against the server's contract (src/features/progress/contract.ts). A stale save comes
 * back as a {@link ProgressConflict} carrying both texts, so the editor can show them side by side;
 * another 409 (the department's part is 提出済み) carries the server's own message.
 */
import {
  ProgressTexts,
  ProgressTextsConflict,
  type ProgressTextsInput,
  type ProgressTextsRecord,
} from '../features/progress/contract.ts';
import { getJson } from './api.ts';
import { ApiError, apiFetch, errorOf, parseJson, serverMessage } from './http.ts';

export type { ProgressTexts, ProgressTextsInput, ProgressTextsRecord };

import { z } from 'zod';

const SaveAnswer = z.object({ action: z.enum(['created', 'updated', 'unchanged']), texts: ProgressTexts });

/** `GET /api/nodes/:nodeId/progress/:fiscalYear`. */
export function fetchProgressTexts(
  nodeId: number,
  fiscalYear: number,
  signal?: AbortSignal,
): Promise<ProgressTexts> {
  return getJson(`/api/nodes/${nodeId}/progress/${fiscalYear}`, ProgressTexts, signal);
}

/** 409 with what is saved now (null: nothing) and what the writer sent. */
export class ProgressConflict extends ApiError {
  override name = 'ProgressConflict';
  constructor(
    message: string,
    readonly saved: ProgressTextsRecord | null,
    readonly yours: { results: string[]; directions: string[] },
  ) {
    super(message, 409);
  }
}

/** `PUT /api/nodes/:nodeId/progress/:fiscalYear`: both lists whole, against the version read. */
export async function saveProgressTexts(
  nodeId: number,
  fiscalYear: number,
  input: ProgressTextsInput,
): Promise<z.infer<typeof SaveAnswer>> {
  const response = await apiFetch(`/api/nodes/${nodeId}/progress/${fiscalYear}`, {
    method: 'PUT',
    body: input,
  });
  if (response.status === 409) {
    const json: unknown = await response.json().catch(() => null);
    const body = ProgressTextsConflict.safeParse(json);
    if (body.success) throw new ProgressConflict(body.data.error, body.data.saved, body.data.yours);
    // Any other 409 (the department's part is 提出済み) in the server's own words.
    throw new ApiError(errorOf(json) ?? '保存できませんでした（HTTP 409）。', 409);
  }
  if (!response.ok) {
    const message = await serverMessage(response);
    throw new ApiError(message ?? `保存できませんでした（HTTP ${response.status}）。`, response.status);
  }
  return parseJson(response, SaveAnswer);
}
