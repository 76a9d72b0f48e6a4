/**
 * @module Publication API client
 * 公開 (src/features/publication/routes.ts): each year's publication state and 更新履歴, publishing a
 * closed year (again, as a correction with a reason) and withdrawing it. Answers are checked against
 * the server's own contract; refusals (400, 403, 404, 409) become an ApiError with the server's
 * Japanese message.
 */
import {
  PUBLICATION_REASON_MAX,
  PublicationEvent,
  PublicationList,
  type PublicationYear,
} from '../features/publication/contract.ts';
import { getJson } from './api.ts';
import { sendJson } from './http.ts';

export type { PublicationEvent, PublicationList, PublicationYear };
export { PUBLICATION_REASON_MAX };

const publications = (planId: number) => `/api/plans/${planId}/publications`;

/** `GET /api/plans/:planId/publications`: the plan's years, newest first, with their 更新履歴. */
export function fetchPublications(planId: number, signal?: AbortSignal): Promise<PublicationList> {
  return getJson(publications(planId), PublicationList, signal);
}

/**
 * `POST /api/plans/:planId/publications/:fiscalYear` (企画): publishes a closed year; for a year
 * published before, a correction whose reason goes to the 更新履歴.
 */
export function publishYear(planId: number, fiscalYear: number, reason: string): Promise<PublicationEvent> {
  return sendJson('POST', `${publications(planId)}/${fiscalYear}`, { reason }, PublicationEvent);
}

/** `POST …/:fiscalYear/unpublish` (企画): withdraws the year from the public pages, with a reason. */
export function unpublishYear(planId: number, fiscalYear: number, reason: string): Promise<PublicationEvent> {
  return sendJson('POST', `${publications(planId)}/${fiscalYear}/unpublish`, { reason }, PublicationEvent);
}
