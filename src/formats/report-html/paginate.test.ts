import { beforeAll, describe, expect, it } from 'vitest';
import type { KpiRow, ReportModel } from '../../report/model.ts';
import { chartHeight } from './chart.ts';
import { paginateReport, summaryChartHeight, textEms } from './paginate.ts';
import { demoReportModelWithKpis } from './test-support.ts';

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
