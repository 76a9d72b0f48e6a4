import { describe, expect, it } from 'vitest';
import { aggregateByGroup, aggregateGrades, compareYears, rollUp, rollUpTree } from './aggregate.ts';
import { evaluateKpi } from './evaluate.ts';
import { resolveScheme } from './presets.ts';

const scheme = resolveScheme('default');
const graded = (...grades: string[]) => grades.map((grade) => ({ grade, achieved: grade === 'A' }));

describe('aggregateGrades', () => {
  it('counts every grade of the scheme in order, zero counts and the no-data grade included', () => {
    const table = aggregateGrades(graded('A', 'A', 'B', 'D', '－', 'A'), scheme);
    expect(table.grades.map((g) => [g.grade, g.count, g.share])).toEqual([
      ['A', 3, 50],
      ['B', 1, 16.7],
      ['C', 0, 0],
      ['D', 1, 16.7],
      ['－', 1, 16.7],
      ['目標なし', 0, 0],
      ['未着手', 0, 0],
      ['休止・廃止', 0, 0],
      ['評価困難', 0, 0],
    ]);
    expect(table).toMatchObject({ total: 6, achieved: 3, achievedShare: 50 });
    expect(table.grades.find((g) => g.grade === '－')?.kind).toBe('no-data');
    expect(table.grades[0]).toMatchObject({
      label: '目標達成',
      symbol: 'A',
      color: expect.stringMatching(/^#/),
    });
  });
  it('gives shares of 0, not NaN, for an empty group', () => {
    const table = aggregateGrades([], scheme);
    expect(table.total).toBe(0);
    expect(table.grades.every((g) => g.share === 0)).toBe(true);
    expect(table.achievedShare).toBe(0);
  });
  it('counts as achieved exactly the KPIs graded 目標達成, also at a rounded 100.0 % and a 超 met exactly', () => {
    const kpi = (value: number, comparator: 'gte' | 'gt' = 'gte') => ({
      direction: 'increase' as const,
      target: { fiscalYear: 2024, value: comparator === 'gt' ? value : 100, comparator },
      actuals: [{ fiscalYear: 2023, value }],
    });
    // 120 %, 99.96 % (100.0 %), 93 against 「93超」 (100.0 %), 99.9 %, 50 %, and 100 % but 休止・廃止.
    const evaluations = [
      evaluateKpi(kpi(120), 2023, scheme),
      evaluateKpi(kpi(99.96), 2023, scheme),
      evaluateKpi(kpi(93, 'gt'), 2023, scheme),
      evaluateKpi(kpi(99.9), 2023, scheme),
      evaluateKpi(kpi(50), 2023, scheme),
      evaluateKpi(kpi(100), 2023, scheme, { status: 'suspended' }),
    ];
    const table = aggregateGrades(evaluations, scheme);
    expect(table.grades.find((g) => g.grade === 'A')?.count).toBe(3);
    expect(table).toMatchObject({ total: 6, achieved: 3, achievedShare: 50 });
    // The share-achieved roll-up counts the same three of the five graded KPIs.
    expect(rollUp(evaluations, scheme, 'share-achieved')).toMatchObject({ counted: 5, achievedShare: 60 });
  });
  it('refuses grades of another scheme', () => {
    expect(() => aggregateGrades(graded('①'), scheme)).toThrow('評価「①」は評価基準「default」にありません');
  });
});

describe('aggregateByGroup', () => {
  it('aggregates per key in order of first appearance and in total', () => {
    const rows = [
      { goal: '基本目標2', grade: 'A', achieved: true },
      { goal: '基本目標1', grade: 'C', achieved: false },
      { goal: '基本目標2', grade: 'B', achieved: false },
    ];
    const { groups, total } = aggregateByGroup(rows, (r) => r.goal, scheme);
    expect(groups.map((g) => [g.key, g.aggregate.total])).toEqual([
      ['基本目標2', 2],
      ['基本目標1', 1],
    ]);
    expect(total.total).toBe(3);
  });
});

describe('compareYears', () => {
  it('gives the change in counts and share points since the previous year', () => {
    const current = aggregateGrades(graded('A', 'A', 'B', 'C'), scheme);
    const previous = aggregateGrades(graded('A', 'B', 'C'), scheme);
    const change = compareYears(current, previous);
    expect(change.total).toEqual({ current: 4, previous: 3, delta: 1 });
    expect(change.grades[0]).toMatchObject({
      grade: 'A',
      current: 2,
      previous: 1,
      delta: 1,
      currentShare: 50,
      previousShare: 33.3,
      shareDelta: 16.7,
    });
    expect(change.achieved).toMatchObject({ current: 2, previous: 1, shareDelta: 16.7 });
  });
  it('matches grades by code when the schemes differ', () => {
    const change = compareYears(
      aggregateGrades(graded('A'), scheme),
      aggregateGrades(graded('①'), resolveScheme('tama')),
    );
    expect(change.grades.find((g) => g.grade === '①')).toMatchObject({ current: 0, previous: 1, delta: -1 });
  });
});

describe('rollUp', () => {
  it('mean-score: the grade nearest the mean score, a tie going to the better grade', () => {
    expect(rollUp(graded('A', 'C'), scheme)).toMatchObject({ grade: 'B', score: 3, method: 'mean-score' });
    expect(rollUp(graded('A', 'B'), scheme)).toMatchObject({ grade: 'A', score: 3.5 });
    expect(rollUp(graded('A', 'B', 'B', 'D'), scheme)).toMatchObject({ grade: 'B', score: 2.75 });
  });
  it('worst: the worst grade among the KPIs', () => {
    expect(rollUp(graded('A', 'A', 'C'), scheme, 'worst').grade).toBe('C');
  });
  it('share-achieved: the share of KPIs achieved, graded by the rate rules', () => {
    expect(rollUp(graded('A', 'A', 'A', 'A', 'B'), scheme, 'share-achieved')).toMatchObject({
      grade: 'B',
      achievedShare: 80,
    });
    expect(rollUp(graded('A', 'A'), scheme, 'share-achieved').grade).toBe('A');
    expect(rollUp(graded('B', 'C'), scheme, 'share-achieved').grade).toBe('D');
  });
  it('leaves out no-data, no-target and administrative grades; with nothing left, no data', () => {
    expect(rollUp(graded('A', '－', '未着手'), scheme)).toMatchObject({
      grade: 'A',
      counted: 1,
      excluded: 2,
    });
    expect(rollUp(graded('－', '目標なし'), scheme)).toMatchObject({
      grade: '－',
      counted: 0,
      score: null,
      achievedShare: null,
    });
    expect(rollUp([], scheme).grade).toBe('－');
  });
  it('works for schemes with negative scores (Open SDG)', () => {
    const sdg = resolveScheme('open-sdg');
    const statuses = ['substantial_progress', 'deterioration', 'moderate_progress'].map((grade) => ({
      grade,
      achieved: false,
    }));
    expect(rollUp(statuses, sdg)).toMatchObject({ grade: 'moderate_progress', score: 0.42 });
  });
});

describe('rollUpTree', () => {
  it('grades each node from the KPIs on it and below it', () => {
    interface Node {
      title: string;
      children: Node[];
    }
    const measureA: Node = { title: '施策①', children: [] };
    const measureB: Node = { title: '施策②', children: [] };
    const policy: Node = { title: '基本方針1', children: [measureA, measureB] };
    const goal: Node = { title: '基本目標1', children: [policy] };
    const kpis = new Map<Node, ReturnType<typeof graded>>([
      [measureA, graded('A', 'A')],
      [measureB, graded('D')],
    ]);
    const result = rollUpTree(
      [goal],
      (n) => n.children,
      (n) => kpis.get(n) ?? [],
      scheme,
    );
    expect(result.get(measureA)?.grade).toBe('A');
    expect(result.get(measureB)?.grade).toBe('D');
    expect(result.get(goal)).toMatchObject({ grade: 'B', counted: 3, score: 3 });
    expect(result.get(policy)?.grade).toBe('B');
  });
});
