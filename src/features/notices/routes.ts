/**
 * @module Notice routes
 * The signed-in user's お知らせ (GET /api/notices, newest first with the unread count) and marking
 * one read. Reading the list first writes any 提出期限 reminder that has fallen due, so a user sees
 * it even between the server's hourly sweeps.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { idParam } from '../../http/params.ts';
import { ErrorBody, jsonResponse } from '../../http/route-docs.ts';
import { NoticeList } from './contract.ts';
import { sendDueReminders } from './reminders.ts';
import { listNotices, markNoticeRead } from './service.ts';

export interface NoticeRouteOptions {
  now?: () => Date;
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/notices',
    summary: '自分宛てのお知らせ（新しい順、未読の件数つき）',
    responses: { 200: jsonResponse(NoticeList, 'お知らせ') },
  }),
  read: createRoute({
    method: 'post',
    path: '/api/notices/{noticeId}/read',
    summary: 'お知らせを既読にする（自分宛てのものだけ。他の人のものは 404）',
    request: {
      params: z.object({
        noticeId: idParam('noticeId', 'お知らせID'),
      }),
    },
    responses: {
      200: jsonResponse(NoticeList, '既読にした（お知らせの一覧を返す）'),
      400: jsonResponse(ErrorBody, '入力の誤り'),
      404: jsonResponse(ErrorBody, 'お知らせがない'),
    },
  }),
};

export function registerNoticeRoutes(app: OpenAPIHono<ApiEnv>, options: NoticeRouteOptions = {}): void {
  const now = options.now ?? (() => new Date());
  app.openapi(routes.list, async (c) => {
    await sendDueReminders(c.var.db, c.var.scope.today);
    return c.json(await listNotices(c.var.db, c.var.scope), 200);
  });
  app.openapi(routes.read, async (c) => {
    await markNoticeRead(c.var.db, c.var.scope, c.req.valid('param').noticeId, now());
    return c.json(await listNotices(c.var.db, c.var.scope), 200);
  });
}
