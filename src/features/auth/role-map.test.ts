import { describe, expect, it } from 'vitest';
import { parseRoleMap, RoleMapError, roleForGroups } from './role-map.ts';
import { can, parseRole } from './roles.ts';

describe('parseRoleMap', () => {
  it('reads groups, roles by label or identifier, and department codes', () => {
    const map = parseRoleMap('cn=admins,dc=city=管理者; kikaku=planning ;cn=kanko,ou=g=担当課:kanko');
    expect(map).toEqual([
      { group: 'cn=admins,dc=city', role: 'administrator' },
      { group: 'kikaku', role: 'planning' },
      { group: 'cn=kanko,ou=g', role: 'department', departmentCode: 'kanko' },
    ]);
  });

  it('refuses an unknown role and a department role without a department, naming the entry', () => {
    expect(() => parseRoleMap('staff=課長')).toThrow(RoleMapError);
    expect(() => parseRoleMap('staff=課長')).toThrow(/staff=課長/);
    expect(() => parseRoleMap('kanko=担当課')).toThrow(/課コード/);
  });

  it('takes the first matching entry, comparing groups case-insensitively', () => {
    const map = parseRoleMap('CN=Admins=管理者;cn=staff=閲覧');
    expect(roleForGroups(map, ['cn=staff', 'cn=admins'])?.role).toBe('administrator');
    expect(roleForGroups(map, ['cn=staff'])?.role).toBe('viewer');
    expect(roleForGroups(map, ['cn=other'])).toBeUndefined();
  });
});

describe('roles', () => {
  it('grants writes to planning and department only, users to the administrator only', () => {
    expect(can('planning', 'write-data')).toBe(true);
    expect(can('department', 'write-data')).toBe(true);
    expect(can('council', 'write-data')).toBe(false);
    expect(can('viewer', 'write-data')).toBe(false);
    expect(can('administrator', 'manage-users')).toBe(true);
    expect(can('planning', 'manage-users')).toBe(false);
    expect(parseRole('審議会委員')).toBe('council');
    expect(parseRole('boss')).toBeUndefined();
  });
});
