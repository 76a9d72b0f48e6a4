/**
 * @module KPI model
 * 指標（KPI）: definitions, KPI sets (指標の区分) and yearly actuals (実績値), as pure data.
 */

/** 方向: which way is better. 維持 (maintain) means staying at or around the target. */
export type Direction = 'increase' | 'decrease' | 'maintain';

/** Comparator of a target: 以上 ≥, 超 >, 以下 ≤, 未満 <, or exact (=). */
export type Comparator = 'gte' | 'gt' | 'lte' | 'lt' | 'eq';

/** 成果／活動／対象指標 (outcome / activity / target-group indicator). */
export type KpiKind = 'outcome' | 'activity' | 'target_group';

/** 実績値の状態: 確定 (final) or 見込 (provisional). */
export type ActualStatus = 'final' | 'provisional';

/**
 * 評価区分: the codes a department reports instead of a value — 未着手 (not started), 休止・廃止
 * (suspended or abolished), 評価困難 (hard to evaluate). Stored per KPI; overrides the computed grade.
 */
export type AdministrativeStatus = 'not-started' | 'suspended' | 'hard-to-evaluate';

export interface YearValue {
  fiscalYear: number;
  value: number;
}

export interface Target extends YearValue {
  comparator: Comparator;
}

/** 実績値 (actual) of one fiscal year. A missing year is absent, never zero. */
export interface Actual extends YearValue {
  status?: ActualStatus;
  note?: string;
}

/** 指標の区分 (KPI set): 基本計画 KPI, 総合戦略 KPI, … */
export interface KpiSet {
  code: string;
  name: string;
}

/** 指標 (KPI): belongs to one KPI set and hangs on one plan node. */
export interface Kpi {
  code: string;
  name: string;
  unit: string;
  definition?: string;
  dataSource?: string;
  department?: string;
  direction: Direction;
  baseline?: YearValue;
  target?: Target;
  annualTargets?: YearValue[];
  cumulative?: boolean;
  kind?: KpiKind;
  actuals: Actual[];
}
