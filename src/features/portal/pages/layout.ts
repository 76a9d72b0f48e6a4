/**
 * @module Portal page frame
 * The one HTML frame of every public page (and the embeds' host pages): `lang="ja"`, a skip link,
 * the landmarks header / nav (breadcrumbs) / main / footer, one stylesheet, Open Graph tags, and no
 * script at all (the pages work with JavaScript off; the CSP allows none inline anyway).
 *
 * Everything from a snapshot is text a city employee typed, so it may hold `<script>` or quotes:
 * build markup with the {@link html} template, which escapes every interpolated value unless it is
 * already markup ({@link raw}, or another `html` result).
 */
import { escapeHtml as escapeText } from '../../../formats/report-html/escape.ts';

/** Markup that is already safe: inserted by {@link html} as it is. */
export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks a string as finished markup (never pass snapshot text here unescaped). */
export const raw = (markup: string): RawHtml => new RawHtml(markup);

/**
 * Text made safe for HTML content and attribute values (also SVG text).
 * @example escapeHtml('<A&"B">') // '&lt;A&amp;&quot;B&quot;&gt;'
 */
export const escapeHtml = (text: string): string => escapeText(text);

/** What {@link html} accepts between `${…}`: text is escaped, markup kept, lists joined, nothing dropped. */
export type HtmlValue = RawHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof RawHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: every interpolation is escaped unless it is {@link RawHtml}.
 * @example String(html`<p>${'<b>'}</p>`) // '<p>&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): RawHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new RawHtml(out);
}

/** Where the stylesheet is served (src/features/portal/pages/assets.ts). */
export const PORTAL_CSS_PATH = '/public/assets/portal.css';

/** The site name in every page's header and title. */
export const siteName = (municipalityName: string) => `${municipalityName} 計画の進捗`;

export interface PageInput {
  /** The page's own title (also its og:title); the site name is appended in <title>. */
  title: string;
  municipality: { localGovCode: string; name: string };
  /** From the portal's top to this page; the last one is the current page (no href needed). */
  breadcrumbs?: Array<{ label: string; href?: string }>;
  /** The content of <main>: already-escaped HTML (an `html` result or a string). */
  body: string | RawHtml;
  /** og:description and <meta name="description">. */
  description?: string;
  /** Absolute URL of an image for shared links (a KPI chart SVG). */
  ogImage?: string;
  /** Absolute URL of this page (og:url, rel=canonical). */
  canonical?: string;
  /** Extra markup placed in <head> (e.g. a robots meta). */
  head?: string | RawHtml;
}

/**
 * A complete public page.
 * @example renderPage({ title: '令和5年度の進捗', municipality: { localGovCode: '352136', name: '美祢市' }, body: html`<h1>…</h1>` })
 */
export function renderPage(page: PageInput): string {
  const { municipality } = page;
  // Without a municipality (the 404 page) the frame names none and links nowhere.
  const top = municipality.localGovCode ? `/public/${municipality.localGovCode}/` : null;
  const site = top ? siteName(municipality.name) : '計画の進捗（公開ページ）';
  const crumbs = page.breadcrumbs ?? [];
  const description = page.description ?? (top ? `${municipality.name}の総合計画の進捗状況（公開版）` : site);
  const og = [
    html`<meta property="og:type" content="website">`,
    html`<meta property="og:site_name" content="${site}">`,
    html`<meta property="og:title" content="${page.title}">`,
    html`<meta property="og:description" content="${description}">`,
    page.canonical
      ? html`<meta property="og:url" content="${page.canonical}"><link rel="canonical" href="${page.canonical}">`
      : '',
    page.ogImage ? html`<meta property="og:image" content="${page.ogImage}">` : '',
    html`<meta name="twitter:card" content="${page.ogImage ? 'summary_large_image' : 'summary'}">`,
  ];
  const header = top
    ? html`<p class="site-name"><a href="${top}">${site}</a></p>`
    : html`<p class="site-name">${site}</p>`;
  const footer = top
    ? html`<ul><li><a href="${top}">${municipality.name}の公開トップ</a></li><li><a href="${top}data/">オープンデータ</a></li><li><a href="${top}accessibility">ウェブアクセシビリティ方針</a></li></ul><p>このサイトの内容は${municipality.name}が公開した確定版の計画進捗です。お問い合わせは${municipality.name}の総合計画担当課へ。</p>`
    : html`<p>公開されている計画の進捗のページです。</p>`;
  const breadcrumbNav =
    crumbs.length > 0
      ? html`<nav class="crumbs" aria-label="現在位置"><ol>${crumbs.map((c, i) =>
          c.href && i < crumbs.length - 1
            ? html`<li><a href="${c.href}">${c.label}</a></li>`
            : html`<li><span aria-current="page">${c.label}</span></li>`,
        )}</ol></nav>`
      : '';
  return `<!doctype html>${html`<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${page.title}｜${site}</title><meta name="description" content="${description}">${og}<link rel="stylesheet" href="${PORTAL_CSS_PATH}">${page.head === undefined ? '' : raw(String(page.head))}</head><body><a class="skip" href="#main">本文へ移動</a><header class="site">${header}</header>${breadcrumbNav}<main id="main" tabindex="-1">${raw(String(page.body))}</main><footer class="site">${footer}</footer></body></html>`}`;
}
