/**
 * @module KPI evaluation
 * One KPI, one fiscal year, one scheme → rate, grade and projection. The latest actual at or before
 * the fiscal year is used (flagged `stale` when older) and compared with the reference target for
 * that actual's year. Every edge case (維持, target = baseline, zero or missing baseline, negative
 * values, no data, no target, 減少 to zero) ends in a defined grade; `notes` says which rule applied.
 */
import type { Actual, AdministrativeStatus, Kpi, YearValue } from '../kpi/types.ts';
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
import { knownActualsUpTo, type Projection, projectFromKnown } from './projection.ts';
import { roundHalfUp } from './rounding.ts';
import {
  achievedGrade,
  type EvaluationScheme,
  type Formula,
  type GradeKind,
  gradeDefinition,
  gradeKind,
  matchingRule,
} from './scheme.ts';

/** The codes a department reports instead of a value: 未着手, 休止・廃止, 評価困難. */
export type { AdministrativeStatus };

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
  /**
   * 目標達成: the actual meets the reference target by its comparator, or a rule on the (rounded) rate
   * gave it the scheme's achieved grade (99.96 % → 100.0 % → A). Always false under an administrative
   * status. An achieved KPI always has the achieved grade (see README.md, "Achieved").
   */
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
}

/** The unrounded rate by ratio or by progress; null where it has no meaning (progress needs a baseline). */
function ratioOrProgress(
  formula: 'ratio' | 'progress',
  actual: number,
  reference: number,
  baseline: YearValue | undefined,
  sense: Sense,
): number | null {
  if (formula === 'ratio') return ratioRate(actual, reference, sense);
  return baseline ? progressRate(actual, reference, baseline.value, sense) : null;
}

/**
 * The unrounded rate by the scheme's formula, or by its fallback; the notes saying which go to
 * `notes`. `known` is the actuals known at the evaluated year (see {@link knownActualsUpTo}).
 */
function rateOf(
  kpi: EvaluableKpi,
  formula: Formula,
  actual: YearValue,
  known: readonly YearValue[],
  reference: Reference,
  sense: Sense,
  notes: EvaluationNote[],
): RateResult {
  const { baseline } = kpi;
  if (formula === 'growth') {
    // Open SDG takes the base from the data when the base year has none: the oldest actual up to the
    // year before the current one, i.e. the oldest known actual if it is that old.
    let base: YearValue | undefined =
      baseline && baseline.fiscalYear < actual.fiscalYear ? baseline : undefined;
    if (!base) {
      const oldest = known[0];
      base = oldest && oldest.fiscalYear <= actual.fiscalYear - 1 ? oldest : undefined;
      if (base) notes.push('growth-base-from-actuals');
    }
    if (!base) {
      notes.push('growth-insufficient-data', 'rate-undefined');
      return { rate: null, formula: null };
    }
    const growth = growthRatio({ base, current: actual, target: reference, sense });
    notes.push(...growth.notes);
    if (growth.value === null) notes.push('rate-undefined');
    return { rate: growth.value, formula: growth.value === null ? null : 'growth' };
  }

  // ratio ⇄ progress: each falls back to the other where it has no meaning (see README).
  const primary = ratioOrProgress(formula, actual.value, reference.value, baseline, sense);
  if (primary !== null) return { rate: primary, formula };
  const other = formula === 'ratio' ? 'progress' : 'ratio';
  const secondary = ratioOrProgress(other, actual.value, reference.value, baseline, sense);
  if (secondary !== null) {
    notes.push(formula === 'ratio' ? 'ratio-fell-back-to-progress' : 'progress-fell-back-to-ratio');
    return { rate: secondary, formula: other };
  }
  notes.push('rate-undefined');
  return { rate: null, formula: null };
}

/**
 * Evaluates one KPI for one fiscal year under a scheme.
 *
 * Order of decisions: an administrative status wins; no actual at or before the year gives the
 * no-data grade; otherwise the rate, the change from the baseline and achievement are computed for the
 * latest actual against the reference target of that actual's year. A KPI that meets the reference
 * by its comparator gets the achieved grade whatever the formula says. A KPI for which none of the
 * values the rules look at can be computed gets the no-target grade (when it has no target) or
 * 評価困難. Otherwise the first matching rule wins, on the rounded rate, so 100.0 % is never shown
 * beside a "not achieved" grade; a rate rule that gives the achieved grade makes the KPI achieved.
 * @example evaluateKpi({ direction: 'increase', target: { fiscalYear: 2019, value: 300, comparator: 'gte' }, actuals: [{ fiscalYear: 2015, value: 32 }] }, 2015, DEFAULT_SCHEME).rate // 10.7
 */
export function evaluateKpi(
  kpi: EvaluableKpi,
  fiscalYear: number,
  scheme: EvaluationScheme,
  options: EvaluateOptions = {},
): KpiEvaluation {
  const { status } = options;
  const notes: EvaluationNote[] = [];
  const known = knownActualsUpTo(kpi.actuals, fiscalYear);
  const latest = known[known.length - 1];
  // Built whole here, in the order the fields are printed, and filled in below; gradeAs sets the grade.
  const evaluation: KpiEvaluation = {
    fiscalYear,
    grade: '',
    label: '',
    symbol: '',
    kind: 'performance',
    rate: null,
    rateFormula: null,
    reference: null,
    achieved: false,
    changeFromBaseline: null,
    improved: null,
    actualYear: latest?.fiscalYear ?? null,
    actualValue: latest?.value ?? null,
    stale: latest ? latest.fiscalYear < fiscalYear : false,
    projection: projectFromKnown(kpi, known),
    notes,
  };

  if (!latest) {
    if (status) {
      notes.push('administrative');
      return gradeAs(evaluation, scheme, administrativeGrade(scheme, status));
    }
    notes.push('no-data');
    return gradeAs(evaluation, scheme, scheme.noData);
  }
  const actual = latest;
  if (actual.fiscalYear < fiscalYear) notes.push('stale-actual');
  if (lastEntryOfYear(kpi.actuals, actual.fiscalYear)?.status === 'provisional')
    notes.push('provisional-actual');

  const { reference, notes: referenceNotes } = referenceAt(kpi, actual.fiscalYear, scheme.reference);
  for (const note of referenceNotes) notes.push(note);
  if (!reference) notes.push('no-target');
  const sense = senseOf(kpi.direction, reference?.comparator ?? kpi.target?.comparator);
  const met = reference ? meets(actual.value, reference.value, reference.comparator) : false;

  let rate: number | null = null;
  if (reference) {
    const computed = rateOf(kpi, scheme.formula, actual, known, reference, sense, notes);
    rate = computed.rate === null ? null : roundHalfUp(computed.rate);
    evaluation.rateFormula = computed.formula;
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

  evaluation.rate = rate;
  evaluation.reference = reference;
  evaluation.changeFromBaseline = change;
  evaluation.improved = improved;
  if (status) {
    // The grade says the KPI is not evaluated (未着手, 休止・廃止, 評価困難): not counted as achieved.
    notes.push('administrative');
    return gradeAs(evaluation, scheme, administrativeGrade(scheme, status));
  }

  evaluation.achieved = met;
  const gradable =
    met ||
    (rate !== null && rulesLookAt(scheme, 'rate')) ||
    (change !== null && rulesLookAt(scheme, 'change')) ||
    (improved !== null && rulesLookAt(scheme, 'improved'));
  if (!gradable) {
    if (!reference) return gradeAs(evaluation, scheme, scheme.noTarget);
    notes.push('not-gradable');
    return gradeAs(evaluation, scheme, scheme.administrative.hardToEvaluate);
  }
  const rule = matchingRule(scheme, { achieved: met, rate, change, improved });
  // Graded on the rounded rate: 99.96 % prints 100.0 %, and the rule that gives 100.0 % the achieved
  // grade (A 目標達成 ≥ 100) makes the KPI achieved too, so a grade and the count of achieved KPIs
  // never disagree. Rules on the baseline (improved, change) never make a KPI achieved.
  if (!met && rule.rate !== undefined && rule.grade === achievedGrade(scheme)) evaluation.achieved = true;
  return gradeAs(evaluation, scheme, rule.grade);
}

/** Sets the grade and what the scheme says of it. */
function gradeAs(evaluation: KpiEvaluation, scheme: EvaluationScheme, grade: string): KpiEvaluation {
  const definition = gradeDefinition(scheme, grade);
  evaluation.grade = grade;
  evaluation.label = definition.label;
  evaluation.symbol = definition.symbol;
  evaluation.kind = gradeKind(scheme, grade);
  return evaluation;
}

/** The grade of an administrative status. */
function administrativeGrade(scheme: EvaluationScheme, status: AdministrativeStatus): string {
  const { administrative } = scheme;
  if (status === 'not-started') return administrative.notStarted;
  if (status === 'suspended') return administrative.suspended;
  return administrative.hardToEvaluate;
}

/** The last entry for a year, whatever its value (its status is what the year's actual is marked). */
function lastEntryOfYear(actuals: readonly Actual[], fiscalYear: number): Actual | undefined {
  for (let i = actuals.length - 1; i >= 0; i--) {
    const entry = actuals[i];
    if (entry?.fiscalYear === fiscalYear) return entry;
  }
  return undefined;
}

/** Whether any of the scheme's rules has a condition on the measure (see {@link measuresUsed}). */
function rulesLookAt(scheme: EvaluationScheme, measure: 'rate' | 'change' | 'improved'): boolean {
  for (const rule of scheme.rules) if (rule[measure] !== undefined) return true;
  return false;
}
