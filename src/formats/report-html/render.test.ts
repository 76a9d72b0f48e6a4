import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { paginateReport } from './paginate.ts';
import { renderReportHtml } from './render.ts';
import {
  demoReportModelWithKpis,
  largeReportModel,
  seedReportModel,
  stressReportModel,
} from './test-support.ts';

/** The text of the sheets (`<section class="page …">`) of a document, in order. */
function sheets(html: string): string[] {
  return html.split('<section class="page ').slice(1);
}

function text(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

describe('HTML report of the demo year with illustrative KPIs', () => {
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
    html = renderReportHtml(model);
  }, 60_000);

  it('is one self-contained file: nothing to fetch, no script', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\b(?:src|href|srcset|xlink:href)\s*=/i);
    expect(html).not.toMatch(/@import|@font-face|<link\b|<script\b|<img\b|<iframe\b/i);
    // url() only for references inside the document (clip paths of the charts)
    expect(html.match(/url\((?!#)/g)).toBeNull();
  });

  it('prints on A4 landscape sheets with a page break after each', () => {
    expect(html).toContain('@page { size: A4 landscape; margin: 0; }');
    expect(html).toMatch(/\.page \{[^}]*width: 297mm; min-height: 210mm;[^}]*break-after: page;/);
    // Nothing is ever clipped: a sheet whose content did not fit would grow, not hide it.
    expect(html).not.toMatch(/overflow:\s*hidden/);
    expect(html).toMatch(/<html lang="ja">/);
  });

  it('has one sheet per page of the layout, in the seed order', () => {
    const pages = paginateReport(model);
    const found = sheets(html);
    expect(found).toHaveLength(pages.length);
    const kinds = pages.map((p) => p.kind);
    const expectedStart = ['cover', ...model.kpiSection.sets.map(() => 'kpi-summary'), 'legend'];
    expect(kinds.slice(0, expectedStart.length)).toEqual(expectedStart);
    const policyPages = pages.filter((p) => p.kind === 'policy');
    const continuations = policyPages.filter((p) => p.part > 0).length;
    const annex = pages.filter((p) => p.kind === 'annex').length;
    expect(pages).toHaveLength(
      1 + model.kpiSection.sets.length + 1 + model.policies.length + continuations + annex,
    );
    expect(policyPages.filter((p) => p.part === 0).map((p) => p.policyIndex)).toEqual(
      model.policies.map((_, i) => i),
    );
    expect(continuations).toBeGreaterThan(0); // the dense policy of the test data
    expect(kinds.slice(-annex)).toEqual(Array(annex).fill('annex'));
    found.forEach((sheet, i) => {
      expect(sheet).toContain(`data-page="${i + 1}"`);
    });
    expect(found.at(-1)).toContain(`${pages.length} / ${pages.length}`);
  });

  it('shows the cover: plan, period, 進捗状況, years and the council meeting in wareki', () => {
    const cover = text(sheets(html)[0] ?? '');
    expect(cover).toContain('第二次美祢市総合計画');
    expect(cover).toContain('前期計画の進捗状況について');
    expect(cover).toContain('令和6年度（令和5年度実績）');
    expect(cover).toContain('令和6年12月19日');
    expect(cover).toContain('第6回美祢市総合計画審議会');
  });

  it('draws a chart and its table per KPI set, with symbols beside the colours', () => {
    const [basic] = model.kpiSection.sets;
    if (!basic) throw new Error('no KPI set');
    const page = sheets(html)[1] ?? '';
    expect(text(page)).toContain('基本計画と総合戦略の指標（KPI）の達成状況');
    expect(page).toContain('<svg class="kpi-chart"');
    expect(page).toContain('<table class="summary-table">');
    for (const grade of basic.grades) expect(text(page)).toContain(`${grade.symbol} ${grade.label}`);
    for (const row of basic.rows) expect(text(page)).toContain(`${row.label}${row.title}`);
    expect(text(page)).toContain(`${basic.total.total}件`);
  });

  it('gives every policy its page: goal, policy, measures, both lists and its KPIs', () => {
    const all = sheets(html).map(text);
    model.policies.forEach((policy) => {
      const page = all.find(
        (s) => s.includes(`${policy.policyLabel}${policy.policyTitle}`) && !s.includes('（続き）'),
      );
      expect(page, policy.policyTitle).toBeDefined();
      expect(page).toContain(`${policy.goalLabel}${policy.goalTitle}`);
      expect(page).toContain(policy.measures.map((m) => `${m.label}${m.title}`).join('／'));
      for (const item of [...policy.results, ...policy.directions]) expect(page).toContain(item);
      expect(page).toContain(policy.resultsHeading);
      expect(page).toContain(policy.directionsHeading);
    });
    const kpiNames = sheets(html)
      .filter((s) => s.startsWith('page-policy'))
      .map(text)
      .join('\n');
    for (const kpi of model.policies.flatMap((p) => p.kpis)) expect(kpiNames).toContain(kpi.name);
  });

  it('shows each 基本目標’s 総合評価 in the summary table: badge, symbol and label, and its basis', () => {
    const [basic] = model.kpiSection.sets;
    if (!basic) throw new Error('no KPI set');
    const page = sheets(html)[1] ?? '';
    expect(page).toContain('<th scope="col">総合評価（指標数）</th>');
    for (const row of basic.rows) {
      const at = page.indexOf(`${row.label}<span class="goal-title">`);
      const tr = page.slice(at, page.indexOf('</tr>', at));
      expect(text(tr)).toContain(
        `${row.rollUp.grade.symbol}${row.rollUp.grade.label}（${row.rollUp.counted}件）`,
      );
      expect(tr).toContain(`title="${row.rollUp.basis}"`);
      expect(tr).toContain(`background:${row.rollUp.grade.color}`);
    }
    expect(basic.rows[0]?.rollUp.basis).toMatch(/^指標\d+件の平均点方式/);
    expect(text(page)).toContain('総合評価は、基本目標の指標の評価から平均点方式で算出');
  });

  it('puts each policy’s 総合評価 per KPI set above its KPI table, once', () => {
    const pages = paginateReport(model);
    const all = sheets(html);
    model.policies.forEach((policy, index) => {
      expect(policy.rollUps.map((r) => r.setName)).toEqual(['基本計画', '総合戦略']);
      const own = pages.flatMap((p, i) =>
        p.kind === 'policy' && p.policyIndex === index ? [all[i] ?? ''] : [],
      );
      const withRollUp = own.filter((s) => s.includes('class="rollups"'));
      expect(withRollUp, policy.policyTitle).toHaveLength(1);
      const sheet = withRollUp[0] ?? '';
      const line = text(
        sheet.slice(
          sheet.indexOf('class="rollups"'),
          sheet.indexOf('</div>', sheet.indexOf('class="rollups"')),
        ),
      );
      expect(line).toContain('この基本方針の総合評価');
      for (const r of policy.rollUps)
        expect(line).toContain(`${r.setName}${r.grade.symbol}${r.grade.label}${r.basis}`);
      // Above the table, which starts on the same sheet.
      expect(sheet.indexOf('class="rollups"')).toBeLessThan(sheet.indexOf('class="policy-kpis"'));
    });
  });

  it('lists every KPI once in the annex, grouped by 基本目標', () => {
    const annex = sheets(html)
      .filter((s) => s.startsWith('page-annex'))
      .join('');
    const rows = annex.match(/<tr><td>/g) ?? [];
    const total = model.annex.reduce((n, set) => n + set.groups.reduce((m, g) => m + g.kpis.length, 0), 0);
    expect(rows).toHaveLength(total);
    expect(text(annex)).toContain('基本目標 1　「魅力の創出・交流」の拡大');
  });

  it('marks the invented values as 架空のデモ値 wherever they are shown', () => {
    expect(model.illustrative).toBe(true);
    const all = sheets(html);
    expect(text(all[0] ?? '')).toContain('架空のデモ値');
    for (const sheet of all) {
      const showsKpiValues =
        /class="(?:policy-kpis|annex-table|summary-table)"/.test(sheet) &&
        !sheet.includes('class="placeholder"');
      if (showsKpiValues) expect(text(sheet)).toContain('架空のデモ値');
    }
  });
});

describe('HTML report of the seed year without KPIs', () => {
  let model: ReportModel;
  let html: string;
  beforeAll(async () => {
    model = await seedReportModel();
    html = renderReportHtml(model);
  }, 60_000);

  it('has the cover, the KPI pages, the legend and the 15 policy pages, and no annex', () => {
    expect(sheets(html)).toHaveLength(1 + model.kpiSection.sets.length + 1 + 15);
    expect(html).not.toContain('page-annex');
    expect(html).not.toContain('class="policy-kpis"');
    expect(html).not.toContain('class="rollups"');
    expect(html).not.toContain('架空のデモ値');
  });

  it('says that the KPI sets have no KPI yet instead of drawing empty bars silently', () => {
    const page = text(sheets(html)[1] ?? '');
    expect(page).toContain('基本計画の指標（KPI）は、この年度の報告書にはまだ登録されていません。');
    expect(sheets(html)[1]).toContain('指標なし');
  });

  it('reproduces the legend page (次ページからの記載事項)', () => {
    const legend = text(sheets(html)[1 + model.kpiSection.sets.length] ?? '');
    expect(legend).toContain('次ページからの記載事項');
    expect(legend).toContain('基本方針名');
    expect(legend).toContain('令和5年度 主な取組内容 / 実績');
    expect(legend).toContain('新たな取組、課題を解決や施策を推進していくための方向性');
  });

  it('escapes the text it prints', () => {
    const tricky: ReportModel = {
      ...model,
      policies: model.policies.map((p, i) =>
        i === 0 ? { ...p, results: ['<script>alert(1)</script> & "引用"'] } : p,
      ),
    };
    const out = renderReportHtml(tricky);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引用&quot;');
  });
});

/** The items of a page's list (results: `column`, directions: `column next`), pieces of split items marked. */
function listItems(sheet: string, className: string): Array<{ text: string; rest: boolean }> {
  const at = sheet.indexOf(`<section class="${className}">`);
  if (at < 0) return [];
  const section = sheet.slice(at, sheet.indexOf('</section>', at));
  return [...section.matchAll(/<li( class="(rest|none)")?>(.*?)<\/li>/g)]
    .filter((m) => m[2] !== 'none')
    .map((m) => ({ text: text(m[3] ?? ''), rest: m[2] === 'rest' }));
}

describe.each([
  ['the large model', largeReportModel],
  ['the stress model', stressReportModel],
])('HTML report of %s', (_, build) => {
  const model = build();
  const html = renderReportHtml(model);
  const pages = paginateReport(model);
  const all = sheets(html);

  it('prints every result and direction exactly once, in order, over the policy’s pages', () => {
    model.policies.forEach((policy, index) => {
      const own = pages.flatMap((p, i) =>
        p.kind === 'policy' && p.policyIndex === index ? [all[i] ?? ''] : [],
      );
      for (const [className, expected] of [
        ['column', policy.results],
        ['column next', policy.directions],
      ] as const) {
        const printed: string[] = [];
        for (const item of own.flatMap((sheet) => listItems(sheet, className))) {
          if (item.rest) printed[printed.length - 1] += item.text;
          else printed.push(item.text);
        }
        expect(printed, `${policy.policyLabel} ${className}`).toEqual(expected);
      }
      // Nowhere else on the policy's pages either (not in a heading or twice in a list).
      const printedTexts = own.flatMap((sheet) =>
        [...sheet.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) => text(m[1] ?? '')),
      );
      for (const item of [...policy.results, ...policy.directions]) {
        if (item.length < 1000)
          expect(
            printedTexts.filter((t) => t === item),
            item,
          ).toHaveLength(1);
      }
    });
  });

  it('titles continuation pages and continued lists 「（続き）」, under the goal band', () => {
    pages.forEach((page, i) => {
      if (page.kind !== 'policy') return;
      const sheet = all[i] ?? '';
      const title = text(sheet.slice(sheet.indexOf('<h2 class="policy-title"'), sheet.indexOf('</h2>')));
      expect(title).toBe(
        `${page.policy.policyLabel}${page.policy.policyTitle}${page.part > 0 ? '（続き）' : ''}`,
      );
      expect(text(sheet)).toContain(`${page.policy.goalLabel}${page.policy.goalTitle}`);
      if (page.results?.continued) expect(text(sheet)).toContain(`${page.policy.resultsHeading}（続き）`);
      if (page.directions?.continued)
        expect(text(sheet)).toContain(`${page.policy.directionsHeading}（続き）`);
      expect(sheet.includes('class="columns wide"')).toBe(page.wide);
    });
    expect(html).toContain('class="columns wide"');
  });
});

describe('HTML report of a plan whose levels are 政策 → 施策 → 基本事業', () => {
  // The large model with another city's level names in every label.
  const renamed: ReportModel = {
    ...(JSON.parse(
      JSON.stringify(largeReportModel()).replaceAll('基本目標', '政策').replaceAll('基本方針', '施策'),
    ) as ReportModel),
    levelNames: ['政策', '施策', '基本事業'],
    pageLevelName: '施策',
  };
  const html = renderReportHtml(renamed);

  it('names the levels from the model in every heading, caption and note', () => {
    expect(renamed.policies[0]?.policyLabel).toBe('施策1');
    const printed = text(html);
    expect(printed).not.toContain('基本目標');
    expect(printed).not.toContain('基本方針');
    expect(printed).toContain('評価別の指標数と割合、政策の総合評価');
    expect(printed).toContain('総合評価は、政策の指標の評価から平均点方式で算出');
    expect(printed).toContain('この施策の総合評価');
    expect(printed).toContain('この施策に指標（KPI）は登録されていません。');
  });
});
