/**
 * @module Open data routes
 * The published years as files at stable addresses, for anyone to download or fetch from a script:
 * `/public/{code}/data/{年度}/kpis.csv` (and `-bom.csv`, `.json`, `.schema.json`, `.tableschema.json`),
 * the same for `policies`, the year's `schema.json`, the index of every year
 * (`/public/{code}/data/datapackage.json`, a Frictionless Data Package) and a page listing them
 * (`/public/{code}/data/`). Everything comes from the published snapshots through `c.var.portal`;
 * an unpublished year, an unknown city or file is the portal's 404.
 */
import type { Context, Hono } from 'hono';
import type { PortalEnv, PortalReader } from '../context.ts';
import { html, renderPage } from '../pages/layout.ts';
import { notFoundPage } from '../pages/routes.ts';
import {
  fileNameOf,
  type IndexedYear,
  indexYears,
  JSON_TYPE,
  OPEN_DATA_DATASETS,
  OPEN_DATA_FORMATS,
  type OpenDataInput,
  openDataFile,
  openDataPackage,
  openDataPath,
  openDataSchemaFile,
  SCHEMA_FILE,
} from './build.ts';
import { attributionFor, licenseNotice, type OpenDataSettings, openDataSettingsFromEnv } from './settings.ts';

/** A fiscal year as an address names it: four digits, nothing else. */
const FISCAL_YEAR = /^\d{4}$/u;

/** The published year an address names, as open data input; null: not published (404). */
export async function openDataInputOf(
  portal: PortalReader,
  fiscalYearText: string,
  settings: OpenDataSettings,
): Promise<OpenDataInput | null> {
  if (!FISCAL_YEAR.test(fiscalYearText)) return null;
  const year = await portal.year(Number(fiscalYearText));
  if (!year) return null;
  return { snapshot: year.snapshot, publishedAt: year.publishedAt, revision: year.revision, settings };
}

/** Headers of every data file: anyone may fetch it from a script, and the licence is linked. */
function dataHeaders(c: Context, contentType: string, settings: OpenDataSettings): void {
  c.header('content-type', contentType);
  c.header('access-control-allow-origin', '*');
  if (settings.license.url) c.header('link', `<${settings.license.url}>; rel="license"`);
}

const originOf = (c: Context<PortalEnv>) => c.var.portal.origin;

async function allYears(portal: PortalReader, settings: OpenDataSettings): Promise<OpenDataInput[]> {
  const inputs: OpenDataInput[] = [];
  for (const fiscalYear of await portal.years()) {
    const input = await openDataInputOf(portal, String(fiscalYear), settings);
    if (input) inputs.push(input);
  }
  return inputs;
}

const FORMAT_LABELS = {
  csv: 'CSV（UTF-8）',
  'csv-bom': 'CSV（UTF-8 BOM 付き・Excel 向け）',
  json: 'JSON',
} as const;

const sizeLabel = (bytes: number) =>
  bytes < 1024
    ? `${bytes} バイト`
    : `${(bytes / 1024).toLocaleString('ja-JP', { maximumFractionDigits: 1 })} KB`;

function indexPage(
  municipality: { localGovCode: string; name: string },
  settings: OpenDataSettings,
  years: IndexedYear[],
): string {
  const base = openDataPath(municipality.localGovCode);
  const { license } = settings;
  const body = html`<h1>オープンデータ</h1>
<p>${municipality.name}が公開した総合計画の進捗を、公開した年度ごとに CSV と JSON で提供しています。各行に全国地方公共団体コード（${municipality.localGovCode}）と地方公共団体名が入り、日付は ISO 8601（例: 2026-12-06）と和暦を並べています。</p>
<h2>利用条件（ライセンス）</h2>
<p>${licenseNotice(settings, municipality.name)}${license.url ? html` <a href="${license.url}" rel="license">${license.title}の内容</a>` : ''}</p>
<p>出典の表示例: 「${attributionFor(settings, municipality.name)}」</p>
<h2>機械判読用の一覧</h2>
<p><a href="${base}datapackage.json">datapackage.json</a>（Frictionless Data Package 形式。全年度のファイルの URL・形式・文字コード・スキーマ）</p>
${years.map(
  (year) => html`<section aria-labelledby="y${year.fiscalYear}">
<h2 id="y${year.fiscalYear}">${year.fiscalYearLabel}（${year.fiscalYear}年度）</h2>
<p>第${year.revision}版・公開日 <time datetime="${year.publishedOn}">${year.publishedOnLabel}</time>。列の説明・単位・コードは <a href="${year.schemaUrl.replace(/^https?:\/\/[^/]+/u, '')}">schema.json</a>。</p>
<div class="table-wrap"><table class="data">
<caption>${year.fiscalYearLabel}のファイル</caption>
<thead><tr><th scope="col">データ</th><th scope="col">ファイル</th><th scope="col">形式</th><th scope="col">サイズ</th></tr></thead>
<tbody>${year.files.map(
    (file) =>
      html`<tr><td>${file.title}</td><td><a href="${base}${year.fiscalYear}/${file.fileName}">${file.fileName}</a></td><td>${FORMAT_LABELS[file.format]}</td><td class="num">${sizeLabel(file.bytes)}</td></tr>`,
  )}</tbody>
</table></div>
</section>`,
)}`;
  return renderPage({
    title: 'オープンデータ',
    municipality,
    breadcrumbs: [
      { label: `${municipality.name}の公開トップ`, href: `/public/${municipality.localGovCode}/` },
      { label: 'オープンデータ' },
    ],
    description: `${municipality.name}の総合計画の進捗データ（CSV・JSON）`,
    body,
  });
}

export function registerOpenDataRoutes(portal: Hono<PortalEnv>): void {
  for (const dataset of OPEN_DATA_DATASETS) {
    for (const format of OPEN_DATA_FORMATS) {
      portal.get(`/:code/data/:fiscalYear/${fileNameOf(dataset, format)}`, async (c) => {
        const settings = openDataSettingsFromEnv();
        const input = await openDataInputOf(c.var.portal, c.req.param('fiscalYear'), settings);
        if (!input) return notFoundPage(c);
        const file = openDataFile(dataset, format, input);
        dataHeaders(c, file.contentType, settings);
        return c.body(file.text);
      });
    }
  }
  portal.get(`/:code/data/:fiscalYear/${SCHEMA_FILE}`, async (c) => {
    const settings = openDataSettingsFromEnv();
    const input = await openDataInputOf(c.var.portal, c.req.param('fiscalYear'), settings);
    if (!input) return notFoundPage(c);
    dataHeaders(c, JSON_TYPE, settings);
    return c.body(openDataSchemaFile(input));
  });
  // A city that has published nothing has no open data either: 404, not an empty index naming it.
  portal.get('/:code/data/datapackage.json', async (c) => {
    const settings = openDataSettingsFromEnv();
    const { municipality } = c.var.portal;
    const inputs = await allYears(c.var.portal, settings);
    if (inputs.length === 0) return notFoundPage(c);
    const years = indexYears(originOf(c), municipality.localGovCode, inputs);
    dataHeaders(c, JSON_TYPE, settings);
    return c.body(
      `${JSON.stringify(openDataPackage(originOf(c), municipality, settings, years), null, 2)}\n`,
    );
  });
  portal.get('/:code/data', (c) => c.redirect(openDataPath(c.var.portal.municipality.localGovCode), 301));
  portal.get('/:code/data/', async (c) => {
    const settings = openDataSettingsFromEnv();
    const { municipality } = c.var.portal;
    const inputs = await allYears(c.var.portal, settings);
    if (inputs.length === 0) return notFoundPage(c);
    const years = indexYears(originOf(c), municipality.localGovCode, inputs);
    return c.html(indexPage(municipality, settings, years));
  });
}
