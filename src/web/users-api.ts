/**
 * @module Users and departments API client
 * The administrator's user list (add, change role or department, disable, reset a password) and the
 * planning division's departments (担当課) with their assignment to plan nodes and KPIs
 * (src/features/users/routes.ts). Answers are checked against the server's own contract
 * (src/features/users/contract.ts); refusals (400, 403, 404, 409) become an ApiError with the
 * server's Japanese message.
 */
import { z } from 'zod';
import {
  DepartmentAssignment as AssignmentContract,
  DepartmentView,
  MIN_PASSWORD_LENGTH,
  type NewDepartmentInput,
  type NewUserInput,
  type UserPatch,
  UserView,
} from '../features/users/contract.ts';
import { getJson } from './api.ts';
import { sendJson } from './http.ts';

export type { DepartmentView, NewUserInput, UserPatch, UserView };

/** What an assignment sends and answers: the department (null: none) and the row's version. */
export type DepartmentAssignment = z.infer<typeof AssignmentContract>;

/** The hint under a password field, from the server's own minimum. */
export const PASSWORD_HINT = `${MIN_PASSWORD_LENGTH}文字以上。同じ文字だけの並びは使えません。`;

const PasswordReset = z.object({ ok: z.literal(true) });

/** `GET /api/users` (管理者). */
export function fetchUsers(signal?: AbortSignal): Promise<UserView[]> {
  return getJson('/api/users', z.array(UserView), signal);
}

/** `POST /api/users`: a new local account. */
export function createUser(input: NewUserInput): Promise<UserView> {
  return sendJson('POST', '/api/users', input, UserView);
}

/** `PATCH /api/users/:id`: only the fields given change, checked against `version`. */
export function updateUser(userId: number, patch: UserPatch): Promise<UserView> {
  return sendJson('PATCH', `/api/users/${userId}`, patch, UserView);
}

/** `PUT /api/users/:id/password` (local accounts only; at least {@link MIN_PASSWORD_LENGTH} characters). */
export async function resetPassword(userId: number, password: string): Promise<void> {
  await sendJson('PUT', `/api/users/${userId}/password`, { password }, PasswordReset);
}

/** `GET /api/departments`. */
export function fetchDepartments(signal?: AbortSignal): Promise<DepartmentView[]> {
  return getJson('/api/departments', z.array(DepartmentView), signal);
}

/** `POST /api/departments` (企画). */
export function createDepartment(input: z.input<typeof NewDepartmentInput>): Promise<DepartmentView> {
  return sendJson('POST', '/api/departments', input, DepartmentView);
}

/** `PUT /api/nodes/:id/department` (企画), against the node's version as read. */
export function assignNodeDepartment(
  nodeId: number,
  assignment: DepartmentAssignment,
): Promise<DepartmentAssignment> {
  return sendJson('PUT', `/api/nodes/${nodeId}/department`, assignment, AssignmentContract);
}

/** `PUT /api/kpis/:id/department` (企画), against the KPI's version as read. */
export function assignKpiDepartment(
  kpiId: number,
  assignment: DepartmentAssignment,
): Promise<DepartmentAssignment> {
  return sendJson('PUT', `/api/kpis/${kpiId}/department`, assignment, AssignmentContract);
}
