/**
 * @module Users and departments contract
 * The shapes of the user and department API, shared by its routes and the web client (zod only:
 * safe to bundle). One declaration per shape.
 */
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../auth/roles.ts';

/** Shortest password a local account accepts. */
export const MIN_PASSWORD_LENGTH = 10;

/** A user as screens and the CLI see it: never the hash. */
export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  /** Where お知らせ are mailed when the server has SMTP_URL; null = in the app only. */
  email: z.string().nullable(),
  provider: z.enum(['local', 'ldap', 'oidc']),
  disabled: z.boolean(),
  demo: z.boolean(),
  version: z.number().int(),
});
export type UserView = z.infer<typeof UserView>;

export const DepartmentView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
});
export type DepartmentView = z.infer<typeof DepartmentView>;

export const USERNAME = /^[A-Za-z0-9._@-]{2,64}$/;

/** An e-mail address, or empty / null for none. */
const Email = z
  .union([
    z.literal(''),
    z.email('メールアドレスの形式が正しくありません（例: sato@city.example.lg.jp）').max(254),
  ])
  .nullable()
  .optional();

/** Input of a new local account. */
export const NewUserInput = z.object({
  username: z.string().regex(USERNAME, 'ユーザー名は半角英数字と . _ @ - の2〜64文字です'),
  displayName: z.string().trim().min(1, '氏名を入力してください').max(100, '氏名は100文字以内です'),
  role: z.enum(ROLES, { error: `役割は ${ROLES.map((r) => ROLE_LABELS[r]).join('・')} のいずれかです` }),
  departmentId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  email: Email,
  password: z.string(),
});
export type NewUserInput = z.infer<typeof NewUserInput>;

/** A change to a user: only the fields given change. */
export const UserPatch = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: z.enum(ROLES).optional(),
  departmentId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  disabled: z.boolean().optional(),
  email: Email,
  version: z.number().int().positive().max(2_147_483_647),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const NewDepartmentInput = z.object({
  code: z.string().trim().min(1, '課コードを入力してください').max(40, '課コードは40文字以内です'),
  name: z.string().trim().min(1, '課の名称を入力してください').max(100, '課の名称は100文字以内です'),
});

/** A department given to (or taken from, with null) a plan node or a KPI, against the version read. */
export const DepartmentAssignment = z.object({
  departmentId: z.number().int().positive().max(2_147_483_647).nullable(),
  version: z.number().int().positive().max(2_147_483_647),
});
