/**
 * @module Users and departments (use cases)
 * The administrator's user list (add, role, department, disable, reset password) and the planning
 * division's departments (担当課) with their assignment to plan nodes and KPIs. Every function
 * runs inside a municipality's transaction (src/db/tenant.ts) and logs its change under the
 * signed-in actor; password hashes never reach the log or a response.
 */
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged } from '../../db/history.ts';
import { appUser, department, kpi, planNode } from '../../db/schema.ts';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { ROLE_LABELS, type Role } from '../auth/roles.ts';
import type { DepartmentView, NewDepartmentInput, NewUserInput, UserPatch, UserView } from './contract.ts';

export { DepartmentView, NewDepartmentInput, NewUserInput, UserPatch, UserView } from './contract.ts';

import { actorOf, type Scope } from '../auth/session.ts';

/** A plausible mail address: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ctxOf = (scope: Scope) => ({ municipalityId: scope.municipalityId, actor: actorOf(scope) });

/** The municipality's users, or only the one with `id`. */
export async function listUsers(db: Database, id?: number): Promise<UserView[]> {
  const rows = await db
    .select({ user: appUser, department })
    .from(appUser)
    .leftJoin(department, eq(appUser.departmentId, department.id))
    .where(id === undefined ? undefined : eq(appUser.id, id))
    .orderBy(asc(appUser.username));
  return rows.map(({ user, department: d }) => ({
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    departmentId: user.departmentId,
    departmentName: d?.name ?? null,
    email: user.email,
    provider: user.provider,
    disabled: user.disabled,
    demo: user.demo,
    version: user.version,
  }));
}

async function assertDepartmentFits(db: Database, role: Role, departmentId: number | null | undefined) {
  if (role === 'department' && !departmentId) {
    throw new BadInputError('担当課の役割には所属の課を指定してください');
  }
  if (departmentId) {
    const [d] = await db.select().from(department).where(eq(department.id, departmentId));
    if (!d) throw new BadInputError(`課（ID ${departmentId}）はありません`);
  }
}

/** Adds a local account. */
export async function createUser(
  db: Database,
  scope: Scope,
  input: NewUserInput & { demo?: boolean },
): Promise<UserView> {
  const problem = passwordProblem(input.password);
  if (problem) throw new BadInputError(problem);
  // The HTTP contract checks the address too; the CLI reaches here without it.
  if (input.email && !EMAIL.test(input.email)) {
    throw new BadInputError(
      `メールアドレス「${input.email}」の形式が正しくありません（例: sato@city.example.lg.jp）`,
    );
  }
  await assertDepartmentFits(db, input.role, input.departmentId);
  const [taken] = await db.select().from(appUser).where(eq(appUser.username, input.username));
  if (taken) throw new ConflictError(`ユーザー名「${input.username}」は既に使われています`);
  const row = await insertLogged(
    db,
    appUser,
    'app_user',
    {
      municipalityId: scope.municipalityId,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      departmentId: input.departmentId ?? null,
      email: input.email || null,
      provider: 'local',
      passwordHash: await hashPassword(input.password),
      demo: input.demo ?? false,
    },
    ctxOf(scope),
  );
  return (await listUsers(db, row.id))[0] as UserView;
}

async function findUser(db: Database, id: number) {
  const [row] = await db.select().from(appUser).where(eq(appUser.id, id));
  if (!row) throw new NotFoundError(`ユーザー（ID ${id}）はありません`);
  return row;
}

/** Changes a user's name, role, department or disabled flag, against the version read. */
export async function updateUser(
  db: Database,
  scope: Scope,
  id: number,
  patch: UserPatch,
): Promise<UserView> {
  const before = await findUser(db, id);
  if (id === scope.user.id && (patch.disabled === true || (patch.role && patch.role !== before.role))) {
    throw new ForbiddenError('自分自身の無効化や役割の変更はできません（管理者がいなくならないように）');
  }
  const role = patch.role ?? before.role;
  const departmentId = patch.departmentId !== undefined ? patch.departmentId : before.departmentId;
  await assertDepartmentFits(db, role, departmentId);
  const { version, email, ...rest } = patch;
  // An emptied address is no address.
  const changes = email === undefined ? rest : { ...rest, email: email || null };
  await updateLogged(db, appUser, 'app_user', before, changes, { ...ctxOf(scope), expectedVersion: version });
  return (await listUsers(db, id))[0] as UserView;
}

/** Sets a new password for a local account (the administrator tells the person). */
export async function resetPassword(db: Database, scope: Scope, id: number, password: string): Promise<void> {
  const before = await findUser(db, id);
  if (before.provider !== 'local') {
    throw new BadInputError('ディレクトリのアカウントのパスワードはディレクトリで変更してください');
  }
  const problem = passwordProblem(password);
  if (problem) throw new BadInputError(problem);
  await updateLogged(
    db,
    appUser,
    'app_user',
    before,
    { passwordHash: await hashPassword(password) },
    ctxOf(scope),
  );
}

// ── Departments ─────────────────────────────────────────────────────────────────────────────────

export async function listDepartments(db: Database): Promise<DepartmentView[]> {
  const rows = await db.select().from(department).orderBy(asc(department.code));
  return rows.map((d) => ({ id: d.id, code: d.code, name: d.name, version: d.version }));
}

export async function createDepartment(
  db: Database,
  scope: Scope,
  input: z.infer<typeof NewDepartmentInput>,
): Promise<DepartmentView> {
  const existing = await listDepartments(db);
  if (existing.some((d) => d.code === input.code))
    throw new ConflictError(`課コード「${input.code}」は既にあります`);
  if (existing.some((d) => d.name === input.name))
    throw new ConflictError(`課「${input.name}」は既にあります`);
  const row = await insertLogged(
    db,
    department,
    'department',
    { municipalityId: scope.municipalityId, code: input.code, name: input.name },
    ctxOf(scope),
  );
  return { id: row.id, code: row.code, name: row.name, version: row.version };
}

/**
 * The departments named in imported 担当課 cells, created when new (code = name): the KPI table
 * is how most cities first tell Hoshin who owns what.
 */
export async function ensureDepartmentsByName(
  db: Database,
  ctx: { municipalityId: number; actor: string },
  names: string[],
): Promise<Map<string, number>> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
  const rows = await db.select().from(department).where(eq(department.municipalityId, ctx.municipalityId));
  const byName = new Map(rows.map((d) => [d.name, d.id]));
  for (const name of wanted) {
    if (byName.has(name)) continue;
    const row = await insertLogged(
      db,
      department,
      'department',
      { municipalityId: ctx.municipalityId, code: name, name },
      ctx,
    );
    byName.set(name, row.id);
  }
  return byName;
}

/** Assigns (or clears, with null) the department of a plan node or a KPI. */
export async function assignDepartment(
  db: Database,
  scope: Scope,
  input: { target: 'node' | 'kpi'; id: number; departmentId: number | null; version: number },
): Promise<{ departmentId: number | null; version: number }> {
  if (input.departmentId) {
    const [d] = await db.select().from(department).where(eq(department.id, input.departmentId));
    if (!d) throw new BadInputError(`課（ID ${input.departmentId}）はありません`);
  }
  if (input.target === 'node') {
    const [before] = await db.select().from(planNode).where(eq(planNode.id, input.id));
    if (!before) throw new NotFoundError(`施策体系の項目（ID ${input.id}）はありません`);
    const after = await updateLogged(
      db,
      planNode,
      'plan_node',
      before,
      { departmentId: input.departmentId },
      { ...ctxOf(scope), expectedVersion: input.version },
    );
    return { departmentId: after.departmentId, version: after.version };
  }
  const [before] = await db.select().from(kpi).where(eq(kpi.id, input.id));
  if (!before) throw new NotFoundError(`指標（ID ${input.id}）はありません`);
  const d = input.departmentId
    ? (await db.select().from(department).where(eq(department.id, input.departmentId)))[0]
    : undefined;
  const after = await updateLogged(
    db,
    kpi,
    'kpi',
    before,
    // The KPI's 担当課 text follows its department, so exports and reports name the same one.
    { departmentId: input.departmentId, department: d ? d.name : null },
    { ...ctxOf(scope), expectedVersion: input.version },
  );
  return { departmentId: after.departmentId, version: after.version };
}

/**
 * The department responsible for a KPI: its own, else the nearest node above it that has one.
 * Undefined when the KPI does not exist (in this municipality).
 */
export async function departmentOfKpi(db: Database, kpiId: number): Promise<number | null | undefined> {
  const [row] = await db.select().from(kpi).where(eq(kpi.id, kpiId));
  if (!row) return undefined;
  if (row.departmentId) return row.departmentId;
  let nodeId: number | null = row.nodeId;
  for (let depth = 0; nodeId !== null && depth < 20; depth++) {
    const [node] = await db.select().from(planNode).where(eq(planNode.id, nodeId));
    if (!node) return null;
    if (node.departmentId) return node.departmentId;
    nodeId = node.parentId;
  }
  return null;
}

/**
 * Refuses a write to a KPI's data unless the scope may write it: the planning division any KPI, a
 * department editor only its own department's. An unknown KPI passes (the use case answers 404).
 */
export async function assertMayWriteKpi(db: Database, scope: Scope, kpiId: number): Promise<void> {
  if (scope.role === 'planning') return;
  if (scope.role !== 'department')
    throw new ForbiddenError(`${ROLE_LABELS[scope.role]}の役割では入力できません`);
  const owner = await departmentOfKpi(db, kpiId);
  if (owner === undefined) return;
  if (owner === null || owner !== scope.departmentId) {
    throw new ForbiddenError('この指標は他の課の担当です。入力できるのは自分の課の指標だけです。');
  }
}

/** Who writes a KPI, and whether the scope may: what the KPI page needs to show or hide its forms. */
export interface KpiWriteAccess {
  departmentId: number | null;
  responsibleDepartment: { id: number; name: string } | null;
  mayWrite: boolean;
}

export async function kpiWriteAccess(db: Database, scope: Scope, kpiId: number): Promise<KpiWriteAccess> {
  const [row] = await db.select().from(kpi).where(eq(kpi.id, kpiId));
  const owner = await departmentOfKpi(db, kpiId);
  const [d] = owner ? await db.select().from(department).where(eq(department.id, owner)) : [];
  return {
    departmentId: row?.departmentId ?? null,
    responsibleDepartment: d ? { id: d.id, name: d.name } : null,
    mayWrite:
      scope.role === 'planning' ||
      (scope.role === 'department' && owner != null && owner === scope.departmentId),
  };
}
