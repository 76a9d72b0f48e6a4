// OpenID Connect sign-in against a real OpenID provider (oidc-provider) on loopback: the whole
// authorization code + PKCE flow over HTTP, with the login and consent pages submitted the way a
// browser would, so state, nonce, PKCE, client authentication and ID token checks are the real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signInAtProvider,
  startTestOidcProvider,
  type TestOidcProvider,
  type TestOidcUser,
} from '../../test-support/oidc-provider.ts';
import {
  type OidcSettings,
  OidcSignInError,
  oidcSettingsFromEnv,
  openOidc,
  PENDING_SIGN_IN_MAX_AGE_MS,
} from './oidc.ts';
import { parseRoleMap, roleForGroups } from './role-map.ts';

// Nothing listens here: the test stops at the provider's redirect to it.
const REDIRECT_URI = 'http://127.0.0.1:8080/api/auth/oidc/callback';

const USERS: TestOidcUser[] = [
  {
    sub: 'u-0001',
    username: 'sato.hanako',
    password: 'hanako-pass',
    name: '佐藤 花子',
    email: 'sato.hanako@city.example.lg.jp',
    groups: ['kikaku-ka', 'all-staff'],
  },
  {
    sub: 'u-0002',
    username: 'suzuki.ichiro',
    password: 'ichiro-pass',
    name: '鈴木 一郎',
    groups: ['kanko-ka'],
  },
];
const [SATO, SUZUKI] = USERS as [TestOidcUser, TestOidcUser];

const ROLE_MAP = parseRoleMap('kikaku-ka=企画;kanko-ka=担当課:kanko;all-staff=閲覧');

function settingsFor(idp: TestOidcProvider): OidcSettings {
  const settings = oidcSettingsFromEnv({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URI: REDIRECT_URI,
    OIDC_GROUPS_SCOPE: 'groups',
  });
  if (!settings) throw new Error('settings expected');
  return settings;
}

describe('oidcSettingsFromEnv', () => {
  const base = {
    OIDC_ISSUER: 'https://login.city.example.lg.jp/realms/staff',
    OIDC_CLIENT_ID: 'hoshin',
    OIDC_REDIRECT_URI: 'https://hoshin.city.example.lg.jp/api/auth/oidc/callback',
  };

  it('is off without OIDC_ISSUER', () => {
    expect(oidcSettingsFromEnv({})).toBeUndefined();
    expect(oidcSettingsFromEnv({ OIDC_ISSUER: '  ', OIDC_CLIENT_ID: 'x' })).toBeUndefined();
  });

  it('fills in defaults', () => {
    expect(oidcSettingsFromEnv(base)).toEqual({
      issuer: base.OIDC_ISSUER,
      clientId: 'hoshin',
      redirectUri: base.OIDC_REDIRECT_URI,
      scopes: 'openid profile email',
      groupsClaim: 'groups',
      usernameClaim: 'preferred_username',
      allowInsecureHttp: false,
    });
  });

  it('reads the optional settings; OIDC_SCOPES replaces the defaults but keeps openid', () => {
    const settings = oidcSettingsFromEnv({
      ...base,
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_GROUPS_SCOPE: 'groups',
      OIDC_GROUPS_CLAIM: 'realm_access.roles',
      OIDC_USERNAME_CLAIM: 'email',
    });
    expect(settings).toMatchObject({
      clientSecret: 's3cret',
      scopes: 'openid profile email groups',
      groupsClaim: 'realm_access.roles',
      usernameClaim: 'email',
    });
    expect(oidcSettingsFromEnv({ ...base, OIDC_SCOPES: 'profile roles' })?.scopes).toBe(
      'profile roles openid',
    );
  });

  it('names each missing or malformed variable in Japanese', () => {
    expect(() => oidcSettingsFromEnv({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID（.*）を設定してください[\s\S]*OIDC_REDIRECT_URI（.*）を設定してください/,
    );
    expect(() => oidcSettingsFromEnv({ ...base, OIDC_ISSUER: 'login.city' })).toThrow(
      /OIDC_ISSUER は http\(s\):\/\/ で始まる URL/,
    );
    expect(() =>
      oidcSettingsFromEnv({ ...base, OIDC_REDIRECT_URI: `${base.OIDC_REDIRECT_URI}?x=1` }),
    ).toThrow(/OIDC_REDIRECT_URI にはクエリ/);
  });

  it('allows plain http only for an issuer on this machine', () => {
    expect(() => oidcSettingsFromEnv({ ...base, OIDC_ISSUER: 'http://login.city.example.lg.jp' })).toThrow(
      /OIDC_ISSUER は https:\/\/ で指定してください/,
    );
    for (const issuer of ['http://127.0.0.1:9000', 'http://localhost:9000/realms/x', 'http://[::1]:9000']) {
      expect(oidcSettingsFromEnv({ ...base, OIDC_ISSUER: issuer })?.allowInsecureHttp).toBe(true);
    }
  });
});

describe('OpenID Connect sign-in against a real provider', () => {
  let idp: TestOidcProvider;
  let settings: OidcSettings;

  beforeAll(async () => {
    idp = await startTestOidcProvider({ redirectUris: [REDIRECT_URI], users: USERS });
    settings = settingsFor(idp);
  });
  afterAll(() => idp?.stop());

  it('discovers the provider once per settings', async () => {
    const a = await openOidc(settings);
    expect(await openOidc({ ...settings })).toBe(a);
  });

  it('builds an authorization request with PKCE S256, state and nonce, and keeps the verifier back', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')).toBe('openid profile email groups');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toBe(pending.state);
    expect(q.get('nonce')).toBe(pending.nonce);
    expect(authorizationUrl).not.toContain(pending.codeVerifier);
    expect(Math.abs(Date.now() - pending.createdAt)).toBeLessThan(5_000);
    // Every sign-in gets its own secrets.
    const second = await oidc.beginSignIn();
    expect(second.pending.state).not.toBe(pending.state);
    expect(second.pending.codeVerifier).not.toBe(pending.codeVerifier);
  });

  it('signs in through the login and consent pages; name, email and groups come from userinfo', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe(pending.state);

    const before = idp.requests.length;
    const identity = await oidc.completeSignIn(callback, pending);
    // The code flow's ID token carries only sub (as the spec asks), so the profile came from userinfo.
    expect(idp.requests.slice(before)).toEqual(['POST /token', 'GET /me']);
    // …and the person went through the provider's login and consent pages to get there.
    expect(idp.requests).toEqual(
      expect.arrayContaining([expect.stringMatching(/^POST \/interaction\/[\w-]+\/login$/)]),
    );
    expect(idp.requests).toEqual(
      expect.arrayContaining([expect.stringMatching(/^POST \/interaction\/[\w-]+\/consent$/)]),
    );
    expect(identity).toEqual({
      provider: 'oidc',
      username: 'sato.hanako',
      displayName: '佐藤 花子',
      email: 'sato.hanako@city.example.lg.jp',
      groups: ['kikaku-ka', 'all-staff'],
    });
    // The first matching entry of the role map wins.
    expect(roleForGroups(ROLE_MAP, identity.groups)).toEqual({ group: 'kikaku-ka', role: 'planning' });
  });

  it('maps a department member to 担当課 with the department code', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SUZUKI.username,
      password: SUZUKI.password,
    });
    const identity = await oidc.completeSignIn(callback, pending);
    expect(identity).toEqual({
      provider: 'oidc',
      username: 'suzuki.ichiro',
      displayName: '鈴木 一郎',
      groups: ['kanko-ka'],
    });
    expect(roleForGroups(ROLE_MAP, identity.groups)).toEqual({
      group: 'kanko-ka',
      role: 'department',
      departmentCode: 'kanko',
    });
  });

  it('refuses a response whose state was tampered with', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${pending.state}x`);
    const refused = oidc.completeSignIn(tampered, pending);
    await expect(refused).rejects.toThrow(OidcSignInError);
    await expect(refused).rejects.toThrow(/state が一致しません/);
    // A response without state is no better.
    tampered.searchParams.delete('state');
    await expect(oidc.completeSignIn(tampered, pending)).rejects.toMatchObject({ failure: 'state' });
  });

  it('refuses a sign-in the person cancelled at the provider (error=access_denied)', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, 'cancel');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    await expect(oidc.completeSignIn(callback, pending)).rejects.toMatchObject({
      failure: 'denied',
      message: expect.stringMatching(/サインインが取り消されたか、ID プロバイダーがアクセスを拒否しました/),
    });
  });

  it('refuses a pending sign-in older than 10 minutes', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    const stale = { ...pending, createdAt: Date.now() - PENDING_SIGN_IN_MAX_AGE_MS - 1_000 };
    await expect(oidc.completeSignIn(callback, stale)).rejects.toMatchObject({
      failure: 'expired',
      message: expect.stringMatching(/有効期限（10 分）が切れました/),
    });
  });

  it('refuses a code redeemed twice, and a code redeemed with another sign-in’s PKCE verifier', async () => {
    const oidc = await openOidc(settings);
    const first = await oidc.beginSignIn();
    const callback = await signInAtProvider(first.authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    await oidc.completeSignIn(callback, first.pending);
    await expect(oidc.completeSignIn(callback, first.pending)).rejects.toMatchObject({
      failure: 'provider',
      message: expect.stringMatching(/ID プロバイダーとのサインイン処理に失敗しました.*invalid_grant/),
    });

    const second = await oidc.beginSignIn();
    const callback2 = await signInAtProvider(second.authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    const other = await oidc.beginSignIn();
    const wrongVerifier = { ...second.pending, codeVerifier: other.pending.codeVerifier };
    await expect(oidc.completeSignIn(callback2, wrongVerifier)).rejects.toMatchObject({
      failure: 'provider',
      message: expect.stringMatching(/invalid_grant/),
    });
  });

  it('refuses an ID token whose nonce is not this sign-in’s', async () => {
    const oidc = await openOidc(settings);
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    await expect(oidc.completeSignIn(callback, { ...pending, nonce: 'another-nonce' })).rejects.toMatchObject(
      {
        failure: 'provider',
      },
    );
  });

  it('says in Japanese when the provider cannot be reached', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    await expect(openOidc({ ...settings, issuer: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      failure: 'discovery',
      message: expect.stringMatching(
        /ID プロバイダー（http:\/\/127\.0\.0\.1:9）の設定を取得できませんでした/,
      ),
    });
  });
});

describe('OpenID Connect sign-in with claims in the ID token', () => {
  let idp: TestOidcProvider;

  beforeAll(async () => {
    idp = await startTestOidcProvider({
      redirectUris: [REDIRECT_URI],
      users: USERS,
      claimsInIdToken: true,
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
  });
  afterAll(() => idp?.stop());

  it('reads username, name and groups from the ID token', async () => {
    const oidc = await openOidc(settingsFor(idp));
    const { authorizationUrl, pending } = await oidc.beginSignIn();
    const callback = await signInAtProvider(authorizationUrl, {
      username: SATO.username,
      password: SATO.password,
    });
    const before = idp.requests.length;
    const identity = await oidc.completeSignIn(callback, pending);
    expect(idp.requests.slice(before)).toContain('POST /token');
    expect(idp.requests.slice(before)).not.toContain('GET /me');
    expect(identity.username).toBe('sato.hanako');
    expect(identity.displayName).toBe('佐藤 花子');
    expect(identity.groups).toEqual(['kikaku-ka', 'all-staff']);
  });
});
