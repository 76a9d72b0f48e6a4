/**
 * @module Route examples
 * A valid example request for every API route (URL with its params and query, body), shared by the
 * route matrix (src/http/access.test.ts) and the route fuzz test (src/http/route-fuzz.test.ts):
 * requests that pass validation, so that a refusal can only come from who is asking — or, in the
 * fuzz test, from the one value it spoiled.
 */
import { SEED_MARKDOWN } from '../services/test-support.ts';

/** The department of the tests' KPI (`tourismDepartmentId`): a part of the year's cycle. */
export const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);

/** Bodies that pass validation, so that a refusal can only come from who is asking. */
export const BODIES: Record<string, unknown> = {
  'POST /api/auth/login': { username: 'nobody', password: 'wrong-password' },
  'PUT /api/kpis/:kpiId/actuals/:fiscalYear': { value: 123, status: 'final' },
  'PUT /api/kpis/:kpiId/administrative-status': { administrativeStatus: null },
  'POST /api/departments': { code: 'matrix', name: '行列テスト課' },
  'POST /api/users': {
    username: 'matrix-user',
    displayName: '行列 太郎',
    role: 'viewer',
    password: 'long-enough-password',
  },
  'PATCH /api/users/:userId': { displayName: '行列 次郎', version: 1 },
  'PUT /api/users/:userId/password': { password: 'another-long-password' },
  // A wrong current password (the test users have none): refused with 400 after validation.
  'PUT /api/me/password': { currentPassword: 'not-the-password', newPassword: 'another-long-password' },
  'PUT /api/nodes/:nodeId/progress/:fiscalYear': {
    results: ['行列テストの実績'],
    directions: [],
    version: null,
  },
  // Under no such node (404): a real new node would make the report upload below refuse the seed.
  'POST /api/plans/:planId/nodes': { parentId: 999999, title: '行列テストの項目' },
  'PATCH /api/nodes/:nodeId': { version: 1 },
  'POST /api/nodes/:nodeId/kpis': { kpiSetId: 999999, name: '行列テストの指標', direction: 'increase' },
  'PATCH /api/kpis/:kpiId/definition': { version: 1 },
  // A deadline far ahead: one before today is refused (400), and the matrix wants the 201 path.
  'POST /api/plans/:planId/cycles': { fiscalYear: 2023, deadline: '2099-09-30', note: '行列テスト' },
  'POST /api/plans/:planId/cycles/:fiscalYear/departments/:departmentId/return': {
    reason: '行列テストの差戻し',
  },
  'POST /api/plans/:planId/cycles/:fiscalYear/reopen': { reason: '行列テストの解除' },
  'POST /api/plans/:planId/council-meetings': {
    fiscalYear: 2023,
    number: 1,
    heldOn: '2024-12-19',
    councilName: '行列テスト審議会',
  },
  'PUT /api/council-meetings/:meetingId': {
    fiscalYear: 2023,
    number: 1,
    heldOn: '2024-12-19',
    councilName: '行列テスト審議会',
    version: 1,
  },
  'POST /api/nodes/:nodeId/council-comments': { fiscalYear: 2023, body: '行列テストの意見' },
  'POST /api/kpis/:kpiId/council-comments': { fiscalYear: 2023, body: '行列テストの意見' },
  'PUT /api/council-comments/:commentId': { body: '行列テストの意見（修正）', version: 1 },
  'PUT /api/council-comments/:commentId/response': { response: '行列テストの対応', version: 1 },
};

export interface Ids {
  planId: number;
  nodeId: number;
  kpiId: number;
  userId: number;
}

export function exampleUrl(method: string, path: string, ids: Ids, tourismDepartmentId: number): string {
  const concrete = path
    .replace(':planId', String(ids.planId))
    .replace(':nodeId', String(ids.nodeId))
    .replace(':kpiId', String(ids.kpiId))
    .replace(':userId', String(ids.userId))
    // The tests' KPI's department (a part of the year's cycle); no such notice: 404 for everyone.
    .replace(':departmentId', String(tourismDepartmentId))
    .replace(':noticeId', '999999')
    // No such meeting or comment: the role's refusal (403) or the use case's 404, never a write.
    .replace(':meetingId', '999999')
    .replace(':commentId', '999999')
    .replace(':fiscalYear', '2023')
    .replace(':year', '2023')
    // The portal: Mine City (the tests' own municipality).
    .replace(':code', '352136')
    // The portal's catch-all: an address under the city that is no page.
    .replace('/*', '/no-such-page')
    // A 基本方針 of the published demo (goal number-policy number).
    .replace(':policy', '1-1');
  const query =
    path === '/api/kpi-table' || path.startsWith('/api/uploads/kpi-table/')
      ? '?fileName=matrix.csv'
      : path.startsWith('/api/uploads/progress-report/')
        ? '?fileName=matrix.md'
        : path === '/api/uploads/department-sheet'
          ? `?planId=${ids.planId}&fiscalYear=2023&departmentId=${tourismDepartmentId}`
          : path === '/api/strategy-table' || path.startsWith('/api/uploads/strategy-table/')
            ? `?fileName=matrix.csv&name=${encodeURIComponent('第2期行列テスト総合戦略')}&levels=${encodeURIComponent('基本目標,具体的な施策')}`
            : path === '/api/reports/:year/file'
              ? '?format=md'
              : path === '/api/kpis/template.xlsx'
                ? `?planId=${ids.planId}`
                : method === 'DELETE' && path.startsWith('/api/council-')
                  ? '?version=1'
                  : method === 'GET' || path.includes('/kpis/')
                    ? '?year=2023'
                    : '';
  return concrete + query;
}

export function exampleInit(key: string, tourismDepartmentId: number): RequestInit {
  const [method] = key.split(' ');
  if (key === 'POST /api/progress-report' || key.startsWith('POST /api/uploads/progress-report/')) {
    return { method, headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: SEED_MARKDOWN };
  }
  if (key === 'POST /api/strategy-table' || key.startsWith('POST /api/uploads/strategy-table/')) {
    return {
      method,
      headers: { 'content-type': 'application/octet-stream' },
      body: csv(['基本目標,具体的な施策', '1 しごと,① 起業支援']),
    };
  }
  if (key === 'POST /api/kpi-table' || key.startsWith('POST /api/uploads/kpi-table/')) {
    // The same row the city already has: an upload that passes validation and changes nothing.
    return {
      method,
      headers: { 'content-type': 'application/octet-stream' },
      body: csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,100',
      ]),
    };
  }
  const body = key.endsWith('/department') ? { departmentId: tourismDepartmentId, version: 1 } : BODIES[key];
  return {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  };
}
