/**
 * @module Server settings from the environment
 * Everything a city configures on its server, read and checked once at start:
 * - `HOSHIN_ORIGIN`: the public origin(s) users reach Hoshin at (comma-separated), e.g.
 *   `https://hoshin.city.example.lg.jp`; requests for other host names are refused;
 * - `HOSHIN_TRUST_PROXY=1`: behind the city's reverse proxy (client address and https from X-Forwarded-*);
 * - `HOSHIN_SESSION_IDLE_MINUTES`: sign-out after this long unused (default 480);
 * - `LDAP_*` (src/features/auth/ldap.ts), `OIDC_*` (src/features/auth/oidc.ts) and `HOSHIN_ROLE_MAP`
 *   (src/features/auth/role-map.ts) for directory sign-in;
 * - `SMTP_URL` (smtp://user:pass@host:587 or smtps://…:465) to mail お知らせ too, from `SMTP_FROM`
 *   (default hoshin@<host>); without it notices stay in the app and nothing is sent.
 */
import { authenticateLdap, ldapConfigFromEnv } from '../features/auth/ldap.ts';
import { oidcSettingsFromEnv, openOidc } from '../features/auth/oidc.ts';
import { parseRoleMap } from '../features/auth/role-map.ts';
import { sessionSettingsFromEnv } from '../features/auth/session.ts';
import { smtpMailer } from '../features/notices/mail.ts';
import type { ApiOptions } from './app.ts';
import { LOOPBACK_HOSTS } from './edges.ts';

export interface ServerSettings {
  /** Host names requests may name; empty = any (a server on the network without HOSHIN_ORIGIN). */
  allowedHosts: string[];
  api: Omit<ApiOptions, 'pdfPrinter'>;
}

const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host);

export function serverSettingsFromEnv(env: NodeJS.ProcessEnv, listenHost = '127.0.0.1'): ServerSettings {
  const origins = (env.HOSHIN_ORIGIN ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((o) => {
      try {
        return new URL(o);
      } catch {
        throw new Error(
          `HOSHIN_ORIGIN の「${o}」は URL ではありません（例: https://hoshin.city.example.lg.jp）`,
        );
      }
    });
  const allowedHosts =
    origins.length > 0
      ? [...LOOPBACK_HOSTS, ...origins.map((o) => o.hostname)]
      : isLoopback(listenHost)
        ? LOOPBACK_HOSTS
        : [];
  if (allowedHosts.length === 0) {
    console.warn(
      `注意: ${listenHost} で待ち受けますが HOSHIN_ORIGIN が未設定のため、どのホスト名の要求にも応答します。`,
    );
  }
  const ldapConfig = ldapConfigFromEnv(env);
  const roleMap = parseRoleMap(env.HOSHIN_ROLE_MAP ?? '');
  const oidcSettings = oidcSettingsFromEnv(env);
  const uploadMb = Number(env.HOSHIN_UPLOAD_LIMIT_MB);
  const smtpUrl = env.SMTP_URL?.trim();
  const mailer = smtpUrl
    ? smtpMailer(smtpUrl, {
        ...(env.SMTP_FROM ? { from: env.SMTP_FROM } : {}),
        ...(origins[0] ? { baseUrl: origins[0].origin } : {}),
      })
    : undefined;
  return {
    allowedHosts,
    api: {
      allowedOrigins: origins.map((o) => o.origin),
      // Public pages and open data name their own addresses (og:url, datapackage paths) by it.
      ...(origins[0] ? { publicOrigin: origins[0].origin } : {}),
      trustProxy: env.HOSHIN_TRUST_PROXY === '1',
      ...(Number.isFinite(uploadMb) && uploadMb > 0 ? { maxUploadBytes: uploadMb * 1024 * 1024 } : {}),
      sessionSettings: sessionSettingsFromEnv(env),
      ...(mailer ? { mailer } : {}),
      roleMap,
      ...(ldapConfig ? { ldap: (u: string, p: string) => authenticateLdap(ldapConfig, u, p) } : {}),
      // Discovery happens at the first sign-in (and again after a failure), not at start: the
      // provider may come up after Hoshin.
      ...(oidcSettings
        ? {
            oidc: {
              begin: async () => (await openOidc(oidcSettings)).beginSignIn(),
              complete: async (url, pending) => (await openOidc(oidcSettings)).completeSignIn(url, pending),
            },
          }
        : {}),
    },
  };
}
