/**
 * @module Signed-in test client
 * API tests call routes as a real user would: a user of the first (or named) municipality with a
 * role, a session made the way sign-in makes it, its cookie and CSRF token on every request.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { appUser, department, municipality } from '../db/schema.ts';
import type { Role } from '../features/auth/roles.ts';
import { createSession, SESSION_COOKIE } from '../features/auth/session.ts';

export interface TestClient {
  request: (path: string, init?: RequestInit) => Promise<Response>;
  /** Who this client is, as the change log names them. */
  actor: string;
  csrfToken: string;
  cookie: string;
}

interface Requester {
  request: (path: string, init?: RequestInit) => Response | Promise<Response>;
}

/**
 * A client signed in as `username` (created when missing) with `role` in the municipality `localGovCode`
 * (default: the first one). A 担当課 user needs `department` (its name; created when missing).
 * @example const api = await signedIn(createApi(db), db, { role: 'planning' });
 */
export async function signedIn(
  app: Requester,
  db: Database,
  as: { role?: Role; username?: string; department?: string; localGovCode?: string } = {},
): Promise<TestClient> {
  const role = as.role ?? 'planning';
  const username = as.username ?? `test-${role}`;
  const [m] = as.localGovCode
    ? await db.select().from(municipality).where(eq(municipality.localGovCode, as.localGovCode))
    : await db.select().from(municipality).orderBy(asc(municipality.id)).limit(1);
  if (!m) throw new Error('signedIn: no municipality in the database yet');
  let departmentId: number | null = null;
  if (as.department) {
    const [d] = await db
      .select()
      .from(department)
      .where(and(eq(department.municipalityId, m.id), eq(department.name, as.department)));
    departmentId =
      d?.id ??
      (
        await db
          .insert(department)
          .values({ municipalityId: m.id, code: as.department, name: as.department })
          .returning()
      )[0]?.id ??
      null;
  }
  const [existing] = await db
    .select()
    .from(appUser)
    .where(and(eq(appUser.municipalityId, m.id), eq(appUser.username, username)));
  const displayName = `テスト ${username}`;
  const user =
    existing ??
    (
      await db
        .insert(appUser)
        .values({ municipalityId: m.id, username, displayName, role, departmentId, provider: 'local' })
        .returning()
    )[0];
  if (!user) throw new Error('signedIn: user not created');
  const { token, csrfToken } = await createSession(db, user, new Date());
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    actor: `${user.displayName}（${user.username}）`,
    csrfToken,
    cookie,
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('cookie')) headers.set('cookie', cookie);
      if (!headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken);
      return app.request(path, { ...init, headers });
    },
  };
}
