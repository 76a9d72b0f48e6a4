/**
 * @module User and department routes
 * The administrator's user list and the planning division's departments and their assignment.
 * The guard (src/http/guard.ts) has already checked the permission named in ROUTE_ACCESS and opened
 * the municipality's transaction; these routes only validate and call the use cases.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import { DepartmentAssignment } from './contract.ts';
import {
  assignDepartment,
  createDepartment,
  createUser,
  DepartmentView,
  listDepartments,
  listUsers,
  NewDepartmentInput,
  NewUserInput,
  resetPassword,
  UserPatch,
  UserView,
  updateUser,
} from './service.ts';

const id = (name: string) =>
  z.coerce
    .number({ error: `${name} は数字です` })
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { name, in: 'path' } });
const errors = {
  400: jsonResponse(ErrorBody, '入力の誤り'),
  403: jsonResponse(ErrorBody, '権限がない'),
  404: jsonResponse(ErrorBody, '見つからない'),
  409: jsonResponse(ErrorBody, '他の人が先に更新した・重複'),
};

const routes = {
  listUsers: createRoute({
    method: 'get',
    path: '/api/users',
    summary: 'ユーザーの一覧（管理者）',
    responses: { 200: jsonResponse(z.array(UserView), 'ユーザー'), ...errors },
  }),
  createUser: createRoute({
    method: 'post',
    path: '/api/users',
    summary: 'ユーザーの追加（管理者、ローカルアカウント）',
    request: { body: jsonBody(NewUserInput) },
    responses: { 200: jsonResponse(UserView, '追加した'), ...errors },
  }),
  updateUser: createRoute({
    method: 'patch',
    path: '/api/users/{userId}',
    summary: 'ユーザーの氏名・役割・課・メールアドレス・無効化の変更（管理者）',
    request: { params: z.object({ userId: id('userId') }), body: jsonBody(UserPatch) },
    responses: { 200: jsonResponse(UserView, '変更した'), ...errors },
  }),
  resetPassword: createRoute({
    method: 'put',
    path: '/api/users/{userId}/password',
    summary: 'パスワードの再設定（管理者）',
    request: {
      params: z.object({ userId: id('userId') }),
      body: jsonBody(z.object({ password: z.string().max(500) })),
    },
    responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), '再設定した'), ...errors },
  }),
  listDepartments: createRoute({
    method: 'get',
    path: '/api/departments',
    summary: '課の一覧',
    responses: { 200: jsonResponse(z.array(DepartmentView), '課'), ...errors },
  }),
  createDepartment: createRoute({
    method: 'post',
    path: '/api/departments',
    summary: '課の追加（企画）',
    request: { body: jsonBody(NewDepartmentInput) },
    responses: { 200: jsonResponse(DepartmentView, '追加した'), ...errors },
  }),
  assignNode: createRoute({
    method: 'put',
    path: '/api/nodes/{nodeId}/department',
    summary: '施策体系の項目の担当課（企画）。指標は自分の担当課がなければ項目のものを引き継ぐ',
    request: { params: z.object({ nodeId: id('nodeId') }), body: jsonBody(DepartmentAssignment) },
    responses: { 200: jsonResponse(DepartmentAssignment, '設定した'), ...errors },
  }),
  assignKpi: createRoute({
    method: 'put',
    path: '/api/kpis/{kpiId}/department',
    summary: '指標の担当課（企画）',
    request: { params: z.object({ kpiId: id('kpiId') }), body: jsonBody(DepartmentAssignment) },
    responses: { 200: jsonResponse(DepartmentAssignment, '設定した'), ...errors },
  }),
};

export function registerUserRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(routes.listUsers, async (c) => c.json(await listUsers(c.var.db), 200));
  app.openapi(routes.createUser, async (c) =>
    c.json(await createUser(c.var.db, c.var.scope, c.req.valid('json')), 200),
  );
  app.openapi(routes.updateUser, async (c) =>
    c.json(await updateUser(c.var.db, c.var.scope, c.req.valid('param').userId, c.req.valid('json')), 200),
  );
  app.openapi(routes.resetPassword, async (c) => {
    await resetPassword(c.var.db, c.var.scope, c.req.valid('param').userId, c.req.valid('json').password);
    return c.json({ ok: true as const }, 200);
  });
  app.openapi(routes.listDepartments, async (c) => c.json(await listDepartments(c.var.db), 200));
  app.openapi(routes.createDepartment, async (c) =>
    c.json(await createDepartment(c.var.db, c.var.scope, c.req.valid('json')), 200),
  );
  app.openapi(routes.assignNode, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(
      await assignDepartment(c.var.db, c.var.scope, { target: 'node', id: nodeId, ...c.req.valid('json') }),
      200,
    );
  });
  app.openapi(routes.assignKpi, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(
      await assignDepartment(c.var.db, c.var.scope, { target: 'kpi', id: kpiId, ...c.req.valid('json') }),
      200,
    );
  });
}
