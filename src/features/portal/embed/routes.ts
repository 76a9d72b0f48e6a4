/**
 * @module Embed routes
 * A published KPI's chart for other sites: as an image (`/public/{code}/{年度}/kpis/{id}/chart.svg`,
 * image/svg+xml, usable in <img> and as og:image) and as a small page to put in an <iframe>
 * (`/public/{code}/embed/{年度}/kpis/{id}`: the chart, its numbers as a table, the source and a link
 * to the KPI's page). The embed pages are the only responses another site may frame: the security
 * headers (src/http/edges.ts) open `frame-ancestors` for their path and nothing else. Both read the
 * published snapshot only; an unpublished year or unknown KPI is the portal's 404.
 */
import type { Hono } from 'hono';
import { formatFiscalYear } from '../../../domain/calendar/index.ts';
import type { ReportEvaluatedKpi, ReportKpiSet } from '../../../report/inputs.ts';
import { kpiIdOf, type PublishedSnapshot } from '../../publication/snapshot.ts';
import { kpiChartSvg, kpiChartTable } from '../chart/kpi-chart-svg.ts';
import type { PortalEnv } from '../context.ts';
import { attributionFor, openDataSettingsFromEnv } from '../open-data/settings.ts';
import { html, PORTAL_CSS_PATH, raw } from '../pages/layout.ts';
import { notFoundPage } from '../pages/routes.ts';

/** The path prefix of the frameable pages, after /public/{code}. */
export const EMBED_SEGMENT = 'embed';

const FISCAL_YEAR = /^\d{4}$/u;
const KPI_ID = /^[1-9]\d{0,9}$/u;

/** The KPI an address names in a published snapshot, or null. */
export function publishedKpi(
  snapshot: PublishedSnapshot,
  kpiId: number,
): { entry: ReportEvaluatedKpi; set: ReportKpiSet } | null {
  for (const set of snapshot.inputs.kpiSets) {
    const entry = set.kpis.find((k) => kpiIdOf(k.kpi) === kpiId);
    if (entry) return { entry, set };
  }
  return null;
}

const chartTitle = (name: string) => `${name}の推移`;

function embedPage(
  snapshot: PublishedSnapshot,
  found: { entry: ReportEvaluatedKpi; set: ReportKpiSet },
  kpiPageUrl: string,
): string {
  const { kpi, evaluation } = found.entry;
  const { municipality, fiscalYear } = snapshot;
  const settings = openDataSettingsFromEnv();
  const title = chartTitle(kpi.name);
  const chartInput = { kpi, fiscalYear, title, id: 'embed-chart' };
  const rate = evaluation.rate === null ? '' : `・達成率 ${evaluation.rate}%`;
  const body = html`<main class="embed" style="max-width:40rem;margin:0 auto;padding:0.5rem">
<h1 style="font-size:1.1rem;margin:0 0 0.5rem">${kpi.name}<span style="font-weight:normal">（${found.set.set.name}・${formatFiscalYear(fiscalYear)}）</span></h1>
<p style="margin:0 0 0.5rem">評価: ${evaluation.symbol} ${evaluation.label}${rate}</p>
<figure style="margin:0">${raw(kpiChartSvg(chartInput))}</figure>
${kpi.illustrative ? html`<p style="font-size:0.9rem">この指標の数値は説明用に作った架空の値（架空のデモ値）で、実在の統計ではありません。</p>` : ''}
${raw(kpiChartTable(chartInput))}
<p style="font-size:0.9rem">出典: ${attributionFor(settings, municipality.name)}（${settings.license.title}）・<a href="${kpiPageUrl}" target="_blank" rel="noopener">${municipality.name}の公開ページでこの指標の詳細を見る（新しいウィンドウ）</a></p>
</main>`;
  return `<!doctype html>${html`<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}｜${municipality.name}</title><link rel="stylesheet" href="${PORTAL_CSS_PATH}"><link rel="canonical" href="${kpiPageUrl}"></head><body style="margin:0">${body}</body></html>`}`;
}

export function registerEmbedRoutes(portal: Hono<PortalEnv>): void {
  /** The published year and KPI the address names, or null (404). */
  const lookup = async (portalReader: PortalEnv['Variables']['portal'], year: string, id: string) => {
    if (!FISCAL_YEAR.test(year) || !KPI_ID.test(id)) return null;
    const published = await portalReader.year(Number(year));
    if (!published) return null;
    const found = publishedKpi(published.snapshot, Number(id));
    return found ? { snapshot: published.snapshot, found } : null;
  };

  portal.get('/:code/:fiscalYear/kpis/:kpiId/chart.svg', async (c) => {
    const hit = await lookup(c.var.portal, c.req.param('fiscalYear'), c.req.param('kpiId'));
    if (!hit) return notFoundPage(c);
    const { kpi } = hit.found.entry;
    c.header('content-type', 'image/svg+xml; charset=utf-8');
    return c.body(
      kpiChartSvg({
        kpi,
        fiscalYear: hit.snapshot.fiscalYear,
        title: chartTitle(kpi.name),
        standalone: true,
      }),
    );
  });

  portal.get(`/:code/${EMBED_SEGMENT}/:fiscalYear/kpis/:kpiId`, async (c) => {
    const hit = await lookup(c.var.portal, c.req.param('fiscalYear'), c.req.param('kpiId'));
    if (!hit) return notFoundPage(c);
    const { localGovCode } = c.var.portal.municipality;
    const kpiPage = new URL(
      `/public/${localGovCode}/${hit.snapshot.fiscalYear}/kpis/${kpiIdOf(hit.found.entry.kpi)}`,
      c.var.portal.origin,
    ).toString();
    return c.html(embedPage(hit.snapshot, hit.found, kpiPage));
  });
}
