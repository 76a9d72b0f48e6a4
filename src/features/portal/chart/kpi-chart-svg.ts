/**
 * @module KPI chart (public portal and embeds)
 * One KPI over the years: baseline → actuals → target, as a small accessible SVG, and the same
 * numbers as an HTML table (the chart is never the only carrier of a value). Each kind of point
 * has its own shape and a text label — 基準値 a square, 実績 a filled circle, 見込 a hollow circle
 * with the word 見込, 目標 a diamond with the word 目標 — so nothing depends on colour. No script, no
 * external reference: it can be inlined in a page or served alone as image/svg+xml (og:image).
 */
import { formatFiscalYear } from '../../../domain/calendar/index.ts';
import { ACTUAL_STATUS_LABELS, COMPARATOR_LABELS } from '../../../domain/kpi/labels.ts';
import { formatValue } from '../../../formats/report-html/values.ts';
import type { ReportKpi } from '../../../report/inputs.ts';
import { kpiIdOf } from '../../publication/snapshot.ts';
import { escapeHtml as e } from '../pages/layout.ts';

export interface KpiChartInput {
  kpi: ReportKpi;
  /** The published year: actuals after it are not shown. */
  fiscalYear: number;
  /** The chart's accessible name, e.g. 「観光客数の推移」. */
  title: string;
  /** Served alone (image/svg+xml): XML prolog, xmlns, fixed size and a white background. */
  standalone?: boolean;
  /** Prefix of the chart's element ids, unique within the page (default from the KPI id). */
  id?: string;
}

/** One value of the chart and its table. */
export interface KpiChartPoint {
  fiscalYear: number;
  value: number;
  kind: 'baseline' | 'final' | 'provisional' | 'target';
}

const KIND_LABELS: Record<KpiChartPoint['kind'], string> = {
  baseline: '基準値',
  final: `実績（${ACTUAL_STATUS_LABELS.final}）`,
  provisional: `実績（${ACTUAL_STATUS_LABELS.provisional}）`,
  target: '目標値',
};

/** The KPI's values in year order: baseline, the actuals up to the year (the last entry of a year wins), target. */
export function kpiChartPoints(kpi: ReportKpi, fiscalYear: number): KpiChartPoint[] {
  const actuals = new Map<number, KpiChartPoint>();
  for (const a of kpi.actuals) {
    if (a.fiscalYear > fiscalYear || !Number.isFinite(a.value)) continue;
    actuals.set(a.fiscalYear, {
      fiscalYear: a.fiscalYear,
      value: a.value,
      kind: a.status === 'provisional' ? 'provisional' : 'final',
    });
  }
  const points: KpiChartPoint[] = [];
  if (kpi.baseline && Number.isFinite(kpi.baseline.value)) {
    points.push({ fiscalYear: kpi.baseline.fiscalYear, value: kpi.baseline.value, kind: 'baseline' });
  }
  points.push(...[...actuals.values()].sort((a, b) => a.fiscalYear - b.fiscalYear));
  if (kpi.target && Number.isFinite(kpi.target.value)) {
    points.push({ fiscalYear: kpi.target.fiscalYear, value: kpi.target.value, kind: 'target' });
  }
  const order = { baseline: 0, final: 1, provisional: 1, target: 2 };
  return points.sort((a, b) => a.fiscalYear - b.fiscalYear || order[a.kind] - order[b.kind]);
}

/** The value as printed with its unit (and the target's comparator). */
function valueText(kpi: ReportKpi, point: KpiChartPoint): string {
  const comparator = point.kind === 'target' && kpi.target ? COMPARATOR_LABELS[kpi.target.comparator] : '';
  return `${formatValue(point.value)}${kpi.unit}${comparator}`;
}

/** A round step for about `count` grid lines over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

// Narrow enough that the text stays legible when a phone scales the chart down to 343 px.
const W = 420;
const H = 320;
const LEFT = 74;
const RIGHT = 16;
const TOP = 30;
const BOTTOM = 86;
const INK = '#1f2328';
const LINE = '#0b5cad';
const TARGET = '#8a4500';
const GRID = '#d0d7de';

/** A sentence naming every value: the chart's description for screen readers. */
export function kpiChartSummary(kpi: ReportKpi, fiscalYear: number): string {
  const points = kpiChartPoints(kpi, fiscalYear);
  if (points.length === 0) return `${kpi.name}：値がありません。`;
  const parts = points.map(
    (p) => `${KIND_LABELS[p.kind]} ${formatFiscalYear(p.fiscalYear)} ${valueText(kpi, p)}`,
  );
  return `${kpi.name}：${parts.join('、')}。`;
}

/**
 * The chart as SVG markup.
 * @example kpiChartSvg({ kpi, fiscalYear: 2023, title: '観光客数の推移' }) // '<svg role="img" …>'
 */
export function kpiChartSvg(input: KpiChartInput): string {
  const { kpi, fiscalYear, title, standalone = false } = input;
  const id = (input.id ?? `kpi-chart-${kpiIdOf(kpi)}`).replace(/[^A-Za-z0-9_-]/g, '-');
  const points = kpiChartPoints(kpi, fiscalYear);
  const open = standalone
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif">`
    : `<svg class="kpi-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="sans-serif">`;
  const head = `<title id="${id}-title">${e(title)}</title><desc id="${id}-desc">${e(kpiChartSummary(kpi, fiscalYear))}</desc>${standalone ? `<rect width="${W}" height="${H}" fill="#fff"/>` : ''}`;
  if (points.length === 0) {
    return `${open}${head}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="16" fill="${INK}">値がありません</text></svg>`;
  }

  const years = points.map((p) => p.fiscalYear);
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years, Math.min(fiscalYear, Math.max(...years)));
  const values = points.map((p) => p.value);
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  if (high === low) high = low + 1;
  const step = niceStep(high - low, 4);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (year: number) =>
    r1(
      lastYear === firstYear
        ? LEFT + plotW / 2
        : LEFT + ((year - firstYear) / (lastYear - firstYear)) * plotW,
    );
  const y = (value: number) => r1(TOP + plotH - ((value - low) / (high - low)) * plotH);

  const out: string[] = [open, head];
  // Grid and value axis.
  for (let v = low; v <= high + step / 2; v += step) {
    const yy = y(v);
    out.push(
      `<line x1="${LEFT}" y1="${yy}" x2="${W - RIGHT}" y2="${yy}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${r1(yy + 4)}" text-anchor="end" font-size="13" fill="${INK}">${e(formatValue(r1(v * 1000) / 1000))}</text>`,
    );
  }
  out.push(
    `<text x="${LEFT - 6}" y="${TOP - 12}" text-anchor="end" font-size="13" fill="${INK}">（${e(kpi.unit || '値')}）</text>`,
  );
  // Year axis: every year from the first value to the last.
  const span = lastYear - firstYear;
  const every = span > 8 ? Math.ceil(span / 8) : 1;
  for (let year = firstYear; year <= lastYear; year += every) {
    out.push(
      `<text x="${x(year)}" y="${TOP + plotH + 18}" text-anchor="middle" font-size="13" fill="${INK}">${e(formatFiscalYear(year, { style: 'short' }))}</text>`,
    );
  }
  // The path of the measured values (baseline and actuals), then a dashed line on to the target.
  const measured = points.filter((p) => p.kind !== 'target');
  if (measured.length > 1) {
    out.push(
      `<polyline points="${measured.map((p) => `${x(p.fiscalYear)},${y(p.value)}`).join(' ')}" fill="none" stroke="${LINE}" stroke-width="2.5"/>`,
    );
  }
  const target = points.find((p) => p.kind === 'target');
  const lastMeasured = measured[measured.length - 1];
  if (target && lastMeasured) {
    out.push(
      `<line x1="${x(lastMeasured.fiscalYear)}" y1="${y(lastMeasured.value)}" x2="${x(target.fiscalYear)}" y2="${y(target.value)}" stroke="${TARGET}" stroke-width="2" stroke-dasharray="6 5"/>`,
    );
  }
  // Markers, each with its own shape; words for 見込 and 目標, values at the baseline, latest and target.
  const labelled = new Set<KpiChartPoint>([points[0], lastMeasured, target].filter((p) => p !== undefined));
  for (const p of points) {
    const px = x(p.fiscalYear);
    const py = y(p.value);
    if (p.kind === 'baseline') {
      out.push(`<rect x="${r1(px - 5)}" y="${r1(py - 5)}" width="10" height="10" fill="${INK}"/>`);
    } else if (p.kind === 'final') {
      out.push(`<circle cx="${px}" cy="${py}" r="5.5" fill="${LINE}"/>`);
    } else if (p.kind === 'provisional') {
      out.push(
        `<circle cx="${px}" cy="${py}" r="5.5" fill="#fff" stroke="${LINE}" stroke-width="2.5"/>`,
        `<text x="${px}" y="${r1(py + 20)}" text-anchor="middle" font-size="13" fill="${INK}">見込</text>`,
      );
    } else {
      out.push(
        `<path d="M${px} ${r1(py - 7)}l7 7l-7 7l-7 -7z" fill="#fff" stroke="${TARGET}" stroke-width="2.5"/>`,
      );
    }
    if (labelled.has(p)) {
      const prefix = p.kind === 'target' ? '目標 ' : p.kind === 'baseline' ? '基準 ' : '';
      const anchor = px > W - RIGHT - 90 ? 'end' : px < LEFT + 90 ? 'start' : 'middle';
      out.push(
        `<text x="${px}" y="${r1(Math.max(py - 12, 12))}" text-anchor="${anchor}" font-size="13" fill="${INK}">${e(prefix + valueText(kpi, p))}</text>`,
      );
    }
  }
  // Legend: shape and word for every kind of point, in two rows (見込 only when the chart has one).
  const l1 = H - 36;
  const l2 = H - 12;
  out.push(
    `<g font-size="13" fill="${INK}">`,
    `<rect x="${LEFT}" y="${l1 - 10}" width="10" height="10" fill="${INK}"/><text x="${LEFT + 16}" y="${l1}">基準値</text>`,
    `<circle cx="${LEFT + 150}" cy="${l1 - 5}" r="5.5" fill="${LINE}"/><text x="${LEFT + 160}" y="${l1}">実績（確定）</text>`,
    `<path d="M${LEFT + 5} ${l2 - 12}l7 7l-7 7l-7 -7z" fill="#fff" stroke="${TARGET}" stroke-width="2.5"/><text x="${LEFT + 16}" y="${l2}">目標値</text>`,
    ...(points.some((p) => p.kind === 'provisional')
      ? [
          `<circle cx="${LEFT + 150}" cy="${l2 - 5}" r="5.5" fill="#fff" stroke="${LINE}" stroke-width="2.5"/><text x="${LEFT + 160}" y="${l2}">実績（見込）</text>`,
        ]
      : []),
    '</g></svg>',
  );
  return out.join('');
}

/**
 * The chart's data as an HTML table: year, kind (見込 in words) and value.
 * @example kpiChartTable({ kpi, fiscalYear: 2023, title: '観光客数の推移' }) // '<table class="data">…'
 */
export function kpiChartTable(input: Omit<KpiChartInput, 'standalone'>): string {
  const { kpi, fiscalYear, title } = input;
  const rows = kpiChartPoints(kpi, fiscalYear)
    .map(
      (p) =>
        `<tr><th scope="row">${e(formatFiscalYear(p.fiscalYear))}</th><td>${e(KIND_LABELS[p.kind])}</td><td class="num">${e(valueText(kpi, p))}</td></tr>`,
    )
    .join('');
  const caption = e(`${title}（グラフの数値）`);
  // A focusable region: at 200% zoom the table may scroll sideways inside it (keyboard scrolling).
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table class="data"><caption>${caption}</caption><thead><tr><th scope="col">年度</th><th scope="col">区分</th><th scope="col">値</th></tr></thead><tbody>${rows || '<tr><td colspan="3">値がありません</td></tr>'}</tbody></table></div>`;
}
