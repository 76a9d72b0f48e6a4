/**
 * @module Projection
 * 見通し: will the final target be reached on time if the actuals keep their trend? A least-squares
 * line through the actuals (or the line from the baseline to the only actual) is read at the target
 * year and compared with the target by its comparator.
 */
import type { Kpi, Target, YearValue } from '../kpi/types.ts';
import { meets } from './measures.ts';
import { roundHalfUp } from './rounding.ts';

/** 達成見込み (on track), 達成困難 (off track), 判定不能 (too little data to say). */
export type ProjectionLabel = '達成見込み' | '達成困難' | '判定不能';

/**
 * How the expected value was found: `actual` when the target year's actual is already known,
 * `trend` by least squares over two or more actuals, `baseline-to-latest` from the baseline to the
 * only actual, `none` when there is too little data.
 */
export type ProjectionMethod = 'actual' | 'trend' | 'baseline-to-latest' | 'none';

export interface Projection {
  targetYear: number;
  targetValue: number;
  /** Expected value at the target year, rounded half-up to 3 decimals; null with method `none`. */
  expectedValue: number | null;
  /** Trend per fiscal year, rounded to 3 decimals; null when not from a line. */
  slope: number | null;
  onTrack: boolean | null;
  label: ProjectionLabel;
  method: ProjectionMethod;
  /** How many data points the line was drawn through (the baseline counts as one). */
  points: number;
}

/** The actuals up to a fiscal year, one per year (the last entry for a year wins), oldest first. */
export function actualsUpTo(actuals: readonly YearValue[], fiscalYear: number): YearValue[] {
  const byYear = new Map<number, YearValue>();
  for (const actual of actuals) {
    if (actual.fiscalYear <= fiscalYear && Number.isFinite(actual.value))
      byYear.set(actual.fiscalYear, actual);
  }
  return [...byYear.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
}

/**
 * {@link actualsUpTo} without the map and the sort where they change nothing: actuals are almost
 * always stored oldest first, one per year, and then the answer is the entries that count, in their
 * order (the array itself when all count). Anything else takes {@link actualsUpTo}. For internal use:
 * the result may be the caller's array, so it is read-only and must not be kept.
 */
export function knownActualsUpTo(actuals: readonly YearValue[], fiscalYear: number): readonly YearValue[] {
  let counted = 0;
  let previousYear = Number.NEGATIVE_INFINITY;
  for (const actual of actuals) {
    if (!(actual.fiscalYear <= fiscalYear && Number.isFinite(actual.value))) continue;
    // A repeated or earlier year needs the last-entry-wins map and the sort.
    if (!(actual.fiscalYear > previousYear)) return actualsUpTo(actuals, fiscalYear);
    previousYear = actual.fiscalYear;
    counted++;
  }
  if (counted === actuals.length) return actuals;
  return actuals.filter((a) => a.fiscalYear <= fiscalYear && Number.isFinite(a.value));
}

/** The undecided projection (判定不能). */
function undecided(target: Target, points: number): Projection {
  return {
    targetYear: target.fiscalYear,
    targetValue: target.value,
    expectedValue: null,
    slope: null,
    onTrack: null,
    label: '判定不能',
    method: 'none',
    points,
  };
}

/** The projection for an expected value at the target year; `known` is the number of actuals known. */
function judge(
  target: Target,
  expected: number,
  method: ProjectionMethod,
  slope: number | null,
  points: number,
  known: number,
): Projection {
  // Values near the float limits can overflow a sum; say nothing rather than print Infinity.
  if (!Number.isFinite(expected)) return undecided(target, known);
  const expectedValue = roundHalfUp(expected, 3);
  const onTrack = meets(expectedValue, target.value, target.comparator);
  return {
    targetYear: target.fiscalYear,
    targetValue: target.value,
    expectedValue,
    slope: slope === null || !Number.isFinite(slope) ? null : roundHalfUp(slope, 3),
    onTrack,
    label: onTrack ? '達成見込み' : '達成困難',
    method,
    points,
  };
}

/**
 * The projection from the actuals known at a fiscal year, as {@link actualsUpTo} gives them (one per
 * year, oldest first); {@link projectKpi} for callers that have only the KPI.
 */
export function projectFromKnown(
  kpi: Pick<Kpi, 'baseline' | 'target'>,
  known: readonly YearValue[],
): Projection | null {
  const { target, baseline } = kpi;
  if (!target) return null;
  const n = known.length;
  for (const actual of known) {
    if (actual.fiscalYear === target.fiscalYear) return judge(target, actual.value, 'actual', null, 1, n);
  }
  if (n >= 2) {
    // Least-squares line through the points (at least two distinct years), read at the target year.
    // The sums run oldest first, as they always have, so the floats come out the same.
    let yearSum = 0;
    let valueSum = 0;
    for (const p of known) {
      yearSum += p.fiscalYear;
      valueSum += p.value;
    }
    const meanYear = yearSum / n;
    const meanValue = valueSum / n;
    let sxx = 0;
    let sxy = 0;
    for (const p of known) {
      sxx += (p.fiscalYear - meanYear) ** 2;
      sxy += (p.fiscalYear - meanYear) * (p.value - meanValue);
    }
    const slope = sxy / sxx;
    return judge(target, meanValue + slope * (target.fiscalYear - meanYear), 'trend', slope, n, n);
  }
  const only = known[0];
  if (only && baseline && baseline.fiscalYear < only.fiscalYear) {
    const slope = (only.value - baseline.value) / (only.fiscalYear - baseline.fiscalYear);
    const expected = only.value + slope * (target.fiscalYear - only.fiscalYear);
    return judge(target, expected, 'baseline-to-latest', slope, 2, n);
  }
  return undecided(target, n);
}

/**
 * The projection of a KPI's final target from the actuals known at a fiscal year (later actuals are
 * ignored). Null when the KPI has no target: there is nothing to project to.
 * @example projectKpi({ target: { fiscalYear: 2024, value: 300, comparator: 'gte' }, actuals: [{ fiscalYear: 2021, value: 139 }, { fiscalYear: 2022, value: 237 }] }, 2022)?.label // '達成見込み'
 */
export function projectKpi(
  kpi: Pick<Kpi, 'baseline' | 'target' | 'actuals'>,
  fiscalYear: number,
): Projection | null {
  if (!kpi.target) return null;
  return projectFromKnown(kpi, knownActualsUpTo(kpi.actuals, fiscalYear));
}
