/**
 * @module Directory role map
 * City staff already sit in directory groups (Active Directory, OpenLDAP, an OpenID provider's
 * `groups` claim). A role map names, per group, the Hoshin role its members get, and optionally
 * their department code. Configured by environment, e.g.
 * `HOSHIN_ROLE_MAP="cn=kikaku,ou=groups,dc=city,dc=jp=企画;cn=kanko,ou=groups,dc=city,dc=jp=担当課:kanko"`.
 * Entries are separated by `;`, the group from the role by the last `=`; `:code` after a role names
 * the department. The first matching entry wins, so list stronger roles first.
 */
import { parseRole, type Role } from './roles.ts';

export interface RoleMapEntry {
  group: string;
  role: Role;
  departmentCode?: string;
}

/** Thrown for a role map that cannot be read; the message names the entry. */
export class RoleMapError extends Error {
  override name = 'RoleMapError';
}

/**
 * Reads a role map. Group names compare case-insensitively (LDAP DNs do).
 * @example parseRoleMap('admins=管理者;kanko=担当課:kanko')
 */
export function parseRoleMap(text: string): RoleMapEntry[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const at = entry.lastIndexOf('=');
      if (at <= 0) throw new RoleMapError(`役割の対応「${entry}」は「グループ=役割」の形で書いてください`);
      const group = entry.slice(0, at).trim();
      const [roleText = '', departmentCode] = entry.slice(at + 1).split(':');
      const role = parseRole(roleText);
      if (!role) {
        throw new RoleMapError(
          `役割の対応「${entry}」の役割「${roleText}」が分かりません（管理者・企画・担当課・審議会委員・閲覧）`,
        );
      }
      if (role === 'department' && !departmentCode?.trim()) {
        throw new RoleMapError(`役割の対応「${entry}」: 担当課には「担当課:課コード」で課を指定してください`);
      }
      return { group, role, ...(departmentCode?.trim() ? { departmentCode: departmentCode.trim() } : {}) };
    });
}

/** The role for a member of these groups: the first entry of the map that matches; undefined when none. */
export function roleForGroups(map: RoleMapEntry[], groups: string[]): RoleMapEntry | undefined {
  const held = new Set(groups.map((g) => g.trim().toLowerCase()));
  return map.find((e) => held.has(e.group.toLowerCase()));
}

/** Who a directory says a person is: what the sign-in turns into a Hoshin user. */
export interface DirectoryIdentity {
  provider: 'ldap' | 'oidc';
  /** The login name (LDAP uid / sAMAccountName, OIDC preferred_username or sub). */
  username: string;
  displayName: string;
  email?: string;
  /** Group names as the directory gives them (DNs for LDAP, claim values for OIDC). */
  groups: string[];
}
