/**
 * @module Evaluation scheme
 * 評価基準 (evaluation scheme) as data, chosen per plan and KPI set: the rate formula, the reference
 * target, the grades and the ordered rules that give them, and the grades for the cases no rule covers
 * (no data, no target, administrative codes). Schemes arrive as JSON from the CLI, HTTP and the
 * database, so this module also holds their zod schema; inside the domain the types are trusted.
 * The format is documented field by field in README.md beside this file.
 */
import { z } from 'zod';

/** 達成率の算式: `ratio` 実績÷目標, `progress` 基準値からの進捗, `growth` 年平均成長率の比 (Open SDG). */
export type Formula = 'ratio' | 'progress' | 'growth';

/** The target a year is compared with: the final one, the straight line to it, or the annual one. */
export type ReferenceKind = 'final' | 'prorated' | 'annual';

/** How a measure, policy or goal gets one grade from its KPIs. */
export type RollupMethod = 'mean-score' | 'worst' | 'share-achieved';

/** Numeric conditions, all of which must hold: ≥ gte, > gt, ≤ lte, < lt. */
export interface Bounds {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

/**
 * One grading rule. Rules are tried in order and the first whose conditions all hold wins; a rule
 * without conditions is the fallback and must come last. A condition on a value that could not be
 * computed (no baseline, no rate) does not hold.
 */
export interface GradeRule {
  grade: string;
  /** `true`: the grade an achieved KPI gets (the first such rule; the first rule if none says so). */
  achieved?: boolean;
  /** The actual is better than the baseline (in the KPI's direction). */
  improved?: boolean;
  /** Conditions on the achievement rate (%, rounded to one decimal). */
  rate?: Bounds;
  /** Conditions on the change from the baseline (%, direction-adjusted, rounded to one decimal). */
  change?: Bounds;
}

/** A grade as a table shows it. `symbol` is always printed: colour is never the only cue. */
export interface GradeDefinition {
  grade: string;
  label: string;
  symbol: string;
  /** Badge colour for the UI, `#rrggbb`. */
  color?: string;
  /** Score for the `mean-score` roll-up; higher is better. */
  score?: number;
  description?: string;
}

/** Grades for the codes departments report instead of a value: 未着手, 休止・廃止, 評価困難. */
export interface AdministrativeGrades {
  notStarted: string;
  suspended: string;
  hardToEvaluate: string;
}

/** 評価基準 (evaluation scheme). Grade codes in `noData`, `noTarget` and `administrative` refer to `grades`. */
export interface EvaluationScheme {
  name: string;
  label: string;
  description?: string;
  /** Where the practice it reproduces is published. */
  source?: string;
  formula: Formula;
  reference: ReferenceKind;
  /** Every grade the scheme can give, best first; this is also the order of aggregate tables. */
  grades: GradeDefinition[];
  rules: GradeRule[];
  noData: string;
  noTarget: string;
  administrative: AdministrativeGrades;
  rollup: RollupMethod;
}

/** Which kind of outcome a grade stands for; aggregates use it so a UI can set the special ones apart. */
export type GradeKind = 'performance' | 'no-data' | 'no-target' | 'administrative';

const A_COLOR = '#1a7f37';
const B_COLOR = '#4d8f00';
const C_COLOR = '#b35900';
const D_COLOR = '#c62828';
const GREY = '#6e7781';

/**
 * The default scheme: 達成率 = 実績値 ÷ 目標値 × 100 (inverted for 減少), compared with the final
 * target. A 目標達成 ≥ 100, B 概ね順調 ≥ 80, C 遅れ ≥ 50, D 大幅な遅れ; 「－」 評価不能 when there is no
 * data. It is also the base that partial scheme objects are merged onto.
 */
export const DEFAULT_SCHEME: EvaluationScheme = {
  name: 'default',
  label: '標準（達成率 A〜D）',
  description: '達成率＝実績値÷目標値×100（減少を目指す指標は目標値÷実績値×100）。最終目標値と比較する。',
  formula: 'ratio',
  reference: 'final',
  grades: [
    { grade: 'A', label: '目標達成', symbol: 'A', color: A_COLOR, score: 4 },
    { grade: 'B', label: '概ね順調', symbol: 'B', color: B_COLOR, score: 3 },
    { grade: 'C', label: '遅れ', symbol: 'C', color: C_COLOR, score: 2 },
    { grade: 'D', label: '大幅な遅れ', symbol: 'D', color: D_COLOR, score: 1 },
    { grade: '－', label: '評価不能', symbol: '－', color: GREY },
    { grade: '目標なし', label: '目標値なし', symbol: '＊', color: GREY },
    { grade: '未着手', label: '未着手', symbol: '未', color: GREY },
    { grade: '休止・廃止', label: '休止・廃止', symbol: '休', color: GREY },
    { grade: '評価困難', label: '評価困難', symbol: '困', color: GREY },
  ],
  rules: [
    { grade: 'A', achieved: true },
    { grade: 'A', rate: { gte: 100 } },
    { grade: 'B', rate: { gte: 80 } },
    { grade: 'C', rate: { gte: 50 } },
    { grade: 'D' },
  ],
  noData: '－',
  noTarget: '目標なし',
  administrative: { notStarted: '未着手', suspended: '休止・廃止', hardToEvaluate: '評価困難' },
  rollup: 'mean-score',
};

// ---------------------------------------------------------------------------------------------
// Rule matching
// ---------------------------------------------------------------------------------------------

/** The values rules are matched against; null where the value could not be computed. */
export interface RuleInput {
  achieved: boolean;
  rate: number | null;
  change: number | null;
  improved: boolean | null;
}

function withinBounds(value: number | null, bounds: Bounds | undefined): boolean {
  if (!bounds) return true;
  if (value === null) return false;
  if (bounds.gte !== undefined && !(value >= bounds.gte)) return false;
  if (bounds.gt !== undefined && !(value > bounds.gt)) return false;
  if (bounds.lte !== undefined && !(value <= bounds.lte)) return false;
  if (bounds.lt !== undefined && !(value < bounds.lt)) return false;
  return true;
}

/** True for the rule without conditions, the fallback. */
export function isFallbackRule(rule: GradeRule): boolean {
  return (
    rule.achieved === undefined &&
    rule.improved === undefined &&
    rule.rate === undefined &&
    rule.change === undefined
  );
}

/**
 * The grade every achieved KPI gets: that of the first rule marked `achieved: true`, else of the
 * first rule.
 * @example achievedGrade(DEFAULT_SCHEME) // 'A'
 */
export function achievedGrade(scheme: Pick<EvaluationScheme, 'rules'>): string {
  const { rules } = scheme;
  return (rules.find((r) => r.achieved === true) ?? rules[0])?.grade ?? '';
}

/**
 * The grade code the scheme's rules give for these values: an achieved KPI gets the first rule marked
 * `achieved: true` (or the first rule), anything else the first rule whose conditions all hold.
 * @example matchRule(DEFAULT_SCHEME, { achieved: false, rate: 85, change: null, improved: null }) // 'B'
 */
export function matchRule(scheme: Pick<EvaluationScheme, 'rules'>, input: RuleInput): string {
  return matchingRule(scheme, input).grade;
}

const NO_RULE: GradeRule = { grade: '' };

/** The rule {@link matchRule} takes its grade from (evaluation also asks whether it is a rate rule). */
export function matchingRule(scheme: Pick<EvaluationScheme, 'rules'>, input: RuleInput): GradeRule {
  const { rules } = scheme;
  if (input.achieved) {
    const rule = rules.find((r) => r.achieved === true) ?? rules[0];
    if (rule) return rule;
  }
  for (const rule of rules) {
    if (rule.achieved === true) continue;
    if (rule.achieved === false && input.achieved) continue;
    if (rule.improved !== undefined && input.improved !== rule.improved) continue;
    if (!withinBounds(input.rate, rule.rate)) continue;
    if (!withinBounds(input.change, rule.change)) continue;
    return rule;
  }
  // The schema requires a fallback rule, so this is reached only by a scheme built around it.
  return rules[rules.length - 1] ?? NO_RULE;
}

/** Which computed values the scheme's rules look at; a KPI none of them can be computed for is not gradable. */
export function measuresUsed(scheme: Pick<EvaluationScheme, 'rules'>): {
  rate: boolean;
  change: boolean;
  improved: boolean;
} {
  return {
    rate: scheme.rules.some((r) => r.rate !== undefined),
    change: scheme.rules.some((r) => r.change !== undefined),
    improved: scheme.rules.some((r) => r.improved !== undefined),
  };
}

/**
 * The definition of a grade code. Codes come from a validated scheme, so a miss is a programming error.
 * @example gradeDefinition(DEFAULT_SCHEME, 'B').label // '概ね順調'
 */
export function gradeDefinition(scheme: Pick<EvaluationScheme, 'grades'>, grade: string): GradeDefinition {
  const found = scheme.grades.find((g) => g.grade === grade);
  if (!found) throw new Error(`評価「${grade}」は評価基準にありません`);
  return found;
}

/**
 * Whether a grade code is a performance grade (given by a rule) or one of the special ones.
 * @example gradeKind(DEFAULT_SCHEME, '－') // 'no-data'
 */
export function gradeKind(scheme: EvaluationScheme, grade: string): GradeKind {
  if (grade === scheme.noData) return 'no-data';
  if (grade === scheme.noTarget) return 'no-target';
  // The three fields compared directly rather than through Object.values: this runs once per
  // evaluated KPI, and AdministrativeGrades has exactly these fields (the zod schema is strict).
  const { administrative } = scheme;
  if (
    grade === administrative.notStarted ||
    grade === administrative.suspended ||
    grade === administrative.hardToEvaluate
  )
    return 'administrative';
  // Rule grades, and grades listed for display that no rule currently gives.
  return 'performance';
}

// ---------------------------------------------------------------------------------------------
// zod: validation at the boundary
// ---------------------------------------------------------------------------------------------

const gradeCode = z.string().trim().min(1).max(32);

const boundsSchema = z.strictObject({
  gte: z.number().optional(),
  gt: z.number().optional(),
  lte: z.number().optional(),
  lt: z.number().optional(),
});

const ruleSchema = z.strictObject({
  grade: gradeCode,
  achieved: z.boolean().optional(),
  improved: z.boolean().optional(),
  rate: boundsSchema.optional(),
  change: boundsSchema.optional(),
});

const gradeDefinitionSchema = z.strictObject({
  grade: gradeCode,
  label: z.string().trim().min(1).max(100),
  symbol: z.string().trim().min(1).max(8),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, '色は #rrggbb で指定してください')
    .optional(),
  score: z.number().optional(),
  description: z.string().optional(),
});

const administrativeSchema = z.strictObject({
  notStarted: gradeCode,
  suspended: gradeCode,
  hardToEvaluate: gradeCode,
});

const schemeFields = {
  name: z.string().trim().min(1).max(64),
  label: z.string().trim().min(1).max(100),
  description: z.string().optional(),
  source: z.string().optional(),
  formula: z.enum(['ratio', 'progress', 'growth']),
  reference: z.enum(['final', 'prorated', 'annual']),
  grades: z.array(gradeDefinitionSchema).min(1),
  rules: z.array(ruleSchema).min(1),
  noData: gradeCode,
  noTarget: gradeCode,
  administrative: administrativeSchema,
  rollup: z.enum(['mean-score', 'worst', 'share-achieved']),
};

/** Cross-field checks: every code refers to a defined grade, the last rule is the fallback, and so on. */
function checkReferences(scheme: EvaluationScheme, ctx: z.RefinementCtx): void {
  const codes = new Set<string>();
  scheme.grades.forEach((g, i) => {
    if (codes.has(g.grade)) {
      ctx.addIssue({
        code: 'custom',
        path: ['grades', i, 'grade'],
        message: `評価「${g.grade}」が重複しています`,
      });
    }
    codes.add(g.grade);
  });
  const ruleGrades = new Set(scheme.rules.map((r) => r.grade));
  scheme.rules.forEach((r, i) => {
    if (!codes.has(r.grade)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i, 'grade'],
        message: `評価「${r.grade}」は grades にありません`,
      });
    }
    const last = i === scheme.rules.length - 1;
    if (last && !isFallbackRule(r)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i],
        message: '最後の規則は条件のない規則（どれにも当たらない場合の評価）にしてください',
      });
    }
    if (!last && isFallbackRule(r)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i],
        message: '条件のない規則は最後に置いてください（後の規則が使われません）',
      });
    }
  });
  const special: Array<[path: Array<string>, code: string]> = [
    [['noData'], scheme.noData],
    [['noTarget'], scheme.noTarget],
    [['administrative', 'notStarted'], scheme.administrative.notStarted],
    [['administrative', 'suspended'], scheme.administrative.suspended],
    [['administrative', 'hardToEvaluate'], scheme.administrative.hardToEvaluate],
  ];
  for (const [path, code] of special) {
    if (!codes.has(code))
      ctx.addIssue({ code: 'custom', path, message: `評価「${code}」は grades にありません` });
    if (ruleGrades.has(code)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `評価「${code}」は規則でも使われています。別の評価にしてください`,
      });
    }
  }
  scheme.grades.forEach((g, i) => {
    if (scheme.rollup === 'mean-score' && ruleGrades.has(g.grade) && g.score === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['grades', i, 'score'],
        message: 'rollup が mean-score のときは、規則で使う評価すべてに score が必要です',
      });
    }
  });
}

/** zod schema of a complete scheme, with the cross-field checks. */
export const evaluationSchemeSchema: z.ZodType<EvaluationScheme> = z
  .strictObject(schemeFields)
  .superRefine(checkReferences);

/**
 * zod schema of a scheme as a user writes it: every field optional, plus `base`, the preset it extends
 * (default: `default`). {@link resolveScheme} merges it onto the base and validates the result.
 */
export const evaluationSchemeInputSchema = z.strictObject({
  base: z.string().optional(),
  name: schemeFields.name.optional(),
  label: schemeFields.label.optional(),
  description: schemeFields.description,
  source: schemeFields.source,
  formula: schemeFields.formula.optional(),
  reference: schemeFields.reference.optional(),
  grades: schemeFields.grades.optional(),
  rules: schemeFields.rules.optional(),
  noData: schemeFields.noData.optional(),
  noTarget: schemeFields.noTarget.optional(),
  administrative: schemeFields.administrative.optional(),
  rollup: schemeFields.rollup.optional(),
});

/** A partial scheme object as stored or sent: fields override those of `base`. */
export type EvaluationSchemeObject = z.input<typeof evaluationSchemeInputSchema>;

/** What a KPI set stores as its scheme: a preset name or a partial scheme object. */
export type EvaluationSchemeInput = string | EvaluationSchemeObject;
