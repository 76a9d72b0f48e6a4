/**
 * @module Write access on a KPI's page
 * Whether the signed-in person can enter a KPI's actuals and 評価区分, and if not, the sentence
 * shown instead of the forms. The server decides: each KPI comes with `mayWrite` for the session
 * (a department editor writes the KPIs whose department — the KPI's own, else the nearest plan
 * node's — is theirs) and the `responsibleDepartment` it decided by; this only words the answer.
 * A save is checked again on the server (403) in any case.
 */
import { can, type Role } from '../features/auth/roles.ts';

export interface Writer {
  role: Role;
  roleLabel: string;
  departmentName: string | null;
}

/** What the server says of a KPI and the signed-in session. */
export interface KpiResponsibility {
  mayWrite: boolean;
  responsibleDepartment: { id: number; name: string } | null;
}

/**
 * Who enters the KPI's actuals, as a sentence.
 * @example responsibilityNote({ mayWrite: true, responsibleDepartment: { id: 3, name: '観光政策課' } })
 * // 'この指標は観光政策課の担当です。'
 */
export function responsibilityNote(kpi: KpiResponsibility): string {
  return kpi.responsibleDepartment
    ? `この指標は${kpi.responsibleDepartment.name}の担当です。`
    : 'この指標には担当課が割り当てられていません。';
}

/**
 * Null when the forms are shown, else why not.
 * @example kpiWriteRefusal({ role: 'council', roleLabel: '審議会委員', departmentName: null }, kpi)
 * // '閲覧のみ（審議会委員）: 実績値と評価区分の入力は、企画と担当課の役割の人が行います。'
 */
export function kpiWriteRefusal(writer: Writer, kpi: KpiResponsibility): string | null {
  if (!can(writer.role, 'write-data')) {
    return `閲覧のみ（${writer.roleLabel}）: 実績値と評価区分の入力は、企画と担当課の役割の人が行います。`;
  }
  if (kpi.mayWrite) return null;
  const own = writer.departmentName ? `${writer.departmentName}の指標` : '自分の課の指標';
  return `${responsibilityNote(kpi)}入力できるのは${own}だけです。`;
}
