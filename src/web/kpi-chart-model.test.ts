import { describe, expect, it } from 'vitest';
import {
  type KpiChartInput,
  kpiChart,
  niceTicks,
  projectionLine,
  shownGrades,
  stackSegments,
} from './kpi-chart-model.ts';

describe('niceTicks', () => {
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 97, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1028000, 1635400, 5)).toEqual([1000000, 1200000, 1400000, 1600000, 1800000]);
    expect(niceTicks(0.1, 0.7, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(-3703, -2000, 5)).toEqual([-4000, -3500, -3000, -2500, -2000]);
  });

  it('opens a flat range around its value', () => {
    const ticks = niceTicks(50, 50);
    expect(ticks[0]).toBeLessThan(50);
    expect(ticks.at(-1)).toBeGreaterThan(50);
    expect(niceTicks(0, 0)[0]).toBeLessThan(0);
  });
});

const input: KpiChartInput = {
  baseline: { fiscalYear: 2020, value: 100 },
  target: { fiscalYear: 2026, value: 200 },
  annualTargets: [
    { fiscalYear: 2024, value: 170 },
    { fiscalYear: 2023, value: 160 },
  ],
  actuals: [
    { fiscalYear: 2022, value: 150, status: 'final' },
    { fiscalYear: 2021, value: 120, status: 'final' },
    { fiscalYear: 2023, value: 160, status: 'provisional' },
  ],
  projection: { targetYear: 2026, expectedValue: 223.333, slope: 20, method: 'trend' },
  fiscalYear: 2023,
};

describe('kpiChart', () => {
  it('places every year from the baseline to the target on the x axis', () => {
    const chart = kpiChart(input);
    expect(chart.xTicks.map((t) => t.fiscalYear)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(chart.xTicks.every((t) => t.showLabel)).toBe(true);
    const xs = chart.xTicks.map((t) => t.x);
    expect(xs[0]).toBeGreaterThan(chart.plot.left);
    expect(xs.at(-1)).toBeLessThan(chart.plot.right);
  });

  it('starts the value axis at zero for positive values near it, else near the data; covers the projection', () => {
    const chart = kpiChart(input);
    expect(chart.yTicks[0]?.value).toBe(100);
    expect(chart.yTicks.at(-1)?.value).toBeGreaterThanOrEqual(223.333);
    expect(chart.yTicks[0]?.y).toBe(chart.plot.bottom);
    expect(chart.yTicks.at(-1)?.y).toBe(chart.plot.top);
    const low = kpiChart({ ...input, baseline: { fiscalYear: 2020, value: 20 } });
    expect(low.yTicks[0]?.value).toBe(0);
  });

  it('orders actuals and annual targets by year and keeps the status of each actual', () => {
    const chart = kpiChart(input);
    expect(chart.actuals.map((a) => [a.fiscalYear, a.status])).toEqual([
      [2021, 'final'],
      [2022, 'final'],
      [2023, 'provisional'],
    ]);
    expect(chart.actualPath).toMatch(/^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
    expect(chart.annualTargets.map((t) => t.fiscalYear)).toEqual([2023, 2024]);
    // higher values sit higher
    const [a, b] = chart.actuals;
    expect((a?.y ?? 0) > (b?.y ?? 0)).toBe(true);
    expect(chart.projection?.to).toMatchObject({ fiscalYear: 2026, value: 223.333 });
  });

  it('draws no path from a single point and copes with no data at all', () => {
    const chart = kpiChart({
      ...input,
      actuals: [input.actuals[0] as KpiChartInput['actuals'][0]],
      annualTargets: [],
    });
    expect(chart.actualPath).toBe('');
    const empty = kpiChart({
      baseline: null,
      target: null,
      annualTargets: [],
      actuals: [],
      projection: null,
      fiscalYear: 2023,
    });
    expect(empty.xTicks.map((t) => t.fiscalYear)).toEqual([2023]);
    expect(empty.yTicks.length).toBeGreaterThan(1);
  });

  it('thins out year labels on a long axis', () => {
    const chart = kpiChart({
      ...input,
      baseline: { fiscalYear: 2000, value: 100 },
      target: { fiscalYear: 2030, value: 200 },
    });
    const labelled = chart.xTicks.filter((t) => t.showLabel);
    expect(labelled.length).toBeLessThan(chart.xTicks.length);
    expect(chart.xTicks.at(-1)?.showLabel).toBe(true);
  });
});

describe('projectionLine', () => {
  it('runs the trend from the latest actual known at the fiscal year to the target year', () => {
    expect(projectionLine(input)).toEqual({
      from: { fiscalYear: 2023, value: 223.333 - 20 * 3 },
      to: { fiscalYear: 2026, value: 223.333 },
    });
    // An actual entered after the evaluated year is not what the projection was drawn from.
    const later = projectionLine({
      ...input,
      actuals: [...input.actuals, { fiscalYear: 2025, value: 1, status: 'final' }],
    });
    expect(later?.from.fiscalYear).toBe(2023);
  });

  it('runs the baseline-to-latest line from the only actual, which lies on it', () => {
    const line = projectionLine({
      ...input,
      actuals: [{ fiscalYear: 2023, value: 160, status: 'final' }],
      projection: { targetYear: 2026, expectedValue: 220, slope: 20, method: 'baseline-to-latest' },
    });
    expect(line?.from).toEqual({ fiscalYear: 2023, value: 160 });
  });

  it('draws nothing for a known target-year actual, too little data or no target', () => {
    expect(
      projectionLine({
        ...input,
        projection: { targetYear: 2026, expectedValue: 210, slope: null, method: 'actual' },
      }),
    ).toBeNull();
    expect(
      projectionLine({
        ...input,
        projection: { targetYear: 2026, expectedValue: null, slope: null, method: 'none' },
      }),
    ).toBeNull();
    expect(projectionLine({ ...input, projection: null })).toBeNull();
  });
});

describe('stackSegments', () => {
  it('splits the width by count in grade order, skipping empty grades', () => {
    const segments = stackSegments([2, 0, 1], 300);
    expect(segments).toEqual([
      { index: 0, count: 2, x: 0, width: 200, labelled: true },
      { index: 2, count: 1, x: 200, width: 100, labelled: true },
    ]);
  });

  it('ends exactly at the full width and labels only wide segments', () => {
    const segments = stackSegments([1, 1, 1, 30], 300);
    const last = segments.at(-1);
    expect((last?.x ?? 0) + (last?.width ?? 0)).toBe(300);
    expect(segments[0]?.labelled).toBe(false);
    expect(last?.labelled).toBe(true);
  });

  it('gives an empty group no bar', () => {
    expect(stackSegments([0, 0], 300)).toEqual([]);
  });
});

describe('shownGrades', () => {
  it('keeps performance grades and the special ones that occur this year or last', () => {
    const counts = (...n: number[]) => ({ counts: n.map((count) => ({ count })) });
    const grades = [
      { kind: 'performance' },
      { kind: 'performance' },
      { kind: 'no-data' },
      { kind: 'administrative' },
      { kind: 'no-target' },
    ];
    expect(
      shownGrades({ grades, total: counts(1, 0, 0, 0, 0), previousTotal: counts(0, 0, 0, 0, 0) }),
    ).toEqual([0, 1]);
    expect(
      shownGrades({ grades, total: counts(1, 0, 2, 0, 0), previousTotal: counts(0, 0, 0, 0, 1) }),
    ).toEqual([0, 1, 2, 4]);
  });
});
