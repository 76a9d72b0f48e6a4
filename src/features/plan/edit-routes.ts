/**
 * @module Plan editing routes
 * The planning division's edits of the plan (manage-plan): nodes added, renamed, renumbered, moved,
 * retired; KPI definitions added and changed. Each answers the row as saved with its new version;
 * a stale version is 409 (VersionConflictError), and every change lands in change_log.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import {
  EditedNode,
  KpiDefinition,
  KpiDefinitionPatch,
  KpiSetList,
  NewKpiInput,
  NewNodeInput,
  NodePatch,
} from './edit-contract.ts';
import {
  addKpi,
  addNode,
  kpiDefinition,
  listKpiSets,
  nodeKpiDefinitions,
  updateKpiDefinition,
  updateNode,
} from './plan-edit.ts';

const refusals = {
  400: jsonResponse(ErrorBody, '入力の誤り（番号の重複、階層の違い、廃止された項目など）'),
  404: jsonResponse(ErrorBody, 'ない'),
  409: jsonResponse(ErrorBody, '他の人が先に更新した'),
};

const addNodeRoute = createRoute({
  method: 'post',
  path: '/api/plans/{planId}/nodes',
  summary: '施策体系に項目を追加（企画）',
  request: { params: z.object({ planId: idParam('planId', '計画ID') }), body: jsonBody(NewNodeInput) },
  responses: { 201: jsonResponse(EditedNode, '追加した'), ...refusals },
});

const patchNodeRoute = createRoute({
  method: 'patch',
  path: '/api/nodes/{nodeId}',
  summary: '施策体系の項目の名称・番号・上位の項目（移動）・廃止の変更（企画）',
  description: '番号や上位の項目を変えると、その項目と下位の項目の path も付け直す。',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), body: jsonBody(NodePatch) },
  responses: { 200: jsonResponse(EditedNode, '変更した'), ...refusals },
});

const kpiSetsRoute = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/kpi-sets',
  summary: '計画の指標の区分',
  request: { params: z.object({ planId: idParam('planId', '計画ID') }) },
  responses: { 200: jsonResponse(KpiSetList, '指標の区分'), 404: jsonResponse(ErrorBody, '計画がない') },
});

const addKpiRoute = createRoute({
  method: 'post',
  path: '/api/nodes/{nodeId}/kpis',
  summary: '項目に指標を追加（企画）',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), body: jsonBody(NewKpiInput) },
  responses: { 201: jsonResponse(KpiDefinition, '追加した'), ...refusals },
});

const nodeKpiDefinitionsRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/kpi-definitions',
  summary: '項目自身の指標の定義（廃止を含む、編集用）',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }) },
  responses: {
    200: jsonResponse(z.array(KpiDefinition), '指標の定義'),
    404: jsonResponse(ErrorBody, '項目がない'),
  },
});

const kpiDefinitionRoute = createRoute({
  method: 'get',
  path: '/api/kpis/{kpiId}/definition',
  summary: '指標の定義（編集用、版つき）',
  request: { params: z.object({ kpiId: idParam('kpiId', '指標ID') }) },
  responses: { 200: jsonResponse(KpiDefinition, '指標の定義'), 404: jsonResponse(ErrorBody, '指標がない') },
});

const patchKpiDefinitionRoute = createRoute({
  method: 'patch',
  path: '/api/kpis/{kpiId}/definition',
  summary: '指標の定義（名称・単位・定義・出典・方向・基準値・目標値）と廃止の変更（企画）',
  request: {
    params: z.object({ kpiId: idParam('kpiId', '指標ID') }),
    body: jsonBody(KpiDefinitionPatch),
  },
  responses: { 200: jsonResponse(KpiDefinition, '変更した'), ...refusals },
});

/** The JSON routes whose body must be JSON: otherwise the framework answers in English. */
const JSON_PATHS = [
  '/api/plans/:planId/nodes',
  '/api/nodes/:nodeId',
  '/api/nodes/:nodeId/kpis',
  '/api/kpis/:kpiId/definition',
];

/**
 * The plan editing routes.
 * @example registerPlanEditRoutes(app); // from registerPlanRoutes
 */
export function registerPlanEditRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const path of JSON_PATHS) {
    app.use(path, async (c, next) => {
      if (c.req.method === 'POST' || c.req.method === 'PATCH') {
        try {
          await c.req.json();
        } catch {
          return c.json(
            {
              error: '入力が正しくありません: 本文: JSON で送ってください（Content-Type: application/json）',
            },
            400,
          );
        }
      }
      await next();
    });
  }

  app.openapi(addNodeRoute, async (c) => {
    const { planId } = c.req.valid('param');
    return c.json(await addNode(c.var.db, c.var.scope, planId, c.req.valid('json')), 201);
  });

  app.openapi(patchNodeRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(await updateNode(c.var.db, c.var.scope, nodeId, c.req.valid('json')), 200);
  });

  app.openapi(kpiSetsRoute, async (c) => {
    const { planId } = c.req.valid('param');
    return c.json(await listKpiSets(c.var.db, planId), 200);
  });

  app.openapi(addKpiRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(await addKpi(c.var.db, c.var.scope, nodeId, c.req.valid('json')), 201);
  });

  app.openapi(nodeKpiDefinitionsRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(await nodeKpiDefinitions(c.var.db, nodeId), 200);
  });

  app.openapi(kpiDefinitionRoute, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(await kpiDefinition(c.var.db, kpiId), 200);
  });

  app.openapi(patchKpiDefinitionRoute, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(await updateKpiDefinition(c.var.db, c.var.scope, kpiId, c.req.valid('json')), 200);
  });
}
