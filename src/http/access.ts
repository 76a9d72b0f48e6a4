/**
 * @module Route access
 * Every API route, by method and path as the router registers it, with what it takes to call it.
 * One table, read by the guard on each request: a route missing here is refused (403) to everyone,
 * and the route-matrix test (access.test.ts) fails for it, so a new route cannot slip through
 * unguarded.
 */
import type { Permission } from '../features/auth/roles.ts';

/** `public`: no sign-in (it holds no municipality's data); otherwise a signed-in user's permission. */
export type Access = 'public' | Permission;

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/openapi.json': 'public',
  'GET /api/auth/sign-in-options': 'public',
  'GET /api/auth/session': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',

  'GET /api/plans': 'read',
  'GET /api/plans/:planId/tree': 'read',
  'GET /api/nodes/:nodeId/progress': 'read',
  'GET /api/reports/:year/markdown': 'read',
  'GET /api/reports/:year/file': 'read',
  'GET /api/kpis/template.xlsx': 'read',
  'GET /api/plans/:planId/strategy-table': 'read',
  'GET /api/plans/:planId/kpi-summary': 'read',
  'GET /api/nodes/:nodeId/kpis': 'read',
  'GET /api/kpis/:kpiId': 'read',
  'PUT /api/kpis/:kpiId/actuals/:fiscalYear': 'write-data',
  'PUT /api/kpis/:kpiId/administrative-status': 'write-data',

  'POST /api/kpi-table': 'manage-plan',
  'POST /api/progress-report': 'manage-plan',
  'POST /api/strategy-table': 'manage-plan',

  'GET /api/departments': 'read',
  'POST /api/departments': 'manage-plan',
  'PUT /api/nodes/:nodeId/department': 'manage-plan',
  'PUT /api/kpis/:kpiId/department': 'manage-plan',

  'GET /api/users': 'manage-users',
  'POST /api/users': 'manage-users',
  'PATCH /api/users/:userId': 'manage-users',
  'PUT /api/users/:userId/password': 'manage-users',
};

/** The table's key for a route. */
export const accessKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
