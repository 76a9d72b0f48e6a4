import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  type EvaluationScheme,
  evaluationSchemeSchema,
  gradeKind,
  isFallbackRule,
  matchRule,
  measuresUsed,
} from './scheme.ts';

const input = (values: Partial<Parameters<typeof matchRule>[1]>) => ({
  achieved: false,
  rate: null,
  change: null,
  improved: null,
  ...values,
});

describe('matchRule', () => {
  it('takes the first rule whose conditions hold, on the rounded rate', () => {
    expect(matchRule(DEFAULT_SCHEME, input({ rate: 100 }))).toBe('A');
    expect(matchRule(DEFAULT_SCHEME, input({ rate: 99.9 }))).toBe('B');
    expect(matchRule(DEFAULT_SCHEME, input({ rate: 80 }))).toBe('B');
    expect(matchRule(DEFAULT_SCHEME, input({ rate: 49.9 }))).toBe('D');
  });
  it('gives an achieved KPI the achieved grade whatever its rate', () => {
    expect(matchRule(DEFAULT_SCHEME, input({ achieved: true, rate: 0 }))).toBe('A');
    expect(matchRule(DEFAULT_SCHEME, input({ achieved: true }))).toBe('A');
  });
  it('uses the first rule for an achieved KPI when no rule is marked achieved', () => {
    expect(
      matchRule({ rules: [{ grade: 'X', rate: { gte: 90 } }, { grade: 'Y' }] }, input({ achieved: true })),
    ).toBe('X');
  });
  it('does not let a condition on a missing value hold', () => {
    const rules = {
      rules: [{ grade: 'A', change: { gte: -10 } }, { grade: 'B', rate: { lt: 50 } }, { grade: 'C' }],
    };
    expect(matchRule(rules, input({}))).toBe('C');
    expect(matchRule(rules, input({ change: -10 }))).toBe('A');
    expect(matchRule(rules, input({ rate: 10 }))).toBe('B');
  });
  it('combines bounds and conditions', () => {
    const rules = {
      rules: [
        { grade: 'band', rate: { gt: 50, lte: 60 } },
        { grade: 'up', improved: true },
        { grade: 'not', achieved: false, change: { lt: 0 } },
        { grade: 'rest' },
      ],
    };
    expect(matchRule(rules, input({ rate: 60 }))).toBe('band');
    expect(matchRule(rules, input({ rate: 50, improved: true }))).toBe('up');
    expect(matchRule(rules, input({ change: -1 }))).toBe('not');
    expect(matchRule(rules, input({ change: 0 }))).toBe('rest');
  });
});

describe('scheme helpers', () => {
  it('knows the fallback rule, the measures used and the kinds of grades', () => {
    expect(isFallbackRule({ grade: 'D' })).toBe(true);
    expect(isFallbackRule({ grade: 'A', achieved: true })).toBe(false);
    expect(measuresUsed(DEFAULT_SCHEME)).toEqual({ rate: true, change: false, improved: false });
    expect(gradeKind(DEFAULT_SCHEME, 'B')).toBe('performance');
    expect(gradeKind(DEFAULT_SCHEME, '－')).toBe('no-data');
    expect(gradeKind(DEFAULT_SCHEME, '目標なし')).toBe('no-target');
    expect(gradeKind(DEFAULT_SCHEME, '休止・廃止')).toBe('administrative');
  });
});

describe('evaluationSchemeSchema', () => {
  const issuesOf = (scheme: unknown) => {
    const result = evaluationSchemeSchema.safeParse(scheme);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const withChanges = (changes: Partial<EvaluationScheme>) => ({
    ...structuredClone(DEFAULT_SCHEME),
    ...changes,
  });

  it('accepts the default scheme', () => {
    expect(issuesOf(DEFAULT_SCHEME)).toEqual([]);
  });
  it('requires the fallback rule last, and only there', () => {
    expect(issuesOf(withChanges({ rules: [{ grade: 'A', rate: { gte: 100 } }] }))).toEqual([
      'rules.0: 最後の規則は条件のない規則（どれにも当たらない場合の評価）にしてください',
    ]);
    expect(
      issuesOf(withChanges({ rules: [{ grade: 'D' }, { grade: 'A', rate: { gte: 100 } }, { grade: 'D' }] })),
    ).toContain('rules.0: 条件のない規則は最後に置いてください（後の規則が使われません）');
  });
  it('checks that every grade code refers to a defined grade', () => {
    const issues = issuesOf(
      withChanges({ rules: [{ grade: 'E', rate: { gte: 1 } }, { grade: 'D' }], noData: 'X' }),
    );
    expect(issues).toContain('rules.0.grade: 評価「E」は grades にありません');
    expect(issues).toContain('noData: 評価「X」は grades にありません');
  });
  it('rejects duplicate grades, special grades given by rules, missing scores and unknown keys', () => {
    const grades = [...DEFAULT_SCHEME.grades, { grade: 'A', label: 'again', symbol: 'A' }];
    expect(issuesOf(withChanges({ grades }))).toContain(
      `grades.${grades.length - 1}.grade: 評価「A」が重複しています`,
    );
    expect(issuesOf(withChanges({ noData: 'D' }))).toContain(
      'noData: 評価「D」は規則でも使われています。別の評価にしてください',
    );
    const unscored = DEFAULT_SCHEME.grades.map(({ score: _score, ...g }) => g);
    expect(issuesOf(withChanges({ grades: unscored }))).toContain(
      'grades.0.score: rollup が mean-score のときは、規則で使う評価すべてに score が必要です',
    );
    expect(issuesOf(withChanges({ grades: unscored, rollup: 'worst' }))).toEqual([]);
    expect(issuesOf({ ...DEFAULT_SCHEME, colour: 'red' })).toEqual([': Unrecognized key: "colour"']);
  });
});
