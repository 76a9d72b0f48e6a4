/**
 * @module KPI chart as SVG
 * The chart of a KPI set's achievement (指標の達成状況): one horizontal 100 % stacked bar per 基本目標
 * and one for the total, a segment per grade. Colour is never the only cue: every grade also has
 * its own hatching, segments wide enough carry the grade's symbol and count, the legend names
 * symbol and label, and the table printed beside the chart holds every number.
 * Plain SVG markup without external references, so it can be inlined in a self-contained file.
 */
import type { GradeCountsRow, GradeKey, KpiSetSummary } from '../../report/model.ts';
import { escapeHtml } from './escape.ts';
import { formatValue, gradeText, shareText } from './values.ts';

export interface ChartOptions {
  /** Unique within the document: prefixes the ids of the chart's elements. */
  id: string;
  /** Width in user units (CSS px); the SVG scales to its container. */
  width?: number;
}

const defaults = { width: 1000 } satisfies Omit<Required<ChartOptions>, 'id'>;

const LABEL_WIDTH = 132;
const COUNT_WIDTH = 74;
const BAR_HEIGHT = 24;
const PITCH = 34;
const FONT = 13;
const AXIS_HEIGHT = 24;
const LEGEND_HEIGHT = 30;

/**
 * Hatching per grade position, drawn in white over the colour; the first grade stays solid. Drawn
 * as explicit lines clipped to the segment rather than as an SVG <pattern>: Chromium's PDF output
 * turns patterns into large, slow images.
 */
type Hatch = (x: number, y: number, w: number, h: number) => string;
const STEP = 7;
const diagonal =
  (rising: boolean): Hatch =>
  (x, y, w, h) => {
    const d: string[] = [];
    for (let k = -h; k < w; k += STEP) {
      const x0 = x + k;
      d.push(rising ? `M${round(x0)} ${y + h}l${h} ${-h}` : `M${round(x0)} ${y}l${h} ${h}`);
    }
    return d.join('');
  };
const HATCHES: Array<Hatch | null> = [
  null,
  diagonal(true),
  (x, y, w, h) => {
    const d: string[] = [];
    for (let cy = y + STEP / 2; cy < y + h; cy += STEP)
      for (let cx = x + STEP / 2; cx < x + w; cx += STEP) d.push(`M${round(cx - 1)} ${round(cy)}h2`);
    return d.join('');
  },
  diagonal(false),
  (x, y, w, h) => {
    const d: string[] = [];
    for (let cy = y + STEP / 2; cy < y + h; cy += STEP) d.push(`M${round(x)} ${round(cy)}h${round(w)}`);
    return d.join('');
  },
  (x, y, w, h) => diagonal(true)(x, y, w, h) + diagonal(false)(x, y, w, h),
  (x, y, w, h) => {
    const d: string[] = [];
    for (let cx = x + STEP / 2; cx < x + w; cx += STEP) d.push(`M${round(cx)} ${round(y)}v${h}`);
    return d.join('');
  },
];

/** A rectangle in a grade's colour with the grade's hatching, clipped to it. */
function hatchedRect(
  clipId: string,
  gradeIndex: number,
  color: string,
  x: number,
  y: number,
  w: number,
  h: number,
) {
  const hatch = HATCHES[gradeIndex % HATCHES.length] ?? null;
  const rect = `<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" fill="${color}" stroke="#ffffff" stroke-width="1" />`;
  if (!hatch) return rect;
  return `${rect}<clipPath id="${clipId}"><rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" /></clipPath><path clip-path="url(#${clipId})" d="${hatch(x, y, w, h)}" stroke="#ffffff" stroke-opacity="0.55" stroke-width="${gradeIndex % HATCHES.length === 2 ? 2 : 1.2}" fill="none" />`;
}

/**
 * The chart's height in user units for a set with `rows` bars plus the total.
 * @example chartHeight(5) // 6 bars, axis and legend
 */
export function chartHeight(rows: number): number {
  return 8 + rows * PITCH + 10 + PITCH + AXIS_HEIGHT + LEGEND_HEIGHT;
}

/**
 * The stacked bar chart of a KPI set as an `<svg>` element.
 * @example renderKpiChart(model.kpiSection.sets[0], { id: 'kpi-1' }) // '<svg …>…</svg>'
 */
export function renderKpiChart(summary: KpiSetSummary, options: ChartOptions): string {
  const { width, id } = { ...defaults, ...options };
  const height = chartHeight(summary.rows.length);
  const plotLeft = LABEL_WIDTH;
  const plotWidth = width - LABEL_WIDTH - COUNT_WIDTH;
  const out: string[] = [];
  let clips = 0;
  const clipId = () => `${id}-clip-${++clips}`;

  const describe = [summary.total, ...summary.rows]
    .map((row) => `${row.label}: ${countsText(summary.grades, row)}`)
    .join('。');
  out.push(
    `<svg class="kpi-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" font-size="${FONT}">`,
    `<title id="${id}-title">${escapeHtml(`${summary.name}の指標（KPI）の評価別の割合。${describe}`)}</title>`,
  );

  // Grid and axis: 0 %, 25 %, … 100 %.
  const plotTop = 4;
  const plotBottom = 8 + summary.rows.length * PITCH + 10 + PITCH;
  for (const tick of [0, 25, 50, 75, 100]) {
    const x = plotLeft + (plotWidth * tick) / 100;
    out.push(
      `<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}" stroke="#c9ced6" stroke-width="1"${tick === 0 || tick === 100 ? '' : ' stroke-dasharray="3 3"'} />`,
      `<text x="${x}" y="${plotBottom + 17}" text-anchor="middle" fill="#4d5562">${tick}%</text>`,
    );
  }

  const bar = (row: GradeCountsRow, y: number, total: boolean) => {
    const weight = total ? ' font-weight="bold"' : '';
    out.push(
      `<text x="${plotLeft - 10}" y="${y + BAR_HEIGHT / 2 + FONT / 2 - 2}" text-anchor="end" fill="#1a1a1c"${weight}>${escapeHtml(row.label)}</text>`,
    );
    if (row.total === 0) {
      out.push(
        `<rect x="${plotLeft}" y="${y}" width="${plotWidth}" height="${BAR_HEIGHT}" fill="#f2f4f7" stroke="#c9ced6" stroke-dasharray="4 3" />`,
        `<text x="${plotLeft + plotWidth / 2}" y="${y + BAR_HEIGHT / 2 + FONT / 2 - 2}" text-anchor="middle" fill="#4d5562">指標なし</text>`,
      );
    }
    let x = plotLeft;
    summary.grades.forEach((grade, i) => {
      const count = row.counts[i] ?? 0;
      if (count === 0 || row.total === 0) return;
      const w = (plotWidth * count) / row.total;
      const label = w >= 46 ? `${grade.symbol} ${count}` : w >= 18 ? String(count) : '';
      out.push(
        `<g><title>${escapeHtml(`${row.label} ${gradeText(grade)}: ${count}件（${shareText(row.shares[i] ?? 0)}）`)}</title>`,
        hatchedRect(clipId(), i, grade.color, x, y, w, BAR_HEIGHT),
      );
      if (label) {
        const ink = textColorOn(grade.color);
        // A solid pill under the label keeps it legible over the hatching.
        const pill = Math.min(w - 4, textWidth(label) + 8);
        out.push(
          `<rect x="${round(x + (w - pill) / 2)}" y="${y + 4}" width="${round(pill)}" height="${BAR_HEIGHT - 8}" rx="3" fill="${grade.color}" />`,
          `<text x="${round(x + w / 2)}" y="${y + BAR_HEIGHT / 2 + FONT / 2 - 2}" text-anchor="middle" fill="${ink}" font-weight="bold">${escapeHtml(label)}</text>`,
        );
      }
      out.push('</g>');
      x += w;
    });
    out.push(
      `<text x="${plotLeft + plotWidth + 10}" y="${y + BAR_HEIGHT / 2 + FONT / 2 - 2}" fill="#1a1a1c"${weight}>計 ${formatValue(row.total)}件</text>`,
    );
  };
  summary.rows.forEach((row, i) => {
    bar(row, 8 + i * PITCH, false);
  });
  const totalY = 8 + summary.rows.length * PITCH + 10;
  out.push(
    `<line x1="${plotLeft - LABEL_WIDTH + 8}" y1="${totalY - 5}" x2="${width - 4}" y2="${totalY - 5}" stroke="#4d5562" stroke-width="1" />`,
  );
  bar(summary.total, totalY, true);

  // Legend: swatch (colour and hatching) with symbol and label.
  const legendY = plotBottom + AXIS_HEIGHT + 6;
  let lx = plotLeft;
  summary.grades.forEach((grade, i) => {
    const text = gradeText(grade);
    out.push(
      hatchedRect(clipId(), i, grade.color, lx, legendY, 22, 16),
      `<rect x="${lx}" y="${legendY}" width="22" height="16" fill="none" stroke="#4d5562" stroke-width="0.5" />`,
      `<text x="${lx + 28}" y="${legendY + 13}" fill="#1a1a1c">${escapeHtml(text)}</text>`,
    );
    lx += 28 + textWidth(text) + 22;
  });
  out.push('</svg>');
  return out.join('');
}

function countsText(grades: GradeKey[], row: GradeCountsRow): string {
  if (row.total === 0) return '指標なし';
  return grades
    .map((g, i) => `${gradeText(g)} ${row.counts[i] ?? 0}件`)
    .concat(`計 ${row.total}件`)
    .join('、');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Approximate width of a label in user units: full-width characters are one em, others half. */
function textWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) < 0x2000 ? 0.6 : 1;
  return em * FONT;
}

/** White or near-black, whichever contrasts more with the background colour (WCAG luminance). */
export function textColorOn(hex: string): string {
  const l = luminance(hex);
  const white = 1.05 / (l + 0.05);
  const black = (l + 0.05) / 0.05;
  return white >= black ? '#ffffff' : '#1a1a1c';
}

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0;
  const n = Number.parseInt(m[1] as string, 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}
