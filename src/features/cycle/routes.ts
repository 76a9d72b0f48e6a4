/**
 * @module Cycle routes
 * 進捗調査 of a plan: the years opened, opening one, the status board, and the moves of a
 * department's part (提出 / 差戻し / 承認) and of the year (確定 / 確定の解除). Every move answers
 * with the board as it now stands. The guard has checked the permission in ROUTE_ACCESS (opening,
 * returning, approving, closing and reopening: the planning division; submitting: whoever writes
 * data, a 担当課 only for its own department) and opened the municipality's transaction.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import { sendDueReminders } from '../notices/reminders.ts';
import { CycleBoard, CycleList, OpenCycleInput, ReasonInput } from './contract.ts';
import {
  approvePart,
  closeCycle,
  listCycles,
  loadBoard,
  openCycle,
  reopenCycle,
  returnPart,
  submitPart,
} from './cycle.ts';

const id = idParam;
const fiscalYear = fiscalYearParam('fiscalYear');

const PlanParams = z.object({ planId: id('planId', '計画ID') });
const YearParams = z.object({ planId: id('planId', '計画ID'), fiscalYear });
const PartParams = YearParams.extend({ departmentId: id('departmentId', '課ID') });

const errors = {
  400: jsonResponse(ErrorBody, '入力の誤り'),
  403: jsonResponse(ErrorBody, '権限がない（他の課の分など）'),
  404: jsonResponse(ErrorBody, '計画・年度・課がない'),
  409: jsonResponse(ErrorBody, 'その状態からはできない操作・他の人が先に更新した'),
  423: jsonResponse(ErrorBody, '年度が確定済み'),
};
const board = (description: string) => jsonResponse(CycleBoard, description);

const YEAR_PATH = '/api/plans/{planId}/cycles/{fiscalYear}';
const PART_PATH = `${YEAR_PATH}/departments/{departmentId}`;

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/plans/{planId}/cycles',
    summary: '計画の進捗調査の一覧（新しい年度から）と、開始できる年度・既定の年度',
    request: { params: PlanParams },
    responses: { 200: jsonResponse(CycleList, '進捗調査'), ...errors },
  }),
  open: createRoute({
    method: 'post',
    path: '/api/plans/{planId}/cycles',
    summary:
      '進捗調査の開始（企画）: 年度・提出期限・連絡事項。担当課ごとの提出（未着手）を作り、担当課に知らせる',
    description: 'データのまだない年度も開始できる（新しい年度はこうして始める）。',
    request: { params: PlanParams, body: jsonBody(OpenCycleInput) },
    responses: { 201: board('開始した'), ...errors },
  }),
  board: createRoute({
    method: 'get',
    path: YEAR_PATH,
    summary: '進捗調査の状況（担当課ごとの状態・最終更新・期限超過）',
    request: { params: YearParams },
    responses: { 200: board('状況'), ...errors },
  }),
  submit: createRoute({
    method: 'post',
    path: `${PART_PATH}/submit`,
    summary: '提出（担当課は自分の課の分だけ、企画は代理で）',
    request: { params: PartParams },
    responses: { 200: board('提出した'), ...errors },
  }),
  return: createRoute({
    method: 'post',
    path: `${PART_PATH}/return`,
    summary: '差戻し（企画、理由が必要）',
    request: { params: PartParams, body: jsonBody(ReasonInput) },
    responses: { 200: board('差し戻した'), ...errors },
  }),
  approve: createRoute({
    method: 'post',
    path: `${PART_PATH}/approve`,
    summary: '承認（企画）',
    request: { params: PartParams },
    responses: { 200: board('承認した'), ...errors },
  }),
  close: createRoute({
    method: 'post',
    path: `${YEAR_PATH}/close`,
    summary: '年度の確定（企画）。すべての課が承認済みのときだけ。確定後はその年度の入力を受け付けない',
    request: { params: YearParams },
    responses: { 200: board('確定した'), ...errors },
  }),
  reopen: createRoute({
    method: 'post',
    path: `${YEAR_PATH}/reopen`,
    summary: '確定の解除（企画、理由が必要。理由は連絡事項と変更履歴に残る）',
    request: { params: YearParams, body: jsonBody(ReasonInput) },
    responses: { 200: board('解除した'), ...errors },
  }),
};

export function registerCycleRoutes(app: OpenAPIHono<ApiEnv>): void {
  const boardOf = (c: { var: ApiEnv['Variables'] }, planId: number, year: number) =>
    loadBoard(c.var.db, planId, year, c.var.scope.today);

  app.openapi(routes.list, async (c) =>
    c.json(await listCycles(c.var.db, c.req.valid('param').planId, c.var.scope.today), 200),
  );

  app.openapi(routes.open, async (c) => {
    const { planId } = c.req.valid('param');
    const body = c.req.valid('json');
    await openCycle(c.var.db, c.var.scope, { planId, ...body });
    return c.json(await boardOf(c, planId, body.fiscalYear), 201);
  });

  app.openapi(routes.board, async (c) => {
    const { planId, fiscalYear: year } = c.req.valid('param');
    // Reminders that have fallen due are written as the board is looked at (idempotent).
    await sendDueReminders(c.var.db, c.var.scope.today);
    return c.json(await boardOf(c, planId, year), 200);
  });

  app.openapi(routes.submit, async (c) => {
    const move = c.req.valid('param');
    await submitPart(c.var.db, c.var.scope, move);
    return c.json(await boardOf(c, move.planId, move.fiscalYear), 200);
  });

  app.openapi(routes.return, async (c) => {
    const move = c.req.valid('param');
    await returnPart(c.var.db, c.var.scope, { ...move, reason: c.req.valid('json').reason });
    return c.json(await boardOf(c, move.planId, move.fiscalYear), 200);
  });

  app.openapi(routes.approve, async (c) => {
    const move = c.req.valid('param');
    await approvePart(c.var.db, c.var.scope, move);
    return c.json(await boardOf(c, move.planId, move.fiscalYear), 200);
  });

  app.openapi(routes.close, async (c) => {
    const { planId, fiscalYear: year } = c.req.valid('param');
    await closeCycle(c.var.db, c.var.scope, planId, year);
    return c.json(await boardOf(c, planId, year), 200);
  });

  app.openapi(routes.reopen, async (c) => {
    const { planId, fiscalYear: year } = c.req.valid('param');
    await reopenCycle(c.var.db, c.var.scope, {
      planId,
      fiscalYear: year,
      reason: c.req.valid('json').reason,
    });
    return c.json(await boardOf(c, planId, year), 200);
  });
}
