/**
 * @module Cycle and notices API client
 * 進捗調査 (src/features/cycle/routes.ts) — the years opened, the status board, opening a year and
 * the moves of a department's part and of the year — and the signed-in user's お知らせ
 * (src/features/notices/routes.ts). Answers are checked against the server's own contracts;
 * refusals (400, 403, 404, 409, 423) become an ApiError with the server's Japanese message.
 */
import {
  CycleBoard,
  CycleList,
  type CycleSummary,
  type DepartmentPart,
  type OpenCycleInput,
} from '../features/cycle/contract.ts';
import { NoticeList, type NoticeView } from '../features/notices/contract.ts';
import { getJson } from './api.ts';
import { sendJson } from './http.ts';

export type { CycleBoard, CycleSummary, DepartmentPart, NoticeList, NoticeView, OpenCycleInput };

const cycles = (planId: number) => `/api/plans/${planId}/cycles`;

/** `GET /api/plans/:planId/cycles`: the years opened, newest first. */
export function fetchCycles(planId: number, signal?: AbortSignal): Promise<CycleList> {
  return getJson(cycles(planId), CycleList, signal);
}

/** `GET /api/plans/:planId/cycles/:fiscalYear`: the status board. */
export function fetchBoard(planId: number, fiscalYear: number, signal?: AbortSignal): Promise<CycleBoard> {
  return getJson(`${cycles(planId)}/${fiscalYear}`, CycleBoard, signal);
}

/** `POST /api/plans/:planId/cycles` (企画): opens a year. */
export function openCycle(planId: number, input: OpenCycleInput): Promise<CycleBoard> {
  return sendJson('POST', cycles(planId), input, CycleBoard);
}

export type PartMove = 'submit' | 'approve' | 'return';

/** A department's part: 提出 (its department or 企画), 承認 or 差戻し with a reason (企画). */
export function movePart(
  planId: number,
  fiscalYear: number,
  departmentId: number,
  move: PartMove,
  reason?: string,
): Promise<CycleBoard> {
  return sendJson(
    'POST',
    `${cycles(planId)}/${fiscalYear}/departments/${departmentId}/${move}`,
    move === 'return' ? { reason } : {},
    CycleBoard,
  );
}

/** 年度を確定 (`close`) or 確定を解除 with a reason (`reopen`), 企画. */
export function moveYear(
  planId: number,
  fiscalYear: number,
  move: 'close' | 'reopen',
  reason?: string,
): Promise<CycleBoard> {
  return sendJson(
    'POST',
    `${cycles(planId)}/${fiscalYear}/${move}`,
    move === 'reopen' ? { reason } : {},
    CycleBoard,
  );
}

/** `GET /api/notices`: the signed-in user's notices, newest first, with the unread count. */
export function fetchNotices(signal?: AbortSignal): Promise<NoticeList> {
  return getJson('/api/notices', NoticeList, signal);
}

/** `POST /api/notices/:id/read`: answers the list as it now stands. */
export function markNoticeRead(noticeId: number): Promise<NoticeList> {
  return sendJson('POST', `/api/notices/${noticeId}/read`, {}, NoticeList);
}
