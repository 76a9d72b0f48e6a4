/**
 * @module Evaluation in words
 * A KPI's grade explained as a citizen reads it: the formula of its 達成率, the target it was
 * compared with, and the rule of the KPI set's evaluation scheme (評価基準) that gave the grade,
 * e.g. 「達成率 = 実績値 ÷ 目標値 × 100」「達成率が80%以上100%未満のときは B 概ね順調」. The wording
 * follows src/domain/evaluation/README.md.
 */

import { formatFiscalYear } from '../../../domain/calendar/index.ts';
import type {
  Bounds,
  EvaluationScheme,
  Formula,
  GradeRule,
  KpiEvaluation,
} from '../../../domain/evaluation/index.ts';
import { matchingRule } from '../../../domain/evaluation/scheme.ts';
import { COMPARATOR_LABELS } from '../../../domain/kpi/labels.ts';
import { formatValue } from '../../../formats/report-html/values.ts';

export const FORMULA_WORDS: Record<Formula, string> = {
  ratio: '達成率 = 実績値 ÷ 目標値 × 100（減少を目指す指標は 目標値 ÷ 実績値 × 100）',
  progress: '達成率 = （実績値 − 基準値）÷（目標値 − 基準値）× 100（基準値から目標値までの進み具合）',
  growth: '達成率 = 実績の年平均成長率 ÷ 目標に必要な年平均成長率 × 100',
};

const REFERENCE_WORDS: Record<EvaluationScheme['reference'], string> = {
  final: '最終の目標値と比べます。',
  prorated: '基準値から最終の目標値までを年数で按分した、その年度の目安値と比べます。',
  annual: 'その年度の目標値と比べます。',
};

const pct = (n: number) => `${formatValue(n)}%`;

function boundsWords(subject: string, b: Bounds): string {
  const parts: string[] = [];
  if (b.gte !== undefined) parts.push(`${pct(b.gte)}以上`);
  if (b.gt !== undefined) parts.push(`${pct(b.gt)}超`);
  if (b.lte !== undefined) parts.push(`${pct(b.lte)}以下`);
  if (b.lt !== undefined) parts.push(`${pct(b.lt)}未満`);
  return `${subject}が${parts.join('')}`;
}

/** A rule with only a lower rate bound reads with the bound of the rules before it: 80%以上100%未満. */
function effectiveRate(rule: GradeRule, before: GradeRule[]): Bounds | undefined {
  const rate = rule.rate;
  if (!rate || rate.lt !== undefined || rate.lte !== undefined) return rate;
  const floor = rate.gte ?? rate.gt;
  if (floor === undefined) return rate;
  const above = before
    .filter((r) => r.rate && r.achieved === undefined && r.improved === undefined && r.change === undefined)
    .map((r) => r.rate?.gte)
    .filter((v): v is number => v !== undefined && v > floor);
  return above.length > 0 ? { ...rate, lt: Math.min(...above) } : rate;
}

/** The condition of a rule in words, e.g. 達成率が80%以上100%未満. */
export function ruleCondition(rule: GradeRule, before: GradeRule[]): string {
  const parts: string[] = [];
  if (rule.achieved === true) parts.push('目標値を達成した');
  if (rule.improved === true) parts.push('基準値より改善した');
  if (rule.improved === false) parts.push('基準値より改善していない');
  const rate = effectiveRate(rule, before);
  if (rate) parts.push(boundsWords('達成率', rate));
  if (rule.change) parts.push(boundsWords('基準値からの変化率', rule.change));
  return parts.length > 0 ? parts.join('、かつ') : 'ほかのどの条件にも当たらない';
}

const gradeWords = (scheme: EvaluationScheme, code: string) => {
  const g = scheme.grades.find((x) => x.grade === code);
  if (!g) return code;
  return g.symbol === g.label ? g.label : `${g.symbol} ${g.label}`;
};

/** 「…ときは」 after a verb, 「…のときは」 after a noun (以上, 未満 …). */
const when = (condition: string) => `${condition}${/[たい]$/.test(condition) ? '' : 'の'}ときは`;

/** Every rule of the scheme in order, e.g. 「達成率が80%以上100%未満のときは B 概ね順調」. */
export function schemeRuleWords(scheme: EvaluationScheme): string[] {
  return scheme.rules.map(
    (rule, i) => `${when(ruleCondition(rule, scheme.rules.slice(0, i)))} ${gradeWords(scheme, rule.grade)}`,
  );
}

/** The explanation of one KPI's grade: sentences, in order. */
export function explainEvaluation(
  evaluation: KpiEvaluation,
  scheme: EvaluationScheme,
  unit: string,
): string[] {
  const grade = gradeWords(scheme, evaluation.grade);
  const out: string[] = [];
  const formula = evaluation.rateFormula ?? scheme.formula;
  switch (evaluation.kind) {
    case 'no-data':
      out.push(`この年度までの実績値がないため、評価は「${grade}」です。`);
      return out;
    case 'no-target':
      out.push(`比べる目標値がないため、評価は「${grade}」です。`);
      return out;
    case 'administrative':
      out.push(`担当課から評価区分が報告されたため、評価は「${grade}」です（達成率によらない評価です）。`);
      return out;
    default:
      break;
  }
  out.push(`${FORMULA_WORDS[formula]}。${REFERENCE_WORDS[scheme.reference]}`);
  if (evaluation.reference && evaluation.actualValue !== null && evaluation.actualYear !== null) {
    const ref = evaluation.reference;
    out.push(
      `${formatFiscalYear(evaluation.actualYear)}の実績値 ${formatValue(evaluation.actualValue)}${unit}${evaluation.notes.includes('provisional-actual') ? '（見込）' : ''}を、目標値 ${formatValue(ref.value)}${unit}${COMPARATOR_LABELS[ref.comparator]}（${formatFiscalYear(ref.fiscalYear)}）と比べました。`,
    );
  }
  if (evaluation.rate !== null) out.push(`達成率は ${evaluation.rate.toFixed(1)}% です。`);
  const index = scheme.rules.indexOf(
    matchingRule(scheme, {
      achieved: evaluation.achieved,
      rate: evaluation.rate,
      change: evaluation.changeFromBaseline,
      improved: evaluation.improved,
    }),
  );
  const rule = scheme.rules[index];
  if (rule && rule.grade === evaluation.grade) {
    out.push(
      `評価基準「${scheme.label}」では、${when(ruleCondition(rule, scheme.rules.slice(0, index)))} ${grade} です。`,
    );
  } else {
    out.push(`評価は「${grade}」です。`);
  }
  if (evaluation.stale && evaluation.actualYear !== null) {
    out.push(`${formatFiscalYear(evaluation.actualYear)}の実績値が最新のため、その値で評価しています。`);
  }
  return out;
}
