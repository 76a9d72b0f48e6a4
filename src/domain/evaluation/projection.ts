/**
 * @module Projection
 * 見通し: will the final target be reached on time if the actuals keep their trend? A least-squares
 * line through the actuals (or the line from the baseline to the only actual) is read at the target
 * year and compared with the target by its comparator.
 */
import type { Kpi, YearValue } from '../kpi/types.ts';
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

/** Least-squares line through the points (at least two distinct years). */
function leastSquares(points: readonly YearValue[]): { slope: number; at: (year: number) => number } {
  const n = points.length;
  const meanYear = points.reduce((sum, p) => sum + p.fiscalYear, 0) / n;
  const meanValue = points.reduce((sum, p) => sum + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.fiscalYear - meanYear) ** 2;
    sxy += (p.fiscalYear - meanYear) * (p.value - meanValue);
  }
  const slope = sxy / sxx;
  return { slope, at: (year) => meanValue + slope * (year - meanYear) };
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
  const { target, baseline } = kpi;
  if (!target) return null;
  const known = actualsUpTo(kpi.actuals, fiscalYear);
  const base = { targetYear: target.fiscalYear, targetValue: target.value };
  const undecided: Projection = {
    ...base,
    expectedValue: null,
    slope: null,
    onTrack: null,
    label: '判定不能',
    method: 'none',
    points: known.length,
  };
  const judge = (
    expected: number,
    method: ProjectionMethod,
    slope: number | null,
    points: number,
  ): Projection => {
    // Values near the float limits can overflow a sum; say nothing rather than print Infinity.
    if (!Number.isFinite(expected)) return undecided;
    const expectedValue = roundHalfUp(expected, 3);
    const onTrack = meets(expectedValue, target.value, target.comparator);
    return {
      ...base,
      expectedValue,
      slope: slope === null || !Number.isFinite(slope) ? null : roundHalfUp(slope, 3),
      onTrack,
      label: onTrack ? '達成見込み' : '達成困難',
      method,
      points,
    };
  };

  const atTargetYear = known.find((a) => a.fiscalYear === target.fiscalYear);
  if (atTargetYear) return judge(atTargetYear.value, 'actual', null, 1);
  if (known.length >= 2) {
    const line = leastSquares(known);
    return judge(line.at(target.fiscalYear), 'trend', line.slope, known.length);
  }
  const only = known[0];
  if (only && baseline && baseline.fiscalYear < only.fiscalYear) {
    const slope = (only.value - baseline.value) / (only.fiscalYear - baseline.fiscalYear);
    return judge(only.value + slope * (target.fiscalYear - only.fiscalYear), 'baseline-to-latest', slope, 2);
  }
  return undecided;
}
