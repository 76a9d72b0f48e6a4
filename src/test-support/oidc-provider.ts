/**
 * @module Test OpenID provider
 * Starts a real OpenID provider (`oidc-provider`, the certified Node.js implementation) on
 * 127.0.0.1 for tests, so OpenID Connect sign-in is tested against a server that really checks
 * PKCE, state, nonce, client authentication and redirect URIs, and signs real ID tokens — not
 * against a mock of our own understanding of the protocol.
 *
 * The provider has one confidential client and a fixed set of users with passwords,
 * `preferred_username`, a (Japanese) `name`, `email` and a `groups` claim (released for the
 * `groups` scope). Its login and consent pages are minimal HTML forms served here, since
 * oidc-provider leaves those to the host application; they work in a browser as well as with
 * {@link signInAtProvider}, which plays the browser over plain HTTP (redirects and cookies by hand).
 *
 * Everything lives in memory and on loopback; nothing reaches the network.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person who can sign in at the test provider. */
export interface TestOidcUser {
  /** The stable subject identifier (`sub`). */
  sub: string;
  /** `preferred_username`, also what is typed into the login form. */
  username: string;
  password: string;
  /** `name`, e.g. 佐藤 花子. */
  name: string;
  email?: string;
  /** The `groups` claim. */
  groups: string[];
}

export interface TestOidcProviderOptions {
  /** Exact redirect URIs registered for the client (the provider refuses any other). */
  redirectUris: string[];
  users: TestOidcUser[];
  clientId?: string;
  clientSecret?: string;
  /** How the client must authenticate at the token endpoint; default `client_secret_basic`. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /**
   * Put the profile, email and groups claims into the ID token itself. By default (as the spec
   * asks for the code flow) they are only given by the userinfo endpoint, which exercises the
   * client's userinfo fallback; some real providers (Entra ID, Keycloak) do put them into the ID token.
   */
  claimsInIdToken?: boolean;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:PORT` — also the issuer identifier. */
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  users: TestOidcUser[];
  /** `METHOD /path` of every request served, in order — to see which endpoints a client used. */
  requests: string[];
  /** Stops the server. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts an OpenID provider on a free loopback port; call `stop()` (e.g. in afterAll). */
export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'hoshin';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const { users } = options;

  // The issuer must be known before the provider exists, and the port only after listening, so the
  // server starts with a handler that forwards to the provider created just below.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  // A fresh signing key per run: without one, oidc-provider falls back to a key published in its
  // own source tree (and says so on every start).
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
      },
    ],
    // Hoshin always sends PKCE; requiring it here makes a client that forgot it fail the tests.
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    conformIdTokenClaims: !options.claimsInIdToken,
    findAccount: (_ctx, sub) => {
      const user = users.find((u) => u.sub === sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        // The provider filters these by the granted scopes, so returning them all is fine.
        claims: () => ({
          sub: user.sub,
          preferred_username: user.username,
          name: user.name,
          ...(user.email ? { email: user.email, email_verified: true } : {}),
          groups: user.groups,
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The built-in development pages would accept any login with any password.
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [{ ...jwk, kid: 'test', use: 'sig', alg: 'RS256' }] },
    // Explicit lifetimes, so the provider does not print a notice for each default it uses.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerHandler = provider.callback();

  const requests: string[] = [];
  handle = (req, res) => {
    const { pathname } = new URL(req.url ?? '/', issuer);
    requests.push(`${req.method} ${pathname}`);
    const match = /^\/interaction\/([\w-]+)(?:\/(login|consent|abort))?$/.exec(pathname);
    if (!match) {
      providerHandler(req, res);
      return;
    }
    interaction(provider, users, req, res, match[1] as string, match[2]).catch((error: unknown) => {
      if (!res.headersSent) res.statusCode = 500;
      res.end(error instanceof Error ? error.message : String(error));
    });
  };

  let stopped: Promise<void> | undefined;
  return {
    issuer,
    port,
    clientId,
    clientSecret,
    redirectUris: options.redirectUris,
    users,
    requests,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from fetch would otherwise hold close() open.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** The login and consent pages: what a real identity provider shows the person signing in. */
async function interaction(
  provider: Provider,
  users: TestOidcUser[],
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  action: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction uid does not match its cookie');
  const base = `/interaction/${encodeURIComponent(uid)}`;

  if (action === 'abort' && req.method === 'GET') {
    // What a "cancel" on a real provider does: the client receives error=access_denied.
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  if (action === 'login' && req.method === 'POST' && details.prompt.name === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const user = users.find(
      (u) => u.username === form.get('username') && u.password === form.get('password'),
    );
    if (!user) {
      sendPage(res, 401, loginPage(base, 'ユーザー名またはパスワードが違います'));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  if (action === 'consent' && req.method === 'POST' && details.prompt.name === 'consent') {
    await readBody(req);
    const { grantId, session, params } = details;
    const promptDetails = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
    };
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session?.accountId, clientId: params.client_id as string });
    if (!grant) throw new Error('grant not found');
    if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope.join(' '));
    if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
    return;
  }

  if (action === undefined && req.method === 'GET') {
    if (details.prompt.name === 'login') sendPage(res, 200, loginPage(base));
    else if (details.prompt.name === 'consent') sendPage(res, 200, consentPage(base, details.params));
    else sendPage(res, 501, `<p>unsupported prompt ${escapeHtml(details.prompt.name)}</p>`);
    return;
  }
  sendPage(res, 405, '<p>method not allowed</p>');
}

function loginPage(base: string, error?: string): string {
  return `<h1>サインイン</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form id="login" method="post" action="${base}/login">
  <label>ユーザー名 <input name="username" autocomplete="username" required></label>
  <label>パスワード <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">サインイン</button>
</form>
<a id="cancel" href="${base}/abort">キャンセル</a>`;
}

function consentPage(base: string, params: Record<string, unknown>): string {
  return `<h1>アクセスの許可</h1>
<p>${escapeHtml(String(params.client_id))} に次の情報の利用を許可します: ${escapeHtml(String(params.scope))}</p>
<form id="consent" method="post" action="${base}/consent">
  <button type="submit">許可する</button>
</form>
<a id="cancel" href="${base}/abort">拒否する</a>`;
}

function sendPage(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(
    `<!doctype html><html lang="ja"><meta charset="utf-8"><title>テスト用 ID プロバイダー</title>${body}</html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What the person does at the provider: sign in (and approve), or cancel at the login page. */
export type ProviderDecision = { username: string; password: string } | 'cancel';

/**
 * Plays the browser: opens the authorization URL, follows the provider's redirects, fills in the
 * login form (or presses キャンセル), approves the consent page, and returns the URL the provider
 * finally redirects to — the client's redirect URI with `code` and `state` (or `error`). That last
 * redirect is not followed, so nothing needs to listen on the redirect URI.
 *
 * Cookies are kept in a small jar honouring Path, since the provider scopes its interaction
 * cookies to `/interaction/<uid>` and `/auth/<uid>`.
 */
export async function signInAtProvider(authorizationUrl: string, decision: ProviderDecision): Promise<URL> {
  const jar = new CookieJar();
  const origin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let init: RequestInit = { method: 'GET' };
  // The flow is login → consent → back to the client: well under this many steps.
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== origin) return url;
      init = { method: 'GET' };
      continue;
    }
    const page = await response.text();
    if (!response.ok) throw new Error(`provider answered ${response.status} at ${url.pathname}: ${page}`);
    const link = (id: string) => new RegExp(`<a id="${id}" href="([^"]+)"`).exec(page)?.[1];
    const formAction = (id: string) =>
      new RegExp(`<form id="${id}" method="post" action="([^"]+)"`).exec(page)?.[1];
    const login = formAction('login');
    const consent = formAction('consent');
    const cancel = link('cancel');
    if (decision === 'cancel' && cancel) {
      url = new URL(cancel, url);
      init = { method: 'GET' };
    } else if (login && decision !== 'cancel') {
      url = new URL(login, url);
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: decision.username, password: decision.password }).toString(),
      };
    } else if (consent) {
      url = new URL(consent, url);
      init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };
    } else {
      throw new Error(`no form to submit at ${url.pathname}: ${page}`);
    }
  }
  throw new Error('the provider did not redirect back to the client');
}

/** Just enough of RFC 6265 for one host: name, value, Path, and deletion by expiry. */
class CookieJar {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  store(requestUrl: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      // The default path is the request path's "directory" (RFC 6265 §5.1.4).
      let path = requestUrl.pathname.slice(0, requestUrl.pathname.lastIndexOf('/')) || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=', 2).map((s) => s.trim());
        const k = key.toLowerCase();
        if (k === 'path' && val.startsWith('/')) path = val;
        else if (k === 'max-age' && Number(val) <= 0) expired = true;
        else if (k === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name}\u0000${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string {
    const requestPath = url.pathname;
    return [...this.#cookies.values()]
      .filter(
        (c) =>
          requestPath === c.path ||
          (requestPath.startsWith(c.path) && (c.path.endsWith('/') || requestPath[c.path.length] === '/')),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}
