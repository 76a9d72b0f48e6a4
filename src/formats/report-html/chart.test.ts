import { describe, expect, it } from 'vitest';
import type { GradeKey, KpiSetSummary } from '../../report/model.ts';
import { chartHeight, renderKpiChart, textColorOn } from './chart.ts';

const grades = [
  { grade: 'A', label: '目標達成', symbol: 'A', color: '#1a7f37' },
  { grade: 'B', label: '概ね順調', symbol: 'B', color: '#4d8f00' },
  { grade: 'C', label: '遅れ', symbol: 'C', color: '#b35900' },
  { grade: '－', label: '評価不能', symbol: '－', color: '#6e7781' },
];

const summary: KpiSetSummary = {
  name: '基本計画',
  grades,
  rows: [
    {
      label: '基本目標 1',
      title: '魅力',
      counts: [6, 3, 1, 0],
      shares: [60, 30, 10, 0],
      total: 10,
      rollUp: {
        setName: '基本計画',
        grade: grades[0] as GradeKey,
        methodLabel: '平均点方式',
        counted: 10,
        excluded: 0,
        basis: '指標10件の平均点方式',
      },
    },
    {
      label: '基本目標 2',
      title: '産業',
      counts: [0, 0, 0, 0],
      shares: [0, 0, 0, 0],
      total: 0,
      rollUp: {
        setName: '基本計画',
        grade: grades[3] as GradeKey,
        methodLabel: '平均点方式',
        counted: 0,
        excluded: 0,
        basis: '指標なし',
      },
    },
  ],
  total: { label: '合計', title: '', counts: [6, 3, 1, 0], shares: [60, 30, 10, 0], total: 10 },
  previousTotal: {
    label: '前年度（令和4年度）',
    title: '',
    counts: [0, 0, 0, 0],
    shares: [0, 0, 0, 0],
    total: 0,
  },
  illustrative: false,
};

describe('KPI chart (SVG)', () => {
  const svg = renderKpiChart(summary, { id: 'c1' });

  it('is an accessible image whose title says every count', () => {
    expect(svg).toMatch(/^<svg class="kpi-chart" viewBox="0 0 1000 \d+"/);
    expect(svg).toContain('role="img" aria-labelledby="c1-title"');
    expect(svg).toContain('<title id="c1-title">基本計画の指標（KPI）の評価別の割合。合計: A 目標達成 6件、');
    expect(svg).toContain('基本目標 2: 指標なし');
  });

  it('draws one bar per 基本目標 plus the total, with counts and the symbols in the legend', () => {
    expect(svg).toContain('>基本目標 1</text>');
    expect(svg).toContain('>基本目標 2</text>');
    expect(svg).toContain('font-weight="bold">合計</text>');
    expect(svg).toContain('>A 6</text>');
    expect(svg).toContain('>計 10件</text>');
    expect(svg).toContain('>指標なし</text>');
    for (const g of grades)
      expect(svg).toContain(`>${g.symbol === g.label ? g.label : `${g.symbol} ${g.label}`}</text>`);
  });

  it('hatches every grade but the first differently, so colour is not the only cue', () => {
    const hatches = svg.match(/clip-path="url\(#c1-clip-\d+\)" d="[^"]+"/g) ?? [];
    expect(hatches.length).toBeGreaterThanOrEqual(3); // B and C bars and legend swatches
    expect(svg).not.toContain('<pattern');
  });

  it('sizes itself to the number of bars', () => {
    expect(chartHeight(5)).toBeGreaterThan(chartHeight(2));
    expect(svg).toContain(`viewBox="0 0 1000 ${chartHeight(2)}"`);
  });

  it('writes labels in the colour that contrasts more', () => {
    expect(textColorOn('#1a7f37')).toBe('#ffffff');
    expect(textColorOn('#f2f4f7')).toBe('#1a1a1c');
  });
});
