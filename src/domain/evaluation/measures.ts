/**
 * @module Measures
 * The numbers a grade is decided on: the reference target for a year, the achievement rate by each
 * formula (ratio, progress, growth), the change from the baseline and whether a target is met. Each
 * function returns null where its formula has no meaning (a division by zero, a sign change under a
 * growth rate) so that no NaN or Infinity ever reaches a table.
 */
import type { Comparator, Direction, Kpi, YearValue } from '../kpi/types.ts';
import type { ReferenceKind } from './scheme.ts';

/** Which way is better for a KPI: up, down, or as close to the target as possible (維持 with =). */
export type Sense = 'up' | 'down' | 'both';

/**
 * The sense of a KPI. 増加 is up and 減少 is down; 維持 follows its comparator, since 「維持（以上）」 is
 * a floor and 「維持（以下）」 a ceiling, and an exact 維持 target is two-sided.
 * @example senseOf('maintain', 'gte') // 'up'
 */
export function senseOf(direction: Direction, comparator: Comparator | undefined): Sense {
  if (direction === 'increase') return 'up';
  if (direction === 'decrease') return 'down';
  if (comparator === 'gte' || comparator === 'gt') return 'up';
  if (comparator === 'lte' || comparator === 'lt') return 'down';
  return 'both';
}

/**
 * The comparator a target has when none is given: 以上 for 増加 and 維持, 以下 for 減少.
 * @example defaultComparator('decrease') // 'lte'
 */
export function defaultComparator(direction: Direction): Comparator {
  return direction === 'decrease' ? 'lte' : 'gte';
}

/**
 * Equality up to float noise, relative to the magnitude of the values (1 in 10⁹).
 * @example nearlyEqual(0.1 + 0.2, 0.3) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Whether a value meets a target by its comparator (a value equal to the target up to float noise
 * meets 以上 and 以下, and does not meet 超 and 未満).
 * @example meets(0, 0, 'lte') // true: a 減少 KPI at zero meets a zero target
 */
export function meets(value: number, target: number, comparator: Comparator): boolean {
  const equal = nearlyEqual(value, target);
  switch (comparator) {
    case 'gte':
      return equal || value > target;
    case 'gt':
      return !equal && value > target;
    case 'lte':
      return equal || value < target;
    case 'lt':
      return !equal && value < target;
    case 'eq':
      return equal;
  }
}

/** The target a year's actual is compared with. */
export interface Reference {
  kind: ReferenceKind;
  fiscalYear: number;
  value: number;
  comparator: Comparator;
}

/** Why the reference is not the kind the scheme asked for. */
export type ReferenceNote = 'prorated-without-baseline' | 'annual-target-missing';

type ReferenceSource = Pick<Kpi, 'direction' | 'baseline' | 'target' | 'annualTargets'>;

function finalReference(kpi: ReferenceSource): Reference | null {
  const { target } = kpi;
  return target
    ? { kind: 'final', fiscalYear: target.fiscalYear, value: target.value, comparator: target.comparator }
    : null;
}

function proratedReference(kpi: ReferenceSource, year: number, notes: ReferenceNote[]): Reference | null {
  const { baseline, target } = kpi;
  if (!target) return null;
  if (!baseline || baseline.fiscalYear >= target.fiscalYear) {
    notes.push('prorated-without-baseline');
    return finalReference(kpi);
  }
  // On or after the target year the straight line has reached the final target.
  if (year >= target.fiscalYear) return finalReference(kpi);
  const at = Math.max(year, baseline.fiscalYear);
  const share = (at - baseline.fiscalYear) / (target.fiscalYear - baseline.fiscalYear);
  const value = baseline.value + (target.value - baseline.value) * share;
  return { kind: 'prorated', fiscalYear: year, value, comparator: target.comparator };
}

/**
 * The reference target for the year of an actual. `prorated` is the straight line from the baseline to
 * the final target (多摩市's 20 %, 40 %, … of a five-year target; 長野県's 目安値); `annual` is that year's
 * annual target. A missing annual target falls back to the prorated one, a prorated target without a
 * baseline (or with a baseline year not before the target year) to the final one; `notes` says so.
 * @example referenceAt({ direction: 'increase', baseline: { fiscalYear: 2014, value: 0 }, target: { fiscalYear: 2019, value: 300, comparator: 'gte' } }, 2015, 'prorated').reference?.value // 60
 */
export function referenceAt(
  kpi: ReferenceSource,
  year: number,
  kind: ReferenceKind,
): { reference: Reference | null; notes: ReferenceNote[] } {
  const notes: ReferenceNote[] = [];
  if (kind === 'annual') {
    const annual = (kpi.annualTargets ?? []).findLast((a) => a.fiscalYear === year);
    if (annual) {
      const comparator = kpi.target?.comparator ?? defaultComparator(kpi.direction);
      return { reference: { kind: 'annual', fiscalYear: year, value: annual.value, comparator }, notes };
    }
    notes.push('annual-target-missing');
    return { reference: proratedReference(kpi, year, notes), notes };
  }
  if (kind === 'prorated') return { reference: proratedReference(kpi, year, notes), notes };
  return { reference: finalReference(kpi), notes };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * 達成率 by ratio, in percent, unrounded: actual ÷ reference for up, reference ÷ actual for down (the
 * usual inversion for 減少), and 100 − relative distance for a two-sided 維持. An actual equal to the
 * reference is 100 (so 0 against a target of 0 is 100); null where the ratio has no meaning: a
 * reference ≤ 0 or a negative actual for up, an actual of 0 or a negative value for down.
 * @example ratioRate(12, 10, 'up') // 120
 * @example ratioRate(80, 100, 'down') // 125
 */
export function ratioRate(actual: number, reference: number, sense: Sense): number | null {
  if (nearlyEqual(actual, reference)) return 100;
  switch (sense) {
    case 'up':
      return reference > 0 && actual >= 0 ? finiteOrNull((actual / reference) * 100) : null;
    case 'down':
      return reference >= 0 && actual > 0 ? finiteOrNull((reference / actual) * 100) : null;
    case 'both':
      return reference !== 0
        ? finiteOrNull((1 - Math.abs(actual - reference) / Math.abs(reference)) * 100)
        : null;
  }
}

/**
 * 達成率 by progress from the baseline, in percent, unrounded: (actual − baseline) ÷ (reference −
 * baseline). It works for 減少 and for negative values as they are (the signs cancel); for a
 * two-sided 維持 it is 100 − distance ÷ span. Null when the reference equals the baseline.
 * @example progressRate(1.56, 1.624, 1.54, 'up') // ≈ 23.8 (長野県 合計特殊出生率, H29)
 */
export function progressRate(
  actual: number,
  reference: number,
  baseline: number,
  sense: Sense,
): number | null {
  if (nearlyEqual(actual, reference)) return 100;
  if (nearlyEqual(reference, baseline)) return null;
  const span = reference - baseline;
  if (sense === 'both') return finiteOrNull((1 - Math.abs(actual - reference) / Math.abs(span)) * 100);
  return finiteOrNull(((actual - baseline) / span) * 100);
}

/** Why a growth ratio could not be computed, or was computed with a replacement. */
export type GrowthNote =
  | 'growth-insufficient-data'
  | 'growth-zero-replaced'
  | 'growth-sign-mismatch'
  | 'growth-target-equals-base';

/** Open SDG replaces a base or target of zero by this value before taking growth rates. */
const ZERO_REPLACEMENT = 0.001;

/**
 * The Open SDG / Statistics Canada progress ratio R, in percent: the observed compound annual growth
 * from the base to the current value over the growth required to reach the target on time,
 * R = s·d·CAGRᵢ ÷ |CAGR_T| (s = −1 when values are negative, d = −1 when lower is better). A base or
 * target of 0 is replaced by 0.001 as Open SDG does; values of opposite signs or fewer than two years
 * give null.
 * @example growthRatio({ base: { fiscalYear: 2015, value: 100 }, current: { fiscalYear: 2020, value: 110 }, target: { fiscalYear: 2030, value: 120 }, sense: 'up' }).value // ≈ 157
 */
export function growthRatio(input: {
  base: YearValue;
  current: YearValue;
  target: YearValue;
  sense: Sense;
}): { value: number | null; notes: GrowthNote[] } {
  const { base, current, target, sense } = input;
  const notes: GrowthNote[] = [];
  if (current.fiscalYear <= base.fiscalYear || target.fiscalYear <= base.fiscalYear) {
    return { value: null, notes: ['growth-insufficient-data'] };
  }
  let y0 = base.value;
  let yT = target.value;
  if (y0 === 0 || yT === 0) notes.push('growth-zero-replaced');
  if (y0 === 0) y0 = ZERO_REPLACEMENT;
  if (yT === 0) yT = ZERO_REPLACEMENT;
  const yi = current.value;
  // A growth rate across zero has no meaning (and a fractional power of a negative number is NaN).
  if (yi / y0 < 0 || yT / y0 < 0) return { value: null, notes: [...notes, 'growth-sign-mismatch'] };
  const observed = (yi / y0) ** (1 / (current.fiscalYear - base.fiscalYear)) - 1;
  const required = (yT / y0) ** (1 / (target.fiscalYear - base.fiscalYear)) - 1;
  if (!Number.isFinite(required) || nearlyEqual(required, 0)) {
    return { value: null, notes: [...notes, 'growth-target-equals-base'] };
  }
  const s = y0 < 0 ? -1 : 1;
  const d = sense === 'up' ? 1 : sense === 'down' ? -1 : yT >= y0 ? 1 : -1;
  return { value: finiteOrNull(((s * d * observed) / Math.abs(required)) * 100), notes };
}

/**
 * Change from the baseline in percent, direction-adjusted (positive is better), unrounded. An actual
 * equal to the baseline is 0; a baseline of 0 gives null (no relative change from nothing). For a
 * two-sided 維持 any move away from the baseline counts as worse.
 * @example changeFromBaseline(90, 100, 'down') // 10
 */
export function changeFromBaseline(actual: number, baseline: number, sense: Sense): number | null {
  if (nearlyEqual(actual, baseline)) return 0;
  if (baseline === 0) return null;
  const relative = ((actual - baseline) / Math.abs(baseline)) * 100;
  if (!Number.isFinite(relative)) return null;
  if (sense === 'down') return -relative;
  if (sense === 'both') return -Math.abs(relative);
  return relative;
}

/**
 * Whether the actual is better than the baseline in the KPI's sense. Defined for a zero baseline too
 * (where a relative change is not); for a two-sided 維持 it means closer to the reference.
 * @example improvedFromBaseline(237, 0, 'up', 300) // true
 */
export function improvedFromBaseline(
  actual: number,
  baseline: number,
  sense: Sense,
  reference: number | null,
): boolean | null {
  if (nearlyEqual(actual, baseline)) return false;
  if (sense === 'up') return actual > baseline;
  if (sense === 'down') return actual < baseline;
  if (reference === null) return null;
  return Math.abs(actual - reference) < Math.abs(baseline - reference);
}
