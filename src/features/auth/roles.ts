/**
 * @module Roles
 * The five roles of Hoshin and what each may do. A role is data on a user (or mapped from a
 * directory group); every route names the permission it needs, and only this table grants them.
 */

/** 管理者 / 企画 / 担当課 / 審議会委員 / 閲覧. */
export const ROLES = ['administrator', 'planning', 'department', 'council', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** One Japanese label per role, for screens, the CLI and directory role maps. */
export const ROLE_LABELS: Record<Role, string> = {
  administrator: '管理者',
  planning: '企画',
  department: '担当課',
  council: '審議会委員',
  viewer: '閲覧',
};

/**
 * What a request may need:
 * - `read`: the plan, KPIs, progress and reports (every signed-in role);
 * - `write-data`: KPI actuals and statuses — planning for any, department only for its own rows;
 * - `manage-plan`: departments and their assignment to nodes and KPIs (planning division);
 * - `manage-users`: user accounts and settings (administrator);
 * - `comment`: 審議会委員 comment on a 基本方針 or KPI during review.
 */
export const PERMISSIONS = ['read', 'write-data', 'manage-plan', 'manage-users', 'comment'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  administrator: ['read', 'manage-users'],
  planning: ['read', 'write-data', 'manage-plan'],
  department: ['read', 'write-data'],
  council: ['read', 'comment'],
  viewer: ['read'],
};

/** @example can('council', 'write-data') // false */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** A role from its identifier or its Japanese label (管理者, 企画 …); undefined when neither. */
export function parseRole(text: string): Role | undefined {
  const t = text.trim();
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  return ROLES.find((r) => ROLE_LABELS[r] === t);
}
