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
