/**
 * The scheme's rules in words, with the bound the earlier rules imply (80%以上100%未満).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, evaluateKpi } from '../../../domain/evaluation/index.ts';
import { explainEvaluation, schemeRuleWords } from './evaluation-words.ts';

describe('evaluation in words', () => {
  it('reads the default scheme rule by rule', () => {
    expect(schemeRuleWords(DEFAULT_SCHEME)).toEqual([
      '目標値を達成したときは A 目標達成',
      '達成率が100%以上のときは A 目標達成',
      '達成率が80%以上100%未満のときは B 概ね順調',
      '達成率が50%以上80%未満のときは C 遅れ',
      'ほかのどの条件にも当たらないときは D 大幅な遅れ',
    ]);
  });

  it('explains a grade by its formula, rate and rule', () => {
    const evaluation = evaluateKpi(
      {
        direction: 'increase',
        baseline: { fiscalYear: 2020, value: 100 },
        target: { fiscalYear: 2026, value: 200, comparator: 'gte' },
        actuals: [{ fiscalYear: 2023, value: 170 }],
      },
      2023,
      DEFAULT_SCHEME,
    );
    const words = explainEvaluation(evaluation, DEFAULT_SCHEME, '人');
    expect(words[0]).toContain('達成率 = 実績値 ÷ 目標値 × 100');
    expect(words).toContain('達成率は 85.0% です。');
    expect(words).toContain('令和5年度の実績値 170人を、目標値 200人以上（令和8年度）と比べました。');
    expect(words.at(-1)).toBe(
      '評価基準「標準（達成率 A〜D）」では、達成率が80%以上100%未満のときは B 概ね順調 です。',
    );
  });

  it('says when the actual is 見込, and why a KPI without data has its grade', () => {
    const base = {
      direction: 'increase' as const,
      target: { fiscalYear: 2026, value: 200, comparator: 'gte' as const },
    };
    const provisional = evaluateKpi(
      { ...base, actuals: [{ fiscalYear: 2023, value: 100, status: 'provisional' as const }] },
      2023,
      DEFAULT_SCHEME,
    );
    expect(explainEvaluation(provisional, DEFAULT_SCHEME, '件').join('')).toContain('100件（見込）を');
    const none = evaluateKpi({ ...base, actuals: [] }, 2023, DEFAULT_SCHEME);
    expect(explainEvaluation(none, DEFAULT_SCHEME, '件')).toEqual([
      'この年度までの実績値がないため、評価は「－ 評価不能」です。',
    ]);
  });
});
