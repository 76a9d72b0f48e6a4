/**
 * @module KPI labels
 * The Japanese words printed for KPI values, in one place for the API, the report and the tables.
 */
import type { ActualStatus, AdministrativeStatus, Comparator, Direction, KpiKind } from './types.ts';

/** 方向: 増加 / 減少 / 維持 */
export const DIRECTION_LABELS: Record<Direction, string> = {
  increase: '増加',
  decrease: '減少',
  maintain: '維持',
};

/** Comparator as printed after a target value (「80%以上」); an exact target prints nothing. */
export const COMPARATOR_LABELS: Record<Comparator, string> = {
  gte: '以上',
  gt: '超',
  lte: '以下',
  lt: '未満',
  eq: '',
};

/** A comparator standing alone (a history entry, an upload's change list): an exact target needs a word. */
export const COMPARATOR_WORDS: Record<Comparator, string> = { ...COMPARATOR_LABELS, eq: 'ちょうど' };

/** 指標の種類: 成果指標 / 活動指標 / 対象指標 */
export const KIND_LABELS: Record<KpiKind, string> = {
  outcome: '成果指標',
  activity: '活動指標',
  target_group: '対象指標',
};

/** 実績値の状態: 確定 / 見込 */
export const ACTUAL_STATUS_LABELS: Record<ActualStatus, string> = { final: '確定', provisional: '見込' };

/** 評価区分: 未着手 / 休止・廃止 / 評価困難 (the KPI set's scheme decides the grade each gives). */
export const ADMINISTRATIVE_STATUS_LABELS: Record<AdministrativeStatus, string> = {
  'not-started': '未着手',
  suspended: '休止・廃止',
  'hard-to-evaluate': '評価困難',
};

/** The administrative statuses in the order forms and lists offer them. */
export const ADMINISTRATIVE_STATUSES: readonly AdministrativeStatus[] = [
  'not-started',
  'suspended',
  'hard-to-evaluate',
];
