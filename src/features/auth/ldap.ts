/**
 * @module LDAP sign-in
 * Staff of a city sign in with the account they already have in the city's directory (庁内の
 * ディレクトリ: Active Directory or OpenLDAP) instead of a Hoshin password. This is the classic
 * "search, then bind" flow:
 *
 * 1. find the person's entry by login name (with a service account — サービスアカウント — or
 *    anonymously), the name escaped so it cannot change the meaning of the filter;
 * 2. bind as that entry's DN with the password typed in: the directory, not Hoshin, checks it;
 * 3. collect the groups (所属グループ) the person is in, which the role map (role-map.ts) turns into
 *    a Hoshin role.
 *
 * A wrong password, an unknown user and an empty password all give `null` (the sign-in screen says
 * only "not signed in"). A directory that cannot be reached, or that refuses the service account,
 * throws: that is the city's infrastructure failing, and staff must not be told their password is wrong.
 */
import { Client, type Entry, Filter, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { z } from 'zod';
import type { DirectoryIdentity } from './role-map.ts';

export interface LdapConfig {
  /** `ldap://host:389` or `ldaps://host:636`. */
  url: string;
  /** Where users are searched (subtree), e.g. `ou=people,dc=city,dc=jp`. */
  userBase: string;
  /** `{username}` is replaced by the escaped login name, e.g. `(uid={username})`, `(sAMAccountName={username})`. */
  userFilter: string;
  /** Service account that searches; anonymous search when absent. */
  bindDn?: string;
  bindPassword?: string;
  /** Attribute of the user entry listing group DNs, e.g. `memberOf`; when absent, groups are searched. */
  groupAttribute?: string;
  /** Where groups are searched (subtree) when there is no group attribute, e.g. `ou=groups,dc=city,dc=jp`. */
  groupBase?: string;
  /** `{dn}` is replaced by the user's escaped DN (`{username}` by the login name), e.g. `(member={dn})`. */
  groupFilter?: string;
  /** The name shown in Hoshin, e.g. `displayName` (falls back to `cn`, then the login name). */
  displayNameAttribute: string;
  /** Per connection and per operation; an unreachable server fails after this long. */
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Empty variables (`LDAP_BIND_DN=` in an env file) mean "not set", as they do for people editing them. */
const optional = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

const envSchema = z
  .object({
    LDAP_URL: z.string().regex(/^ldaps?:\/\/[^/]+\/?$/i, {
      error: 'LDAP_URL は ldap://ホスト:ポート または ldaps://ホスト:ポート の形で指定してください',
    }),
    LDAP_USER_BASE: optional.refine((v) => v !== undefined, {
      error: 'LDAP_USER_BASE が設定されていません（利用者を検索する基点の DN。例: ou=people,dc=city,dc=jp）',
    }),
    LDAP_USER_FILTER: optional.refine((v) => v === undefined || v.includes('{username}'), {
      error: 'LDAP_USER_FILTER には {username} を含めてください（例: (uid={username})）',
    }),
    LDAP_BIND_DN: optional,
    LDAP_BIND_PASSWORD: optional,
    LDAP_GROUP_ATTRIBUTE: optional,
    LDAP_GROUP_BASE: optional,
    LDAP_GROUP_FILTER: optional,
    LDAP_DISPLAY_NAME_ATTRIBUTE: optional,
    LDAP_TIMEOUT_MS: optional.refine((v) => v === undefined || /^[1-9]\d*$/.test(v), {
      error: 'LDAP_TIMEOUT_MS はミリ秒の正の整数で指定してください（例: 10000）',
    }),
  })
  .superRefine((env, ctx) => {
    // A bind DN with an empty password is an "unauthenticated bind" that many servers accept as
    // anonymous: the service account would silently not be used.
    if (env.LDAP_BIND_DN && !env.LDAP_BIND_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['LDAP_BIND_PASSWORD'],
        message:
          'LDAP_BIND_DN を設定したときは LDAP_BIND_PASSWORD（サービスアカウントのパスワード）も設定してください',
      });
    }
    if (!env.LDAP_GROUP_ATTRIBUTE && !env.LDAP_GROUP_BASE) {
      ctx.addIssue({
        code: 'custom',
        path: ['LDAP_GROUP_BASE'],
        message:
          'LDAP_GROUP_ATTRIBUTE（例: memberOf）か LDAP_GROUP_BASE（グループを検索する基点の DN）のどちらかを設定してください',
      });
    }
    if (
      env.LDAP_GROUP_FILTER &&
      !env.LDAP_GROUP_FILTER.includes('{dn}') &&
      !env.LDAP_GROUP_FILTER.includes('{username}')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['LDAP_GROUP_FILTER'],
        message: 'LDAP_GROUP_FILTER には {dn} か {username} を含めてください（例: (member={dn})）',
      });
    }
  });

/**
 * The LDAP settings from the environment; undefined when `LDAP_URL` is not set (LDAP sign-in off).
 * Throws an Error whose Japanese message names the variable that is missing or wrong.
 */
export function ldapConfigFromEnv(env: NodeJS.ProcessEnv): LdapConfig | undefined {
  if (!env.LDAP_URL?.trim()) return undefined;
  const parsed = envSchema.safeParse({ ...env, LDAP_URL: env.LDAP_URL.trim() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`LDAP の設定が正しくありません: ${issue?.message ?? parsed.error.message}`);
  }
  const e = parsed.data;
  return {
    url: e.LDAP_URL,
    userBase: e.LDAP_USER_BASE as string,
    userFilter: e.LDAP_USER_FILTER ?? '(uid={username})',
    ...(e.LDAP_BIND_DN ? { bindDn: e.LDAP_BIND_DN, bindPassword: e.LDAP_BIND_PASSWORD } : {}),
    ...(e.LDAP_GROUP_ATTRIBUTE ? { groupAttribute: e.LDAP_GROUP_ATTRIBUTE } : {}),
    ...(e.LDAP_GROUP_BASE ? { groupBase: e.LDAP_GROUP_BASE } : {}),
    groupFilter: e.LDAP_GROUP_FILTER ?? '(member={dn})',
    displayNameAttribute: e.LDAP_DISPLAY_NAME_ATTRIBUTE ?? 'displayName',
    timeoutMs: e.LDAP_TIMEOUT_MS ? Number(e.LDAP_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
  };
}

/**
 * Checks a login name and password against the directory.
 * @returns who the person is, or null for an unknown user, a wrong password or an empty password.
 * @throws Error (Japanese message) when the directory cannot be reached or the configuration is wrong.
 */
export async function authenticateLdap(
  config: LdapConfig,
  username: string,
  password: string,
): Promise<DirectoryIdentity | null> {
  // An empty password makes a simple bind "unauthenticated" (RFC 4513 §5.1.2), which servers may
  // answer with success: it must never reach the server.
  if (password === '' || username.trim() === '') return null;

  const searcher = newClient(config);
  let userClient: Client | undefined;
  try {
    if (config.bindDn) {
      if (!config.bindPassword) {
        throw new Error('LDAP_BIND_DN のサービスアカウントにパスワード（LDAP_BIND_PASSWORD）がありません');
      }
      try {
        await searcher.bind(config.bindDn, config.bindPassword);
      } catch (e) {
        if (e instanceof InvalidCredentialsError) {
          throw new Error(
            `サービスアカウント ${config.bindDn} でディレクトリにログインできません（LDAP_BIND_DN / LDAP_BIND_PASSWORD を確認してください）`,
            { cause: e },
          );
        }
        throw directoryError(config, e);
      }
    }

    const usernameAttribute = /\(\s*([\w.-]+)\s*=\s*\{username\}\s*\)/.exec(config.userFilter)?.[1];
    const attributes = [
      ...new Set(
        [config.displayNameAttribute, 'cn', 'mail', usernameAttribute, config.groupAttribute].filter(
          (a): a is string => !!a,
        ),
      ),
    ];
    let entries: Entry[];
    try {
      ({ searchEntries: entries } = await searcher.search(config.userBase, {
        scope: 'sub',
        filter: fill(config.userFilter, { username }),
        attributes,
        // Two are enough to tell "exactly one" from "ambiguous" (ldapts returns the partial result
        // when the server answers sizeLimitExceeded).
        sizeLimit: 2,
        timeLimit: Math.ceil(config.timeoutMs / 1000),
      }));
    } catch (e) {
      throw directoryError(config, e);
    }
    const [user] = entries;
    if (!user) return null;
    if (entries.length > 1) {
      // Never bind as "whichever came first": the filter is too broad for this directory.
      throw new Error(
        `ログイン名「${username}」に当てはまる利用者がディレクトリに複数あります（LDAP_USER_FILTER を確認してください）`,
      );
    }

    userClient = newClient(config);
    try {
      await userClient.bind(user.dn, password);
    } catch (e) {
      if (e instanceof InvalidCredentialsError) return null;
      throw directoryError(config, e);
    }

    let groups: string[];
    if (config.groupAttribute) {
      groups = values(user, config.groupAttribute);
    } else if (config.groupBase) {
      // With a service account, it searches (it is configured to see groups); otherwise the person's
      // own connection does, which a directory usually lets see more than an anonymous one.
      const groupClient = config.bindDn ? searcher : userClient;
      try {
        const { searchEntries } = await groupClient.search(config.groupBase, {
          scope: 'sub',
          filter: fill(config.groupFilter ?? '(member={dn})', { dn: user.dn, username }),
          // "1.1": no attributes, only the DNs.
          attributes: ['1.1'],
          timeLimit: Math.ceil(config.timeoutMs / 1000),
        });
        groups = searchEntries.map((g) => g.dn);
      } catch (e) {
        throw directoryError(config, e);
      }
    } else {
      groups = [];
    }

    const email = values(user, 'mail')[0];
    return {
      provider: 'ldap',
      // The directory's spelling of the login name, so "Yamada" and "yamada" (equal to LDAP) are one
      // Hoshin user.
      username: (usernameAttribute && values(user, usernameAttribute)[0]) || username,
      displayName: values(user, config.displayNameAttribute)[0] || values(user, 'cn')[0] || username,
      ...(email ? { email } : {}),
      groups: [...new Set(groups)],
    };
  } finally {
    await Promise.all([close(searcher), userClient && close(userClient)]);
  }
}

function newClient(config: LdapConfig): Client {
  return new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs });
}

/** Unbinds and closes; an error here (connection already gone) changes nothing for the caller. */
async function close(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // The socket is destroyed by unbind() even when sending the request failed.
  }
}

/** Replaces `{name}` placeholders with values escaped for an LDAP filter (RFC 4515: `*`, `(`, `)`, `\`, NUL). */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : Filter.escape(value);
  });
}

/** An attribute's values as strings (ldapts gives one value as a string, several as an array). */
function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? [] : entry[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v)).filter((v) => v !== '');
}

/**
 * A directory failure as an Error for the person operating Hoshin. Errors the server answered with
 * (an LDAP result code) say so; anything else (refused, timed out, TLS) means it could not be reached.
 */
function directoryError(config: LdapConfig, error: unknown): Error {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ResultCodeError) {
    return new Error(`ディレクトリサーバー（${config.url}）がエラーを返しました: ${detail}`, {
      cause: error,
    });
  }
  return new Error(
    `ディレクトリサーバーに接続できません（${config.url}）。LDAP_URL とネットワークを確認してください: ${detail}`,
    { cause: error },
  );
}
