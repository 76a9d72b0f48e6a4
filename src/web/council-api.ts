/**
 * @module Council API client
 * Typed calls of the council routes (src/features/council/routes.ts) — meetings, comments and answers
 * — and of the report's status (確定 or 案, the meeting on its cover), checked against the server's
 * own contracts. A refused save becomes an ApiError carrying the server's Japanese message.
 */
import {
  CouncilCommentList,
  CouncilCommentView,
  type CouncilMeetingInput,
  CouncilMeetingList,
  CouncilMeetingView,
} from '../features/council/contract.ts';
import { ReportStatus } from '../features/report/contract.ts';
import { ApiError, getJson } from './api.ts';
import { apiFetch, sendJson, serverMessage } from './http.ts';

export type { CouncilCommentList, CouncilCommentView, CouncilMeetingInput, CouncilMeetingView, ReportStatus };

export type CommentSubject = { nodeId: number } | { kpiId: number };

const subjectPath = (subject: CommentSubject) =>
  'nodeId' in subject ? `/api/nodes/${subject.nodeId}` : `/api/kpis/${subject.kpiId}`;

/** `GET /api/plans/:planId/council-meetings?year=` */
export function fetchMeetings(planId: number, fiscalYear: number | null, signal?: AbortSignal) {
  const query = fiscalYear === null ? '' : `?year=${fiscalYear}`;
  return getJson(`/api/plans/${planId}/council-meetings${query}`, CouncilMeetingList, signal);
}

/** `POST /api/plans/:planId/council-meetings` (企画) */
export function createMeeting(planId: number, input: CouncilMeetingInput) {
  return sendJson('POST', `/api/plans/${planId}/council-meetings`, input, CouncilMeetingView);
}

/** `PUT /api/council-meetings/:id` at the version read (企画) */
export function updateMeeting(id: number, input: CouncilMeetingInput & { version: number }) {
  return sendJson('PUT', `/api/council-meetings/${id}`, input, CouncilMeetingView);
}

/** `DELETE` a meeting or comment at the version read. */
async function remove(path: string, version: number): Promise<void> {
  const response = await apiFetch(`${path}?version=${version}`, { method: 'DELETE' });
  if (!response.ok) {
    throw new ApiError(
      (await serverMessage(response)) ?? `削除できませんでした（HTTP ${response.status}）。`,
      response.status,
    );
  }
}

export const deleteMeeting = (id: number, version: number) => remove(`/api/council-meetings/${id}`, version);

/** Every comment of a plan's report year. */
export function fetchPlanComments(planId: number, fiscalYear: number, signal?: AbortSignal) {
  return getJson(`/api/plans/${planId}/council-comments?year=${fiscalYear}`, CouncilCommentList, signal);
}

/** The comments on one 基本方針 or KPI for a year. */
export function fetchSubjectComments(subject: CommentSubject, fiscalYear: number, signal?: AbortSignal) {
  return getJson(`${subjectPath(subject)}/council-comments?year=${fiscalYear}`, CouncilCommentList, signal);
}

/** A council member's comment (審議会委員). */
export function addComment(subject: CommentSubject, fiscalYear: number, body: string) {
  return sendJson(
    'POST',
    `${subjectPath(subject)}/council-comments`,
    { fiscalYear, body },
    CouncilCommentView,
  );
}

/** The author's change to an own, unanswered comment. */
export function updateComment(id: number, body: string, version: number) {
  return sendJson('PUT', `/api/council-comments/${id}`, { body, version }, CouncilCommentView);
}

export const deleteComment = (id: number, version: number) => remove(`/api/council-comments/${id}`, version);

/** The city's answer (対応) to a comment (企画). */
export function answerComment(id: number, response: string, version: number) {
  return sendJson('PUT', `/api/council-comments/${id}/response`, { response, version }, CouncilCommentView);
}

/** `GET /api/reports/:year/status`: 確定 or 案, the meeting on the cover, the comments it holds. */
export function fetchReportStatus(
  request: { fiscalYear: number; planId: number; municipality?: string },
  signal?: AbortSignal,
) {
  const params = new URLSearchParams({ plan: String(request.planId) });
  if (request.municipality) params.set('municipality', request.municipality);
  return getJson(`/api/reports/${request.fiscalYear}/status?${params}`, ReportStatus, signal);
}
