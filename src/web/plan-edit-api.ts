/**
 * @module Plan editing API client
 * The planning division's edits of the plan (src/features/plan/edit-routes.ts): nodes added,
 * renamed, renumbered, moved, retired; KPI definitions added and changed. Answers are checked
 * against the server's contract; a refusal carries the server's Japanese message (409: someone
 * changed it first).
 */

import { z } from 'zod';
import {
  EditedNode,
  KpiDefinition,
  type KpiDefinitionPatch,
  KpiSetList,
  type NewKpiInput,
  type NewNodeInput,
  type NodePatch,
} from '../features/plan/edit-contract.ts';
import { getJson } from './api.ts';
import { sendJson } from './http.ts';

export type {
  EditedNode,
  KpiDefinition,
  KpiDefinitionPatch,
  KpiSetList,
  NewKpiInput,
  NewNodeInput,
  NodePatch,
};

/** `POST /api/plans/:planId/nodes`. */
export function addNode(planId: number, input: NewNodeInput): Promise<EditedNode> {
  return sendJson('POST', `/api/plans/${planId}/nodes`, input, EditedNode);
}

/** `PATCH /api/nodes/:nodeId`: rename, renumber, move, retire or restore. */
export function updateNode(nodeId: number, patch: NodePatch): Promise<EditedNode> {
  return sendJson('PATCH', `/api/nodes/${nodeId}`, patch, EditedNode);
}

/** `GET /api/plans/:planId/kpi-sets`. */
export function fetchKpiSets(planId: number, signal?: AbortSignal): Promise<KpiSetList> {
  return getJson(`/api/plans/${planId}/kpi-sets`, KpiSetList, signal);
}

/** `GET /api/nodes/:nodeId/kpi-definitions`: the node's own KPIs, retired ones included. */
export function fetchNodeKpiDefinitions(nodeId: number, signal?: AbortSignal): Promise<KpiDefinition[]> {
  return getJson(`/api/nodes/${nodeId}/kpi-definitions`, z.array(KpiDefinition), signal);
}

/** `GET /api/kpis/:kpiId/definition`. */
export function fetchKpiDefinition(kpiId: number, signal?: AbortSignal): Promise<KpiDefinition> {
  return getJson(`/api/kpis/${kpiId}/definition`, KpiDefinition, signal);
}

/** `POST /api/nodes/:nodeId/kpis`. */
export function addKpi(nodeId: number, input: NewKpiInput): Promise<KpiDefinition> {
  return sendJson('POST', `/api/nodes/${nodeId}/kpis`, input, KpiDefinition);
}

/** `PATCH /api/kpis/:kpiId/definition`. */
export function updateKpiDefinition(kpiId: number, patch: KpiDefinitionPatch): Promise<KpiDefinition> {
  return sendJson('PATCH', `/api/kpis/${kpiId}/definition`, patch, KpiDefinition);
}
