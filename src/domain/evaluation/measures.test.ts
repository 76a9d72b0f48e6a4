import { describe, expect, it } from 'vitest';
import {
  changeFromBaseline,
  growthRatio,
  improvedFromBaseline,
  meets,
  progressRate,
  ratioRate,
  referenceAt,
  senseOf,
} from './measures.ts';

describe('senseOf', () => {
  it('reads 維持 by its comparator', () => {
    expect(senseOf('increase', 'lte')).toBe('up');
    expect(senseOf('decrease', undefined)).toBe('down');
    expect(senseOf('maintain', 'gt')).toBe('up');
    expect(senseOf('maintain', 'lt')).toBe('down');
    expect(senseOf('maintain', 'eq')).toBe('both');
    expect(senseOf('maintain', undefined)).toBe('both');
  });
});

describe('meets', () => {
  it('applies the comparator, with float noise counted as equal', () => {
    expect(meets(0.1 + 0.2, 0.3, 'gte')).toBe(true);
    expect(meets(0.1 + 0.2, 0.3, 'lte')).toBe(true);
    expect(meets(0.1 + 0.2, 0.3, 'gt')).toBe(false);
    expect(meets(0.1 + 0.2, 0.3, 'eq')).toBe(true);
    expect(meets(93, 93, 'gt')).toBe(false);
    expect(meets(92, 93, 'lt')).toBe(true);
    expect(meets(0, 0, 'lte')).toBe(true);
  });
});

describe('referenceAt', () => {
  const kpi = {
    direction: 'increase' as const,
    baseline: { fiscalYear: 2014, value: 0 },
    target: { fiscalYear: 2019, value: 300, comparator: 'gte' as const },
  };
  it('prorates along the straight line and stops at the final target', () => {
    expect(referenceAt(kpi, 2015, 'prorated').reference?.value).toBe(60);
    expect(referenceAt(kpi, 2014, 'prorated').reference?.value).toBe(0);
    expect(referenceAt(kpi, 2012, 'prorated').reference?.value).toBe(0);
    expect(referenceAt(kpi, 2021, 'prorated').reference).toMatchObject({ kind: 'final', value: 300 });
  });
  it('uses the final target with any reference kind when nothing else is known', () => {
    expect(referenceAt({ ...kpi, baseline: undefined }, 2015, 'prorated')).toMatchObject({
      reference: { kind: 'final' },
      notes: ['prorated-without-baseline'],
    });
    expect(referenceAt({ direction: 'increase' }, 2015, 'final').reference).toBeNull();
  });
  it('takes an annual target with the final comparator or the direction’s default', () => {
    const annual = [{ fiscalYear: 2016, value: 80 }];
    expect(referenceAt({ ...kpi, annualTargets: annual }, 2016, 'annual').reference).toMatchObject({
      kind: 'annual',
      value: 80,
    });
    expect(
      referenceAt({ direction: 'decrease', annualTargets: annual }, 2016, 'annual').reference?.comparator,
    ).toBe('lte');
    expect(
      referenceAt({ direction: 'decrease', annualTargets: annual }, 2017, 'annual').reference,
    ).toBeNull();
  });
});

describe('rates', () => {
  it('ratio: up, down and two-sided, null where it has no meaning', () => {
    expect(ratioRate(32, 300, 'up')).toBeCloseTo(10.667, 3);
    expect(ratioRate(80, 100, 'down')).toBe(125);
    expect(ratioRate(0, 0, 'down')).toBe(100);
    expect(ratioRate(0, 5, 'down')).toBeNull();
    expect(ratioRate(-5, 10, 'up')).toBeNull();
    expect(ratioRate(5, 0, 'up')).toBeNull();
    expect(ratioRate(5, -10, 'up')).toBeNull();
    expect(ratioRate(110, 100, 'both')).toBeCloseTo(90, 9);
    expect(ratioRate(1, 0, 'both')).toBeNull();
  });
  it('progress: from the baseline, for either direction and for negative values', () => {
    expect(progressRate(1.56, 1.624, 1.54, 'up')).toBeCloseTo(23.81, 2);
    expect(progressRate(90, 80, 100, 'down')).toBeCloseTo(50, 9);
    expect(progressRate(-2530, -2681.2, -3703, 'up')).toBeCloseTo(114.8, 1);
    expect(progressRate(40, 50, 50, 'up')).toBeNull();
    expect(progressRate(50, 50, 50, 'up')).toBe(100);
    expect(progressRate(110, 100, 50, 'both')).toBeCloseTo(80, 9);
  });
  it('growth: Open SDG R with its edge cases', () => {
    const growth = (base: number, current: number, target: number, sense: 'up' | 'down' = 'up') =>
      growthRatio({
        base: { fiscalYear: 2015, value: base },
        current: { fiscalYear: 2020, value: current },
        target: { fiscalYear: 2030, value: target },
        sense,
      });
    expect(growth(100, 110, 120).value).toBeCloseTo(157.3716, 3);
    expect(growth(0, 2, 10)).toMatchObject({ notes: ['growth-zero-replaced'] });
    expect(growth(0, 2, 10).value).toBeCloseTo(421.4249, 3);
    expect(growth(10, -1, 20)).toMatchObject({ value: null, notes: ['growth-sign-mismatch'] });
    expect(growth(10, 12, -20)).toMatchObject({ value: null, notes: ['growth-sign-mismatch'] });
    expect(growth(10, 12, 10)).toMatchObject({ value: null, notes: ['growth-target-equals-base'] });
    expect(growth(10, 0, 20).value).toBeCloseTo(-100 / (2 ** (1 / 15) - 1), 6);
    expect(
      growthRatio({
        base: { fiscalYear: 2020, value: 1 },
        current: { fiscalYear: 2020, value: 2 },
        target: { fiscalYear: 2030, value: 3 },
        sense: 'up',
      }),
    ).toMatchObject({ value: null, notes: ['growth-insufficient-data'] });
  });
});

describe('change from the baseline', () => {
  it('is direction-adjusted and null from a zero baseline', () => {
    expect(changeFromBaseline(110, 100, 'up')).toBeCloseTo(10, 9);
    expect(changeFromBaseline(110, 100, 'down')).toBeCloseTo(-10, 9);
    expect(changeFromBaseline(90, 100, 'both')).toBeCloseTo(-10, 9);
    expect(changeFromBaseline(-2530, -3703, 'up')).toBeCloseTo(31.68, 2);
    expect(changeFromBaseline(5, 0, 'up')).toBeNull();
    expect(changeFromBaseline(0, 0, 'up')).toBe(0);
  });
  it('improvement is defined from zero too, and for 維持 means closer to the target', () => {
    expect(improvedFromBaseline(237, 0, 'up', 300)).toBe(true);
    expect(improvedFromBaseline(93, 93, 'up', 93)).toBe(false);
    expect(improvedFromBaseline(4, 5, 'down', null)).toBe(true);
    expect(improvedFromBaseline(101, 105, 'both', 100)).toBe(true);
    expect(improvedFromBaseline(101, 105, 'both', null)).toBeNull();
  });
});
