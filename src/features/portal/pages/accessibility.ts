/**
 * @module Accessibility pages
 * ウェブアクセシビリティ方針 (scope, target level, date, exceptions) and 試験結果, as みんなの公共サイト
 * 運用ガイドライン asks every public body to publish. The results page is generated from the
 * automated checks of this build: the browser test (e2e/portal.test.ts) writes
 * accessibility-results.json beside this file, and it is read once when the server starts.
 */
import { readFileSync } from 'node:fs';
import { formatWarekiDate } from '../../../domain/calendar/index.ts';
import { html, type RawHtml, renderPage } from './layout.ts';
import { dateTime, paths, yearSwitcher } from './parts.ts';

/** The day the policy was set (shown in 和暦). */
export const POLICY_DATE = '2026-12-06';

/** What the automated checks of a build recorded. */
export interface AccessibilityResults {
  checkedAt: string | null;
  tool: string;
  standard: string;
  tags: string[];
  pages: Array<{
    path: string;
    type: string;
    violations: number;
    passes: number;
    incomplete: number;
    checks: Array<{ id: string; result: 'pass' | 'fail' | 'incomplete'; criteria: string[] }>;
  }>;
}

const EMPTY: AccessibilityResults = { checkedAt: null, tool: '', standard: '', tags: [], pages: [] };

function loadResults(): AccessibilityResults {
  try {
    const parsed = JSON.parse(
      readFileSync(new URL('./accessibility-results.json', import.meta.url), 'utf8'),
    ) as Partial<AccessibilityResults>;
    return {
      checkedAt: typeof parsed.checkedAt === 'string' ? parsed.checkedAt : null,
      tool: String(parsed.tool ?? ''),
      standard: String(parsed.standard ?? ''),
      tags: Array.isArray(parsed.tags) ? parsed.tags.map(String) : [],
      pages: Array.isArray(parsed.pages) ? parsed.pages : [],
    };
  } catch {
    // A build without results (or a broken file) shows that there are none, never an error page.
    return EMPTY;
  }
}

/** Read once at start: the results belong to the build, not to a request. */
export const ACCESSIBILITY_RESULTS = loadResults();

type Municipality = { localGovCode: string; name: string };

const crumbs = (m: Municipality, last: Array<{ label: string; href?: string }>) => [
  { label: `${m.name} 計画の進捗`, href: paths.top(m.localGovCode) },
  ...last,
];

/** ウェブアクセシビリティ方針. */
export function accessibilityPage(m: Municipality, years: number[], canonical: string): string {
  const top = paths.top(m.localGovCode);
  const body = html`${yearSwitcher(m.localGovCode, years, null)}<h1>ウェブアクセシビリティ方針</h1>
<p>${m.name}は、年齢や障害の有無、使う機器にかかわらず、誰もが計画の進捗を読めるよう、この公開ページのウェブアクセシビリティの確保と向上に取り組みます。</p>
<h2>対象範囲</h2>
<p><a href="${top}">${m.name} 計画の進捗</a>（アドレスが ${top} で始まるページ）</p>
<h2>目標とする適合レベル</h2>
<p>日本産業規格 JIS X 8341-3:2016 の適合レベル AA に準拠します（国際規格 WCAG 2.0 の適合レベル AA と同じ内容です）。総務省「みんなの公共サイト運用ガイドライン」に基づく取組です。</p>
<p>「準拠」の表記は、情報通信アクセス協議会ウェブアクセシビリティ基盤委員会「ウェブコンテンツの JIS X 8341-3:2016 対応度表記ガイドライン」に基づきます。</p>
<h2>方針の策定日</h2>
<p>${dateTime(POLICY_DATE)}</p>
<h2>対象外とするもの</h2>
<ul><li>ダウンロード用のデータファイル（CSV・JSON）：ページではなく、表計算ソフトやプログラムで使うためのデータです。同じ内容はこのサイトのページで読めます。</li><li>ほかのサイトに埋め込まれたグラフの、埋め込み先のページ。</li></ul>
<h2>試験結果</h2>
<p><a href="${paths.results(m.localGovCode)}">アクセシビリティの試験結果を見る</a></p>
<h2>お問い合わせ</h2>
<p>読みにくい箇所や使いにくい点がありましたら、${m.name}の総合計画担当課へお知らせください。</p>`;
  return renderPage({
    title: 'ウェブアクセシビリティ方針',
    municipality: m,
    breadcrumbs: crumbs(m, [{ label: 'ウェブアクセシビリティ方針' }]),
    body,
    description: `${m.name} 計画の進捗のウェブアクセシビリティ方針（JIS X 8341-3:2016 適合レベルAA準拠）`,
    canonical,
  });
}

const RESULT_LABELS = { pass: '適合', fail: '不適合', incomplete: '要確認' } as const;

function resultsBody(results: AccessibilityResults): RawHtml {
  if (!results.checkedAt || results.pages.length === 0) {
    return html`<p>この版ではまだ自動試験の結果がありません。</p>`;
  }
  return html`<dl class="facts"><dt>試験日</dt><dd>${dateTime(results.checkedAt)}</dd><dt>試験の方法</dt><dd>${results.tool || '自動試験'}</dd><dt>規格</dt><dd>${results.standard || 'JIS X 8341-3:2016 適合レベルAA'}</dd>${
    results.tags.length > 0 ? html`<dt>試験したルールの区分</dt><dd>${results.tags.join('、')}</dd>` : ''
  }</dl>
<h2>ページごとの結果</h2>
<div class="table-wrap" role="region" tabindex="0" aria-label="試験したページと件数"><table class="data"><caption>試験したページと件数</caption><thead><tr><th scope="col">ページ</th><th scope="col">種類</th><th scope="col">不適合</th><th scope="col">適合</th><th scope="col">要確認</th></tr></thead><tbody>${results.pages.map(
    (p) =>
      html`<tr><th scope="row">${p.path}</th><td>${p.type}</td><td class="num">${p.violations}件</td><td class="num">${p.passes}件</td><td class="num">${p.incomplete}件</td></tr>`,
  )}</tbody></table></div>
${results.pages.map(
  (p) =>
    html`<h3>${p.type}（${p.path}）</h3>${
      p.checks.length > 0
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${p.type}の試験項目"><table class="data"><caption>${p.type}の試験項目</caption><thead><tr><th scope="col">ルール</th><th scope="col">達成基準</th><th scope="col">結果</th></tr></thead><tbody>${p.checks.map(
            (ch) =>
              html`<tr><th scope="row">${ch.id}</th><td>${ch.criteria.length > 0 ? ch.criteria.join('、') : '－'}</td><td>${RESULT_LABELS[ch.result] ?? ch.result}</td></tr>`,
          )}</tbody></table></div>`
        : html`<p>試験項目の記録はありません。</p>`
    }`,
)}`;
}

/** 試験結果: the automated checks of this build, per page. */
export function accessibilityResultsPage(
  m: Municipality,
  years: number[],
  canonical: string,
  results: AccessibilityResults = ACCESSIBILITY_RESULTS,
): string {
  const body = html`${yearSwitcher(m.localGovCode, years, null)}<h1>アクセシビリティ試験結果</h1>
<p>このサイトの公開ページを、ブラウザで自動試験した結果です。目標は JIS X 8341-3:2016 適合レベル AA 準拠です（<a href="${paths.accessibility(m.localGovCode)}">ウェブアクセシビリティ方針</a>）。自動試験で確かめられない項目は、人の目による確認で補います。</p>
${resultsBody(results)}`;
  return renderPage({
    title: 'アクセシビリティ試験結果',
    municipality: m,
    breadcrumbs: crumbs(m, [
      { label: 'ウェブアクセシビリティ方針', href: paths.accessibility(m.localGovCode) },
      { label: '試験結果' },
    ]),
    body,
    description: `${m.name} 計画の進捗のアクセシビリティ試験結果${results.checkedAt ? `（${formatWarekiDate(results.checkedAt.slice(0, 10))}実施）` : ''}`,
    canonical,
  });
}
