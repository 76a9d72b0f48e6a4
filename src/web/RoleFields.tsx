/**
 * @module Role and department fields
 * 役割 and 課 as two selects, for adding a user and changing one. The roles and their labels are the
 * server's own (src/features/auth/roles.ts); a 担当課 user needs a department, the others may have one.
 */
import { type Ref, useId } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../features/auth/roles.ts';
import type { DepartmentView } from './users-api.ts';

interface RoleFieldsProps {
  role: Role;
  departmentId: number | null;
  departments: DepartmentView[];
  onRole: (role: Role) => void;
  onDepartment: (departmentId: number | null) => void;
  /** The message beside 課, e.g. 「担当課の役割には課を選んでください」. */
  departmentError?: string | undefined;
  departmentRef?: Ref<HTMLSelectElement>;
}

/** What each role may do, in a line under the select. */
const ROLE_HINTS: Record<Role, string> = {
  administrator: 'ユーザーと設定を管理します（計画や実績の入力はしません）。',
  planning: 'すべての指標の実績を入力し、担当課を割り当てます。',
  department: '自分の課が担当する指標の実績を入力します（課が必要です）。',
  council: '計画・指標・報告書を閲覧します。',
  viewer: '計画・指標・報告書を閲覧します。',
};

/** The department select's value for "no department". */
const NONE = '';

export function RoleFields({
  role,
  departmentId,
  departments,
  onRole,
  onDepartment,
  departmentError,
  departmentRef,
}: RoleFieldsProps) {
  const ids = { role: useId(), roleHint: useId(), department: useId(), departmentError: useId() };
  return (
    <>
      <div className="form-row">
        <label htmlFor={ids.role}>役割</label>
        <select
          id={ids.role}
          value={role}
          aria-describedby={ids.roleHint}
          onChange={(event) => onRole(event.target.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <p id={ids.roleHint} className="field-hint">
          {ROLE_HINTS[role]}
        </p>
      </div>
      <div className="form-row">
        <label htmlFor={ids.department}>課{role === 'department' ? '（必須）' : '（任意）'}</label>
        <select
          ref={departmentRef}
          id={ids.department}
          value={departmentId === null ? NONE : String(departmentId)}
          aria-invalid={departmentError ? true : undefined}
          aria-describedby={departmentError ? ids.departmentError : undefined}
          onChange={(event) => onDepartment(event.target.value === NONE ? null : Number(event.target.value))}
        >
          <option value={NONE}>{role === 'department' ? '選んでください' : 'なし'}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {departmentError && (
          <p id={ids.departmentError} className="field-error">
            {departmentError}
          </p>
        )}
      </div>
    </>
  );
}
