/**
 * @module Report as HTML
 * The council report as one self-contained HTML file: inline CSS, inline SVG charts, system
 * Japanese fonts, nothing fetched. On screen it shows A4 landscape sheets; printed (or turned into
 * a PDF by headless Chromium) it gives exactly one page per sheet, in the order of
 * {@link paginateReport}.
 */

import { reportLevelNames } from '../../report/levels.ts';
import {
  DRAFT_MARK,
  type GradeCountsRow,
  type GradeKey,
  type KpiRow,
  type KpiSetSummary,
  type PolicyPage,
  type ReportModel,
  type RollUpKey,
} from '../../report/model.ts';
import { renderKpiChart, textColorOn } from './chart.ts';
import { escapeHtml as e } from './escape.ts';
import {
  CONTINUED,
  COUNCIL_COLUMNS,
  hasKpis,
  type ListSlice,
  METRICS,
  measuresText,
  nodeTail,
  paginateReport,
  type ReportPage,
  summaryChartHeight,
  summaryRollUpText,
} from './paginate.ts';
import { COUNCIL_CSS, DRAFT_CSS, REPORT_CSS } from './styles.ts';
import {
  baselineText,
  formatValue,
  gradeText,
  ILLUSTRATIVE_LABEL,
  latestText,
  NONE,
  rateText,
  shareText,
  targetText,
  type ValueText,
} from './values.ts';

const DEMO_NOTE = `※ ${ILLUSTRATIVE_LABEL}：この指標（KPI）の値は説明用に作った架空の数値で、実際の統計・実績ではありません。`;

/**
 * Renders the report model as a self-contained HTML document.
 * @example writeFileSync('report.html', renderReportHtml(buildReportModel(await loadReportInputs(db, key))));
 */
export function renderReportHtml(model: ReportModel): string {
  const pages = paginateReport(model);
  const context: Context = { model, total: pages.length, setOf: kpiSetNames(model), anyKpi: hasKpis(model) };
  const title = `${model.cover.title}（${model.cover.subtitle}）`;
  return [
    '<!doctype html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Hoshin">',
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}${model.councilComments ? COUNCIL_CSS : ''}${model.draft ? DRAFT_CSS : ''}</style>`,
    '</head>',
    '<body>',
    ...pages.map((page) => renderPage(page, context)),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

interface Context {
  model: ReportModel;
  total: number;
  /** The KPI set a row belongs to (rows carry no set of their own). */
  setOf: (row: KpiRow) => string;
  anyKpi: boolean;
}

function renderPage(page: ReportPage, ctx: Context): string {
  switch (page.kind) {
    case 'cover':
      return coverPage(page, ctx);
    case 'kpi-summary':
      return summaryPage(page, ctx);
    case 'legend':
      return legendPage(page, ctx);
    case 'policy':
      return policyPage(page, ctx);
    case 'council':
      return councilPage(page, ctx);
    case 'annex':
      return annexPage(page, ctx);
  }
}

function councilPage(page: Extract<ReportPage, { kind: 'council' }>, ctx: Context): string {
  const heading = `${ctx.model.councilComments?.heading ?? ''}${page.part > 0 ? CONTINUED : ''}`;
  const paragraphs = (text: string) =>
    text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => `<p>${e(line)}</p>`)
      .join('');
  const c = COUNCIL_COLUMNS;
  const body = [
    `<h2 class="section-title">${e(heading)}</h2>`,
    '<table class="council-table">',
    `<colgroup><col style="width:${c.number}mm"><col style="width:${c.subject}mm"><col><col></colgroup>`,
    '<thead><tr><th scope="col">番号</th><th scope="col">該当箇所</th><th scope="col">意見</th><th scope="col">対応</th></tr></thead>',
    '<tbody>',
    ...page.entries.map(
      ({ number, entry }) =>
        `<tr><td class="num">${number}</td><th scope="row">${e(entry.subject)}</th><td>${paragraphs(entry.comment)}</td><td${entry.answered ? '' : ' class="pending"'}>${paragraphs(entry.response)}</td></tr>`,
    ),
    '</tbody></table>',
  ].join('');
  return sheet(page, ctx, { kind: 'council', section: '審議会', demo: false, label: heading }, body);
}

/** 「案」 in the top corner of every page of a draft (nothing otherwise). */
function draftMark(ctx: Context): string {
  return ctx.model.draft
    ? `<div class="draft-mark" role="note" aria-label="${DRAFT_MARK}（年度未確定）">${DRAFT_MARK}</div>`
    : '';
}

/** A sheet with the running head, the body and the foot. */
function sheet(
  page: ReportPage,
  ctx: Context,
  options: { kind: string; section: string; demo: boolean; label: string },
  body: string,
): string {
  const { cover, municipality } = ctx.model;
  const stamp = options.demo ? ` <span class="demo-stamp">${ILLUSTRATIVE_LABEL}</span>` : '';
  return [
    `<section class="page page-${options.kind}" id="page-${page.number}" aria-label="${e(`${page.number}ページ ${options.label}`)}" data-page="${page.number}">`,
    draftMark(ctx),
    `<header class="running-head"><span>${e(cover.title)}　${e(cover.subtitle)}</span><span><span class="section">${e(options.section)}</span>${stamp}</span></header>`,
    `<div class="page-body">${body}</div>`,
    `<footer class="page-foot"><span>${e(municipality.name)}　${e(cover.councilMeeting)}</span><span>${page.number} / ${ctx.total}</span></footer>`,
    '</section>',
  ].join('\n');
}

function coverPage(page: ReportPage, ctx: Context): string {
  const { cover } = ctx.model;
  // Print the plan name on its own line when the stored title starts with it.
  const title = cover.title.startsWith(cover.planName)
    ? `<span class="plan">${e(cover.planName)}</span>${e(cover.title.slice(cover.planName.length).trim())}`
    : e(cover.title);
  const demo = ctx.model.illustrative
    ? `<p class="cover-demo"><span class="demo-stamp">指標（KPI）の値は${ILLUSTRATIVE_LABEL}です</span></p>`
    : '';
  return [
    `<section class="page page-cover" id="page-${page.number}" aria-label="表紙" data-page="${page.number}">`,
    draftMark(ctx),
    '<div class="page-body">',
    '<div class="cover-band"></div>',
    `<h1 class="cover-title">${title}</h1>`,
    `<p class="cover-subtitle">${e(cover.subtitle)}</p>`,
    demo,
    `<p class="cover-meta">${e(cover.dateLabel)}<br>${e(cover.councilMeeting)}</p>`,
    '</div>',
    '</section>',
  ].join('\n');
}

function summaryPage(page: Extract<ReportPage, { kind: 'kpi-summary' }>, ctx: Context): string {
  const { kpiSection } = ctx.model;
  const set = page.set;
  const parts = [`<h2 class="section-title">${e(kpiSection.heading)}</h2>`];
  if (!set) {
    parts.push('<p class="empty-note">指標（KPI）の区分が登録されていません。</p>');
    return sheet(
      page,
      ctx,
      { kind: 'kpi', section: '指標（KPI）の達成状況', demo: false, label: '指標' },
      parts.join(''),
    );
  }
  const empty = set.total.total === 0 && set.previousTotal.total === 0;
  parts.push(
    `<h3 class="set-title">${e(set.name)}${set.illustrative ? ` <span class="demo-stamp">${ILLUSTRATIVE_LABEL}</span>` : ''}</h3>`,
  );
  if (empty) {
    parts.push(
      `<p class="empty-note">${e(set.name)}の指標（KPI）は、この年度の報告書にはまだ登録されていません。</p>`,
    );
  }
  parts.push(
    `<figure class="kpi-figure" style="height:${summaryChartHeight(set).toFixed(1)}mm">${renderKpiChart(set, { id: `chart-${page.setIndex + 1}` })}</figure>`,
    summaryTable(set, reportLevelNames(ctx.model).goal),
    `<p class="note">割合は各行の指標数に対する割合（小数第1位）。評価は記号・名称・模様でも区別しています。${e(rollUpNote(set, reportLevelNames(ctx.model).goal))}</p>`,
  );
  if (set.illustrative) parts.push(`<p class="note demo">${e(DEMO_NOTE)}</p>`);
  return sheet(
    page,
    ctx,
    { kind: 'kpi', section: '指標（KPI）の達成状況', demo: set.illustrative, label: `${set.name}の指標` },
    parts.join(''),
  );
}

function summaryTable(set: KpiSetSummary, goal: string): string {
  const head = set.grades
    .map(
      (g) =>
        `<th scope="col"><span class="swatch" style="background:${e(g.color)}"></span>${e(gradeText(g))}</th>`,
    )
    .join('');
  const row = (r: GradeCountsRow, className: string, rollUp?: RollUpKey) => {
    const title = r.title ? `<span class="goal-title">${e(r.title)}</span>` : '';
    const cells = set.grades
      .map((_, i) =>
        r.total === 0
          ? `<td class="num">${NONE}</td>`
          : `<td class="num">${formatValue(r.counts[i] ?? 0)}件（${shareText(r.shares[i] ?? 0)}）</td>`,
      )
      .join('');
    const rollUpCell = rollUp
      ? `<td class="rollup" title="${e(rollUp.basis)}">${gradeBadge(rollUp.grade)}<span class="count">${e(summaryRollUpText(rollUp))}</span></td>`
      : '<td class="rollup"></td>';
    return `<tr class="${className}"><th scope="row">${e(r.label)}${title}</th>${rollUpCell}${cells}<td class="num">${formatValue(r.total)}件</td></tr>`;
  };
  const previous = set.previousTotal.total > 0 ? row(set.previousTotal, 'previous') : '';
  const c = METRICS.summaryColumns;
  return [
    `<table class="summary-table"><caption class="kpi-caption" style="text-align:left">${e(set.name)}：評価別の指標数と割合、${e(goal)}の総合評価</caption>`,
    `<colgroup><col style="width:${c.label}mm"><col style="width:${c.rollUp}mm">${set.grades.map(() => '<col>').join('')}<col style="width:${c.total}mm"></colgroup>`,
    `<thead><tr><th scope="col">区分</th><th scope="col">総合評価（指標数）</th>${head}<th scope="col">計</th></tr></thead>`,
    '<tbody>',
    ...set.rows.map((r) => row(r, 'goal', r.rollUp)),
    row(set.total, 'total'),
    previous,
    '</tbody></table>',
  ].join('');
}

function legendPage(page: ReportPage, ctx: Context): string {
  const { legend, kpiSection } = ctx.model;
  const list = (items: string[]) =>
    items.length
      ? `<ul class="items">${items.map((t) => `<li>${e(t)}</li>`).join('')}</ul>`
      : '<ul class="items"><li class="none">（記載事項）</li></ul>';
  const grades = kpiSection.sets.find((s) => s.total.total > 0)?.grades ?? kpiSection.sets[0]?.grades ?? [];
  const kpiMock = ctx.anyKpi
    ? [
        '<p class="kpi-caption">指標（KPI）</p>',
        '<table class="policy-kpis"><thead><tr><th scope="col">区分</th><th scope="col">指標名</th><th scope="col">基準値（年度）</th><th scope="col">目標値（年度）</th><th scope="col">最新の実績値（年度）</th><th scope="col">達成率</th><th scope="col">評価</th></tr></thead>',
        '<tbody><tr class="placeholder"><td>基本計画／総合戦略</td><td>指標の名称（単位）</td><td class="val">計画策定時の値</td><td class="val">目標年度の値</td><td class="val">報告年度までの最新値</td><td class="num">実績÷目標</td><td>記号と名称</td></tr></tbody></table>',
      ].join('')
    : '';
  const keys = grades.length
    ? `<p class="kpi-caption" style="margin-top:3mm">評価の区分</p><ul class="legend-keys">${grades.map((g) => `<li>${gradeBadge(g)}</li>`).join('')}</ul>`
    : '';
  const body = [
    `<h2 class="section-title">${e(legend.heading)}</h2>`,
    '<div class="legend-sheet">',
    `<p class="goal-band">${e(legend.goalLabel)}</p>`,
    `<p class="policy-title">${e(legend.policyLabel)}</p>`,
    `<p class="measures">${e(legend.measuresLabel)}</p>`,
    '<div class="columns">',
    `<section class="column"><h3>${e(legend.resultsHeading)}</h3>${list(legend.resultsDescription)}</section>`,
    `<section class="column next"><h3>${e(legend.directionsHeading)}</h3>${list(legend.directionsDescription)}</section>`,
    '</div>',
    kpiMock,
    '</div>',
    keys,
  ].join('');
  return sheet(page, ctx, { kind: 'legend', section: '記載事項', demo: false, label: legend.heading }, body);
}

function policyPage(page: Extract<ReportPage, { kind: 'policy' }>, ctx: Context): string {
  const { policy, part } = page;
  const titleId = `page-${page.number}-title`;
  const parts = [
    `<p class="goal-band"><span class="label">${e(policy.goalLabel)}</span>${e(policy.goalTitle)}</p>`,
    `<h2 class="policy-title" id="${titleId}"><span class="label">${e(policy.policyLabel)}</span>${e(policy.policyTitle)}${part > 0 ? `<span class="continued">${CONTINUED}</span>` : ''}</h2>`,
  ];
  if (page.measures) parts.push(`<p class="measures">${e(measuresText(page.measures))}</p>`);
  const column = (slice: ListSlice, heading: string, className: string) => {
    const items = slice.items.length
      ? slice.items.map((p) => (p.rest ? `<li class="rest">${e(p.text)}</li>` : `<li>${e(p.text)}</li>`))
      : ['<li class="none">記載なし</li>'];
    const title = slice.continued ? `${heading}${CONTINUED}` : heading;
    return `<section class="${className}"><h3>${e(title)}</h3><ul class="items">${items.join('')}</ul></section>`;
  };
  if (page.results || page.directions) {
    parts.push(
      `<div class="columns${page.wide ? ' wide' : ''}">`,
      page.results ? column(page.results, policy.resultsHeading, 'column') : '',
      page.directions ? column(page.directions, policy.directionsHeading, 'column next') : '',
      '</div>',
    );
  }
  const demo = page.kpis.some((k) => k.illustrative);
  if (page.rollUp) parts.push(rollUpLine(policy, reportLevelNames(ctx.model).policy));
  const caption = `${policy.policyLabel}の指標（KPI）${page.tableContinued ? CONTINUED : ''}`;
  switch (page.kpiPart) {
    case 'no-kpis':
      parts.push(
        `<p class="kpi-caption">${e(caption)}</p><p class="note">この${e(reportLevelNames(ctx.model).policy)}に指標（KPI）は登録されていません。</p>`,
      );
      break;
    case 'next-page':
      parts.push(
        `<p class="kpi-caption">${e(caption)}</p><p class="note">指標（KPI）は次のページに掲載しています。</p>`,
      );
      break;
    case 'rows':
      parts.push(
        '<section class="kpis">',
        `<h3 class="kpi-caption">${e(caption)}</h3>`,
        policyKpiTable(page.kpis, ctx),
        demo ? `<p class="note demo">${e(DEMO_NOTE)}</p>` : '',
        '</section>',
      );
      break;
    case 'none':
      break;
  }
  return sheet(
    page,
    ctx,
    {
      kind: 'policy',
      section: `${policy.goalLabel}　${policy.policyLabel}`,
      demo,
      label: `${policy.policyLabel} ${policy.policyTitle}${part > 0 ? CONTINUED : ''}`,
    },
    parts.join(''),
  );
}

function policyKpiTable(rows: KpiRow[], ctx: Context): string {
  return [
    '<table class="policy-kpis">',
    '<colgroup><col class="set"><col class="name"><col class="baseline"><col class="target"><col class="latest"><col class="rate"><col class="grade"></colgroup>',
    '<thead><tr><th scope="col">区分</th><th scope="col">指標名</th><th scope="col">基準値</th><th scope="col">目標値</th><th scope="col">実績値</th><th scope="col">達成率</th><th scope="col">評価</th></tr></thead>',
    '<tbody>',
    ...rows.map(
      (r) =>
        `<tr><td>${e(ctx.setOf(r))}</td><th scope="row" class="kpi-name">${kpiName(r)}</th><td class="val">${valueCell(baselineText(r))}</td><td class="val">${valueCell(targetText(r))}</td><td class="val">${valueCell(latestText(r))}</td><td class="num">${rateText(r.rate)}</td><td class="grade">${gradeBadge(r.grade)}</td></tr>`,
    ),
    '</tbody></table>',
  ].join('');
}

function annexPage(page: Extract<ReportPage, { kind: 'annex' }>, ctx: Context): string {
  const heading = `資料　指標（KPI）一覧　${page.set.name}${page.part > 0 ? CONTINUED : ''}`;
  const demo = page.groups.some((g) => g.kpis.some((k) => k.illustrative));
  const rows = page.groups.flatMap((g) => [
    `<tr class="group"><th colspan="11" scope="colgroup">${e(g.label)}　${e(g.title)}${g.continued ? CONTINUED : ''}</th></tr>`,
    ...g.kpis.map(
      (r) =>
        `<tr><td>${e(r.code)}</td><th scope="row" class="kpi-name">${kpiName(r)}</th><td>${e(nodeTail(r.nodeLabel))}</td><td>${e(r.directionLabel)}</td><td class="val">${valueCell(baselineText(r))}</td><td class="val">${valueCell(targetText(r))}</td><td class="val">${valueCell(latestText(r))}</td><td class="num">${rateText(r.rate)}</td><td>${gradeBadge(r.grade)}</td><td>${e(r.projectionLabel || NONE)}</td><td>${e(r.department || NONE)}</td></tr>`,
    ),
  ]);
  const body = [
    `<h2 class="section-title">${e(heading)}</h2>`,
    '<table class="annex-table">',
    '<colgroup><col class="code"><col class="name"><col class="node"><col class="direction"><col class="baseline"><col class="target"><col class="latest"><col class="rate"><col class="grade"><col class="projection"><col class="department"></colgroup>',
    '<thead><tr><th scope="col">番号</th><th scope="col">指標名</th><th scope="col">体系</th><th scope="col">方向</th><th scope="col">基準値</th><th scope="col">目標値</th><th scope="col">実績値</th><th scope="col">達成率</th><th scope="col">評価</th><th scope="col">見通し</th><th scope="col">担当課</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody></table>',
    demo ? `<p class="note demo">${e(DEMO_NOTE)}</p>` : '',
  ].join('');
  return sheet(page, ctx, { kind: 'annex', section: '資料', demo, label: heading }, body);
}

function kpiName(row: KpiRow): string {
  const mark = row.illustrative ? `<span class="mark" title="${ILLUSTRATIVE_LABEL}">※</span>` : '';
  return `${e(row.name)}${mark}`;
}

function valueCell(text: ValueText | null): string {
  return text ? `${e(text.value)}<span class="year">（${e(text.year)}）</span>` : NONE;
}

function gradeBadge(grade: GradeKey): string {
  const symbol = grade.symbol === grade.label ? '' : grade.symbol;
  return `<span class="grade-symbol" style="background:${e(grade.color)};color:${textColorOn(grade.color)}">${e(symbol || '■')}</span>${e(grade.label)}`;
}

/** 「この基本方針の総合評価」: per KPI set, the grade rolled up from the policy's KPIs and its basis. */
function rollUpLine(policy: PolicyPage, pageLevelName: string): string {
  const items = policy.rollUps.map(
    (r) =>
      `<li><span class="set">${e(r.setName)}</span>${gradeBadge(r.grade)}<span class="basis">${e(r.basis)}</span></li>`,
  );
  return `<div class="rollups"><h3>この${e(pageLevelName)}の総合評価</h3><ul>${items.join('')}</ul></div>`;
}

/** How the 基本目標's 総合評価 is computed, after the summary table (`goal`: the level's name). */
function rollUpNote(set: KpiSetSummary, goal: string): string {
  const method = set.rows[0]?.rollUp.methodLabel;
  return method
    ? `総合評価は、${goal}の指標の評価から${method}で算出（実績のない指標などは除く。括弧内は算出に用いた指標数）。`
    : '';
}

/** Which KPI set each row of the model belongs to, from the annex (built from the same rows). */
export function kpiSetNames(model: ReportModel): (row: KpiRow) => string {
  const byRow = new Map<KpiRow, string>();
  const byKey = new Map<string, string>();
  const key = (r: KpiRow) => `${r.code}\u0000${r.name}\u0000${r.nodeLabel}`;
  for (const set of model.annex) {
    for (const group of set.groups) {
      for (const row of group.kpis) {
        byRow.set(row, set.name);
        byKey.set(key(row), set.name);
      }
    }
  }
  return (row) => byRow.get(row) ?? byKey.get(key(row)) ?? '';
}
