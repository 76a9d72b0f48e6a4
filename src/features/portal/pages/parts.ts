/**
 * @module Page parts
 * Pieces several public pages share: addresses, the year switcher, grade badges (symbol and label
 * always in text; the colour is only a border), dates as 和暦 with the ISO value in <time>, and the
 * grade-distribution bar chart of a KPI set.
 */
import { formatFiscalYear, formatWarekiDate, japanDateOf } from '../../../domain/calendar/index.ts';
import { formatValue, gradeText } from '../../../formats/report-html/values.ts';
import type { GradeCountsRow, GradeKey, KpiSetSummary } from '../../../report/model.ts';
import { escapeHtml as e, html, type RawHtml, raw } from './layout.ts';

/** Addresses of the portal's pages (paths; {@link absolute} makes URLs). */
export const paths = {
  top: (code: string) => `/public/${code}/`,
  year: (code: string, year: number) => `/public/${code}/${year}/`,
  policy: (code: string, year: number, key: string) => `/public/${code}/${year}/policies/${key}`,
  kpi: (code: string, year: number, id: number) => `/public/${code}/${year}/kpis/${id}`,
  search: (code: string, year: number) => `/public/${code}/${year}/search`,
  history: (code: string, year: number) => `/public/${code}/${year}/history`,
  chart: (code: string, year: number, id: number) => `/public/${code}/${year}/kpis/${id}/chart.svg`,
  embed: (code: string, year: number, id: number) => `/public/${code}/embed/${year}/kpis/${id}`,
  data: (code: string) => `/public/${code}/data/`,
  accessibility: (code: string) => `/public/${code}/accessibility`,
  results: (code: string) => `/public/${code}/accessibility/results`,
};

/** An absolute URL on the portal's origin (the configured public origin, else the request's). */
export const absolute = (origin: string, path: string) => new URL(path, origin).toString();

/**
 * Links to every published year; the current one is marked (not a link).
 * @param target the address of a year's page (default its overview)
 */
export function yearSwitcher(
  code: string,
  years: number[],
  current: number | null,
  target: (year: number) => string = (year) => paths.year(code, year),
): RawHtml {
  if (years.length === 0) return raw('');
  return html`<nav class="years" aria-label="年度の切り替え"><p class="meta">公開している年度：</p><ul>${years.map(
    (year) =>
      year === current
        ? html`<li><span aria-current="page">${formatFiscalYear(year)}</span></li>`
        : html`<li><a href="${target(year)}">${formatFiscalYear(year)}の進捗</a></li>`,
  )}</ul></nav>`;
}

/** A grade as a badge: 「A 目標達成」 in text, the colour only as the badge's border. */
export function gradeBadge(grade: GradeKey): RawHtml {
  const color = /^#[0-9a-fA-F]{6}$/.test(grade.color) ? grade.color : '#6e7781';
  return html`<span class="grade" style="border-left-color:${color}">${gradeText(grade)}</span>`;
}

/** An ISO date or instant as 和暦 inside <time datetime="…">. */
export function dateTime(iso: string): RawHtml {
  const date = iso.length > 10 ? japanDateOf(new Date(iso)) : iso;
  return html`<time datetime="${date}">${formatWarekiDate(date)}</time>`;
}

const BAR_W = 360;
const BAR_LABEL = 78;
const BAR_H = 20;
const ROW = 50;

/**
 * The grade distribution of a KPI set as horizontal 100 % bars, one per row. Colour fills the
 * segments; the counts are printed as text under each bar (symbol and count), and the table beside
 * it holds every number, so nothing depends on colour.
 */
export function distributionSvg(
  set: KpiSetSummary,
  rows: GradeCountsRow[],
  id: string,
  title: string,
): string {
  const h = rows.length * ROW + 8;
  const plot = BAR_W - BAR_LABEL - 8;
  const out: string[] = [
    `<svg class="dist" viewBox="0 0 ${BAR_W} ${h}" role="img" aria-labelledby="${id}-t" font-family="sans-serif"><title id="${id}-t">${e(title)}</title>`,
  ];
  rows.forEach((row, i) => {
    const y = i * ROW + 4;
    out.push(
      `<text x="0" y="${y + 16}" font-size="12" fill="#1f2328">${e(row.label)}</text>`,
      `<rect x="${BAR_LABEL}" y="${y}" width="${plot}" height="${BAR_H}" fill="#fff" stroke="#8c959f"/>`,
    );
    let x = BAR_LABEL;
    const parts: string[] = [];
    row.counts.forEach((count, g) => {
      const grade = set.grades[g];
      if (!grade || count === 0 || row.total === 0) return;
      const w = Math.round((count / row.total) * plot * 10) / 10;
      const color = /^#[0-9a-fA-F]{6}$/.test(grade.color) ? grade.color : '#6e7781';
      out.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${BAR_H}" fill="${color}" stroke="#fff" stroke-width="1"/>`,
      );
      x = Math.round((x + w) * 10) / 10;
      parts.push(`${grade.symbol} ${formatValue(count)}件`);
    });
    out.push(
      `<text x="${BAR_LABEL}" y="${y + BAR_H + 16}" font-size="11" fill="#1f2328">${e(parts.join(' ') || '指標なし')}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
