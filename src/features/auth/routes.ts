/**
 * @module Sign-in routes
 * Sign-in options (municipalities, methods, demo accounts), sign-in with a local account or the
 * city's LDAP directory, OpenID Connect redirect and callback, the current session, sign-out.
 * Every sign-in starts a new session; the cookie is HttpOnly, SameSite=Lax and Secure over HTTPS.
 * Also the signed-in user's change of their own password (PUT /api/me/password, own-password.ts).
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client.ts';
import { appUser, department, municipality, pendingSignIn } from '../../db/schema.ts';
import { asApp } from '../../db/tenant.ts';
import { BadInputError, HoshinError, NotSignedInError, UnavailableError } from '../../errors.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import {
  OwnPasswordChange,
  OwnPasswordChanged,
  SessionView,
  SignInInput,
  SignInOptions,
} from './contract.ts';
import { upsertDirectoryUser } from './directory.ts';
import { changeOwnPassword } from './own-password.ts';
import type { DirectoryIdentity, RoleMapEntry } from './role-map.ts';
import { ROLE_LABELS } from './roles.ts';
import {
  createSession,
  endSession,
  resolveSession,
  SESSION_COOKIE,
  type SessionSettings,
  verifyLocalSignIn,
} from './session.ts';

/** The password of the demo accounts, shown on the sign-in page while they exist. */
export const DEMO_PASSWORD = 'hoshin-demo-2023';

export interface OidcSignIn {
  begin: () => Promise<{
    authorizationUrl: string;
    pending: { state: string; nonce: string; codeVerifier: string; createdAt: number };
  }>;
  complete: (
    callbackUrl: URL,
    pending: { state: string; nonce: string; codeVerifier: string; createdAt: number },
  ) => Promise<DirectoryIdentity>;
}

export interface AuthOptions {
  sessionSettings?: SessionSettings;
  /** Behind a city's reverse proxy: take the client address and scheme from X-Forwarded-*. */
  trustProxy?: boolean;
  /** LDAP bind: the identity for a name and password, or null when they do not match. */
  ldap?: (username: string, password: string) => Promise<DirectoryIdentity | null>;
  oidc?: OidcSignIn;
  roleMap?: RoleMapEntry[];
  now?: () => Date;
}

const signInOptionsRoute = createRoute({
  method: 'get',
  path: '/api/auth/sign-in-options',
  summary: 'ログイン画面の選択肢（自治体、ログイン方法、デモ用アカウント）',
  responses: { 200: jsonResponse(SignInOptions, '選択肢') },
});
const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  summary: 'ログイン（新しいセッションを始め、Cookie を設定する）',
  request: { body: jsonBody(SignInInput) },
  responses: {
    200: jsonResponse(SessionView, 'ログインした'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    401: jsonResponse(ErrorBody, 'ユーザー名またはパスワードが違う'),
    403: jsonResponse(ErrorBody, '役割が割り当てられていない'),
    429: jsonResponse(ErrorBody, '失敗が続いたため一時的に停止中'),
  },
});
const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'ログアウト（セッションを終える）',
  responses: { 200: jsonResponse(SessionView, 'ログアウトした') },
});
const sessionRoute = createRoute({
  method: 'get',
  path: '/api/auth/session',
  summary: '現在のログイン状態と CSRF トークン',
  responses: { 200: jsonResponse(SessionView, 'ログイン状態') },
});
const oidcStartRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/start',
  summary: 'OpenID Connect でのログインを始める（認証サーバーへ転送）',
  request: {
    query: z.object({
      municipality: z
        .string()
        .max(10)
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
    }),
  },
  responses: { 302: { description: '認証サーバーへ' }, 400: jsonResponse(ErrorBody, '設定されていない') },
});
const oidcCallbackRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/callback',
  summary: 'OpenID Connect の戻り先（ログインを完了して画面へ転送）',
  responses: { 302: { description: '画面へ' } },
});

const ownPasswordRoute = createRoute({
  method: 'put',
  path: '/api/me/password',
  summary: '自分のパスワードの変更（ローカルアカウント。現在のパスワードが必要。ほかのログインは終了する）',
  request: { body: jsonBody(OwnPasswordChange) },
  responses: {
    200: jsonResponse(OwnPasswordChanged, '変更した'),
    400: jsonResponse(ErrorBody, '現在のパスワードが違う・新しいパスワードが短い・ディレクトリのアカウント'),
    401: jsonResponse(ErrorBody, 'ログインしていない'),
    403: jsonResponse(ErrorBody, 'CSRF トークンがない・他のサイトからの送信'),
    429: jsonResponse(ErrorBody, '失敗が続いたため一時的に停止中'),
  },
});

/** The client's address for throttling: the socket's, or the proxy's X-Forwarded-For when trusted. */
function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made in-process (tests) have no socket
  }
}

function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** Municipalities are a public list (names and codes): readable as the app's role with no scope. */
const listMunicipalities = (db: Database) =>
  asApp(db, {}, (tx) => tx.select().from(municipality).orderBy(asc(municipality.localGovCode)));

async function municipalityFor(db: Database, code: string | undefined) {
  const all = await listMunicipalities(db);
  if (code) {
    const found = all.find((m) => m.localGovCode === code);
    if (!found) throw new BadInputError(`自治体コード「${code}」の自治体は登録されていません`);
    return found;
  }
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0) throw new BadInputError('自治体が登録されていません');
  throw new BadInputError('自治体を選んでください');
}

async function sessionView(db: Database, token: string | undefined, now: Date, settings?: SessionSettings) {
  const session = await resolveSession(db, token, now, settings);
  if (!session) return { signedIn: false as const };
  const { scope } = session;
  return {
    signedIn: true as const,
    user: scope.user,
    role: scope.role,
    roleLabel: ROLE_LABELS[scope.role],
    departmentId: scope.departmentId,
    departmentName: session.departmentName,
    municipality: { localGovCode: scope.localGovCode, name: scope.municipalityName },
    csrfToken: session.csrfToken,
  };
}

/** Adds the sign-in routes. `db` is the system handle: these run before a municipality is known. */
export function registerAuthRoutes(app: OpenAPIHono<ApiEnv>, db: Database, options: AuthOptions = {}): void {
  const now = options.now ?? (() => new Date());
  const trustProxy = options.trustProxy ?? false;

  /** A new session for a user who proved who they are; any session the browser held ends (no fixation). */
  async function startSession(c: Context, user: { id: number; municipalityId: number }) {
    await endSession(db, getCookie(c, SESSION_COOKIE));
    const { token, expiresAt } = await createSession(db, user, now(), options.sessionSettings);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c, trustProxy),
      path: '/',
      expires: expiresAt,
    });
    return sessionView(db, token, now(), options.sessionSettings);
  }

  app.openapi(signInOptionsRoute, async (c) => {
    const municipalities = await listMunicipalities(db);
    // Each municipality's demo accounts, read within that municipality.
    const demo = [];
    for (const m of municipalities) {
      demo.push(
        ...(await asApp(db, { municipalityId: m.id }, (tx) =>
          tx
            .select({ user: appUser, department, municipality })
            .from(appUser)
            .innerJoin(municipality, eq(appUser.municipalityId, municipality.id))
            .leftJoin(department, eq(appUser.departmentId, department.id))
            .where(and(eq(appUser.demo, true), eq(appUser.disabled, false)))
            .orderBy(asc(appUser.id)),
        )),
      );
    }
    return c.json(
      {
        municipalities: municipalities.map((m) => ({ localGovCode: m.localGovCode, name: m.name })),
        methods: [
          'local' as const,
          ...(options.ldap ? ['ldap' as const] : []),
          ...(options.oidc ? ['oidc' as const] : []),
        ],
        demoAccounts: demo.map((d) => ({
          localGovCode: d.municipality.localGovCode,
          username: d.user.username,
          displayName: d.user.displayName,
          roleLabel: ROLE_LABELS[d.user.role],
          departmentName: d.department?.name ?? null,
        })),
        demoPassword: demo.length > 0 ? DEMO_PASSWORD : null,
      },
      200,
    );
  });

  app.openapi(loginRoute, async (c) => {
    const input = c.req.valid('json');
    const m = await municipalityFor(db, input.municipality);
    const address = clientAddress(c, trustProxy);
    if (input.method === 'ldap') {
      if (!options.ldap) throw new BadInputError('LDAP でのログインは設定されていません');
      const identity = await options.ldap(input.username, input.password).catch((error: unknown) => {
        // The directory is down or refused our service account: say so, it is not the user's fault.
        throw new UnavailableError((error as Error).message);
      });
      if (!identity) throw new NotSignedInError('ユーザー名またはパスワードが違います。');
      const user = await upsertDirectoryUser(db, m.id, identity, options.roleMap ?? []);
      return c.json(await startSession(c, user), 200);
    }
    const user = await verifyLocalSignIn(
      db,
      { municipalityId: m.id, username: input.username, password: input.password, address },
      now(),
    );
    return c.json(await startSession(c, user), 200);
  });

  app.openapi(logoutRoute, async (c) => {
    await endSession(db, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ signedIn: false as const }, 200);
  });

  // The guard gives this route no transaction of its own: it runs one through c.var.tenant that
  // commits a wrong current password's count before refusing (src/http/guard.ts).
  app.openapi(ownPasswordRoute, async (c) => {
    const answer = await changeOwnPassword(
      c.var.tenant,
      c.var.scope,
      {
        ...c.req.valid('json'),
        sessionToken: getCookie(c, SESSION_COOKIE) ?? '',
        address: clientAddress(c, trustProxy),
      },
      now(),
    );
    return c.json(answer, 200);
  });

  app.openapi(sessionRoute, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await sessionView(db, getCookie(c, SESSION_COOKIE), now(), options.sessionSettings), 200);
  });

  app.openapi(oidcStartRoute, async (c) => {
    if (!options.oidc) throw new BadInputError('OpenID Connect でのログインは設定されていません');
    const m = await municipalityFor(db, c.req.valid('query').municipality);
    const { authorizationUrl, pending } = await options.oidc.begin().catch((error: unknown) => {
      throw new UnavailableError((error as Error).message);
    });
    await asApp(db, { municipalityId: m.id }, (tx) =>
      tx.insert(pendingSignIn).values({
        municipalityId: m.id,
        state: pending.state,
        nonce: pending.nonce,
        codeVerifier: pending.codeVerifier,
        createdAt: new Date(pending.createdAt),
      }),
    );
    return c.redirect(authorizationUrl, 302);
  });

  app.openapi(oidcCallbackRoute, async (c) => {
    try {
      return await completeOidcSignIn(c);
    } catch (error) {
      // The browser arrived here from the provider: send it back to the sign-in screen with the
      // reason, rather than leaving it on a JSON error.
      if (!(error instanceof HoshinError)) throw error;
      return c.redirect(`/?sign-in-error=${encodeURIComponent(error.message)}`, 302);
    }
  });

  async function completeOidcSignIn(c: Context) {
    if (!options.oidc) throw new BadInputError('OpenID Connect でのログインは設定されていません');
    const url = new URL(c.req.url);
    const state = url.searchParams.get('state') ?? '';
    // One use only: taken and deleted at once, so a replayed callback finds nothing.
    const [pending] = await asApp(db, { signInState: state }, (tx) =>
      tx.delete(pendingSignIn).where(eq(pendingSignIn.state, state)).returning(),
    );
    if (!pending)
      throw new NotSignedInError('ログインの手続きが見つかりません。もう一度ログインしてください。');
    const identity = await options.oidc
      .complete(url, {
        state: pending.state,
        nonce: pending.nonce,
        codeVerifier: pending.codeVerifier,
        createdAt: pending.createdAt.getTime(),
      })
      .catch((error: unknown) => {
        // The provider refused or the answer did not check out: the message says which (Japanese).
        if (error instanceof HoshinError) throw error;
        throw new NotSignedInError((error as Error).message);
      });
    const user = await upsertDirectoryUser(db, pending.municipalityId, identity, options.roleMap ?? []);
    await startSession(c, user);
    return c.redirect('/', 302);
  }
}
