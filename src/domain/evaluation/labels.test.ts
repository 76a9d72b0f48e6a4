import { describe, expect, it } from 'vitest';
import { rollUp } from './aggregate.ts';
import { ROLLUP_METHOD_LABELS, rollUpBasisLabel } from './labels.ts';
import { DEFAULT_SCHEME } from './scheme.ts';

describe('roll-up labels', () => {
  it('names every method in Japanese', () => {
    expect(ROLLUP_METHOD_LABELS).toEqual({
      'mean-score': '平均点方式',
      worst: '最低評価方式',
      'share-achieved': '達成割合方式',
    });
  });

  it('says how many KPIs a roll-up counts, by which method, and how many it leaves out', () => {
    const graded = (...grades: string[]) => grades.map((grade) => ({ grade, achieved: grade === 'A' }));
    expect(rollUpBasisLabel(rollUp(graded('A', 'B', 'C', 'D'), DEFAULT_SCHEME))).toBe('指標4件の平均点方式');
    expect(rollUpBasisLabel(rollUp(graded('A', '－', '未着手'), DEFAULT_SCHEME, 'worst'))).toBe(
      '指標1件の最低評価方式（評価対象外2件を除く）',
    );
    expect(rollUpBasisLabel(rollUp(graded('－'), DEFAULT_SCHEME, 'share-achieved'))).toBe(
      '評価できる指標なし（評価対象外1件）',
    );
    expect(rollUpBasisLabel(rollUp([], DEFAULT_SCHEME))).toBe('指標なし');
  });
});
