/**
 * @module Write access on a KPI's page
 * Whether the signed-in person can enter a KPI's actuals and 評価区分, and if not, the sentence
 * shown instead of the forms. The server decides (403) in any case; this only keeps a form that
 * cannot work off the screen when the data already tells: a role without 'write-data', or a
 * department editor (担当課) on a KPI whose 担当課 is another department.
 */
import { can, type Role } from '../features/auth/roles.ts';

export interface Writer {
  role: Role;
  roleLabel: string;
  departmentName: string | null;
}

/**
 * Null when the forms are shown, else why not.
 * @example kpiWriteRefusal({ role: 'council', roleLabel: '審議会委員', departmentName: null }, { department: '観光政策課' })
 * // '閲覧のみ（審議会委員）: 実績値と評価区分の入力は、企画と担当課の役割の人が行います。'
 */
export function kpiWriteRefusal(writer: Writer, kpi: { department: string | null }): string | null {
  if (!can(writer.role, 'write-data')) {
    return `閲覧のみ（${writer.roleLabel}）: 実績値と評価区分の入力は、企画と担当課の役割の人が行います。`;
  }
  // A KPI without its own 担当課 text may still be the department's through its plan node: let the
  // server decide.
  if (writer.role === 'department' && kpi.department !== null && kpi.department !== writer.departmentName) {
    const own = writer.departmentName ? `${writer.departmentName}の指標` : '自分の課の指標';
    return `この指標は${kpi.department}の担当です。入力できるのは${own}だけです。`;
  }
  return null;
}
