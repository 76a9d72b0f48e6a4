/**
 * @module What changed between two publications
 * The 更新履歴 of a published year lists, in words a citizen can read, what a new revision changed
 * against the one before: texts of a 基本方針, a KPI's name, unit, target or actuals, a grade.
 * Pure: two snapshots in, sentences out.
 */
import { isDeepStrictEqual } from 'node:util';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import type { ReportEvaluatedKpi } from '../../report/inputs.ts';
import { kpiIdOf, type PublishedSnapshot } from './snapshot.ts';

/** At most this many sentences; the rest are counted in one more. */
export const MAX_CHANGES = 50;

const number = (value: number | undefined) =>
  value === undefined ? '（なし）' : value.toLocaleString('ja-JP');

function kpisById(snapshot: PublishedSnapshot): Map<number, { setName: string; entry: ReportEvaluatedKpi }> {
  const map = new Map<number, { setName: string; entry: ReportEvaluatedKpi }>();
  for (const set of snapshot.inputs.kpiSets) {
    for (const entry of set.kpis) map.set(kpiIdOf(entry.kpi), { setName: set.set.name, entry });
  }
  return map;
}

function kpiChanges(before: PublishedSnapshot, after: PublishedSnapshot): string[] {
  const out: string[] = [];
  const old = kpisById(before);
  const now = kpisById(after);
  for (const [id, { entry }] of now) {
    const was = old.get(id);
    const name = `指標「${entry.kpi.name}」`;
    if (!was) {
      out.push(`${name}を追加`);
      continue;
    }
    const a = was.entry.kpi;
    const b = entry.kpi;
    // Values with their unit, as the pages print them: 「1,318,000人から1,400,000人に変更」.
    const before = (value: number | undefined) => `${number(value)}${value === undefined ? '' : a.unit}`;
    const after = (value: number | undefined) => `${number(value)}${value === undefined ? '' : b.unit}`;
    if (a.name !== b.name) out.push(`指標名を「${a.name}」から「${b.name}」に変更`);
    if (a.unit !== b.unit) out.push(`${name}の単位を「${a.unit}」から「${b.unit}」に変更`);
    if ((a.definition ?? '') !== (b.definition ?? '')) out.push(`${name}の定義を更新`);
    if ((a.dataSource ?? '') !== (b.dataSource ?? '')) out.push(`${name}の出典を更新`);
    if (a.baseline?.value !== b.baseline?.value || a.baseline?.fiscalYear !== b.baseline?.fiscalYear) {
      out.push(`${name}の基準値を${before(a.baseline?.value)}から${after(b.baseline?.value)}に変更`);
    }
    if (a.target?.value !== b.target?.value || a.target?.fiscalYear !== b.target?.fiscalYear) {
      out.push(`${name}の目標値を${before(a.target?.value)}から${after(b.target?.value)}に変更`);
    }
    const years = [...new Set([...a.actuals, ...b.actuals].map((x) => x.fiscalYear))].sort((x, y) => x - y);
    for (const year of years) {
      const x = a.actuals.find((v) => v.fiscalYear === year);
      const y = b.actuals.find((v) => v.fiscalYear === year);
      const of = `${name}の${formatFiscalYear(year)}の実績`;
      if (x?.value !== y?.value) {
        out.push(`${of}値を${before(x?.value)}から${after(y?.value)}に変更`);
      } else if (x?.status !== y?.status) {
        out.push(
          `${of}値を${x?.status === 'provisional' ? '見込' : '確定'}から${y?.status === 'provisional' ? '見込' : '確定'}に変更`,
        );
      } else if ((x?.note ?? '') !== (y?.note ?? '')) {
        out.push(`${of}の備考を更新`);
      }
    }
    if (was.entry.evaluation.grade !== entry.evaluation.grade) {
      out.push(`${name}の評価を「${was.entry.evaluation.label}」から「${entry.evaluation.label}」に変更`);
    }
  }
  for (const [id, { entry }] of old) if (!now.has(id)) out.push(`指標「${entry.kpi.name}」を削除`);
  return out;
}

function policyChanges(before: PublishedSnapshot, after: PublishedSnapshot): string[] {
  const out: string[] = [];
  const key = (p: { goalLabel: string; policyLabel: string }) => `${p.goalLabel} ＞ ${p.policyLabel}`;
  const old = new Map(before.model.policies.map((p) => [key(p), p]));
  const now = new Map(after.model.policies.map((p) => [key(p), p]));
  for (const [label, page] of now) {
    const was = old.get(label);
    if (!was) {
      out.push(`${label}「${page.policyTitle}」を追加`);
      continue;
    }
    if (was.policyTitle !== page.policyTitle) {
      out.push(`${label}の名称を「${was.policyTitle}」から「${page.policyTitle}」に変更`);
    }
    if (!isDeepStrictEqual(was.results, page.results)) {
      out.push(`${label}「${page.policyTitle}」の${page.resultsHeading}を更新`);
    }
    if (!isDeepStrictEqual(was.directions, page.directions)) {
      out.push(`${label}「${page.policyTitle}」の${page.directionsHeading}を更新`);
    }
  }
  for (const [label, page] of old) if (!now.has(label)) out.push(`${label}「${page.policyTitle}」を削除`);
  return out;
}

/**
 * What `after` changes against `before`, in sentences; empty when nothing a reader sees differs.
 * @example describeChanges(first, second) // ['指標「観光客数」の令和5年度の実績値を100人から120人に変更']
 */
export function describeChanges(before: PublishedSnapshot, after: PublishedSnapshot): string[] {
  const all = [...policyChanges(before, after), ...kpiChanges(before, after)];
  // Deep comparison: jsonb gives objects back with their keys reordered.
  if (all.length === 0 && !isDeepStrictEqual(before.model, after.model)) {
    all.push('表記・集計の更新');
  }
  if (all.length <= MAX_CHANGES) return all;
  return [...all.slice(0, MAX_CHANGES), `ほか${all.length - MAX_CHANGES}件の変更`];
}
