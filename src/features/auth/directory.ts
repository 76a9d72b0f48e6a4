/**
 * @module Directory accounts
 * A person signed in by the city's directory (LDAP or OpenID Connect) becomes a Hoshin user of the
 * municipality: created on first sign-in, their name and role refreshed from the directory's groups
 * at every sign-in (the directory is the source of truth), refused when no group maps to a role.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged } from '../../db/history.ts';
import { appUser, department } from '../../db/schema.ts';
import { asApp } from '../../db/tenant.ts';
import { ForbiddenError } from '../../errors.ts';
import { type DirectoryIdentity, type RoleMapEntry, roleForGroups } from './role-map.ts';

/** The user row for a directory identity (created or refreshed), logged as the directory's change. */
export function upsertDirectoryUser(
  db: Database,
  municipalityId: number,
  identity: DirectoryIdentity,
  roleMap: RoleMapEntry[],
): Promise<{ id: number; municipalityId: number }> {
  return asApp(db, { municipalityId }, (tx) => upsertIn(tx, municipalityId, identity, roleMap));
}

async function upsertIn(
  db: Database,
  municipalityId: number,
  identity: DirectoryIdentity,
  roleMap: RoleMapEntry[],
): Promise<{ id: number; municipalityId: number }> {
  const mapped = roleForGroups(roleMap, identity.groups);
  if (!mapped) {
    throw new ForbiddenError(
      'このアカウントには Hoshin の役割が割り当てられていません。システム管理者に、ディレクトリのグループと役割の対応を確認してもらってください。',
    );
  }
  let departmentId: number | null = null;
  if (mapped.departmentCode) {
    const [d] = await db
      .select()
      .from(department)
      .where(and(eq(department.municipalityId, municipalityId), eq(department.code, mapped.departmentCode)));
    if (!d) {
      throw new ForbiddenError(
        `ディレクトリのグループが指す課（課コード ${mapped.departmentCode}）が Hoshin に登録されていません。企画課に登録を依頼してください。`,
      );
    }
    departmentId = d.id;
  }
  const values = {
    displayName: identity.displayName || identity.username,
    role: mapped.role,
    departmentId,
    // The directory's address, where it gives one, is where notices are mailed.
    ...(identity.email ? { email: identity.email } : {}),
  };
  const [existing] = await db
    .select()
    .from(appUser)
    .where(and(eq(appUser.municipalityId, municipalityId), eq(appUser.username, identity.username)));
  const actor = `${identity.provider === 'ldap' ? 'LDAP' : 'OpenID Connect'}（${identity.username}）`;
  if (existing) {
    if (existing.provider !== identity.provider) {
      throw new ForbiddenError(
        `ユーザー名「${identity.username}」は Hoshin のアカウントとして既にあります。管理者に連絡してください。`,
      );
    }
    if (existing.disabled)
      throw new ForbiddenError('このアカウントは無効にされています。管理者に連絡してください。');
    // Logged only when the directory says something new (updateLogged compares first).
    await updateLogged(db, appUser, 'app_user', existing, values, { municipalityId, actor });
    return { id: existing.id, municipalityId };
  }
  const row = await insertLogged(
    db,
    appUser,
    'app_user',
    { municipalityId, username: identity.username, provider: identity.provider, ...values },
    { municipalityId, actor },
  );
  return { id: row.id, municipalityId };
}
