/**
 * @module OpenID Connect sign-in
 * Lets city staff sign in with the city's identity provider (Keycloak, Entra ID, an LGWAN
 * single sign-on …) instead of a Hoshin password: the authorization code flow with PKCE, done
 * by `openid-client` (certified, maintained), so Hoshin does not hand-roll token validation.
 *
 * The flow, in two requests of the person's browser:
 * 1. {@link OidcClient.beginSignIn} makes a fresh `state`, `nonce` and PKCE verifier and the URL
 *    to send the browser to. The caller keeps the returned {@link PendingOidcSignIn} server-side
 *    (in the session store, keyed by `state`) — never in the browser, since the verifier is what
 *    proves that the code is being redeemed by whoever started the sign-in.
 * 2. The provider redirects back to the redirect URI; {@link OidcClient.completeSignIn} checks
 *    the response against the pending sign-in, redeems the code, validates the ID token and
 *    returns who signed in as a {@link DirectoryIdentity}. Mapping its groups to a Hoshin role is
 *    the role map's job (role-map.ts), shared with LDAP.
 *
 * Every failure is an {@link OidcSignInError} with a Japanese message a person can act on.
 */
import * as client from 'openid-client';
import { z } from 'zod';
import type { DirectoryIdentity } from './role-map.ts';

export interface OidcSettings {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (then PKCE alone protects the code). */
  clientSecret?: string;
  /** Hoshin's callback, exactly as registered at the provider, e.g. `https://hoshin.city.lg.jp/api/auth/oidc/callback`. */
  redirectUri: string;
  /** Space-separated; default `openid profile email`, plus `OIDC_GROUPS_SCOPE` when set. Always includes `openid`. */
  scopes: string;
  /** The claim holding the person's groups; default `groups`. A dotted path (`realm_access.roles`) reaches into objects. */
  groupsClaim: string;
  /** The claim holding the login name; default `preferred_username`, falling back to `sub` when absent. */
  usernameClaim: string;
  /** Allow plain http — only ever true for an issuer on this machine (127.0.0.1 / localhost), i.e. tests. */
  allowInsecureHttp: boolean;
}

/** What the server keeps between {@link OidcClient.beginSignIn} and {@link OidcClient.completeSignIn}. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** `Date.now()` when the sign-in began. */
  createdAt: number;
}

/** A sign-in left unfinished this long is refused: a person at the login page rarely needs more. */
export const PENDING_SIGN_IN_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * Why a sign-in failed, for the HTTP layer to choose a status and whether to offer a retry:
 * `expired` / `state` (start again), `denied` (the person or the provider said no),
 * `provider` (a protocol or network failure), `discovery` (the provider could not be reached).
 */
export type OidcSignInFailure = 'expired' | 'state' | 'denied' | 'provider' | 'discovery';

export class OidcSignInError extends Error {
  override name = 'OidcSignInError';
  constructor(
    readonly failure: OidcSignInFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Settings

const DEFAULT_SCOPES = 'openid profile email';

/** Environment values are strings; a blank one counts as not set. */
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const optionalText = z.preprocess(blankToUndefined, z.string().optional());

const requiredText = (name: string, what: string) =>
  z.preprocess(blankToUndefined, z.string({ error: `${name}（${what}）を設定してください` }));

const httpUrl = (name: string, what: string, example: string) =>
  requiredText(name, what).refine(
    (text) => {
      try {
        const { protocol } = new URL(text);
        return protocol === 'https:' || protocol === 'http:';
      } catch {
        return false;
      }
    },
    { error: `${name} は http(s):// で始まる URL で指定してください（例: ${example}）` },
  );

const OidcEnv = z.object({
  OIDC_ISSUER: httpUrl(
    'OIDC_ISSUER',
    'ID プロバイダーの issuer URL',
    'https://login.city.lg.jp/realms/staff',
  ),
  OIDC_CLIENT_ID: requiredText('OIDC_CLIENT_ID', 'ID プロバイダーに登録したクライアント ID'),
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_REDIRECT_URI: httpUrl(
    'OIDC_REDIRECT_URI',
    'ID プロバイダーに登録したリダイレクト URI',
    'https://hoshin.city.lg.jp/api/auth/oidc/callback',
  ).refine((text) => !text.includes('?') && !text.includes('#'), {
    error: 'OIDC_REDIRECT_URI にはクエリ（?…）やフラグメント（#…）を含めないでください',
  }),
  OIDC_SCOPES: optionalText,
  OIDC_GROUPS_SCOPE: optionalText,
  OIDC_GROUPS_CLAIM: optionalText,
  OIDC_USERNAME_CLAIM: optionalText,
});

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * OpenID Connect settings from the environment; undefined when `OIDC_ISSUER` is not set (sign-in
 * with the identity provider is then off). Throws an Error naming each missing or malformed
 * variable, so a half-done configuration stops the server at start rather than at first sign-in.
 *
 * `OIDC_SCOPES` replaces the default scopes; `OIDC_GROUPS_SCOPE` (e.g. `groups`) adds the scope
 * some providers need before they release the groups claim.
 */
export function oidcSettingsFromEnv(
  env: Record<string, string | undefined> = process.env,
): OidcSettings | undefined {
  if (blankToUndefined(env.OIDC_ISSUER) === undefined) return undefined;
  const parsed = OidcEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `OpenID Connect の設定に誤りがあります:\n${parsed.error.issues.map((i) => `- ${i.message}`).join('\n')}`,
    );
  }
  const e = parsed.data;
  const issuer = new URL(e.OIDC_ISSUER);
  const allowInsecureHttp = issuer.protocol === 'http:';
  // Tokens and the client secret travel over this connection; plain http is only tolerable when
  // it never leaves the machine.
  if (allowInsecureHttp && !isLoopbackHost(issuer.hostname)) {
    throw new Error(
      `OIDC_ISSUER は https:// で指定してください（http:// はこのコンピューター内の 127.0.0.1 / localhost の試験用のみ）: ${e.OIDC_ISSUER}`,
    );
  }
  const scopes = new Set((e.OIDC_SCOPES ?? DEFAULT_SCOPES).split(/\s+/).filter((s) => s !== ''));
  if (!e.OIDC_SCOPES && e.OIDC_GROUPS_SCOPE) scopes.add(e.OIDC_GROUPS_SCOPE);
  // Without `openid` the provider does plain OAuth: no ID token, so no verified identity.
  scopes.add('openid');
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    ...(e.OIDC_CLIENT_SECRET ? { clientSecret: e.OIDC_CLIENT_SECRET } : {}),
    redirectUri: e.OIDC_REDIRECT_URI,
    scopes: [...scopes].join(' '),
    groupsClaim: e.OIDC_GROUPS_CLAIM ?? 'groups',
    usernameClaim: e.OIDC_USERNAME_CLAIM ?? 'preferred_username',
    allowInsecureHttp,
  };
}

// ---------------------------------------------------------------------------------------------
// Client

/** Discovery results per settings: the provider's metadata is fetched once per process. */
const opened = new Map<string, Promise<OidcClient>>();

/**
 * The client for these settings, discovering the provider on first use. A failed discovery is not
 * cached, so the next sign-in tries again once the provider is reachable.
 */
export function openOidc(settings: OidcSettings): Promise<OidcClient> {
  const key = JSON.stringify(settings);
  let opening = opened.get(key);
  if (!opening) {
    opening = OidcClient.discover(settings);
    opened.set(key, opening);
    opening.catch(() => opened.delete(key));
  }
  return opening;
}

export class OidcClient {
  readonly settings: OidcSettings;
  readonly #config: client.Configuration;

  private constructor(settings: OidcSettings, config: client.Configuration) {
    this.settings = settings;
    this.#config = config;
  }

  /** Discovers the provider; prefer {@link openOidc}, which does this once per settings. */
  static async discover(settings: OidcSettings): Promise<OidcClient> {
    try {
      const config = await client.discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        // client_secret_basic is the method every provider must support (RFC 6749 §2.3.1) and the
        // registration default (OpenID Connect Registration §2); openid-client would default to _post.
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        {
          // Marked deprecated by openid-client only to make it stand out; settings allow it for
          // loopback issuers alone (tests), see oidcSettingsFromEnv.
          execute: settings.allowInsecureHttp ? [client.allowInsecureRequests] : [],
          timeout: 10,
        },
      );
      return new OidcClient(settings, config);
    } catch (error) {
      throw new OidcSignInError(
        'discovery',
        `ID プロバイダー（${settings.issuer}）の設定を取得できませんでした。OIDC_ISSUER とネットワークを確認してください（${errorDetail(error)}）`,
        { cause: error },
      );
    }
  }

  /**
   * Starts a sign-in: the URL to redirect the browser to, and what to keep server-side until the
   * browser comes back. PKCE (S256), state and nonce are always used, whatever the provider
   * advertises — they cost nothing and each closes a different attack.
   */
  async beginSignIn(): Promise<{ authorizationUrl: string; pending: PendingOidcSignIn }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingOidcSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      createdAt: Date.now(),
    };
    const url = client.buildAuthorizationUrl(this.#config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { authorizationUrl: url.href, pending };
  }

  /**
   * Finishes a sign-in from the URL the browser came back on. Checks, in order: the pending
   * sign-in is fresh; the response's `state` is this sign-in's; the provider did not answer with
   * an error; then redeems the code (with the PKCE verifier and the client's credentials) and
   * validates the ID token's issuer, audience, expiry and nonce. (Its signature is not checked: the
   * token came straight from the token endpoint over TLS, which OpenID Connect Core §3.1.3.7 accepts
   * in place of one.) Claims the ID token lacks are read from userinfo.
   */
  async completeSignIn(callbackUrl: URL, pending: PendingOidcSignIn): Promise<DirectoryIdentity> {
    const age = Date.now() - pending.createdAt;
    if (!(age <= PENDING_SIGN_IN_MAX_AGE_MS)) {
      throw new OidcSignInError(
        'expired',
        'サインインの有効期限（10 分）が切れました。もう一度サインインしてください',
      );
    }
    const params = callbackUrl.searchParams;
    // Checked before anything else in the response is believed: a response for another sign-in
    // (or a forged one, for login CSRF) must not even have its error message shown.
    if (params.get('state') !== pending.state) {
      throw new OidcSignInError(
        'state',
        'サインインの応答がこのサインインのものではありません（state が一致しません）。もう一度サインインしてください',
      );
    }
    const error = params.get('error');
    if (error) {
      const description = params.get('error_description');
      throw new OidcSignInError(
        'denied',
        error === 'access_denied'
          ? 'サインインが取り消されたか、ID プロバイダーがアクセスを拒否しました'
          : `ID プロバイダーがサインインを拒否しました（${error}${description ? `: ${description}` : ''}）`,
      );
    }

    // openid-client sends the callback URL without its query as redirect_uri, and the provider
    // compares that with the registered one. Behind a reverse proxy the URL the server sees may
    // differ (scheme, host, port), so the response is put onto the configured redirect URI.
    const current = new URL(this.settings.redirectUri);
    current.search = callbackUrl.search;

    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(this.#config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('ID token missing');
      claims = { ...idToken };
      const wanted = [this.settings.usernameClaim, 'name', 'email', this.settings.groupsClaim];
      if (wanted.some((name) => readClaim(claims, name) === undefined) && this.#hasUserinfo()) {
        // The spec has providers put profile claims in userinfo rather than the ID token for the
        // code flow; the ID token's own values (signed) win where both have one.
        const userinfo = await client.fetchUserInfo(this.#config, tokens.access_token, idToken.sub);
        claims = { ...userinfo, ...claims };
      }
    } catch (error) {
      throw new OidcSignInError(
        'provider',
        `ID プロバイダーとのサインイン処理に失敗しました。もう一度サインインしてください（${errorDetail(error)}）`,
        { cause: error },
      );
    }
    return this.#identity(claims);
  }

  #hasUserinfo(): boolean {
    return typeof this.#config.serverMetadata().userinfo_endpoint === 'string';
  }

  #identity(claims: Record<string, unknown>): DirectoryIdentity {
    const text = (name: string) => {
      const value = readClaim(claims, name);
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const username = text(this.settings.usernameClaim) ?? (text('sub') as string);
    const email = text('email');
    return {
      provider: 'oidc',
      username,
      displayName: text('name') ?? username,
      ...(email ? { email } : {}),
      groups: groupsFrom(readClaim(claims, this.settings.groupsClaim)),
    };
  }
}

/**
 * A claim by name, or by dotted path into nested objects (Keycloak's `realm_access.roles`).
 * The exact name wins: namespaced claims such as `https://city.lg.jp/groups` contain dots.
 */
function readClaim(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Groups as a list of names; some providers send a lone group as a plain string. */
function groupsFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
}

/** The most useful detail of an openid-client / oauth4webapi error for the message. */
function errorDetail(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { error?: unknown; error_description?: unknown; message?: unknown; code?: unknown };
    if (typeof e.error === 'string') {
      return typeof e.error_description === 'string' ? `${e.error}: ${e.error_description}` : e.error;
    }
    if (typeof e.message === 'string')
      return typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message;
  }
  return String(error);
}
