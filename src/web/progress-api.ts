/**
 * @module Progress texts API client
 * Reading and saving a policy's texts of a year (`GET`/`PUT /api/nodes/:nodeId/progress/:fiscalYear`),
 * checked against the server's contract (src/features/progress/contract.ts). A stale save comes
 * back as a {@link ProgressConflict} carrying both texts, so the editor can show them side by side.
 */
import {
  ProgressTexts,
  ProgressTextsConflict,
  type ProgressTextsInput,
  type ProgressTextsRecord,
} from '../features/progress/contract.ts';
import { getJson } from './api.ts';
import { ApiError, apiFetch, parseJson, serverMessage } from './http.ts';

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
    const body = ProgressTextsConflict.safeParse(await response.json().catch(() => null));
    if (body.success) throw new ProgressConflict(body.data.error, body.data.saved, body.data.yours);
    throw new ApiError('他の人が先に保存したか、提出済みのため保存できませんでした。', 409);
  }
  if (!response.ok) {
    const message = await serverMessage(response);
    throw new ApiError(message ?? `保存できませんでした（HTTP ${response.status}）。`, response.status);
  }
  return parseJson(response, SaveAnswer);
}
