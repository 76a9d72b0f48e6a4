/**
 * @module Portal pages
 * The public, server-rendered pages of a municipality's published plan years: the index, a year at
 * a glance, each 基本方針, each KPI (chart, data table and its evaluation in words), search, the
 * 更新履歴, and the accessibility policy with its test results. No script; everything read through
 * `c.var.portal` (published snapshots only). An address that names nothing published answers the
 * Japanese 404 page, never an error.
 */
import type { Context, Hono } from 'hono';
import { formatFiscalYear } from '../../../domain/calendar/index.ts';
import { DIRECTION_LABELS } from '../../../domain/kpi/labels.ts';
import {
  baselineText,
  formatValue,
  gradeText,
  inlineValue,
  latestText,
  NONE,
  rateText,
  shareText,
  targetText,
} from '../../../formats/report-html/values.ts';
import type { GoalCountsRow, KpiRow, RollUpKey } from '../../../report/model.ts';
import type { PublishedYear } from '../../publication/publication.ts';
import type { PublishedSnapshot } from '../../publication/snapshot.ts';
import { kpiChartSvg, kpiChartTable } from '../chart/kpi-chart-svg.ts';
import type { PortalEnv } from '../context.ts';
import { accessibilityPage, accessibilityResultsPage } from './accessibility.ts';
import { explainEvaluation, schemeRuleWords } from './evaluation-words.ts';
import { html, type RawHtml, raw, renderPage } from './layout.ts';
import { absolute, dateTime, distributionSvg, gradeBadge, paths, yearSwitcher } from './parts.ts';
import {
  type KpiEntry,
  kpiIdOfRow,
  kpisOf,
  kpisOnNoPolicyPage,
  MAX_QUERY,
  policiesOf,
  policiesOfKpi,
  searchSnapshot,
} from './snapshot-view.ts';

type PortalContext = Context<PortalEnv>;

const PAGE_HEADERS = { 'cache-control': 'public, max-age=60' };

/**
 * The Japanese 404 page: for an unknown municipality, year, policy or KPI, or a malformed address.
 * It names no municipality: a city that published nothing must not show even its name.
 */
export function notFoundPage(c: Context): Response {
  const body = html`<h1>ページが見つかりません</h1><p>お探しのページは見つかりませんでした。公開されていない年度や、アドレスの誤りの可能性があります。</p>`;
  return c.html(
    renderPage({
      title: 'ページが見つかりません',
      municipality: { localGovCode: '', name: '' },
      body,
      head: raw('<meta name="robots" content="noindex">'),
    }),
    404,
  );
}

const YEAR = /^\d{4}$/;
const KPI_ID = /^[1-9]\d{0,9}$/;
const POLICY = /^\d{1,3}(?:-\d{1,3}){1,4}$/;

/**
 * The answer for a year page the address names but nobody can see: a withdrawn year (410) says when
 * and why it was withdrawn, as its 更新履歴 would; anything else is the 404 page.
 */
async function missingYearPage(c: PortalContext): Promise<Response> {
  const param = c.req.param('fiscalYear') ?? '';
  const withdrawal = YEAR.test(param) ? await c.var.portal.withdrawal(Number(param)) : null;
  if (!withdrawal) return notFoundPage(c);
  const { localGovCode: code } = c.var.portal.municipality;
  const label = formatFiscalYear(Number(param));
  const years = await c.var.portal.years();
  const body = html`<h1>${label}の公開は取り下げられています</h1>
<p>${c.var.portal.municipality.name}は ${dateTime(withdrawal.withdrawnAt)} に${label}の進捗の公開を取り下げました。</p>
<p>取り下げの理由：${withdrawal.reason}</p>
<p>訂正のうえ改めて公開されたときは、このアドレスでご覧いただけます。</p>
<p><a href="${paths.top(code)}">${c.var.portal.municipality.name}の公開トップへ</a></p>`;
  return c.html(
    renderPage({
      title: `${label}の公開は取り下げられています`,
      municipality: c.var.portal.municipality,
      body: html`${yearSwitcher(code, years, null)}${body}`,
      head: raw('<meta name="robots" content="noindex">'),
      canonical: absolute(c.var.portal.origin, c.req.path),
    }),
    410,
  );
}

/** The published year the address names, or null (malformed or not published). */
async function yearOf(c: PortalContext): Promise<{ year: PublishedYear; fiscalYear: number } | null> {
  const param = c.req.param('fiscalYear') ?? '';
  if (!YEAR.test(param)) return null;
  const fiscalYear = Number(param);
  const year = await c.var.portal.year(fiscalYear);
  return year ? { year, fiscalYear } : null;
}

/**
 * The year switcher of one item's page (a 基本方針, a KPI): each other year leads to the same item
 * when that year's publication has it, else to that year's overview (a plan revised between years
 * may have dropped it), so a reader comparing one item across years stays on it.
 */
async function itemYearSwitcher(
  c: PortalContext,
  fiscalYear: number,
  has: (snapshot: PublishedSnapshot) => boolean,
  itemPath: (year: number) => string,
): Promise<RawHtml> {
  const code = c.var.portal.municipality.localGovCode;
  const years = await c.var.portal.years();
  const holding = new Set([fiscalYear]);
  for (const other of years) {
    if (other === fiscalYear) continue;
    const published = await c.var.portal.year(other);
    if (published && has(published.snapshot)) holding.add(other);
  }
  return yearSwitcher(code, years, fiscalYear, (year) =>
    holding.has(year) ? itemPath(year) : paths.year(code, year),
  );
}

function page(c: PortalContext, input: Parameters<typeof renderPage>[0]): Response {
  return c.html(
    renderPage({ ...input, canonical: input.canonical ?? absolute(c.var.portal.origin, c.req.path) }),
    200,
    PAGE_HEADERS,
  );
}

/** The page's title stem: 令和5年度 第二次美祢市総合計画. */
const yearTitle = (year: PublishedYear) =>
  `${formatFiscalYear(year.snapshot.fiscalYear)} ${year.snapshot.plan.name}`;

function publishedLine(code: string, year: PublishedYear): RawHtml {
  return html`<p class="meta">第${year.revision}版　公開日 ${dateTime(year.publishedAt)}　<a href="${paths.history(code, year.snapshot.fiscalYear)}">この年度の更新履歴</a></p>`;
}

/**
 * Said wherever invented demo values (架空のデモ値) are shown: a citizen must never take them for
 * the city's statistics.
 */
function illustrativeNotice(shown: boolean): RawHtml | '' {
  return shown
    ? html`<p class="notice">この指標の数値には説明用に作った架空の値（架空のデモ値）が含まれます。実在の統計ではありません。</p>`
    : '';
}

function searchForm(code: string, fiscalYear: number, q = ''): RawHtml {
  return html`<form class="search" role="search" method="get" action="${paths.search(code, fiscalYear)}"><label for="q">${formatFiscalYear(fiscalYear)}の施策・指標を検索</label><input id="q" name="q" type="search" maxlength="${MAX_QUERY}" value="${q}" autocomplete="off"><button type="submit">検索</button></form>`;
}

function rollUpList(rollUps: RollUpKey[]): RawHtml {
  if (rollUps.length === 0) return html`<p>総合評価の対象となる指標はありません。</p>`;
  return html`<ul>${rollUps.map(
    (r) => html`<li>${r.setName}：${gradeBadge(r.grade)}（${r.basis}）</li>`,
  )}</ul>`;
}

const breadcrumbsOf = (c: PortalContext, year?: PublishedYear) => {
  const { localGovCode, name } = c.var.portal.municipality;
  const crumbs: Array<{ label: string; href?: string }> = [
    { label: `${name} 計画の進捗`, href: paths.top(localGovCode) },
  ];
  if (year) {
    crumbs.push({
      label: `${formatFiscalYear(year.snapshot.fiscalYear)}の進捗`,
      href: paths.year(localGovCode, year.snapshot.fiscalYear),
    });
  }
  return crumbs;
};

/** The municipality's index: published years newest first. */
async function indexPage(c: PortalContext): Promise<Response> {
  const { localGovCode, name } = c.var.portal.municipality;
  const years = await c.var.portal.years();
  // A city that published nothing has no public pages at all (not even its name).
  if (years.length === 0) return notFoundPage(c);
  const latest = years[0];
  const latestYear = latest === undefined ? null : await c.var.portal.year(latest);
  const body = html`<h1>${name} 総合計画の進捗状況</h1>
<p class="lead">${name}が公開した総合計画・総合戦略の進捗（指標の達成状況と主な取組）を年度ごとにご覧いただけます。</p>
${
  latestYear && latest !== undefined
    ? html`<p><a href="${paths.year(localGovCode, latest)}">最新の${formatFiscalYear(latest)}の進捗を見る（${latestYear.snapshot.plan.name}）</a></p>`
    : html`<p>まだ公開している年度はありません。</p>`
}
<h2>公開している年度</h2>
${
  years.length > 0
    ? html`<ul>${years.map((y) => html`<li><a href="${paths.year(localGovCode, y)}">${formatFiscalYear(y)}の進捗</a></li>`)}</ul>`
    : html`<p>公開している年度はありません。</p>`
}
<h2>データとアクセシビリティ</h2>
<ul><li><a href="${paths.data(localGovCode)}">オープンデータ（CSV・JSON）のダウンロード</a></li><li><a href="${paths.accessibility(localGovCode)}">ウェブアクセシビリティ方針</a></li><li><a href="${paths.results(localGovCode)}">アクセシビリティ試験結果</a></li></ul>`;
  return page(c, {
    title: `${name} 総合計画の進捗状況`,
    municipality: c.var.portal.municipality,
    breadcrumbs: [{ label: `${name} 計画の進捗` }],
    body: html`${yearSwitcher(localGovCode, years, null)}${body}`,
    description: `${name}が公開した総合計画の進捗状況（年度ごとの指標の達成状況と主な取組）`,
  });
}

/** A year at a glance: goals with their policies and 総合評価, and each KPI set's grade distribution. */
async function yearPage(c: PortalContext): Promise<Response> {
  const found = await yearOf(c);
  if (!found) return missingYearPage(c);
  const { year, fiscalYear } = found;
  const { snapshot } = year;
  const { model, inputs } = snapshot;
  const code = c.var.portal.municipality.localGovCode;
  const policies = policiesOf(snapshot);
  const kpis = kpisOf(snapshot);
  const years = await c.var.portal.years();

  // The report plan's goals, with their policies and their 総合評価 in each of the plan's own sets.
  const goals = inputs.document.nodes.map((goal) => {
    const path = String(goal.number);
    const rollUps = model.kpiSection.sets.flatMap((set, i) => {
      const input = inputs.kpiSets[i];
      if (!input || input.plan.id !== inputs.planId) return [];
      const j = input.byTopNode.findIndex((t) => t.path === path);
      const row = set.rows[j];
      return row ? [row.rollUp] : [];
    });
    const own = policies.filter((p) => p.path.split('.')[0] === path);
    const label = own[0]?.page.goalLabel || `${model.levelNames[0] ?? ''} ${path}`;
    return { path, label, title: goal.title, rollUps, policies: own };
  });

  const sets = model.kpiSection.sets.map((set, i) => {
    const rows = [...set.rows, set.total];
    const chartTitle = `${set.name}の指標の評価の分布（${formatFiscalYear(fiscalYear)}）`;
    return html`<h3>${set.name}</h3>
${raw(distributionSvg(set, rows, `dist-${i}`, chartTitle))}
<div class="table-wrap" role="region" tabindex="0" aria-label="${set.name}：${model.levelNames[0] ?? '基本目標'}ごとの評価の件数と総合評価"><table class="data"><caption>${set.name}：${model.levelNames[0] ?? '基本目標'}ごとの評価の件数と総合評価</caption><thead><tr><th scope="col">${model.levelNames[0] ?? '基本目標'}</th><th scope="col">評価ごとの指標の件数（割合）</th><th scope="col">総合評価</th></tr></thead><tbody>${[
      ...set.rows,
      set.total,
    ].map(
      (row) =>
        html`<tr><th scope="row">${row.label}${row.title ? html`<br><span class="meta">${row.title}</span>` : ''}</th><td><ul class="counts">${row.counts.map(
          (n, g) => {
            const grade = set.grades[g];
            return grade
              ? html`<li>${gradeText(grade)}：${formatValue(n)}件（${shareText(row.shares[g] ?? 0)}）</li>`
              : '';
          },
        )}<li>計 ${formatValue(row.total)}件</li></ul></td><td>${
          'rollUp' in row
            ? html`${gradeBadge((row as GoalCountsRow).rollUp.grade)}<br>${(row as GoalCountsRow).rollUp.basis}`
            : NONE
        }</td></tr>`,
    )}</tbody></table></div>`;
  });

  // KPIs no policy page lists (a 総合戦略 KPI of a 基本目標, say): linked here, or no link would reach them.
  const unlisted = kpisOnNoPolicyPage(policies, kpis);
  const unlistedSection =
    unlisted.length > 0
      ? html`<h3>${model.pageLevelName}のページにない指標</h3>
<ul>${unlisted.map(
          (k) =>
            html`<li><a href="${paths.kpi(code, fiscalYear, k.id)}">${k.entry.kpi.name}</a><span class="meta">（${k.set.set.name}${k.row ? `・${k.row.nodeLabel}` : ''}）</span></li>`,
        )}</ul>`
      : '';

  const title = `${yearTitle(year)}の進捗`;
  const firstKpi = kpis[0];
  const body = html`<h1>${title}</h1>
<p class="lead">${model.cover.title}（${model.cover.subtitle}）</p>
${publishedLine(code, year)}
${illustrativeNotice(model.illustrative)}
${searchForm(code, fiscalYear)}
<h2>${model.levelNames[0] ?? '基本目標'}と${model.pageLevelName}</h2>
${goals.map(
  (goal) => html`<h3>${goal.label} ${goal.title}</h3>
${goal.rollUps.length > 0 ? html`<p>総合評価：</p>${rollUpList(goal.rollUps)}` : ''}
${
  goal.policies.length > 0
    ? html`<ul>${goal.policies.map(
        (p) =>
          html`<li><a href="${paths.policy(code, fiscalYear, p.key)}">${p.page.policyLabel} ${p.page.policyTitle}</a></li>`,
      )}</ul>`
    : ''
}`,
)}
<h2>${model.kpiSection.heading}</h2>
<p>評価の記号：${model.kpiSection.sets[0]?.grades.map((g, i) => html`${i > 0 ? '、' : ''}${g.symbol === g.label ? g.label : `${g.symbol} ${g.label}`}`) ?? ''}。各指標の評価の理由は、${model.pageLevelName}のページから指標を選ぶとご覧いただけます${unlisted.length > 0 ? `（${model.pageLevelName}のページにない指標は下の一覧から）` : ''}。</p>
${sets}
${unlistedSection}
<h2>関連情報</h2>
<ul><li><a href="${paths.history(code, fiscalYear)}">${formatFiscalYear(fiscalYear)}の更新履歴</a></li><li><a href="${paths.data(code)}">オープンデータ（CSV・JSON）のダウンロード</a></li></ul>`;
  return page(c, {
    title,
    municipality: c.var.portal.municipality,
    breadcrumbs: [...breadcrumbsOf(c).slice(0, 1), { label: `${formatFiscalYear(fiscalYear)}の進捗` }],
    body: html`${yearSwitcher(code, years, fiscalYear)}${body}`,
    description: `${model.cover.title}（${model.cover.subtitle}）：${model.kpiSection.heading}と${model.pageLevelName}ごとの取組`,
    ogImage: firstKpi ? absolute(c.var.portal.origin, paths.chart(code, fiscalYear, firstKpi.id)) : undefined,
  });
}

function kpiRowsTable(
  code: string,
  fiscalYear: number,
  kpis: KpiEntry[],
  rows: KpiRow[],
  caption: string,
): RawHtml {
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table class="data"><caption>${caption}</caption><thead><tr><th scope="col">指標名</th><th scope="col">基準値</th><th scope="col">目標値</th><th scope="col">実績値</th><th scope="col">達成率</th><th scope="col">評価</th></tr></thead><tbody>${rows.map(
    (row) => {
      const id = kpiIdOfRow(kpis, row);
      return html`<tr><th scope="row">${id === null ? row.name : html`<a href="${paths.kpi(code, fiscalYear, id)}">${row.name}</a>`}</th><td>${inlineValue(baselineText(row))}</td><td>${inlineValue(targetText(row))}</td><td>${inlineValue(latestText(row))}</td><td class="num">${rateText(row.rate)}</td><td>${gradeBadge(row.grade)}</td></tr>`;
    },
  )}</tbody></table></div>`;
}

/** One 基本方針: measures, results, directions, KPIs and its 総合評価. */
async function policyPage(c: PortalContext): Promise<Response> {
  const key = c.req.param('policy') ?? '';
  if (!POLICY.test(key)) return notFoundPage(c);
  const found = await yearOf(c);
  if (!found) return missingYearPage(c);
  const { year, fiscalYear } = found;
  const code = c.var.portal.municipality.localGovCode;
  const policy = policiesOf(year.snapshot).find((p) => p.key === key);
  if (!policy) return notFoundPage(c);
  const p = policy.page;
  const kpis = kpisOf(year.snapshot);
  const switcher = await itemYearSwitcher(
    c,
    fiscalYear,
    (snapshot) => policiesOf(snapshot).some((other) => other.key === key),
    (y) => paths.policy(code, y, key),
  );
  const items = (list: string[]) =>
    list.length > 0
      ? html`<ul>${list.map((t) => html`<li>${t}</li>`)}</ul>`
      : html`<p>記載はありません。</p>`;
  const title = `${p.policyLabel} ${p.policyTitle}`;
  const firstKpi = p.kpis.map((r) => kpiIdOfRow(kpis, r)).find((id) => id !== null);
  const body = html`<h1>${title}</h1>
<p class="lead">${p.goalLabel} ${p.goalTitle}　${formatFiscalYear(fiscalYear)}の進捗</p>
${publishedLine(code, year)}
${illustrativeNotice(p.kpis.some((row) => row.illustrative))}
<h2>この${year.snapshot.model.pageLevelName}の総合評価</h2>
${rollUpList(p.rollUps)}
<h2>${year.snapshot.model.levelNames[2] ?? '施策'}</h2>
${p.measures.length > 0 ? html`<ul>${p.measures.map((m) => html`<li>${m.label} ${m.title}</li>`)}</ul>` : html`<p>記載はありません。</p>`}
<h2>${p.resultsHeading}</h2>
${items(p.results)}
<h2>${p.directionsHeading}</h2>
${items(p.directions)}
<h2>指標（KPI）</h2>
${p.kpis.length > 0 ? kpiRowsTable(code, fiscalYear, kpis, p.kpis, `${title}の指標（${formatFiscalYear(fiscalYear)}）`) : html`<p>この${year.snapshot.model.pageLevelName}には指標がありません。</p>`}`;
  return page(c, {
    title: `${title}（${formatFiscalYear(fiscalYear)}）`,
    municipality: c.var.portal.municipality,
    breadcrumbs: [...breadcrumbsOf(c, year), { label: title }],
    body: html`${switcher}${body}`,
    description: `${p.goalLabel} ${p.goalTitle}：${title}の${formatFiscalYear(fiscalYear)}の取組と指標の達成状況`,
    ogImage: firstKpi ? absolute(c.var.portal.origin, paths.chart(code, fiscalYear, firstKpi)) : undefined,
  });
}

/** One KPI: definition, values over the years, chart with its table, and its evaluation in words. */
async function kpiPage(c: PortalContext): Promise<Response> {
  const idParam = c.req.param('kpiId') ?? '';
  if (!KPI_ID.test(idParam)) return notFoundPage(c);
  const found = await yearOf(c);
  if (!found) return missingYearPage(c);
  const { year, fiscalYear } = found;
  const code = c.var.portal.municipality.localGovCode;
  const kpis = kpisOf(year.snapshot);
  const entry = kpis.find((k) => k.id === Number(idParam));
  if (!entry) return notFoundPage(c);
  const { kpi, evaluation } = entry.entry;
  const scheme = entry.set.scheme;
  const switcher = await itemYearSwitcher(
    c,
    fiscalYear,
    (snapshot) => kpisOf(snapshot).some((other) => other.id === entry.id),
    (y) => paths.kpi(code, y, entry.id),
  );
  const policies = policiesOfKpi(policiesOf(year.snapshot), entry);
  const grade = scheme.grades.find((g) => g.grade === evaluation.grade);
  const gradeKey = entry.row?.grade ?? {
    grade: evaluation.grade,
    label: evaluation.label,
    symbol: evaluation.symbol,
    color: grade?.color ?? '#6e7781',
  };
  const chartTitle = `${kpi.name}の推移（基準値・実績値・目標値）`;
  const actuals = [...kpi.actuals]
    .filter((a) => a.fiscalYear <= fiscalYear)
    .sort((a, b) => a.fiscalYear - b.fiscalYear);
  const value = (v: number) => `${formatValue(v)}${kpi.unit}`;
  const target = kpi.target
    ? `${value(kpi.target.value)}${entry.row?.target?.comparatorLabel ?? ''}（${formatFiscalYear(kpi.target.fiscalYear)}）`
    : NONE;
  const title = kpi.name;
  const body = html`<h1>${title}</h1>
<p class="lead">${entry.set.set.name}の指標${entry.row ? `（${entry.row.nodeLabel}）` : ''}　${formatFiscalYear(fiscalYear)}の評価：${gradeBadge(gradeKey)}</p>
${publishedLine(code, year)}
${illustrativeNotice(kpi.illustrative)}
<h2>指標の内容</h2>
<dl class="facts"><dt>指標名</dt><dd>${kpi.name}</dd><dt>定義</dt><dd>${kpi.definition || NONE}</dd><dt>単位</dt><dd>${kpi.unit || NONE}</dd><dt>目指す方向</dt><dd>${DIRECTION_LABELS[kpi.direction]}</dd><dt>基準値</dt><dd>${kpi.baseline ? `${value(kpi.baseline.value)}（${formatFiscalYear(kpi.baseline.fiscalYear)}）` : NONE}</dd><dt>目標値</dt><dd>${target}</dd>${
    kpi.dataSource ? html`<dt>出典</dt><dd>${kpi.dataSource}</dd>` : ''
  }${kpi.department ? html`<dt>担当課</dt><dd>${kpi.department}</dd>` : ''}</dl>
${
  policies.length > 0
    ? html`<p>この指標を掲げる${year.snapshot.model.pageLevelName}：</p><ul>${policies.map(
        (p) =>
          html`<li><a href="${paths.policy(code, fiscalYear, p.key)}">${p.page.policyLabel} ${p.page.policyTitle}</a></li>`,
      )}</ul>`
    : ''
}
<h2>実績値</h2>
${
  actuals.length > 0
    ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${kpi.name}の年度ごとの実績値"><table class="data"><caption>${kpi.name}の年度ごとの実績値</caption><thead><tr><th scope="col">年度</th><th scope="col">実績値</th><th scope="col">状態</th></tr></thead><tbody>${actuals.map(
        (a) =>
          html`<tr><th scope="row">${formatFiscalYear(a.fiscalYear)}</th><td class="num">${value(a.value)}</td><td>${a.status === 'provisional' ? '見込（確定前の値）' : '確定'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${formatFiscalYear(fiscalYear)}までの実績値はありません。</p>`
}
<h2>グラフ</h2>
${raw(kpiChartSvg({ kpi, fiscalYear, title: chartTitle }))}
${raw(kpiChartTable({ kpi, fiscalYear, title: chartTitle }))}
<p><a href="${paths.embed(code, fiscalYear, entry.id)}">このグラフを埋め込む（ほかのサイトに貼るためのページ）</a></p>
<h2>評価とその理由</h2>
<p>${formatFiscalYear(fiscalYear)}の評価：${gradeBadge(gradeKey)}　達成率：${rateText(evaluation.rate)}${
    evaluation.projection ? `　目標年度の見通し：${evaluation.projection.label}` : ''
  }</p>
<ul>${explainEvaluation(evaluation, scheme, kpi.unit).map((s) => html`<li>${s}</li>`)}</ul>
<h3>評価基準「${scheme.label}」の規則</h3>
<p>上から順に当てはめ、最初に当たった規則の評価になります。</p>
<ol>${schemeRuleWords(scheme).map((s) => html`<li>${s}</li>`)}</ol>`;
  return page(c, {
    title: `${title}（${formatFiscalYear(fiscalYear)}）`,
    municipality: c.var.portal.municipality,
    breadcrumbs: [
      ...breadcrumbsOf(c, year),
      ...(policies[0]
        ? [
            {
              label: `${policies[0].page.policyLabel} ${policies[0].page.policyTitle}`,
              href: paths.policy(code, fiscalYear, policies[0].key),
            },
          ]
        : []),
      { label: title },
    ],
    body: html`${switcher}${body}`,
    description: `${kpi.name}の${formatFiscalYear(fiscalYear)}の実績と評価（${gradeKey.symbol} ${gradeKey.label}、達成率 ${rateText(evaluation.rate)}）`,
    ogImage: absolute(c.var.portal.origin, paths.chart(code, fiscalYear, entry.id)),
  });
}

/** Search over the year's titles, KPI names and items; a plain GET form. */
async function searchPage(c: PortalContext): Promise<Response> {
  const found = await yearOf(c);
  if (!found) return missingYearPage(c);
  const { year, fiscalYear } = found;
  const code = c.var.portal.municipality.localGovCode;
  const q = (c.req.query('q') ?? '').slice(0, MAX_QUERY).trim();
  const years = await c.var.portal.years();
  const hits = q
    ? searchSnapshot(year.snapshot, q, {
        policy: (key) => paths.policy(code, fiscalYear, key),
        kpi: (id) => paths.kpi(code, fiscalYear, id),
      })
    : [];
  const results = q
    ? html`<h2>「${q}」の検索結果（${hits.length}件）</h2>${
        hits.length === 0
          ? html`<p>見つかりませんでした。別の言葉でお試しください。</p>`
          : html`<ul class="cards">${hits.map(
              (h) =>
                html`<li><h3><a href="${h.href}">${h.title}</a></h3><p class="meta">${h.kind === 'kpi' ? '指標' : '基本方針'}：${h.context}</p><ul>${h.matches.map(
                  (m) => html`<li>${m.what}：${m.text}</li>`,
                )}</ul></li>`,
            )}</ul>`
      }`
    : html`<p>${model(year)}の施策名・指標名・主な取組・今後の方向性から探せます。</p>`;
  const title = `${formatFiscalYear(fiscalYear)}の進捗を検索`;
  return page(c, {
    title: q ? `「${q}」の検索結果（${formatFiscalYear(fiscalYear)}）` : title,
    municipality: c.var.portal.municipality,
    breadcrumbs: [...breadcrumbsOf(c, year), { label: '検索' }],
    body: html`${yearSwitcher(code, years, fiscalYear, (y) => `${paths.search(code, y)}${q ? `?q=${encodeURIComponent(q)}` : ''}`)}<h1>${title}</h1>${searchForm(code, fiscalYear, q)}${results}`,
    canonical: absolute(c.var.portal.origin, paths.search(code, fiscalYear)),
    head: raw('<meta name="robots" content="noindex">'),
  });
}

const model = (year: PublishedYear) => year.snapshot.model.cover.planName;

/** 更新履歴: every publication and withdrawal of the year, newest first. */
async function historyPage(c: PortalContext): Promise<Response> {
  const found = await yearOf(c);
  if (!found) return missingYearPage(c);
  const { year, fiscalYear } = found;
  const code = c.var.portal.municipality.localGovCode;
  const years = await c.var.portal.years();
  const title = `${formatFiscalYear(fiscalYear)}の更新履歴`;
  const body = html`<h1>${title}</h1>
<p>${yearTitle(year)}の進捗の公開・訂正・公開取下げの記録です（新しい順）。現在の公開は第${year.revision}版です。</p>
${year.history.map(
  (ev) => html`<h2>第${ev.revision}版　${ev.action === 'publish' ? '公開' : '公開の取下げ'}</h2>
<p>日時：<time datetime="${ev.actedAt}">${ev.actedAtLabel}</time></p>
<p>理由：${ev.reason}</p>
${
  ev.changes.length > 0
    ? html`<p>主な変更点：</p><ul>${ev.changes.map((s) => html`<li>${s}</li>`)}</ul>`
    : ev.action === 'publish' && ev.revision === 1
      ? html`<p>最初の公開です。</p>`
      : ''
}`,
)}`;
  return page(c, {
    title,
    municipality: c.var.portal.municipality,
    breadcrumbs: [...breadcrumbsOf(c, year), { label: '更新履歴' }],
    body: html`${yearSwitcher(code, years, fiscalYear, (y) => paths.history(code, y))}${body}`,
    description: `${yearTitle(year)}の進捗の公開・訂正の履歴`,
  });
}

/** Registers the pages on the portal sub-app (paths without /public). */
export function registerPortalPages(portal: Hono<PortalEnv>): void {
  portal.get('/:code', (c) => c.redirect(paths.top(c.var.portal.municipality.localGovCode), 301));
  portal.get('/:code/', indexPage);
  portal.get('/:code/accessibility', async (c) => {
    const years = await c.var.portal.years();
    if (years.length === 0) return notFoundPage(c);
    return c.html(
      accessibilityPage(c.var.portal.municipality, years, absolute(c.var.portal.origin, c.req.path)),
      200,
      PAGE_HEADERS,
    );
  });
  portal.get('/:code/accessibility/results', async (c) => {
    const years = await c.var.portal.years();
    if (years.length === 0) return notFoundPage(c);
    return c.html(
      accessibilityResultsPage(c.var.portal.municipality, years, absolute(c.var.portal.origin, c.req.path)),
      200,
      PAGE_HEADERS,
    );
  });
  // A year's address without its slash (typed or shared that way) leads to the year; anything
  // else of two segments is no page.
  portal.get('/:code/:fiscalYear', (c) => {
    const year = c.req.param('fiscalYear');
    if (!YEAR.test(year)) return notFoundPage(c);
    return c.redirect(paths.year(c.var.portal.municipality.localGovCode, Number(year)), 301);
  });
  portal.get('/:code/:fiscalYear/', yearPage);
  portal.get('/:code/:fiscalYear/policies/:policy', policyPage);
  portal.get('/:code/:fiscalYear/kpis/:kpiId', kpiPage);
  portal.get('/:code/:fiscalYear/search', searchPage);
  portal.get('/:code/:fiscalYear/history', historyPage);
  // Last: any other address under a city's portal gets the portal's Japanese 404 page (on the
  // server it would otherwise fall through to the staff app's page).
  portal.get('/:code/*', notFoundPage);
}
