/**
 * The 更新履歴's sentences between two publications of a year: every change a reader sees on a KPI
 * page is named (the definition and the source too), values carry their unit, and a grade is named
 * as the pages name it.
 */
import { describe, expect, it } from 'vitest';
import type { ReportEvaluatedKpi } from '../../report/inputs.ts';
import { describeChanges } from './changes.ts';
import type { PublishedSnapshot } from './snapshot.ts';

/** A snapshot of one KPI (what describeChanges reads of it: the KPIs and the policy pages). */
function snapshotOf(kpi: Partial<ReportEvaluatedKpi['kpi']>, evaluation = { grade: 'A', label: '目標達成' }) {
  const entry = {
    kpi: {
      id: 3,
      name: '観光客数',
      unit: '人',
      direction: 'increase',
      baseline: { fiscalYear: 2019, value: 1_200_000 },
      target: { fiscalYear: 2026, value: 1_500_000, comparator: 'gte' },
      actuals: [{ fiscalYear: 2023, value: 1_318_000, status: 'final' }],
      definition: '市内の観光地の入込客数',
      dataSource: '山口県観光客動態調査',
      ...kpi,
    },
    evaluation,
  };
  return {
    inputs: { kpiSets: [{ set: { name: '基本計画' }, kpis: [entry] }] },
    model: { policies: [] },
  } as unknown as PublishedSnapshot;
}

describe('describeChanges', () => {
  it('names a changed definition, source, baseline, note and status, with units and grade labels', () => {
    const before = snapshotOf({});
    const after = snapshotOf(
      {
        definition: '市内の観光地・イベントの入込客数',
        dataSource: '市の集計',
        baseline: { fiscalYear: 2019, value: 1_250_000 },
        actuals: [{ fiscalYear: 2023, value: 1_400_000, status: 'final' }],
      },
      { grade: 'B', label: '順調' },
    );
    expect(describeChanges(before, after)).toEqual([
      '指標「観光客数」の定義を更新',
      '指標「観光客数」の出典を更新',
      '指標「観光客数」の基準値を1,200,000人から1,250,000人に変更',
      '指標「観光客数」の令和5年度の実績値を1,318,000人から1,400,000人に変更',
      '指標「観光客数」の評価を「目標達成」から「順調」に変更',
    ]);
    const provisional = snapshotOf({
      actuals: [{ fiscalYear: 2023, value: 1_318_000, status: 'provisional' }],
    });
    expect(describeChanges(provisional, before)).toEqual([
      '指標「観光客数」の令和5年度の実績値を見込から確定に変更',
    ]);
    const noted = snapshotOf({
      actuals: [{ fiscalYear: 2023, value: 1_318_000, status: 'final', note: '速報値' } as never],
    });
    expect(describeChanges(before, noted)).toEqual(['指標「観光客数」の令和5年度の実績の備考を更新']);
  });
});
