/**
 * @module Sign-in contract
 * The shapes of the sign-in API, shared by its routes and the web client (one declaration each).
 */
import { z } from 'zod';
import { ROLES } from './roles.ts';

export const SignInOptions = z.object({
  municipalities: z.array(z.object({ localGovCode: z.string(), name: z.string() })),
  methods: z.array(z.enum(['local', 'ldap', 'oidc'])),
  /** Listed while demo accounts exist, so a visitor of the demo can sign in; empty otherwise. */
  demoAccounts: z.array(
    z.object({
      localGovCode: z.string(),
      username: z.string(),
      displayName: z.string(),
      roleLabel: z.string(),
      departmentName: z.string().nullable(),
    }),
  ),
  demoPassword: z.string().nullable(),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

export const SignInInput = z.object({
  municipality: z.string().max(10).optional(),
  username: z.string().trim().min(1, 'ユーザー名を入力してください').max(200),
  password: z.string().min(1, 'パスワードを入力してください').max(500),
  method: z.enum(['local', 'ldap']).default('local'),
});
export type SignInInput = z.input<typeof SignInInput>;

export const SessionView = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false) }),
  z.object({
    signedIn: z.literal(true),
    user: z.object({ id: z.number().int().nullable(), username: z.string(), displayName: z.string() }),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    departmentId: z.number().int().nullable(),
    departmentName: z.string().nullable(),
    municipality: z.object({ localGovCode: z.string(), name: z.string() }),
    /** Send back in X-CSRF-Token with every state-changing request. */
    csrfToken: z.string(),
  }),
]);
export type SessionView = z.infer<typeof SessionView>;

/**
 * A signed-in user's change of their own password (local accounts). Who is changing it comes from
 * the session only; the new password's rules (passwordProblem) are checked by the use case.
 */
/** Refusals of an own password change the form ties to its fields (the server words them so). */
export const OWN_PASSWORD_REFUSALS = {
  wrongCurrent: '現在のパスワードが違います。',
  sameAsCurrent: '新しいパスワードには現在のパスワードと違うものを指定してください',
  directory:
    'このアカウントのパスワードはディレクトリ（LDAP・OpenID Connect）で管理されています。パスワードの変更はディレクトリで行ってください。',
} as const;

export const OwnPasswordChange = z.object({
  currentPassword: z.string().min(1, '現在のパスワードを入力してください').max(500),
  newPassword: z.string().min(1, '新しいパスワードを入力してください').max(500),
});
export type OwnPasswordChange = z.infer<typeof OwnPasswordChange>;

export const OwnPasswordChanged = z.object({
  ok: z.literal(true),
  /** How many of the user's other sessions (other browsers, devices) were ended; this one stays. */
  endedSessions: z.number().int(),
  /** What happened, in Japanese, to show as it is. */
  message: z.string(),
});
export type OwnPasswordChanged = z.infer<typeof OwnPasswordChanged>;
