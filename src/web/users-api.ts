/**
 * @module Users and departments API client
 * The administrator's user list (add, change role or department, disable, reset a password) and the
 * planning division's departments (担当課) with their assignment to KPIs (src/features/users/routes.ts).
 * Refusals (400, 403, 404, 409) become an ApiError with the server's Japanese message.
 *
 * The shapes are the server's own (src/features/users/service.ts). They are imported as types only:
 * that module also holds the use cases, which import the database, and would pull drizzle and
 * node:crypto into the browser bundle. Once the schemas live in a contract module of their own (as
 * src/features/auth/contract.ts does), `unchecked` below gives way to them.
 */
import type { DepartmentView, NewUserInput, UserPatch, UserView } from '../features/users/service.ts';
import { getJson } from './api.ts';
import { type Contract, sendJson } from './http.ts';

export type { DepartmentView, NewUserInput, UserPatch, UserView };

/** The server's answer taken as its declared type (see the module note). */
function unchecked<T>(): Contract<T> {
  return {
    safeParse: (value: unknown) =>
      value === undefined || value === null ? { success: false } : { success: true, data: value as T },
  };
}

/** `GET /api/users` (管理者). */
export function fetchUsers(signal?: AbortSignal): Promise<UserView[]> {
  return getJson('/api/users', unchecked<UserView[]>(), signal);
}

/** `POST /api/users`: a new local account. */
export function createUser(input: NewUserInput): Promise<UserView> {
  return sendJson('POST', '/api/users', input, unchecked<UserView>());
}

/** `PATCH /api/users/:id`: only the fields given change, checked against `version`. */
export function updateUser(userId: number, patch: UserPatch): Promise<UserView> {
  return sendJson('PATCH', `/api/users/${userId}`, patch, unchecked<UserView>());
}

/** `PUT /api/users/:id/password` (local accounts only; at least 10 characters). */
export async function resetPassword(userId: number, password: string): Promise<void> {
  await sendJson('PUT', `/api/users/${userId}/password`, { password }, unchecked<{ ok: true }>());
}

/** `GET /api/departments`. */
export function fetchDepartments(signal?: AbortSignal): Promise<DepartmentView[]> {
  return getJson('/api/departments', unchecked<DepartmentView[]>(), signal);
}

/** `POST /api/departments` (企画). */
export function createDepartment(input: { code: string; name: string }): Promise<DepartmentView> {
  return sendJson('POST', '/api/departments', input, unchecked<DepartmentView>());
}

/** What an assignment answers: the department now set and the row's new version. */
export interface DepartmentAssignment {
  departmentId: number | null;
  version: number;
}

/** `PUT /api/kpis/:id/department` (企画), against the KPI's version as read. */
export function assignKpiDepartment(
  kpiId: number,
  assignment: DepartmentAssignment,
): Promise<DepartmentAssignment> {
  return sendJson('PUT', `/api/kpis/${kpiId}/department`, assignment, unchecked<DepartmentAssignment>());
}
