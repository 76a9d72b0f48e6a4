/**
 * @module Evaluation labels
 * The Japanese words printed for the evaluation scheme's choices, in one place for the API, the
 * screens and every report format: how a measure, policy or goal gets its rolled-up grade
 * (総合評価), and the line that says what that grade was computed from.
 */
import type { RollUp } from './aggregate.ts';
import type { RollupMethod } from './scheme.ts';

/** 総合評価の算出方法 */
export const ROLLUP_METHOD_LABELS: Record<RollupMethod, string> = {
  'mean-score': '平均点方式',
  worst: '最低評価方式',
  'share-achieved': '達成割合方式',
};

/**
 * What a rolled-up grade was computed from: the KPIs counted and the method, and the KPIs left out
 * (no data, no target, administrative codes).
 * @example rollUpBasisLabel({ method: 'mean-score', counted: 4, excluded: 0 }) // '指標4件の平均点方式'
 * @example rollUpBasisLabel({ method: 'worst', counted: 2, excluded: 1 }) // '指標2件の最低評価方式（評価対象外1件を除く）'
 * @example rollUpBasisLabel({ method: 'mean-score', counted: 0, excluded: 0 }) // '指標なし'
 */
export function rollUpBasisLabel(rollUp: Pick<RollUp, 'method' | 'counted' | 'excluded'>): string {
  const { counted, excluded } = rollUp;
  if (counted === 0) return excluded === 0 ? '指標なし' : `評価できる指標なし（評価対象外${excluded}件）`;
  const basis = `指標${counted}件の${ROLLUP_METHOD_LABELS[rollUp.method]}`;
  return excluded === 0 ? basis : `${basis}（評価対象外${excluded}件を除く）`;
}
