/**
 * @module Aggregates and roll-up
 * The tables above the KPI list: how many KPIs got each grade and their share, per KPI set, per
 * top-level node (基本目標) and in total; the change since the previous year; and one grade for a
 * measure, policy or goal rolled up from its KPIs by the scheme's rule (mean score, worst, share
 * achieved).
 */
import type { KpiEvaluation } from './evaluate.ts';
import { roundHalfUp } from './rounding.ts';
import {
  type EvaluationScheme,
  type GradeDefinition,
  type GradeKind,
  gradeDefinition,
  gradeKind,
  matchRule,
  type RollupMethod,
} from './scheme.ts';

/** What aggregation needs of an evaluation. */
export type GradedKpi = Pick<KpiEvaluation, 'grade' | 'achieved'>;

export interface GradeCount {
  grade: string;
  label: string;
  symbol: string;
  color?: string;
  kind: GradeKind;
  count: number;
  /** Percent of all KPIs in the group, one decimal (shares may not add up to exactly 100.0). */
  share: number;
}

export interface GradeAggregate {
  total: number;
  /** Every grade of the scheme in scheme order, zero counts included. */
  grades: GradeCount[];
  /** KPIs that meet their reference target. */
  achieved: number;
  achievedShare: number;
}

function percent(part: number, whole: number): number {
  // An empty group has no shares; 0 keeps tables free of NaN.
  return whole === 0 ? 0 : roundHalfUp((part / whole) * 100);
}

/**
 * Counts per grade and shares for a group of evaluations (all of one fiscal year and one scheme).
 * @example aggregateGrades([{ grade: 'A', achieved: true }, { grade: 'C', achieved: false }], DEFAULT_SCHEME).grades[0] // { grade: 'A', count: 1, share: 50, … }
 */
export function aggregateGrades(evaluations: readonly GradedKpi[], scheme: EvaluationScheme): GradeAggregate {
  const counts = new Map<string, number>(scheme.grades.map((g) => [g.grade, 0]));
  let achieved = 0;
  for (const evaluation of evaluations) {
    const count = counts.get(evaluation.grade);
    if (count === undefined) {
      throw new Error(
        `評価「${evaluation.grade}」は評価基準「${scheme.name}」にありません（別の評価基準の結果です）`,
      );
    }
    counts.set(evaluation.grade, count + 1);
    if (evaluation.achieved) achieved++;
  }
  const total = evaluations.length;
  return {
    total,
    grades: scheme.grades.map((g) => {
      const count = counts.get(g.grade) ?? 0;
      return {
        grade: g.grade,
        label: g.label,
        symbol: g.symbol,
        ...(g.color === undefined ? {} : { color: g.color }),
        kind: gradeKind(scheme, g.grade),
        count,
        share: percent(count, total),
      };
    }),
    achieved,
    achievedShare: percent(achieved, total),
  };
}

/**
 * Aggregates per group (KPI set, 基本目標, department …) and in total. Groups keep the order in which
 * their keys first appear.
 * @example aggregateByGroup(rows, (row) => row.goal, scheme).groups.map((g) => g.key) // ['1', '2', …]
 */
export function aggregateByGroup<T extends GradedKpi>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scheme: EvaluationScheme,
): { groups: Array<{ key: string; aggregate: GradeAggregate }>; total: GradeAggregate } {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = byKey.get(key);
    if (group) group.push(item);
    else byKey.set(key, [item]);
  }
  return {
    groups: [...byKey].map(([key, group]) => ({ key, aggregate: aggregateGrades(group, scheme) })),
    total: aggregateGrades(items, scheme),
  };
}

export interface CountChange {
  current: number;
  previous: number;
  delta: number;
  currentShare: number;
  previousShare: number;
  /** Change of the share in percentage points, one decimal, from the unrounded shares. */
  shareDelta: number;
}

export interface YearComparison {
  total: { current: number; previous: number; delta: number };
  grades: Array<{ grade: string; label: string; symbol: string; kind: GradeKind } & CountChange>;
  achieved: CountChange;
}

function countChange(
  current: number,
  currentTotal: number,
  previous: number,
  previousTotal: number,
): CountChange {
  const raw = (part: number, whole: number) => (whole === 0 ? 0 : (part / whole) * 100);
  return {
    current,
    previous,
    delta: current - previous,
    currentShare: percent(current, currentTotal),
    previousShare: percent(previous, previousTotal),
    shareDelta: roundHalfUp(raw(current, currentTotal) - raw(previous, previousTotal)),
  };
}

/**
 * The change since the previous year: counts, shares and share points per grade. Grades are matched
 * by code; a grade only one year has counts as zero in the other.
 * @example compareYears(aggregate2023, aggregate2022).grades[0].delta // +3 KPIs graded A
 */
export function compareYears(current: GradeAggregate, previous: GradeAggregate): YearComparison {
  const rows = new Map<string, Omit<GradeCount, 'share'>>();
  for (const g of [...current.grades, ...previous.grades]) {
    if (!rows.has(g.grade)) rows.set(g.grade, { ...g, count: 0 });
  }
  const countIn = (aggregate: GradeAggregate, grade: string) =>
    aggregate.grades.find((g) => g.grade === grade)?.count ?? 0;
  return {
    total: { current: current.total, previous: previous.total, delta: current.total - previous.total },
    grades: [...rows.values()].map((g) => ({
      grade: g.grade,
      label: g.label,
      symbol: g.symbol,
      kind: g.kind,
      ...countChange(countIn(current, g.grade), current.total, countIn(previous, g.grade), previous.total),
    })),
    achieved: countChange(current.achieved, current.total, previous.achieved, previous.total),
  };
}

export interface RollUp {
  grade: string;
  label: string;
  symbol: string;
  method: RollupMethod;
  /** KPIs with a performance grade, the ones the roll-up is computed from. */
  counted: number;
  /** KPIs left out: no data, no target, administrative codes. */
  excluded: number;
  /** Mean score (two decimals) for `mean-score`, else null. */
  score: number | null;
  /** Percent of counted KPIs achieved (one decimal); null when none is counted. */
  achievedShare: number | null;
}

/**
 * One grade for a parent node (施策, 基本方針, 基本目標) from the evaluations of its KPIs. Only
 * performance grades count; with none, the node gets the no-data grade.
 * - `mean-score`: the mean of the grades' scores, given the grade whose score is nearest (a tie goes to
 *   the better grade, as 四捨五入 would); a grade without a score counts by its rank.
 * - `worst`: the worst grade among the KPIs.
 * - `share-achieved`: the percentage of KPIs achieved, graded by the scheme's rate rules.
 * @example rollUp([{ grade: 'A', achieved: true }, { grade: 'C', achieved: false }], DEFAULT_SCHEME).grade // 'B'
 */
export function rollUp(
  evaluations: readonly GradedKpi[],
  scheme: EvaluationScheme,
  method: RollupMethod = scheme.rollup,
): RollUp {
  // Only grades a rule gives are ranked; grades listed for display alone never come out of a roll-up.
  const ruleGrades = new Set(scheme.rules.map((r) => r.grade));
  const performance = scheme.grades.filter((g) => ruleGrades.has(g.grade));
  const rank = new Map(performance.map((g, i) => [g.grade, i]));
  const counted = evaluations.filter((e) => rank.has(e.grade));
  const excluded = evaluations.length - counted.length;
  const make = (grade: string, score: number | null, achievedShare: number | null): RollUp => {
    const definition = gradeDefinition(scheme, grade);
    return {
      grade,
      label: definition.label,
      symbol: definition.symbol,
      method,
      counted: counted.length,
      excluded,
      score,
      achievedShare,
    };
  };
  if (counted.length === 0) return make(scheme.noData, null, null);

  const achievedCount = counted.filter((e) => e.achieved).length;
  const achievedShare = percent(achievedCount, counted.length);
  if (method === 'worst') {
    const worst = counted.reduce((w, e) => ((rank.get(e.grade) ?? 0) > (rank.get(w.grade) ?? 0) ? e : w));
    return make(worst.grade, null, achievedShare);
  }
  if (method === 'share-achieved') {
    const grade = matchRule(scheme, {
      achieved: achievedCount === counted.length,
      rate: achievedShare,
      change: null,
      improved: null,
    });
    return make(grade, null, achievedShare);
  }
  const scoreOf = (g: GradeDefinition) => g.score ?? performance.length - (rank.get(g.grade) ?? 0);
  const mean =
    counted.reduce((sum, e) => sum + scoreOf(gradeDefinition(scheme, e.grade)), 0) / counted.length;
  let nearest = performance[0] as GradeDefinition;
  for (const g of performance) {
    const distance = Math.abs(scoreOf(g) - mean);
    const best = Math.abs(scoreOf(nearest) - mean);
    // On a tie the higher score wins: a mean of 3.5 between B (3) and A (4) rounds up to A.
    if (distance < best - 1e-9 || (Math.abs(distance - best) <= 1e-9 && scoreOf(g) > scoreOf(nearest)))
      nearest = g;
  }
  return make(nearest.grade, roundHalfUp(mean, 2), achievedShare);
}

/**
 * Rolls up every node of a tree from the KPIs hanging on it and on all its descendants (a goal's grade
 * comes from all its KPIs, not from its policies' grades).
 * @example rollUpTree(plan.nodes, (n) => n.children, (n) => evaluationsByNode.get(n) ?? [], scheme).get(goal)?.grade
 */
export function rollUpTree<N>(
  roots: readonly N[],
  childrenOf: (node: N) => readonly N[],
  evaluationsOf: (node: N) => readonly GradedKpi[],
  scheme: EvaluationScheme,
): Map<N, RollUp> {
  const result = new Map<N, RollUp>();
  const visit = (node: N): GradedKpi[] => {
    const all = [...evaluationsOf(node)];
    for (const child of childrenOf(node)) all.push(...visit(child));
    result.set(node, rollUp(all, scheme));
    return all;
  };
  for (const root of roots) visit(root);
  return result;
}
