/**
 * @module Demo accounts
 * One account per role for the built-in demo, all with the password DEMO_PASSWORD, listed in the
 * README and on the sign-in page while any exists. Created once; a city disables or removes them
 * (or never loads the demo) before going live.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { appUser, department } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant.ts';
import { japanDateOf } from '../../domain/calendar/index.ts';
import type { Role } from '../auth/roles.ts';
import { DEMO_PASSWORD } from '../auth/routes.ts';
import type { Scope } from '../auth/session.ts';
import { createUser } from './service.ts';

export const DEMO_ACCOUNTS: Array<{
  username: string;
  displayName: string;
  role: Role;
  department?: string;
}> = [
  { username: 'admin', displayName: 'システム管理者', role: 'administrator' },
  { username: 'kikaku', displayName: '企画政策課 山本', role: 'planning', department: '企画政策課' },
  { username: 'kanko', displayName: '観光政策課 佐藤', role: 'department', department: '観光政策課' },
  { username: 'shoko', displayName: '商工労働課 中村', role: 'department', department: '商工労働課' },
  { username: 'iin', displayName: '審議会委員 田中', role: 'council' },
  { username: 'etsuran', displayName: '総務課 小林', role: 'viewer' },
];

/** The scope of a system task (demo load, CLI) in a municipality, logged under `actor`. */
export function systemScope(
  m: { id: number; localGovCode: string; name: string },
  actor: string,
  now = new Date(),
): Scope {
  return {
    municipalityId: m.id,
    localGovCode: m.localGovCode,
    municipalityName: m.name,
    user: { id: null, username: actor, displayName: actor },
    role: 'administrator',
    departmentId: null,
    today: japanDateOf(now),
  };
}

/** Creates the demo accounts that do not exist yet (departments they name must exist). */
export async function ensureDemoAccounts(
  db: Database,
  m: { id: number; localGovCode: string; name: string },
): Promise<string[]> {
  return withTenant(db, m.id, async (tx) => {
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await tx.select().from(appUser).where(eq(appUser.username, account.username));
      if (existing) continue;
      const [d] = account.department
        ? await tx
            .select()
            .from(department)
            .where(and(eq(department.municipalityId, m.id), eq(department.name, account.department)))
        : [];
      if (account.department && !d) continue;
      await createUser(tx, systemScope(m, 'demo'), {
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        departmentId: d?.id ?? null,
        password: DEMO_PASSWORD,
        demo: true,
      });
      created.push(account.username);
    }
    return created;
  });
}
