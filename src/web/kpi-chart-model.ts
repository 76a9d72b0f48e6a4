/**
 * @module KPI chart geometry
 * Where everything goes in the two hand-drawn SVG charts: a KPI's course over the fiscal years
 * (baseline, actuals, annual targets, target, projection line) and a KPI set's stacked bars of grades.
 * Pure numbers in, coordinates out, so the drawing components stay simple and this is tested alone.
 */

export interface ChartPoint {
  fiscalYear: number;
  value: number;
  x: number;
  y: number;
}

export interface KpiChartInput {
  baseline: { fiscalYear: number; value: number } | null;
  target: { fiscalYear: number; value: number } | null;
  annualTargets: ReadonlyArray<{ fiscalYear: number; value: number }>;
  actuals: ReadonlyArray<{ fiscalYear: number; value: number; status: 'final' | 'provisional' }>;
  projection: {
    targetYear: number;
    expectedValue: number | null;
    slope: number | null;
    method: 'actual' | 'trend' | 'baseline-to-latest' | 'none';
  } | null;
  /** The fiscal year evaluated: the projection line starts from the actuals known then. */
  fiscalYear: number;
}

export interface KpiChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: Array<{ fiscalYear: number; x: number; showLabel: boolean }>;
  yTicks: Array<{ value: number; y: number }>;
  baseline: ChartPoint | null;
  target: ChartPoint | null;
  annualTargets: ChartPoint[];
  actuals: Array<ChartPoint & { status: 'final' | 'provisional' }>;
  /** SVG path through the actuals in year order; '' with fewer than two. */
  actualPath: string;
  /** SVG path of the annual targets; '' with fewer than two. */
  annualTargetPath: string;
  /** The projection (見通し) line from where it starts to the target year; null without one. */
  projection: { from: ChartPoint; to: ChartPoint } | null;
}

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

const defaultSize = {
  width: 640,
  height: 300,
  margin: { top: 28, right: 24, bottom: 36, left: 76 },
} satisfies ChartSize;

/** 1, 2, 2.5, 5 × 10ⁿ: the step sizes people read easily on an axis. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Round axis bounds and the ticks between them, about `count` of them, covering [min, max].
 * @example niceTicks(0, 97, 5) // [0, 20, 40, 60, 80, 100]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Counting steps (rather than adding them) keeps float error from piling up: 0.1 + 0.2 …
  for (let i = 0; start + i * step <= end + step * 1e-9; i++) {
    ticks.push(Number((start + i * step).toPrecision(12)));
  }
  return ticks;
}

/**
 * The lower bound of the value axis: zero when all values are positive and not far from it (a bar of
 * values that starts at zero reads honestly), else just below the smallest value.
 */
function axisMinimum(min: number, max: number): number {
  return min >= 0 && min < max * 0.4 ? 0 : min;
}

/**
 * Lays out a KPI's chart.
 * @example kpiChart({ baseline: { fiscalYear: 2020, value: 100 }, target: { fiscalYear: 2026, value: 200 }, annualTargets: [], actuals: [], projection: null, fiscalYear: 2023 }).xTicks.length // 7
 */
export function kpiChart(input: KpiChartInput, size: ChartSize = defaultSize): KpiChartModel {
  const { width, height, margin } = size;
  const plot = {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
  };

  const lineFrom = projectionLine(input);
  const points = [
    ...(input.baseline ? [input.baseline] : []),
    ...(input.target ? [input.target] : []),
    ...input.annualTargets,
    ...input.actuals,
    ...(lineFrom ? [lineFrom.from, lineFrom.to] : []),
  ];
  const years = points.map((p) => p.fiscalYear);
  const values = points.map((p) => p.value);
  const firstYear = years.length ? Math.min(...years) : input.fiscalYear;
  const lastYear = years.length ? Math.max(...years) : input.fiscalYear;
  const minValue = values.length ? Math.min(...values) : 0;
  const maxValue = values.length ? Math.max(...values) : 1;
  const ticks = niceTicks(axisMinimum(minValue, maxValue), maxValue, 5);
  const low = ticks[0] ?? 0;
  const high = ticks.at(-1) ?? 1;

  // Half a year of room on each side keeps the first and last markers off the axes.
  const xOf = (year: number) =>
    plot.left + ((year - firstYear + 0.5) / (lastYear - firstYear + 1)) * (plot.right - plot.left);
  const yOf = (value: number) => plot.bottom - ((value - low) / (high - low)) * (plot.bottom - plot.top);
  const at = (p: { fiscalYear: number; value: number }): ChartPoint => ({
    fiscalYear: p.fiscalYear,
    value: p.value,
    x: round(xOf(p.fiscalYear)),
    y: round(yOf(p.value)),
  });
  const path = (list: ChartPoint[]) =>
    list.length < 2 ? '' : list.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');

  const span = lastYear - firstYear + 1;
  // Every year gets a tick; labels thin out when they would crowd (about 56 px each).
  const labelEvery = Math.max(1, Math.ceil((span * 56) / (plot.right - plot.left)));
  const xTicks = Array.from({ length: span }, (_, i) => ({
    fiscalYear: firstYear + i,
    x: round(xOf(firstYear + i)),
    showLabel: i % labelEvery === 0 || i === span - 1,
  }));
  const actuals = [...input.actuals]
    .sort((a, b) => a.fiscalYear - b.fiscalYear)
    .map((a) => ({ ...at(a), status: a.status }));
  const annualTargets = [...input.annualTargets].sort((a, b) => a.fiscalYear - b.fiscalYear).map(at);

  return {
    width,
    height,
    plot,
    xTicks,
    yTicks: ticks.map((value) => ({ value, y: round(yOf(value)) })),
    baseline: input.baseline ? at(input.baseline) : null,
    target: input.target ? at(input.target) : null,
    annualTargets,
    actuals,
    actualPath: path(actuals),
    annualTargetPath: path(annualTargets),
    projection: lineFrom ? { from: at(lineFrom.from), to: at(lineFrom.to) } : null,
  };
}

/**
 * The projection as a line in data space: from the latest actual known at the fiscal year to the
 * expected value at the target year, along the projection's line (the least-squares trend, or the line
 * from the baseline through the only actual). Read at the latest actual's year the trend may differ
 * from that actual: the dashed line shows where the trend, not the last value, leads.
 */
export function projectionLine(
  input: Pick<KpiChartInput, 'actuals' | 'projection' | 'fiscalYear'>,
): { from: { fiscalYear: number; value: number }; to: { fiscalYear: number; value: number } } | null {
  const { projection } = input;
  if (!projection || projection.expectedValue === null || projection.slope === null) return null;
  if (projection.method !== 'trend' && projection.method !== 'baseline-to-latest') return null;
  const known = input.actuals.filter((a) => a.fiscalYear <= input.fiscalYear).map((a) => a.fiscalYear);
  if (known.length === 0) return null;
  const startYear = Math.max(...known);
  if (startYear >= projection.targetYear) return null;
  const { expectedValue, slope, targetYear } = projection;
  return {
    from: { fiscalYear: startYear, value: expectedValue - slope * (targetYear - startYear) },
    to: { fiscalYear: targetYear, value: expectedValue },
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface BarSegment {
  /** Index of the grade in the scheme's order. */
  index: number;
  count: number;
  x: number;
  width: number;
  /** Wide enough to print the grade's symbol and count inside. */
  labelled: boolean;
}

/**
 * One 100 % stacked bar: a segment per grade with KPIs, in scheme order, widths by share of the total.
 * Empty grades get no segment; an empty group gets no bar at all.
 * @example stackSegments([2, 0, 1], 300).map((s) => s.width) // [200, 100]
 */
export function stackSegments(counts: readonly number[], width: number, minLabelWidth = 34): BarSegment[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return [];
  const segments: BarSegment[] = [];
  let done = 0;
  counts.forEach((count, index) => {
    if (count === 0) return;
    // Edges from the running count, so the segments meet exactly and end at the full width.
    const x = round((done / total) * width);
    done += count;
    const end = round((done / total) * width);
    segments.push({ index, count, x, width: round(end - x), labelled: end - x >= minLabelWidth });
  });
  return segments;
}

interface GradeCounts {
  counts: ReadonlyArray<{ count: number }>;
}

/**
 * Which of a scheme's grades a summary shows: every performance grade (A–D, even at zero, so years
 * compare), and the special ones (評価不能, 未着手 …) only when some KPI has them this year or last.
 * @example shownGrades({ grades: [{ kind: 'performance' }, { kind: 'no-data' }], total: { counts: [{ count: 3 }, { count: 0 }] }, previousTotal: { counts: [{ count: 2 }, { count: 0 }] } }) // [0]
 */
export function shownGrades(set: {
  grades: ReadonlyArray<{ kind: string }>;
  total: GradeCounts;
  previousTotal: GradeCounts;
}): number[] {
  return set.grades.flatMap((grade, index) =>
    grade.kind === 'performance' ||
    (set.total.counts[index]?.count ?? 0) > 0 ||
    (set.previousTotal.counts[index]?.count ?? 0) > 0
      ? [index]
      : [],
  );
}
