/**
 * @module Roll-up for hand-made report models
 * The 総合評価 of a group of hand-made KPI rows, computed by the domain's own `rollUp` under the
 * default scheme (its grade codes A–D and 「－」 are the ones the hand-made models use), so the
 * renderer tests get the same kind of values the builder gives.
 */
import {
  DEFAULT_SCHEME,
  ROLLUP_METHOD_LABELS,
  rollUp,
  rollUpBasisLabel,
} from '../domain/evaluation/index.ts';
import type { GradeKey, KpiRow, RollUpKey } from './model.ts';

/**
 * The 総合評価 of `kpis` in the set `setName`, its grade drawn from the model's own `grades`.
 * @example handMadeRollUp('基本計画', GRADES, policy.kpis).basis // '指標6件の平均点方式'
 */
export function handMadeRollUp(
  setName: string,
  grades: readonly GradeKey[],
  kpis: readonly KpiRow[],
): RollUpKey {
  const known = new Set(DEFAULT_SCHEME.grades.map((g) => g.grade));
  const result = rollUp(
    kpis.map((k) => ({
      grade: known.has(k.grade.grade) ? k.grade.grade : DEFAULT_SCHEME.noData,
      achieved: k.grade.grade === 'A',
    })),
    DEFAULT_SCHEME,
  );
  const grade = grades.find((g) => g.grade === result.grade) ?? {
    grade: result.grade,
    label: result.label,
    symbol: result.symbol,
    color: '#6e7781',
  };
  return {
    setName,
    grade,
    methodLabel: ROLLUP_METHOD_LABELS[result.method],
    counted: result.counted,
    excluded: result.excluded,
    basis: rollUpBasisLabel(result),
  };
}
