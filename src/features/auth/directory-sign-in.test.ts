/**
 * Directory sign-in through the HTTP API, against the real servers the tests start: OpenLDAP's slapd
 * (bind) and an OpenID provider (authorization code with PKCE). A directory group maps to a role
 * and department; a person in no mapped group gets no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { appUser, department, municipality } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import {
  signInAtProvider,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../../test-support/oidc-provider.ts';
import { type LdapEntry, type Slapd, startSlapd } from '../../test-support/slapd.ts';
import { authenticateLdap } from './ldap.ts';
import { oidcSettingsFromEnv, openOidc } from './oidc.ts';
import { parseRoleMap } from './role-map.ts';

const SUFFIX = 'dc=city,dc=example';
const PEOPLE = `ou=people,${SUFFIX}`;
const GROUPS = `ou=groups,${SUFFIX}`;
const ssha = (password: string) => {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
};
const person = (uid: string, name: string, password: string): LdapEntry => ({
  dn: `uid=${uid},${PEOPLE}`,
  attributes: {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    uid,
    cn: name,
    sn: name.split(' ')[0] ?? name,
    displayName: name,
    userPassword: ssha(password),
  },
});
const group = (cn: string, member: string): LdapEntry => ({
  dn: `cn=${cn},${GROUPS}`,
  attributes: { objectClass: 'groupOfNames', cn, member: `uid=${member},${PEOPLE}` },
});

const ROLE_MAP = parseRoleMap(
  `cn=kikaku,${GROUPS}=企画;cn=kanko,${GROUPS}=担当課:kanko;kikaku-ka=企画;kanko-ka=担当課:kanko`,
);
const REDIRECT_URI = 'http://localhost/api/auth/oidc/callback';

describe.each(testBackends())('directory sign-in over HTTP on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let slapd: Slapd;
  let idp: TestOidcProvider;
  let app: ReturnType<typeof createApi>;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const [m] = await handle.db.select().from(municipality);
    await handle.db
      .insert(department)
      .values({ municipalityId: m?.id ?? 0, code: 'kanko', name: '観光政策課' });
    slapd = await startSlapd({
      suffix: SUFFIX,
      entries: [
        {
          dn: SUFFIX,
          attributes: { objectClass: ['top', 'dcObject', 'organization'], dc: 'city', o: '例市' },
        },
        { dn: PEOPLE, attributes: { objectClass: 'organizationalUnit', ou: 'people' } },
        { dn: GROUPS, attributes: { objectClass: 'organizationalUnit', ou: 'groups' } },
        person('sato', '佐藤 花子', 'sato-password'),
        person('yamada', '山田 太郎', 'yamada-password'),
        person('suzuki', '鈴木 一郎', 'suzuki-password'),
        group('kanko', 'sato'),
        group('kikaku', 'yamada'),
      ],
    });
    idp = await startTestOidcProvider({
      redirectUris: [REDIRECT_URI],
      users: [
        {
          sub: 's-1',
          username: 'tanaka',
          password: 'tanaka-password',
          name: '田中 次郎',
          groups: ['kanko-ka'],
        },
        { sub: 's-2', username: 'ito', password: 'ito-password', name: '伊藤 三郎', groups: ['other'] },
      ],
    });
    const ldapConfig = {
      url: slapd.url,
      userBase: PEOPLE,
      userFilter: '(uid={username})',
      groupBase: GROUPS,
      groupFilter: '(member={dn})',
      displayNameAttribute: 'displayName',
      timeoutMs: 5000,
    };
    const oidcSettings = oidcSettingsFromEnv({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_GROUPS_SCOPE: 'groups',
    });
    if (!oidcSettings) throw new Error('OIDC settings expected');
    app = createApi(handle.db, {
      roleMap: ROLE_MAP,
      ldap: (u, p) => authenticateLdap(ldapConfig, u, p),
      oidc: {
        begin: async () => (await openOidc(oidcSettings)).beginSignIn(),
        complete: async (url, pending) => (await openOidc(oidcSettings)).completeSignIn(url, pending),
      },
    });
  }, 120_000);
  afterAll(async () => {
    await slapd?.stop();
    await idp?.stop();
    await handle?.close();
  });

  const ldapLogin = (username: string, password: string) =>
    app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, method: 'ldap' }),
    });

  it('offers the configured methods on the sign-in page', async () => {
    const options = await (await app.request('/api/auth/sign-in-options')).json();
    expect(options.methods).toEqual(['local', 'ldap', 'oidc']);
  });

  it('signs in by LDAP bind; the directory group gives the role and department', async () => {
    const res = await ldapLogin('sato', 'sato-password');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      signedIn: true,
      role: 'department',
      departmentName: '観光政策課',
      user: { username: 'sato', displayName: '佐藤 花子' },
    });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect((await app.request('/api/plans', { headers: { cookie } })).status).toBe(200);
    const [user] = await handle.db.select().from(appUser).where(eq(appUser.username, 'sato'));
    expect(user).toMatchObject({ provider: 'ldap', passwordHash: null });
    const planner = await ldapLogin('yamada', 'yamada-password');
    expect(await planner.json()).toMatchObject({ role: 'planning', roleLabel: '企画' });
  });

  it('refuses a wrong LDAP password (401) and a person in no mapped group (403)', async () => {
    const wrong = await ldapLogin('sato', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const unmapped = await ldapLogin('suzuki', 'suzuki-password');
    expect(unmapped.status).toBe(403);
    expect((await unmapped.json()).error).toContain('役割が割り当てられていません');
    expect(unmapped.headers.get('set-cookie')).toBeNull();
  });

  it('signs in by OpenID Connect: redirect, the provider, the callback, a session', async () => {
    const start = await app.request('/api/auth/oidc/start');
    expect(start.status).toBe(302);
    const authorizationUrl = start.headers.get('location') ?? '';
    expect(authorizationUrl.startsWith(idp.issuer)).toBe(true);
    expect(new URL(authorizationUrl).searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await signInAtProvider(authorizationUrl, {
      username: 'tanaka',
      password: 'tanaka-password',
    });
    const done = await app.request(`${callback.pathname}${callback.search}`);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    const cookie = done.headers.get('set-cookie')?.split(';')[0] ?? '';
    const session = await (await app.request('/api/auth/session', { headers: { cookie } })).json();
    expect(session).toMatchObject({
      signedIn: true,
      role: 'department',
      departmentName: '観光政策課',
      user: { username: 'tanaka', displayName: '田中 次郎' },
    });
    // The callback is single-use: replaying it finds no pending sign-in, and says so on the sign-in screen.
    const replay = await app.request(`${callback.pathname}${callback.search}`);
    expect(replay.status).toBe(302);
    expect(decodeURIComponent(replay.headers.get('location') ?? '')).toContain(
      'ログインの手続きが見つかりません',
    );
    expect(replay.headers.get('set-cookie')).toBeNull();
  });

  it('answers 503 in Japanese when the directory cannot be reached, not 500', async () => {
    const down = createApi(handle.db, {
      roleMap: ROLE_MAP,
      ldap: (u, p) =>
        authenticateLdap(
          {
            url: 'ldap://127.0.0.1:9',
            userBase: PEOPLE,
            userFilter: '(uid={username})',
            groupBase: GROUPS,
            groupFilter: '(member={dn})',
            displayNameAttribute: 'displayName',
            timeoutMs: 2000,
          },
          u,
          p,
        ),
    });
    const res = await down.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sato', password: 'sato-password', method: 'ldap' }),
    });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toContain('ディレクトリサーバーに接続できません');
  });

  it('gives no session to an OpenID user in no mapped group', async () => {
    const start = await app.request('/api/auth/oidc/start');
    const callback = await signInAtProvider(start.headers.get('location') ?? '', {
      username: 'ito',
      password: 'ito-password',
    });
    const done = await app.request(`${callback.pathname}${callback.search}`);
    expect(done.status).toBe(302);
    expect(decodeURIComponent(done.headers.get('location') ?? '')).toMatch(
      /^\/\?sign-in-error=.*役割が割り当てられていません/,
    );
    expect(done.headers.get('set-cookie')).toBeNull();
  });
});
