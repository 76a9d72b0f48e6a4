import { beforeAll, describe, expect, it } from 'vitest';
import type { KpiRow, ReportModel } from '../../report/model.ts';
import { chartHeight } from './chart.ts';
import {
  type ListPiece,
  type ListSlice,
  paginateReport,
  type ReportPage,
  splitText,
  summaryChartHeight,
  textEms,
} from './paginate.ts';
import {
  demoReportModelWithKpis,
  largeReportModel,
  STRESS_POLICIES,
  stressReportModel,
} from './test-support.ts';

type PolicySheet = Extract<ReportPage, { kind: 'policy' }>;

/** The items of a list as printed over pages: pieces marked `rest` join the item before them. */
function printedItems(pieces: ListPiece[]): string[] {
  const items: string[] = [];
  for (const piece of pieces) {
    if (piece.rest && items.length > 0) items[items.length - 1] += piece.text;
    else items.push(piece.text);
  }
  return items;
}

const piecesOf = (slices: Array<ListSlice | null>) => slices.flatMap((s) => s?.items ?? []);

function policySheets(model: ReportModel): PolicySheet[][] {
  const pages = paginateReport(model).filter((p): p is PolicySheet => p.kind === 'policy');
  return model.policies.map((_, i) => pages.filter((p) => p.policyIndex === i));
}

describe('report pagination', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
  }, 60_000);

  it('numbers the pages 1…N in order', () => {
    const pages = paginateReport(model);
    expect(pages.map((p) => p.number)).toEqual(pages.map((_, i) => i + 1));
  });

  it('continues a long KPI table on as many pages as it needs, every row once and in order', () => {
    const first = model.policies[0];
    const sample = first?.kpis[0];
    if (!first || !sample) throw new Error('test data without KPIs');
    const many: KpiRow[] = Array.from({ length: 40 }, (_, i) => ({ ...sample, code: `X${i}` }));
    const dense: ReportModel = { ...model, policies: [{ ...first, kpis: many }, ...model.policies.slice(1)] };
    const parts = paginateReport(dense).filter((p) => p.kind === 'policy' && p.policyIndex === 0);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.map((p) => (p.kind === 'policy' ? p.part : -1))).toEqual(parts.map((_, i) => i));
    const printed = parts.flatMap((p) => (p.kind === 'policy' ? p.kpis.map((k) => k.code) : []));
    expect(printed).toEqual(many.map((k) => k.code));
  });

  it('puts every KPI of a set in the annex once, groups in order, continued groups marked', () => {
    const annex = paginateReport(model).filter((p) => p.kind === 'annex');
    model.annex.forEach((set, setIndex) => {
      const pages = annex.filter((p) => p.kind === 'annex' && p.setIndex === setIndex);
      const printed = pages.flatMap((p) => (p.kind === 'annex' ? p.groups.flatMap((g) => g.kpis) : []));
      expect(printed).toEqual(set.groups.flatMap((g) => g.kpis));
      for (const page of pages) {
        if (page.kind !== 'annex') continue;
        for (const group of page.groups) {
          const whole = set.groups.find((g) => g.label === group.label);
          expect(group.continued).toBe(whole?.kpis[0] !== group.kpis[0]);
        }
      }
    });
  });

  it('shrinks a KPI chart only when a plan has so many 基本目標 that chart and table would not fit', () => {
    const set = model.kpiSection.sets[0];
    if (!set) throw new Error('no KPI set');
    const natural = (chartHeight(set.rows.length) * 271) / 1000;
    expect(summaryChartHeight(set)).toBeCloseTo(natural, 0);
    const many = { ...set, rows: [...set.rows, ...set.rows] };
    expect(summaryChartHeight(many)).toBeLessThan((chartHeight(many.rows.length) * 271) / 1000);
  });

  it('counts full-width characters as one em and others as about half', () => {
    expect(textEms('基本方針')).toBe(4);
    expect(textEms('R5')).toBeCloseTo(1.12);
  });
});

describe.each([
  ['the large model', largeReportModel],
  ['the stress model', stressReportModel],
])('policy pages of %s', (_, build) => {
  const model = build();
  const sheets = policySheets(model);

  it('print every measure, result, direction and KPI once and in order, over continuation pages', () => {
    model.policies.forEach((policy, i) => {
      const own = sheets[i] ?? [];
      expect(
        own.map((p) => p.part),
        policy.policyLabel,
      ).toEqual(own.map((_, k) => k));
      const measures = own.flatMap((p) => p.measures ?? []);
      expect(printedItems(measures)).toEqual(policy.measures.map((m) => `${m.label}${m.title}`));
      expect(printedItems(piecesOf(own.map((p) => p.results)))).toEqual(policy.results);
      expect(printedItems(piecesOf(own.map((p) => p.directions)))).toEqual(policy.directions);
      expect(own.flatMap((p) => p.kpis)).toEqual(policy.kpis);
      expect(own.filter((p) => p.rollUp)).toHaveLength(policy.kpis.length > 0 ? 1 : 0);
    });
    // 30 long results on the first policy: three continuation pages in the large model.
    expect(sheets[0]?.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the order measures, lists, KPI table, and marks every continued part 「（続き）」', () => {
    for (const own of sheets) {
      const last = (has: (p: PolicySheet) => boolean) => own.findLastIndex(has);
      const first = (has: (p: PolicySheet) => boolean) => own.findIndex(has);
      const lists = (p: PolicySheet) => p.results !== null || p.directions !== null;
      const table = (p: PolicySheet) => p.kpiPart !== 'none';
      if (own.some(lists)) expect(first(lists)).toBeGreaterThanOrEqual(last((p) => p.measures !== null));
      if (own.some(table)) expect(first(table)).toBeGreaterThanOrEqual(last(lists));
      for (const key of ['results', 'directions'] as const) {
        const slices = own.flatMap((p) => (p[key] ? [p[key]] : []));
        expect(slices.map((s) => s.continued)).toEqual(slices.map((_, k) => k > 0));
      }
      const rows = own.filter((p) => p.kpiPart === 'rows');
      expect(rows.map((p) => p.tableContinued)).toEqual(rows.map((_, k) => k > 0));
      // Side by side while both lists continue, at full width for a list continued alone.
      for (const page of own) {
        if (page.results && page.directions) expect(page.wide).toBe(false);
        else if (page.results || page.directions) expect(page.wide).toBe(page.part > 0);
      }
    }
  });

  it('splits an item only when it alone is taller than a page', () => {
    const split = sheets.flatMap((own) => {
      const pieces = [
        ...own.flatMap((p) => p.measures ?? []),
        ...piecesOf(own.map((p) => p.results)),
        ...piecesOf(own.map((p) => p.directions)),
      ];
      return printedItems(pieces.filter((p, k) => p.rest || pieces[k + 1]?.rest));
    });
    for (const item of split) expect(item.length).toBeGreaterThan(1000);
    if (model.policies.every((p) => p.results.every((r) => r.length < 1000))) expect(split).toEqual([]);
  });
});

describe('policy pages of the stress model', () => {
  const model = stressReportModel();
  const sheets = policySheets(model);
  const indexOf = (title: string) => model.policies.findIndex((p) => p.policyTitle === title);

  it('continues one item longer than a page, and a measures line longer than a page', () => {
    const lists = sheets[indexOf(STRESS_POLICIES.longLists)] ?? [];
    const huge = model.policies[indexOf(STRESS_POLICIES.longLists)]?.results[1] ?? '';
    expect(huge.length).toBeGreaterThan(1000);
    const pieces = piecesOf(lists.map((p) => p.results));
    expect(pieces.filter((p) => huge.includes(p.text)).length).toBeGreaterThanOrEqual(2);
    const measures = sheets[indexOf(STRESS_POLICIES.longMeasures)] ?? [];
    expect(measures.filter((p) => p.measures !== null).length).toBeGreaterThanOrEqual(3);
  });

  it('notes a KPI table that starts on the next page, and a policy without KPIs after long lists', () => {
    for (const own of sheets) {
      own.forEach((page, k) => {
        if (page.kpiPart !== 'next-page') return;
        expect(own[k + 1]).toMatchObject({ kpiPart: 'rows', rollUp: true, tableContinued: false });
      });
    }
    expect(sheets.flat().some((p) => p.kpiPart === 'next-page')).toBe(true);
    const noKpis = sheets[indexOf(STRESS_POLICIES.noKpis)] ?? [];
    expect(noKpis.length).toBeGreaterThan(1);
    expect(noKpis.map((p) => p.kpiPart)).toEqual([...noKpis.slice(1).map(() => 'none'), 'no-kpis']);
  });
});

describe('splitText', () => {
  it('cuts at a width in ems, not inside a Latin word when a better place is near', () => {
    expect(splitText('観光の振興', 3)).toEqual(['観光の', '振興']);
    expect(splitText('の受入れとMineCollection', 10)).toEqual(['の受入れと', 'MineCollection']);
    expect(splitText('x'.repeat(50), 5)).toEqual(['x'.repeat(8), 'x'.repeat(42)]);
    expect(splitText('観光', 0)).toEqual(['観', '光']);
  });
});
