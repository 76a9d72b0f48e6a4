/**
 * @module Evaluation
 * KPI evaluation (評価): schemes as data with presets, one KPI's rate, grade and projection (見通し),
 * aggregate tables and roll-up to measures, policies and goals. Pure functions; see README.md for the
 * scheme format, the presets and the outcome of every edge case.
 */
export {
  aggregateByGroup,
  aggregateGrades,
  type CountChange,
  compareYears,
  type GradeAggregate,
  type GradeCount,
  type GradedKpi,
  type RollUp,
  rollUp,
  rollUpTree,
  type YearComparison,
} from './aggregate.ts';
export {
  type AdministrativeStatus,
  type EvaluableKpi,
  type EvaluateOptions,
  type EvaluationNote,
  evaluateKpi,
  type KpiEvaluation,
} from './evaluate.ts';
export { ROLLUP_METHOD_LABELS, rollUpBasisLabel } from './labels.ts';
export { defaultComparator, type Reference } from './measures.ts';
export {
  PRESET_NAMES,
  PRESETS,
  type PresetName,
  resolveScheme,
  SchemeError,
  type SchemeIssue,
  type SchemeResult,
  safeResolveScheme,
} from './presets.ts';
export { type Projection, type ProjectionLabel, type ProjectionMethod, projectKpi } from './projection.ts';
export { roundHalfUp } from './rounding.ts';
export {
  type AdministrativeGrades,
  achievedGrade,
  type Bounds,
  DEFAULT_SCHEME,
  type EvaluationScheme,
  type EvaluationSchemeInput,
  type EvaluationSchemeObject,
  evaluationSchemeInputSchema,
  evaluationSchemeSchema,
  type Formula,
  type GradeDefinition,
  type GradeKind,
  type GradeRule,
  gradeKind,
  type ReferenceKind,
  type RollupMethod,
} from './scheme.ts';
