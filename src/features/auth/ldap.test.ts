// LDAP sign-in against a real OpenLDAP slapd on 127.0.0.1 (started per run by test-support/slapd.ts),
// so search-then-bind, filter escaping and group lookup are checked against what a directory really does.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type LdapEntry, type Slapd, startSlapd } from '../../test-support/slapd.ts';
import { authenticateLdap, type LdapConfig, ldapConfigFromEnv } from './ldap.ts';
import { parseRoleMap, roleForGroups } from './role-map.ts';

const SUFFIX = 'dc=example,dc=jp';
const PEOPLE = `ou=people,${SUFFIX}`;
const GROUPS = `ou=groups,${SUFFIX}`;
const KIKAKU = `cn=kikaku,${GROUPS}`;
const KANKO = `cn=kanko,${GROUPS}`;
const SERVICE_DN = `cn=hoshin,ou=services,${SUFFIX}`;

/** `{SSHA}` as slappasswd writes it: base64(SHA-1(password + salt) + salt). */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

const person = (
  uid: string,
  cn: string,
  password: string,
  extra: Record<string, string> = {},
): LdapEntry => ({
  dn: `uid=${uid},${PEOPLE}`,
  attributes: {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    uid,
    cn,
    sn: cn.split(' ')[0] ?? cn,
    userPassword: ssha(password),
    ...extra,
  },
});

const ENTRIES: LdapEntry[] = [
  { dn: SUFFIX, attributes: { objectClass: ['top', 'dcObject', 'organization'], dc: 'example', o: '例市' } },
  { dn: PEOPLE, attributes: { objectClass: 'organizationalUnit', ou: 'people' } },
  { dn: GROUPS, attributes: { objectClass: 'organizationalUnit', ou: 'groups' } },
  { dn: `ou=services,${SUFFIX}`, attributes: { objectClass: 'organizationalUnit', ou: 'services' } },
  person('yamada', '山田 太郎', 'yamada-pass', { displayName: '山田 太郎', mail: 'yamada@example.jp' }),
  person('sato', '佐藤 花子', 'sato-pass', { displayName: '佐藤 花子', mail: 'sato@example.jp' }),
  // No displayName: the name shown falls back to cn.
  person('suzuki', '鈴木 一郎', 'suzuki-pass'),
  {
    dn: SERVICE_DN,
    attributes: {
      objectClass: ['organizationalRole', 'simpleSecurityObject'],
      cn: 'hoshin',
      userPassword: ssha('service-pass'),
    },
  },
  {
    dn: KIKAKU,
    attributes: {
      objectClass: 'groupOfNames',
      cn: 'kikaku',
      description: '企画課',
      member: `uid=yamada,${PEOPLE}`,
    },
  },
  {
    dn: KANKO,
    attributes: {
      objectClass: 'groupOfNames',
      cn: 'kanko',
      description: '観光課',
      member: `uid=sato,${PEOPLE}`,
    },
  },
];

let slapd: Slapd;
/** Anonymous search, groups found by searching ou=groups. */
let config: LdapConfig;

beforeAll(async () => {
  slapd = await startSlapd({ suffix: SUFFIX, entries: ENTRIES });
  config = {
    url: slapd.url,
    userBase: PEOPLE,
    userFilter: '(uid={username})',
    groupBase: GROUPS,
    groupFilter: '(member={dn})',
    displayNameAttribute: 'displayName',
    timeoutMs: 3_000,
  };
});

afterAll(async () => {
  await slapd?.stop();
});

describe('authenticateLdap', () => {
  it('returns the identity, Japanese name and searched groups for the right password', async () => {
    expect(await authenticateLdap(config, 'yamada', 'yamada-pass')).toEqual({
      provider: 'ldap',
      username: 'yamada',
      displayName: '山田 太郎',
      email: 'yamada@example.jp',
      groups: [KIKAKU],
    });
  });

  it('reads groups from a group attribute (memberOf) with a service account', async () => {
    // No groupBase: the groups can only come from the attribute (computed by slapd's dynlist overlay).
    const { groupBase: _, groupFilter: __, ...withoutGroupSearch } = config;
    const withMemberOf: LdapConfig = {
      ...withoutGroupSearch,
      bindDn: SERVICE_DN,
      bindPassword: 'service-pass',
      groupAttribute: 'memberOf',
    };
    const identity = await authenticateLdap(withMemberOf, 'sato', 'sato-pass');
    expect(identity).toMatchObject({ username: 'sato', displayName: '佐藤 花子', groups: [KANKO] });
  });

  it('searches groups through the service account too', async () => {
    const withService: LdapConfig = { ...config, bindDn: SERVICE_DN, bindPassword: 'service-pass' };
    expect((await authenticateLdap(withService, 'sato', 'sato-pass'))?.groups).toEqual([KANKO]);
  });

  it('falls back to cn for the name, and gives no groups for a person in none', async () => {
    expect(await authenticateLdap(config, 'suzuki', 'suzuki-pass')).toEqual({
      provider: 'ldap',
      username: 'suzuki',
      displayName: '鈴木 一郎',
      groups: [],
    });
  });

  it("returns the directory's spelling of the login name", async () => {
    expect((await authenticateLdap(config, 'YAMADA', 'yamada-pass'))?.username).toBe('yamada');
  });

  it('returns null for a wrong password, an unknown user and an empty password', async () => {
    expect(await authenticateLdap(config, 'yamada', 'wrong')).toBeNull();
    expect(await authenticateLdap(config, 'yamada', 'sato-pass')).toBeNull();
    expect(await authenticateLdap(config, 'tanaka', 'yamada-pass')).toBeNull();
    // The test slapd, like some directories, takes a DN with an empty password as an anonymous bind
    // that succeeds (allow bind_anon_dn): only the sign-in's own check makes this null.
    expect(await authenticateLdap(config, 'yamada', '')).toBeNull();
    expect(await authenticateLdap(config, '', 'yamada-pass')).toBeNull();
  });

  it('refuses an empty password without contacting the server', async () => {
    // Nothing listens there: contacting it would throw, so null proves the refusal came first.
    const nowhere = { ...config, url: `ldap://127.0.0.1:${await freePort()}` };
    expect(await authenticateLdap(nowhere, 'yamada', '')).toBeNull();
  });

  it.each([
    '*',
    'yamad*',
    '*amada',
    'yamada)(uid=*',
    'yamada)(|(uid=*',
    '*)(uid=*))(|(uid=*',
    'yamada\\',
    'yamada\u0000',
  ])('treats filter metacharacters in %j as text, not as a match for yamada', async (username) => {
    // yamada's real password: an unescaped wildcard would find and bind as yamada.
    expect(await authenticateLdap(config, username, 'yamada-pass')).toBeNull();
  });

  it('maps the groups to roles with the role map', async () => {
    const map = parseRoleMap(`${KIKAKU}=企画;${KANKO}=担当課:kanko`);
    const yamada = await authenticateLdap(config, 'yamada', 'yamada-pass');
    const sato = await authenticateLdap(config, 'sato', 'sato-pass');
    const suzuki = await authenticateLdap(config, 'suzuki', 'suzuki-pass');
    expect(roleForGroups(map, yamada?.groups ?? [])).toEqual({ group: KIKAKU, role: 'planning' });
    expect(roleForGroups(map, sato?.groups ?? [])).toEqual({
      group: KANKO,
      role: 'department',
      departmentCode: 'kanko',
    });
    expect(roleForGroups(map, suzuki?.groups ?? [])).toBeUndefined();
  });

  it('throws, rather than returning null, when the service account is refused', async () => {
    const badService = { ...config, bindDn: SERVICE_DN, bindPassword: 'wrong' };
    await expect(authenticateLdap(badService, 'yamada', 'yamada-pass')).rejects.toThrow(/サービスアカウント/);
  });

  it('throws when the user filter matches more than one person', async () => {
    const broad = { ...config, userFilter: '(|(uid={username})(objectClass=inetOrgPerson))' };
    await expect(authenticateLdap(broad, 'yamada', 'yamada-pass')).rejects.toThrow(/複数/);
  });

  it('throws the Japanese error when nothing listens on the port', async () => {
    const nowhere = { ...config, url: `ldap://127.0.0.1:${await freePort()}` };
    await expect(authenticateLdap(nowhere, 'yamada', 'yamada-pass')).rejects.toThrow(
      /^ディレクトリサーバーに接続できません/,
    );
  });

  it('throws the Japanese error once the server has stopped', async () => {
    const other = await startSlapd({ suffix: SUFFIX, entries: ENTRIES });
    const stoppedConfig = { ...config, url: other.url };
    expect((await authenticateLdap(stoppedConfig, 'yamada', 'yamada-pass'))?.username).toBe('yamada');
    await other.stop();
    await expect(authenticateLdap(stoppedConfig, 'yamada', 'yamada-pass')).rejects.toThrow(
      /^ディレクトリサーバーに接続できません/,
    );
  });

  it('throws the Japanese error when the server accepts but never answers', async () => {
    // A TCP listener that is not LDAP: only the timeout ends the wait.
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const hanging = { ...config, url: `ldap://127.0.0.1:${port}`, timeoutMs: 300 };
      await expect(authenticateLdap(hanging, 'yamada', 'yamada-pass')).rejects.toThrow(
        /^ディレクトリサーバーに接続できません/,
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('ldapConfigFromEnv', () => {
  const base = {
    LDAP_URL: 'ldap://ldap.city.example.jp:389',
    LDAP_USER_BASE: PEOPLE,
    LDAP_GROUP_BASE: GROUPS,
  };

  it('is undefined when LDAP_URL is not set (LDAP sign-in off)', () => {
    expect(ldapConfigFromEnv({})).toBeUndefined();
    expect(ldapConfigFromEnv({ LDAP_URL: '' })).toBeUndefined();
  });

  it('fills the defaults', () => {
    expect(ldapConfigFromEnv(base)).toEqual({
      url: 'ldap://ldap.city.example.jp:389',
      userBase: PEOPLE,
      userFilter: '(uid={username})',
      groupBase: GROUPS,
      groupFilter: '(member={dn})',
      displayNameAttribute: 'displayName',
      timeoutMs: 10_000,
    });
  });

  it('reads every setting', () => {
    expect(
      ldapConfigFromEnv({
        LDAP_URL: 'ldaps://dc01.city.example.jp',
        LDAP_USER_BASE: 'OU=職員,DC=city,DC=example,DC=jp',
        LDAP_USER_FILTER: '(&(objectClass=user)(sAMAccountName={username}))',
        LDAP_BIND_DN: 'CN=hoshin,OU=services,DC=city,DC=example,DC=jp',
        LDAP_BIND_PASSWORD: 's3cret',
        LDAP_GROUP_ATTRIBUTE: 'memberOf',
        LDAP_GROUP_FILTER: '(member={dn})',
        LDAP_DISPLAY_NAME_ATTRIBUTE: 'cn',
        LDAP_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      url: 'ldaps://dc01.city.example.jp',
      userBase: 'OU=職員,DC=city,DC=example,DC=jp',
      userFilter: '(&(objectClass=user)(sAMAccountName={username}))',
      bindDn: 'CN=hoshin,OU=services,DC=city,DC=example,DC=jp',
      bindPassword: 's3cret',
      groupAttribute: 'memberOf',
      groupFilter: '(member={dn})',
      displayNameAttribute: 'cn',
      timeoutMs: 5_000,
    });
  });

  it.each([
    [{ LDAP_USER_BASE: undefined }, 'LDAP_USER_BASE'],
    [{ LDAP_USER_BASE: '  ' }, 'LDAP_USER_BASE'],
    [{ LDAP_URL: 'ldap.city.example.jp' }, 'LDAP_URL'],
    [{ LDAP_USER_FILTER: '(uid=yamada)' }, 'LDAP_USER_FILTER'],
    [{ LDAP_BIND_DN: SERVICE_DN }, 'LDAP_BIND_PASSWORD'],
    [{ LDAP_GROUP_BASE: undefined }, 'LDAP_GROUP_ATTRIBUTE'],
    [{ LDAP_GROUP_FILTER: '(member=x)' }, 'LDAP_GROUP_FILTER'],
    [{ LDAP_TIMEOUT_MS: '5s' }, 'LDAP_TIMEOUT_MS'],
  ])('throws a Japanese message naming the variable for %j', (change, variable) => {
    expect(() => ldapConfigFromEnv({ ...base, ...change })).toThrow(
      new RegExp(`^LDAP の設定が正しくありません: .*${variable}`),
    );
  });
});
