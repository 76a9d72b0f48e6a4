/**
 * @module Route access
 * Every API route, by method and path as the router registers it, with what it takes to call it.
 * One table, read by the guard on each request: a route missing here is refused (403) to everyone,
 * and the route-matrix test (access.test.ts) fails for it, so a new route cannot slip through
 * unguarded.
 */
import type { Permission } from '../features/auth/roles.ts';

/**
 * `public`: no sign-in (it holds no municipality's data); `published`: no sign-in, answering only
 * from the published snapshots of the municipality its address names (the portal, /public/…);
 * otherwise a signed-in user's permission.
 */
export type Access = 'public' | 'published' | Permission;

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/openapi.json': 'public',
  'GET /api/auth/sign-in-options': 'public',
  'GET /api/auth/session': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  // Any signed-in user, for their own account only (the session says whose).
  'PUT /api/me/password': 'read',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',

  'GET /api/plans': 'read',
  'GET /api/plans/:planId/tree': 'read',
  'GET /api/nodes/:nodeId/progress': 'read',
  'GET /api/nodes/:nodeId/progress/:fiscalYear': 'read',
  'PUT /api/nodes/:nodeId/progress/:fiscalYear': 'write-data',
  'GET /api/plans/:planId/kpi-sets': 'read',
  'GET /api/kpis/:kpiId/definition': 'read',
  'GET /api/nodes/:nodeId/kpi-definitions': 'read',
  'POST /api/plans/:planId/nodes': 'manage-plan',
  'PATCH /api/nodes/:nodeId': 'manage-plan',
  'POST /api/nodes/:nodeId/kpis': 'manage-plan',
  'PATCH /api/kpis/:kpiId/definition': 'manage-plan',
  'GET /api/reports/:year/markdown': 'read',
  'GET /api/reports/:year/file': 'read',
  'GET /api/kpis/template.xlsx': 'read',
  'GET /api/plans/:planId/strategy-table': 'read',
  'GET /api/plans/:planId/kpi-summary': 'read',
  'GET /api/nodes/:nodeId/kpis': 'read',
  'GET /api/kpis/:kpiId': 'read',
  'GET /api/nodes/:nodeId/history': 'read',
  'GET /api/kpis/:kpiId/history': 'read',
  'GET /api/change-log': 'manage-plan',
  'PUT /api/kpis/:kpiId/actuals/:fiscalYear': 'write-data',
  'PUT /api/kpis/:kpiId/administrative-status': 'write-data',

  'POST /api/kpi-table': 'manage-plan',
  'POST /api/progress-report': 'manage-plan',
  'POST /api/strategy-table': 'manage-plan',
  'POST /api/uploads/kpi-table/preview': 'write-data',
  'POST /api/uploads/kpi-table/apply': 'write-data',
  'POST /api/uploads/strategy-table/preview': 'manage-plan',
  'POST /api/uploads/strategy-table/apply': 'manage-plan',
  'POST /api/uploads/progress-report/preview': 'manage-plan',
  'POST /api/uploads/progress-report/apply': 'manage-plan',
  'GET /api/uploads/department-sheet': 'write-data',

  'GET /api/departments': 'read',
  'POST /api/departments': 'manage-plan',
  'PUT /api/nodes/:nodeId/department': 'manage-plan',
  'PUT /api/kpis/:kpiId/department': 'manage-plan',

  'GET /api/users': 'manage-users',
  'POST /api/users': 'manage-users',
  'PATCH /api/users/:userId': 'manage-users',
  'PUT /api/users/:userId/password': 'manage-users',

  'GET /api/plans/:planId/cycles': 'read',
  'POST /api/plans/:planId/cycles': 'manage-plan',
  'GET /api/plans/:planId/cycles/:fiscalYear': 'read',
  'POST /api/plans/:planId/cycles/:fiscalYear/departments/:departmentId/submit': 'write-data',
  'POST /api/plans/:planId/cycles/:fiscalYear/departments/:departmentId/return': 'manage-plan',
  'POST /api/plans/:planId/cycles/:fiscalYear/departments/:departmentId/approve': 'manage-plan',
  'POST /api/plans/:planId/cycles/:fiscalYear/close': 'manage-plan',
  'POST /api/plans/:planId/cycles/:fiscalYear/reopen': 'manage-plan',
  'GET /api/notices': 'read',
  'POST /api/notices/:noticeId/read': 'read',

  'GET /api/reports/:year/status': 'read',
  'GET /api/plans/:planId/council-meetings': 'read',
  'POST /api/plans/:planId/council-meetings': 'manage-plan',
  'PUT /api/council-meetings/:meetingId': 'manage-plan',
  'DELETE /api/council-meetings/:meetingId': 'manage-plan',
  'GET /api/plans/:planId/council-comments': 'read',
  'GET /api/nodes/:nodeId/council-comments': 'read',
  'GET /api/kpis/:kpiId/council-comments': 'read',
  'POST /api/nodes/:nodeId/council-comments': 'comment',
  'POST /api/kpis/:kpiId/council-comments': 'comment',
  'PUT /api/council-comments/:commentId': 'comment',
  'DELETE /api/council-comments/:commentId': 'comment',
  'PUT /api/council-comments/:commentId/response': 'manage-plan',
  'GET /api/plans/:planId/publications': 'read',
  'POST /api/plans/:planId/publications/:fiscalYear': 'manage-plan',
  'POST /api/plans/:planId/publications/:fiscalYear/unpublish': 'manage-plan',
  // The public portal (src/features/portal).
  'GET /public': 'public',
  'GET /public/': 'public',
  'GET /public/:code': 'published',
  'GET /public/:code/': 'published',
  'GET /public/assets/portal.css': 'public',
  'GET /public/:code/:fiscalYear': 'published',
  'GET /public/:code/:fiscalYear/': 'published',
  'GET /public/:code/:fiscalYear/policies/:policy': 'published',
  'GET /public/:code/:fiscalYear/kpis/:kpiId': 'published',
  'GET /public/:code/:fiscalYear/search': 'published',
  'GET /public/:code/:fiscalYear/history': 'published',
  'GET /public/:code/accessibility': 'published',
  'GET /public/:code/accessibility/results': 'published',
  'GET /public/:code/*': 'published',
  // Open data and embeds (src/features/portal/open-data, src/features/portal/embed).
  'GET /public/:code/data/:fiscalYear/kpis.csv': 'published',
  'GET /public/:code/data/:fiscalYear/kpis-bom.csv': 'published',
  'GET /public/:code/data/:fiscalYear/kpis.json': 'published',
  'GET /public/:code/data/:fiscalYear/kpis.schema.json': 'published',
  'GET /public/:code/data/:fiscalYear/kpis.tableschema.json': 'published',
  'GET /public/:code/data/:fiscalYear/policies.csv': 'published',
  'GET /public/:code/data/:fiscalYear/policies-bom.csv': 'published',
  'GET /public/:code/data/:fiscalYear/policies.json': 'published',
  'GET /public/:code/data/:fiscalYear/policies.schema.json': 'published',
  'GET /public/:code/data/:fiscalYear/policies.tableschema.json': 'published',
  'GET /public/:code/data/:fiscalYear/schema.json': 'published',
  'GET /public/:code/data/datapackage.json': 'published',
  'GET /public/:code/data': 'published',
  'GET /public/:code/data/': 'published',
  'GET /public/:code/:fiscalYear/kpis/:kpiId/chart.svg': 'published',
  'GET /public/:code/embed/:fiscalYear/kpis/:kpiId': 'published',
};

/** The table's key for a route. */
export const accessKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
