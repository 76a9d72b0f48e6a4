/**
 * @module Council routes
 * 審議会: its meetings (kept by the planning division, read by everyone signed in) and the council
 * members' comments per 基本方針 or KPI with the city's answers (対応). Bodies and answers are the
 * council contract's (contract.ts); only path and query parameters are declared here. Another
 * municipality's ids answer 404 (row-level security hides the rows).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import {
  addComment,
  answerComment,
  deleteComment,
  listPlanComments,
  listSubjectComments,
  updateComment,
} from './comments.ts';
import {
  CouncilCommentInput,
  CouncilCommentList,
  CouncilCommentPatch,
  CouncilCommentView,
  CouncilMeetingInput,
  CouncilMeetingList,
  CouncilMeetingPatch,
  CouncilMeetingView,
  CouncilResponseInput,
} from './contract.ts';
import { createMeeting, deleteMeeting, listMeetings, updateMeeting } from './meetings.ts';

const year = fiscalYearParam('year', 'query');

const versionQuery = z.object({
  version: z.coerce
    .number({ error: '版（version）は正の整数で指定してください' })
    .int({ error: '版（version）は正の整数で指定してください' })
    .positive({ error: '版（version）は正の整数で指定してください' })
    .max(2_147_483_647, { error: '版（version）は正の整数で指定してください' })
    .openapi({ param: { name: 'version', in: 'query' }, example: 1 }),
});

const errors = {
  400: jsonResponse(ErrorBody, '入力の誤り'),
  404: jsonResponse(ErrorBody, 'ない（他の市区町村のものを含む）'),
};
const writeErrors = {
  ...errors,
  403: jsonResponse(ErrorBody, 'この役割・この利用者にはできない'),
  409: jsonResponse(ErrorBody, '他の人が先に更新した、または同じ回がある'),
};

const listMeetingsRoute = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/council-meetings',
  summary: '審議会の開催（第N回・開催日・審議する報告書の年度）の一覧',
  request: {
    params: z.object({ planId: idParam('planId', '計画ID') }),
    query: z.object({ year: year.optional() }),
  },
  responses: { 200: jsonResponse(CouncilMeetingList, '審議会の一覧'), ...errors },
});

const createMeetingRoute = createRoute({
  method: 'post',
  path: '/api/plans/{planId}/council-meetings',
  summary: '審議会の開催を登録する（企画）',
  request: { params: z.object({ planId: idParam('planId', '計画ID') }), body: jsonBody(CouncilMeetingInput) },
  responses: { 201: jsonResponse(CouncilMeetingView, '登録した'), ...writeErrors },
});

const updateMeetingRoute = createRoute({
  method: 'put',
  path: '/api/council-meetings/{meetingId}',
  summary: '審議会の開催を修正する（企画）',
  request: {
    params: z.object({ meetingId: idParam('meetingId', '審議会ID') }),
    body: jsonBody(CouncilMeetingPatch),
  },
  responses: { 200: jsonResponse(CouncilMeetingView, '修正した'), ...writeErrors },
});

const deleteMeetingRoute = createRoute({
  method: 'delete',
  path: '/api/council-meetings/{meetingId}',
  summary: '審議会の開催を削除する（企画）',
  request: { params: z.object({ meetingId: idParam('meetingId', '審議会ID') }), query: versionQuery },
  responses: { 204: { description: '削除した' }, ...writeErrors },
});

const planCommentsRoute = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/council-comments',
  summary: '計画の報告書の年度に寄せられた審議会委員の意見と対応のすべて',
  request: { params: z.object({ planId: idParam('planId', '計画ID') }), query: z.object({ year }) },
  responses: { 200: jsonResponse(CouncilCommentList, '意見の一覧'), ...errors },
});

const nodeCommentsRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/council-comments',
  summary: '基本方針（施策体系の項目）への審議会委員の意見と対応',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), query: z.object({ year }) },
  responses: { 200: jsonResponse(CouncilCommentList, '意見の一覧'), ...errors },
});

const kpiCommentsRoute = createRoute({
  method: 'get',
  path: '/api/kpis/{kpiId}/council-comments',
  summary: '指標への審議会委員の意見と対応',
  request: { params: z.object({ kpiId: idParam('kpiId', '指標ID') }), query: z.object({ year }) },
  responses: { 200: jsonResponse(CouncilCommentList, '意見の一覧'), ...errors },
});

const addNodeCommentRoute = createRoute({
  method: 'post',
  path: '/api/nodes/{nodeId}/council-comments',
  summary: '基本方針に意見を書く（審議会委員）',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), body: jsonBody(CouncilCommentInput) },
  responses: { 201: jsonResponse(CouncilCommentView, '登録した'), ...writeErrors },
});

const addKpiCommentRoute = createRoute({
  method: 'post',
  path: '/api/kpis/{kpiId}/council-comments',
  summary: '指標に意見を書く（審議会委員）',
  request: { params: z.object({ kpiId: idParam('kpiId', '指標ID') }), body: jsonBody(CouncilCommentInput) },
  responses: { 201: jsonResponse(CouncilCommentView, '登録した'), ...writeErrors },
});

const updateCommentRoute = createRoute({
  method: 'put',
  path: '/api/council-comments/{commentId}',
  summary: '自分の意見を修正する（対応の記入前だけ）',
  request: {
    params: z.object({ commentId: idParam('commentId', '意見ID') }),
    body: jsonBody(CouncilCommentPatch),
  },
  responses: { 200: jsonResponse(CouncilCommentView, '修正した'), ...writeErrors },
});

const deleteCommentRoute = createRoute({
  method: 'delete',
  path: '/api/council-comments/{commentId}',
  summary: '自分の意見を取り下げる（対応の記入前だけ）',
  request: { params: z.object({ commentId: idParam('commentId', '意見ID') }), query: versionQuery },
  responses: { 204: { description: '削除した' }, ...writeErrors },
});

const answerRoute = createRoute({
  method: 'put',
  path: '/api/council-comments/{commentId}/response',
  summary: '意見への対応を記入する（企画）。意見を書いた委員にお知らせが届く',
  request: {
    params: z.object({ commentId: idParam('commentId', '意見ID') }),
    body: jsonBody(CouncilResponseInput),
  },
  responses: { 200: jsonResponse(CouncilCommentView, '記入した'), ...writeErrors },
});

/**
 * Adds the council routes to the API application.
 * @example registerCouncilRoutes(app); // inside createApi
 */
export function registerCouncilRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listMeetingsRoute, async (c) => {
    const { planId } = c.req.valid('param');
    const { year: fiscalYear } = c.req.valid('query');
    return c.json({ meetings: await listMeetings(c.var.db, { planId, fiscalYear }) }, 200);
  });
  app.openapi(createMeetingRoute, async (c) => {
    const { planId } = c.req.valid('param');
    return c.json(await createMeeting(c.var.db, c.var.scope, planId, c.req.valid('json')), 201);
  });
  app.openapi(updateMeetingRoute, async (c) => {
    const { meetingId } = c.req.valid('param');
    return c.json(await updateMeeting(c.var.db, c.var.scope, meetingId, c.req.valid('json')), 200);
  });
  app.openapi(deleteMeetingRoute, async (c) => {
    const { meetingId } = c.req.valid('param');
    await deleteMeeting(c.var.db, c.var.scope, meetingId, c.req.valid('query').version);
    return c.body(null, 204);
  });

  app.openapi(planCommentsRoute, async (c) => {
    const { planId } = c.req.valid('param');
    return c.json(await listPlanComments(c.var.db, c.var.scope, planId, c.req.valid('query').year), 200);
  });
  app.openapi(nodeCommentsRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(
      await listSubjectComments(c.var.db, c.var.scope, { nodeId }, c.req.valid('query').year),
      200,
    );
  });
  app.openapi(kpiCommentsRoute, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(
      await listSubjectComments(c.var.db, c.var.scope, { kpiId }, c.req.valid('query').year),
      200,
    );
  });
  app.openapi(addNodeCommentRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(await addComment(c.var.db, c.var.scope, { nodeId }, c.req.valid('json')), 201);
  });
  app.openapi(addKpiCommentRoute, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(await addComment(c.var.db, c.var.scope, { kpiId }, c.req.valid('json')), 201);
  });
  app.openapi(updateCommentRoute, async (c) => {
    const { commentId } = c.req.valid('param');
    return c.json(await updateComment(c.var.db, c.var.scope, commentId, c.req.valid('json')), 200);
  });
  app.openapi(deleteCommentRoute, async (c) => {
    const { commentId } = c.req.valid('param');
    await deleteComment(c.var.db, c.var.scope, commentId, c.req.valid('query').version);
    return c.body(null, 204);
  });
  app.openapi(answerRoute, async (c) => {
    const { commentId } = c.req.valid('param');
    return c.json(await answerComment(c.var.db, c.var.scope, commentId, c.req.valid('json')), 200);
  });
}
