/**
 * The KPI chart: every kind of point by shape and word (見込 never by colour alone), escaped text,
 * the standalone form for image/svg+xml, and the same numbers as a table.
 */
import { describe, expect, it } from 'vitest';
import type { ReportKpi } from '../../../report/inputs.ts';
import { kpiChartPoints, kpiChartSvg, kpiChartTable } from './kpi-chart-svg.ts';

const kpi = (over: Partial<ReportKpi> = {}): ReportKpi =>
  ({
    id: 7,
    code: 'K-1',
    name: '観光客数<script>alert(1)</script>',
    unit: '人',
    direction: 'increase',
    baseline: { fiscalYear: 2020, value: 100 },
    target: { fiscalYear: 2026, value: 200, comparator: 'gte' },
    actuals: [
      { fiscalYear: 2021, value: 120, status: 'final' },
      { fiscalYear: 2022, value: 130, status: 'final' },
      { fiscalYear: 2023, value: 150, status: 'provisional' },
      { fiscalYear: 2024, value: 999, status: 'final' },
    ],
    nodeId: 1,
    nodePath: '1.1.1',
    illustrative: false,
    ...over,
  }) as ReportKpi;

describe('kpiChartSvg', () => {
  it('draws baseline, actuals up to the year, 見込 and target, with an accessible name', () => {
    const svg = kpiChartSvg({ kpi: kpi(), fiscalYear: 2023, title: '観光客数の推移 <b>' });
    expect(svg.startsWith('<svg class="kpi-chart"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="kpi-chart-7-title kpi-chart-7-desc"');
    expect(svg).toContain('<title id="kpi-chart-7-title">観光客数の推移 &lt;b&gt;</title>');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('>見込</text>');
    expect(svg).toContain('目標 200人以上');
    expect(svg).not.toContain('999');
    expect(svg).toContain('実績（見込） 令和5年度 150人');
    expect(svg).toContain('>実績（見込）</text>');
  });

  it('names 見込 in the legend only when the chart has a provisional value', () => {
    const final = kpi({ actuals: [{ fiscalYear: 2021, value: 120, status: 'final' }] } as Partial<ReportKpi>);
    const svg = kpiChartSvg({ kpi: final, fiscalYear: 2023, title: 't' });
    expect(svg).toContain('>実績（確定）</text>');
    expect(svg).not.toContain('見込');
  });

  it('serves alone with the XML prolog and namespace, and says when there is nothing to draw', () => {
    const alone = kpiChartSvg({ kpi: kpi(), fiscalYear: 2023, title: 't', standalone: true });
    expect(
      alone.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    const empty = kpiChartSvg({
      kpi: kpi({ baseline: undefined, target: undefined, actuals: [] }),
      fiscalYear: 2023,
      title: 't',
    });
    expect(empty).toContain('値がありません');
    expect(empty.endsWith('</svg>')).toBe(true);
  });

  it('gives the same values as a table with headers, 見込 in words', () => {
    const table = kpiChartTable({ kpi: kpi(), fiscalYear: 2023, title: '推移' });
    expect(table).toContain('<th scope="col">年度</th>');
    expect(table).toContain('<th scope="row">令和5年度</th><td>実績（見込）</td><td class="num">150人</td>');
    expect(table).toContain('<td>目標値</td><td class="num">200人以上</td>');
    expect(kpiChartPoints(kpi(), 2023).map((p) => p.kind)).toEqual([
      'baseline',
      'final',
      'final',
      'provisional',
      'target',
    ]);
  });
});
