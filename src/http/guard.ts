/**
 * @module Request guard
 * Answers, before any route runs, who is asking and for which municipality:
 * 1. the route's access from ROUTE_ACCESS (unknown route → refused);
 * 2. a state-changing request must come from this site (Origin) and, when signed in, carry the
 *    session's CSRF token in `X-CSRF-Token`;
 * 3. the session from the HttpOnly cookie (none → 401), the role's permission (else 403);
 * 4. the route runs inside one transaction confined to the session's municipality (row-level
 *    security, src/db/tenant.ts); an error rolls it back.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { Database } from '../db/client.ts';
import { withTenant } from '../db/tenant.ts';
import { BadInputError, ForbiddenError, NotSignedInError } from '../errors.ts';
import { can, ROLE_LABELS } from '../features/auth/roles.ts';
import { resolveSession, SESSION_COOKIE, type SessionSettings } from '../features/auth/session.ts';
import { accessKey, ROUTE_ACCESS } from './access.ts';
import type { ApiEnv } from './env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-only routes whose answer takes long to render (the report files: a PDF prints for about a
 * second): they read through `c.var.tenant` and render after that transaction, instead of holding
 * a connection (PGlite has one) for the whole request.
 */
const RENDER_AFTER_TRANSACTION = new Set(['GET /api/reports/:year/file']);

/**
 * Routes that run their own short transactions through `c.var.tenant` rather than inside the
 * request's: those above, and changing one's own password, whose wrong current password must stay
 * counted by the sign-in throttle although the request is refused (a refusal rolls the request's
 * transaction back).
 */
const OWN_TRANSACTIONS = new Set([...RENDER_AFTER_TRANSACTION, 'PUT /api/me/password']);

/** What such a route finds in `c.var.db`: any use is a programming error, never an unscoped query. */
const NO_HANDLE = new Proxy({} as Database, {
  get() {
    throw new Error('this route reads through c.var.tenant, not c.var.db');
  },
});

/** Thrown inside the tenant transaction to roll it back after a route answered with an error. */
class RollBack extends Error {}

/**
 * The ROUTE_ACCESS key (`GET /api/plans/:planId/tree`) of the route that will answer: the first
 * matching one, as Hono runs them; HEAD is answered by GET routes.
 */
export function answeringRoute(c: Context): string | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const route = matchedRoutes(c).find((r) => r.method === method);
  return route && accessKey(method, route.path);
}

/** Whether a state-changing request comes from a page of this site (or a configured origin). */
function sameOrigin(c: Context, allowedOrigins: string[]): boolean {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite === 'cross-site') return false;
  // Browsers send Origin on every cross-origin write; its absence means a same-origin or non-browser client.
  if (!origin) return true;
  return origin === new URL(c.req.url).origin || allowedOrigins.includes(origin);
}

const NUL_REFUSED = '使えない文字（NUL）が含まれているため、受け付けられません。';
/** `%00` in a URL or cookie decodes to NUL; `\u0000` (not itself escaped) is NUL inside JSON text. */
const ENCODED_NUL = /%00/i;
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/i;

/**
 * Refuses a NUL byte anywhere in the request that reaches a query (URL, header, cookie, JSON body):
 * PostgreSQL text cannot hold one and would fail the request with a 500 instead of a refusal.
 */
async function refuseNul(c: Context): Promise<void> {
  if (ENCODED_NUL.test(c.req.url)) throw new BadInputError(`アドレスに${NUL_REFUSED}`);
  for (const [name, value] of c.req.raw.headers) {
    if (value.includes('\u0000') || (name === 'cookie' && ENCODED_NUL.test(value))) {
      throw new BadInputError(`ヘッダー（${name}）に${NUL_REFUSED}`);
    }
  }
  if (c.req.header('content-type')?.startsWith('application/json')) {
    // The body limit has run: a form's JSON is small, and Hono keeps the text for the validator.
    const text = await c.req.text();
    if (text.includes('\u0000') || JSON_NUL.test(text)) throw new BadInputError(`送信内容に${NUL_REFUSED}`);
  }
}

export interface GuardOptions {
  sessionSettings?: SessionSettings;
  /** Origins besides the request's own allowed to write (a city's reverse proxy name). */
  allowedOrigins?: string[];
  now?: () => Date;
}

export function guard(db: Database, options: GuardOptions = {}): MiddlewareHandler<ApiEnv> {
  const now = options.now ?? (() => new Date());
  return async (c, next) => {
    const route = answeringRoute(c);
    if (route === undefined) return next(); // no such route: the 404 answers
    await refuseNul(c);
    const access = ROUTE_ACCESS[route];
    if (!access) throw new ForbiddenError('この操作の権限が定められていません。');
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe && !sameOrigin(c, options.allowedOrigins ?? [])) {
      throw new ForbiddenError('他のサイトからの送信は受け付けません。');
    }
    if (access === 'public') {
      c.set('db', db);
      return next();
    }
    // `published` is the portal's (/public/…, its own read-only scope), never an /api route's.
    if (access === 'published') throw new ForbiddenError('この操作の権限が定められていません。');
    const session = await resolveSession(db, getCookie(c, SESSION_COOKIE), now(), options.sessionSettings);
    if (!session) throw new NotSignedInError();
    if (unsafe && c.req.header('x-csrf-token') !== session.csrfToken) {
      throw new ForbiddenError('画面の有効期限が切れました。画面を再読み込みしてから、やり直してください。');
    }
    if (!can(session.scope.role, access)) {
      throw new ForbiddenError(`${ROLE_LABELS[session.scope.role]}の役割ではこの操作はできません。`);
    }
    c.set('scope', session.scope);
    c.set('csrfToken', session.csrfToken);
    if (OWN_TRANSACTIONS.has(route)) {
      // Works in short transactions of its own (reads, then renders); there is no unscoped handle.
      c.set('db', NO_HANDLE);
      c.set('tenant', (work) => withTenant(db, session.scope.municipalityId, work));
      return next();
    }
    try {
      await withTenant(db, session.scope.municipalityId, async (tx) => {
        c.set('db', tx);
        c.set('tenant', (work) => work(tx));
        await next();
        // The route failed or refused (its answer is already made): undo anything it wrote.
        if (c.error || c.res.status >= 400) throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
    }
  };
}
