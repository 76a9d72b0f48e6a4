/**
 * @module KPI evaluation
 * One KPI, one fiscal year, one scheme → rate, grade and projection. The latest actual at or before
 * the fiscal year is used (flagged `stale` when older) and compared with the reference target for
 * that actual's year. Every edge case (維持, target = baseline, zero or missing baseline, negative
 * values, no data, no target, 減少 to zero) ends in a defined grade; `notes` says which rule applied.
 */
import type { Kpi } from '../kpi/types.ts';
import {
  changeFromBaseline,
  type GrowthNote,
  growthRatio,
  improvedFromBaseline,
  meets,
  progressRate,
  type Reference,
  type ReferenceNote,
  ratioRate,
  referenceAt,
  type Sense,
  senseOf,
} from './measures.ts';
import { actualsUpTo, type Projection, projectKpi } from './projection.ts';
import { roundHalfUp } from './rounding.ts';
import {
  type EvaluationScheme,
  type Formula,
  type GradeKind,
  gradeDefinition,
  gradeKind,
  matchRule,
  measuresUsed,
} from './scheme.ts';

/** The codes a department reports instead of a value: 未着手, 休止・廃止, 評価困難. */
export type AdministrativeStatus = 'not-started' | 'suspended' | 'hard-to-evaluate';

/** What evaluation needs of a KPI; a full {@link Kpi} fits. */
export type EvaluableKpi = Pick<Kpi, 'direction' | 'baseline' | 'target' | 'annualTargets' | 'actuals'>;

export interface EvaluateOptions {
  /** An administrative status overrides the computed grade (the numbers are still computed). */
  status?: AdministrativeStatus;
}

/** Which defined outcome applied; documented in README.md. */
export type EvaluationNote =
  | 'administrative'
  | 'no-data'
  | 'no-target'
  | 'not-gradable'
  | 'stale-actual'
  | 'provisional-actual'
  | 'no-baseline'
  | 'zero-baseline'
  | 'ratio-fell-back-to-progress'
  | 'progress-fell-back-to-ratio'
  | 'rate-undefined'
  | 'growth-base-from-actuals'
  | ReferenceNote
  | GrowthNote;

export interface KpiEvaluation {
  fiscalYear: number;
  grade: string;
  label: string;
  symbol: string;
  kind: GradeKind;
  /** 達成率 in percent, rounded half-up to one decimal; null where there is none. */
  rate: number | null;
  /** The formula the rate came from (a fallback may differ from the scheme's). */
  rateFormula: Formula | null;
  /** The target the actual was compared with. */
  reference: Reference | null;
  /** The actual meets the reference target by its comparator. */
  achieved: boolean;
  /** Direction-adjusted change from the baseline in percent, one decimal; null without a usable baseline. */
  changeFromBaseline: number | null;
  improved: boolean | null;
  actualYear: number | null;
  actualValue: number | null;
  /** The latest actual is older than the evaluated fiscal year. */
  stale: boolean;
  projection: Projection | null;
  notes: EvaluationNote[];
}

interface RateResult {
  rate: number | null;
  formula: Formula | null;
  notes: EvaluationNote[];
}

function rateOf(
  kpi: EvaluableKpi,
  formula: Formula,
  actual: { fiscalYear: number; value: number },
  reference: Reference,
  sense: Sense,
): RateResult {
  const { baseline } = kpi;
  const ratio = (): number | null => ratioRate(actual.value, reference.value, sense);
  const progress = (): number | null =>
    baseline ? progressRate(actual.value, reference.value, baseline.value, sense) : null;

  if (formula === 'growth') {
    // Open SDG takes the base from the data when the base year has none.
    let base = baseline && baseline.fiscalYear < actual.fiscalYear ? baseline : undefined;
    const notes: EvaluationNote[] = [];
    if (!base) {
      base = actualsUpTo(kpi.actuals, actual.fiscalYear - 1)[0];
      if (base) notes.push('growth-base-from-actuals');
    }
    if (!base) return { rate: null, formula: null, notes: ['growth-insufficient-data', 'rate-undefined'] };
    const growth = growthRatio({ base, current: actual, target: reference, sense });
    notes.push(...growth.notes);
    if (growth.value === null) notes.push('rate-undefined');
    return { rate: growth.value, formula: growth.value === null ? null : 'growth', notes };
  }

  // ratio ⇄ progress: each falls back to the other where it has no meaning (see README).
  const [first, second, other, fallbackNote] =
    formula === 'ratio'
      ? ([ratio, progress, 'progress', 'ratio-fell-back-to-progress'] as const)
      : ([progress, ratio, 'ratio', 'progress-fell-back-to-ratio'] as const);
  const primary = first();
  if (primary !== null) return { rate: primary, formula, notes: [] };
  const secondary = second();
  if (secondary !== null) return { rate: secondary, formula: other, notes: [fallbackNote] };
  return { rate: null, formula: null, notes: ['rate-undefined'] };
}

/**
 * Evaluates one KPI for one fiscal year under a scheme.
 *
 * Order of decisions: an administrative status wins; no actual at or before the year gives the
 * no-data grade; otherwise the rate, the change from the baseline and achievement are computed for the
 * latest actual against the reference target of that actual's year. An achieved KPI gets the achieved
 * grade whatever the formula says. A KPI for which none of the values the rules look at can be computed
 * gets the no-target grade (when it has no target) or 評価困難. Otherwise the first matching rule wins,
 * on the rounded rate, so 100.0 % is never shown beside a "not achieved" grade.
 * @example evaluateKpi({ direction: 'increase', target: { fiscalYear: 2019, value: 300, comparator: 'gte' }, actuals: [{ fiscalYear: 2015, value: 32 }] }, 2015, DEFAULT_SCHEME).rate // 10.7
 */
export function evaluateKpi(
  kpi: EvaluableKpi,
  fiscalYear: number,
  scheme: EvaluationScheme,
  options: EvaluateOptions = {},
): KpiEvaluation {
  const notes: EvaluationNote[] = [];
  const known = actualsUpTo(kpi.actuals, fiscalYear);
  const latest = known[known.length - 1];
  const projection = projectKpi(kpi, fiscalYear);

  const result = (grade: string, values: Partial<KpiEvaluation> = {}): KpiEvaluation => {
    const definition = gradeDefinition(scheme, grade);
    return {
      fiscalYear,
      grade,
      label: definition.label,
      symbol: definition.symbol,
      kind: gradeKind(scheme, grade),
      rate: null,
      rateFormula: null,
      reference: null,
      achieved: false,
      changeFromBaseline: null,
      improved: null,
      actualYear: latest?.fiscalYear ?? null,
      actualValue: latest?.value ?? null,
      stale: latest ? latest.fiscalYear < fiscalYear : false,
      projection,
      notes,
      ...values,
    };
  };
  const administrativeGrade = (): string | null => {
    const { administrative } = scheme;
    if (!options.status) return null;
    notes.push('administrative');
    if (options.status === 'not-started') return administrative.notStarted;
    if (options.status === 'suspended') return administrative.suspended;
    return administrative.hardToEvaluate;
  };

  if (!latest) {
    const grade = administrativeGrade();
    if (grade !== null) return result(grade);
    notes.push('no-data');
    return result(scheme.noData);
  }
  const actual = latest;
  if (actual.fiscalYear < fiscalYear) notes.push('stale-actual');
  const source = kpi.actuals.findLast((a) => a.fiscalYear === actual.fiscalYear);
  if (source?.status === 'provisional') notes.push('provisional-actual');

  const { reference, notes: referenceNotes } = referenceAt(kpi, actual.fiscalYear, scheme.reference);
  notes.push(...referenceNotes);
  if (!reference) notes.push('no-target');
  const sense = senseOf(kpi.direction, reference?.comparator ?? kpi.target?.comparator);
  const achieved = reference ? meets(actual.value, reference.value, reference.comparator) : false;

  let rate: number | null = null;
  let rateFormula: Formula | null = null;
  if (reference) {
    const computed = rateOf(kpi, scheme.formula, actual, reference, sense);
    notes.push(...computed.notes);
    rate = computed.rate === null ? null : roundHalfUp(computed.rate);
    rateFormula = computed.formula;
  }

  const { baseline } = kpi;
  let change: number | null = null;
  let improved: boolean | null = null;
  if (!baseline) {
    notes.push('no-baseline');
  } else {
    if (baseline.value === 0) notes.push('zero-baseline');
    const raw = changeFromBaseline(actual.value, baseline.value, sense);
    change = raw === null ? null : roundHalfUp(raw);
    improved = improvedFromBaseline(actual.value, baseline.value, sense, reference?.value ?? null);
  }

  const values: Partial<KpiEvaluation> = {
    rate,
    rateFormula,
    reference,
    achieved,
    changeFromBaseline: change,
    improved,
  };
  const administrative = administrativeGrade();
  if (administrative !== null) return result(administrative, values);

  const used = measuresUsed(scheme);
  const gradable =
    achieved ||
    (used.rate && rate !== null) ||
    (used.change && change !== null) ||
    (used.improved && improved !== null);
  if (!gradable) {
    if (!reference) return result(scheme.noTarget, values);
    notes.push('not-gradable');
    return result(scheme.administrative.hardToEvaluate, values);
  }
  return result(matchRule(scheme, { achieved, rate, change, improved }), values);
}
