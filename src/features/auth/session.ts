/**
 * @module Sessions and sign-in
 * Who is asking. A browser holds a random token in an HttpOnly cookie; the database keeps only
 * its SHA-256, the user, a CSRF token and the expiry. Sign-in always makes a new session (no
 * fixation: a token a client brings is never promoted). Failed sign-ins are counted per account
 * and per address and lock both for a while past a limit.
 *
 * These functions run before a municipality scope exists (they find it), yet as the app's role like
 * everything else: a session is reached by its token's hash, an account within the municipality
 * chosen at sign-in (src/db/tenant.ts, migrations 0005 and 0007).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { appUser, department, loginThrottle, municipality, userSession } from '../../db/schema.ts';
import { asApp, reachMunicipality } from '../../db/tenant.ts';
import { japanDateOf } from '../../domain/calendar/index.ts';
import { NotSignedInError, TooManyAttemptsError } from '../../errors.ts';
import { UNUSABLE_HASH, verifyPassword } from './password.ts';
import type { Role } from './roles.ts';

/** The cookie that carries the session token. */
export const SESSION_COOKIE = 'hoshin_session';

export interface SessionSettings {
  /** A session unused this long ends (default 8 h, HOSHIN_SESSION_IDLE_MINUTES). */
  idleMs: number;
  /** A session ends this long after sign-in however it is used (default 24 h). */
  absoluteMs: number;
}

export const defaultSessionSettings: SessionSettings = { idleMs: 8 * 3600_000, absoluteMs: 24 * 3600_000 };

/** Session settings from the environment. */
export function sessionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SessionSettings {
  const idle = Number(env.HOSHIN_SESSION_IDLE_MINUTES);
  return {
    ...defaultSessionSettings,
    ...(Number.isFinite(idle) && idle > 0 ? { idleMs: idle * 60_000 } : {}),
  };
}

/**
 * What every use case is given: which municipality, who, in which role and department, and the date
 * in Japan. Resolved once per request or command.
 */
export interface Scope {
  municipalityId: number;
  localGovCode: string;
  municipalityName: string;
  user: { id: number | null; username: string; displayName: string };
  role: Role;
  /** The user's department (担当課 role), else null. */
  departmentId: number | null;
  /** 'yyyy-mm-dd' in Japan. */
  today: string;
}

/** The name a change is logged under. */
export function actorOf(scope: Pick<Scope, 'user'>): string {
  const { username, displayName } = scope.user;
  return displayName && displayName !== username ? `${displayName}（${username}）` : username;
}

export interface SignedInSession {
  scope: Scope;
  departmentName: string | null;
  sessionId: number;
  csrfToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** Starts a session for a user who has just proved who they are. Returns the cookie's token. */
export async function createSession(
  db: Database,
  user: { id: number; municipalityId: number },
  now: Date,
  settings: SessionSettings = defaultSessionSettings,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + Math.min(settings.idleMs, settings.absoluteMs));
  await asApp(db, { municipalityId: user.municipalityId }, async (tx) => {
    await tx.insert(userSession).values({
      municipalityId: user.municipalityId,
      userId: user.id,
      tokenHash: hashToken(token),
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    // Expired sessions are of no use to anyone: sweep the municipality's as new ones start.
    await tx.delete(userSession).where(lt(userSession.expiresAt, now));
  });
  return { token, csrfToken, expiresAt };
}

/** The session a cookie token names, when it is live and its user still enabled; else undefined. */
export async function resolveSession(
  db: Database,
  token: string | undefined,
  now: Date,
  settings: SessionSettings = defaultSessionSettings,
): Promise<SignedInSession | undefined> {
  if (!token || token.length > 200) return undefined;
  const tokenHash = hashToken(token);
  // As hoshin_app: first the one session this token opens, then its municipality's user.
  const row = await asApp(db, { sessionTokenHash: tokenHash }, async (tx) => {
    const [session] = await tx.select().from(userSession).where(eq(userSession.tokenHash, tokenHash));
    if (!session || session.expiresAt <= now) return undefined;
    await reachMunicipality(tx, session.municipalityId);
    const [found] = await tx
      .select({ user: appUser, municipality, department })
      .from(appUser)
      .innerJoin(municipality, eq(appUser.municipalityId, municipality.id))
      .leftJoin(department, eq(appUser.departmentId, department.id))
      .where(and(eq(appUser.id, session.userId), eq(appUser.municipalityId, session.municipalityId)));
    if (!found || found.user.disabled) return undefined;
    // Slide the idle expiry, at most once a minute (a page load makes many requests).
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
      const absoluteEnd = session.createdAt.getTime() + settings.absoluteMs;
      await tx
        .update(userSession)
        .set({ lastSeenAt: now, expiresAt: new Date(Math.min(now.getTime() + settings.idleMs, absoluteEnd)) })
        .where(eq(userSession.id, session.id));
    }
    return { session, ...found };
  });
  if (!row) return undefined;
  return {
    departmentName: row.department?.name ?? null,
    sessionId: row.session.id,
    csrfToken: row.session.csrfToken,
    scope: {
      municipalityId: row.municipality.id,
      localGovCode: row.municipality.localGovCode,
      municipalityName: row.municipality.name,
      user: { id: row.user.id, username: row.user.username, displayName: row.user.displayName },
      role: row.user.role,
      departmentId: row.user.departmentId,
      today: japanDateOf(now),
    },
  };
}

/** Ends the session a token names (sign-out). */
export async function endSession(db: Database, token: string | undefined): Promise<void> {
  if (!token || token.length > 200) return;
  const tokenHash = hashToken(token);
  await asApp(db, { sessionTokenHash: tokenHash }, (tx) =>
    tx.delete(userSession).where(eq(userSession.tokenHash, tokenHash)),
  );
}

/** Ends every session of a user but the one `keepToken` opens (after a password change); how many ended. */
export async function endOtherSessions(tx: Database, userId: number, keepToken: string): Promise<number> {
  const ended = await tx
    .delete(userSession)
    .where(and(eq(userSession.userId, userId), ne(userSession.tokenHash, hashToken(keepToken))))
    .returning({ id: userSession.id });
  return ended.length;
}

// ── Throttling ──────────────────────────────────────────────────────────────────────────────────

/** Failures allowed per window before a lock: an account is guessed at, an address sprays many. */
export const THROTTLE = { windowMs: 15 * 60_000, lockMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

const throttleKeys = (username: string, address: string) => [
  { key: `user:${username.toLowerCase()}`, limit: THROTTLE.perAccount },
  { key: `addr:${address}`, limit: THROTTLE.perAddress },
];

async function assertNotLocked(db: Database, municipalityId: number, keys: string[], now: Date) {
  for (const key of keys) {
    const [row] = await db
      .select()
      .from(loginThrottle)
      .where(and(eq(loginThrottle.municipalityId, municipalityId), eq(loginThrottle.key, key)));
    if (row?.lockedUntil && row.lockedUntil > now) {
      const minutes = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000);
      throw new TooManyAttemptsError(
        `ログインの失敗が続いたため、しばらくログインできません。約${minutes}分後にやり直してください。`,
      );
    }
  }
}

async function recordFailure(
  db: Database,
  municipalityId: number,
  username: string,
  address: string,
  now: Date,
) {
  for (const { key, limit } of throttleKeys(username, address)) {
    const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
    await db
      .insert(loginThrottle)
      .values({ municipalityId, key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: [loginThrottle.municipalityId, loginThrottle.key],
        set: {
          // A failure after the window starts a new count.
          failures: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then ${now} else ${loginThrottle.windowStartedAt} end`,
        },
      });
    await db
      .update(loginThrottle)
      .set({ lockedUntil: new Date(now.getTime() + THROTTLE.lockMs), failures: 0, windowStartedAt: now })
      .where(
        and(
          eq(loginThrottle.municipalityId, municipalityId),
          eq(loginThrottle.key, key),
          sql`${loginThrottle.failures} >= ${limit}`,
        ),
      );
  }
}

async function clearAccountFailures(db: Database, municipalityId: number, username: string) {
  await db
    .delete(loginThrottle)
    .where(
      and(
        eq(loginThrottle.municipalityId, municipalityId),
        eq(loginThrottle.key, `user:${username.toLowerCase()}`),
      ),
    );
}

const WRONG = 'ユーザー名またはパスワードが違います。';

/**
 * Checks a local account's password. The same message for an unknown user, a wrong password and a
 * disabled account, and a hash verified in every case, so neither words nor timing tell them apart.
 */
export async function verifyLocalSignIn(
  db: Database,
  input: { municipalityId: number; username: string; password: string; address: string },
  now: Date,
): Promise<{ id: number; municipalityId: number }> {
  const username = input.username.trim();
  const keys = throttleKeys(username, input.address).map((k) => k.key);
  // The failure is counted in a transaction that commits; the refusal is thrown after it.
  const user = await asApp(db, { municipalityId: input.municipalityId }, async (tx) => {
    await assertNotLocked(tx, input.municipalityId, keys, now);
    const [found] = await tx
      .select()
      .from(appUser)
      .where(and(eq(appUser.municipalityId, input.municipalityId), eq(appUser.username, username)));
    const ok = await verifyPassword(input.password, found?.passwordHash ?? UNUSABLE_HASH);
    if (!found || !ok || found.disabled || found.provider !== 'local' || input.password === '') {
      await recordFailure(tx, input.municipalityId, username, input.address, now);
      return undefined;
    }
    await clearAccountFailures(tx, input.municipalityId, username);
    return found;
  });
  if (!user) throw new NotSignedInError(WRONG);
  return { id: user.id, municipalityId: user.municipalityId };
}

/**
 * Checks a signed-in user's current password before it is changed, under the sign-in throttle: a
 * locked account or address is refused (429) and a wrong password counts as a failed sign-in, so
 * the form cannot be used to guess. Run it in a transaction that commits even when the password is
 * wrong (the caller refuses after it), inside the user's municipality.
 */
export async function verifyCurrentPassword(
  tx: Database,
  input: {
    municipalityId: number;
    username: string;
    password: string;
    passwordHash: string | null;
    address: string;
  },
  now: Date,
): Promise<boolean> {
  const keys = throttleKeys(input.username, input.address).map((k) => k.key);
  await assertNotLocked(tx, input.municipalityId, keys, now);
  const ok = await verifyPassword(input.password, input.passwordHash ?? UNUSABLE_HASH);
  if (!ok || input.password === '') {
    await recordFailure(tx, input.municipalityId, input.username, input.address, now);
    return false;
  }
  await clearAccountFailures(tx, input.municipalityId, input.username);
  return true;
}
