/**
 * @module Publication routes
 * The planning division's side of the public portal: each year's publication state and 更新履歴,
 * publishing a closed year (again, with a reason, after a correction) and unpublishing. The guard
 * has checked the permission (reading: anyone signed in; publishing: the planning division) and
 * opened the municipality's transaction.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { PublicationEvent, PublicationInput, PublicationList } from './contract.ts';
import { listPublications, publishYear, unpublishYear } from './publication.ts';

const PlanParams = z.object({ planId: idParam('planId', '計画ID') });
const YearParams = PlanParams.extend({ fiscalYear: fiscalYearParam('fiscalYear') });

const errors = {
  400: jsonResponse(ErrorBody, '入力の誤り（理由がないなど）'),
  403: jsonResponse(ErrorBody, '権限がない'),
  404: jsonResponse(ErrorBody, '計画がない'),
  409: jsonResponse(ErrorBody, '確定していない・公開されていない・変更がない'),
};

const YEAR_PATH = '/api/plans/{planId}/publications/{fiscalYear}';

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/plans/{planId}/publications',
    summary: '年度ごとの公開状況と更新履歴（新しい年度から）',
    request: { params: PlanParams },
    responses: { 200: jsonResponse(PublicationList, '公開状況'), ...errors },
  }),
  publish: createRoute({
    method: 'post',
    path: YEAR_PATH,
    summary: '確定した年度を公開する（企画）。公開済みの年度をもう一度公開すると訂正版（理由が必要）',
    request: { params: YearParams, body: jsonBody(PublicationInput) },
    responses: { 201: jsonResponse(PublicationEvent, '公開した'), ...errors },
  }),
  unpublish: createRoute({
    method: 'post',
    path: `${YEAR_PATH}/unpublish`,
    summary: '公開を取り下げる（企画、理由が必要）',
    request: { params: YearParams, body: jsonBody(PublicationInput) },
    responses: { 200: jsonResponse(PublicationEvent, '取り下げた'), ...errors },
  }),
};

export function registerPublicationRoutes(app: OpenAPIHono<ApiEnv>): void {
  const ctxOf = (scope: ApiEnv['Variables']['scope']) => ({
    municipalityId: scope.municipalityId,
    actor: actorOf(scope),
  });

  app.openapi(routes.list, async (c) =>
    c.json(await listPublications(c.var.db, c.req.valid('param').planId, c.var.scope.localGovCode), 200),
  );

  app.openapi(routes.publish, async (c) => {
    const { planId, fiscalYear } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return c.json(await publishYear(c.var.db, ctxOf(c.var.scope), { planId, fiscalYear, reason }), 201);
  });

  app.openapi(routes.unpublish, async (c) => {
    const { planId, fiscalYear } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return c.json(await unpublishYear(c.var.db, ctxOf(c.var.scope), { planId, fiscalYear, reason }), 200);
  });
}
