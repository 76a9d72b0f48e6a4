/**
 * @module Council report model
 * The progress report for the planning council (進捗報告書) as data, built once from its inputs
 * for a fiscal year and then rendered by every format (md, html, pdf, pptx, xlsx, docx), so the
 * formats can never disagree. Every label is ready to print (wareki, ①…, 基本目標 1); renderers
 * do layout only.
 */
import type { ReportLegend } from '../domain/plan/types.ts';

/** A grade of the evaluation scheme as printed in legends and badges (colour never alone). */
export interface GradeKey {
  grade: string;
  label: string;
  symbol: string;
  /** `#rrggbb` */
  color: string;
}

/** A fiscal-year value as printed. */
export interface YearValueCell {
  value: number;
  /** e.g. 令和5年度 */
  yearLabel: string;
  /** e.g. R5 */
  yearShort: string;
}

/** One KPI as a table row. */
export interface KpiRow {
  code: string;
  name: string;
  unit: string;
  /** Node it hangs on, e.g. 基本目標 1 ＞ 基本方針1 ＞ ① */
  nodeLabel: string;
  /** 増加 / 減少 / 維持 */
  directionLabel: string;
  baseline: YearValueCell | null;
  /** With its comparator printed, e.g. 以上 */
  target: (YearValueCell & { comparatorLabel: string }) | null;
  /** The latest actual at or before the report year. */
  latest: (YearValueCell & { status: 'final' | 'provisional'; statusLabel: string }) | null;
  /** Percent, one decimal, or null. */
  rate: number | null;
  grade: GradeKey;
  /** Latest actual is older than the report year. */
  stale: boolean;
  /** 達成見込み / 達成困難 / 判定不能, or '' */
  projectionLabel: string;
  department: string;
  /** Invented demo value (架空のデモ値). */
  illustrative: boolean;
}

/**
 * 総合評価: one grade for a 基本目標 or 基本方針 in one KPI set, rolled up from the KPIs on it and
 * below it by the set's evaluation scheme.
 */
export interface RollUpKey {
  /** The KPI set, e.g. 基本計画 */
  setName: string;
  /** The grade with its colour; the no-data grade when no KPI could be counted. */
  grade: GradeKey;
  /** e.g. 平均点方式 */
  methodLabel: string;
  /** KPIs the grade was computed from. */
  counted: number;
  /** KPIs left out (no data, no target, administrative codes). */
  excluded: number;
  /** What the grade was computed from, e.g. 指標4件の平均点方式 */
  basis: string;
}

/** Counts per grade for one bar of the KPI chart. */
export interface GradeCountsRow {
  /** e.g. 基本目標 1, or 合計 */
  label: string;
  title: string;
  /** One count per entry of KpiSetSummary.grades, same order. */
  counts: number[];
  /** Percent per grade, one decimal. */
  shares: number[];
  total: number;
}

/** A 基本目標's row of the KPI chart and table, with its 総合評価. */
export interface GoalCountsRow extends GradeCountsRow {
  rollUp: RollUpKey;
}

/** 指標（KPI）の達成状況 of one KPI set. */
export interface KpiSetSummary {
  name: string;
  grades: GradeKey[];
  /** One row per top-level node (基本目標), in order, with its 総合評価 in this set. */
  rows: GoalCountsRow[];
  total: GradeCountsRow;
  /** Total of the previous fiscal year, for the change. */
  previousTotal: GradeCountsRow;
  illustrative: boolean;
}

/** One page per progress-carrying node (基本方針). */
export interface PolicyPage {
  /** e.g. 基本目標 1 */
  goalLabel: string;
  goalTitle: string;
  /** e.g. 基本方針1 */
  policyLabel: string;
  policyTitle: string;
  /** e.g. [{ label: '①', title: '観光の振興' }] */
  measures: Array<{ label: string; title: string }>;
  /** e.g. 令和5年度 主な取組内容 / 実績 */
  resultsHeading: string;
  results: string[];
  /** e.g. 令和6年度 主な取組 / 今後の方向性 */
  directionsHeading: string;
  directions: string[];
  kpis: KpiRow[];
  /** The policy's 総合評価 per KPI set, in set order: only the sets with KPIs on or below it. */
  rollUps: RollUpKey[];
}

/** Annex: the full KPI table of a set, grouped by top-level node. */
export interface AnnexSet {
  name: string;
  groups: Array<{ label: string; title: string; kpis: KpiRow[] }>;
}

/** One comment of 審議会からの意見と対応: what it concerns, the comment and the city's answer. */
export interface CouncilCommentEntry {
  /** e.g. 基本目標 1 ＞ 基本方針1 観光の振興, or 指標「観光客数」（基本目標 1 ＞ 基本方針1 ＞ ①） */
  subject: string;
  /** 意見 */
  comment: string;
  /** 対応, or 「（対応を検討中）」 while there is none. */
  response: string;
  answered: boolean;
}

/** 審議会からの意見と対応: present when the year has comments (and the report includes them). */
export interface CouncilCommentsSection {
  /** 審議会からの意見と対応 */
  heading: string;
  entries: CouncilCommentEntry[];
}

/** The mark every page of a draft carries. */
export const DRAFT_MARK = '案';

export interface ReportModel {
  municipality: { name: string; localGovCode: string };
  /** Fiscal year of the results (2023 for 令和5年度実績). */
  fiscalYear: number;
  cover: {
    /** e.g. 第二次美祢市総合計画 前期計画の進捗状況について (as stored) */
    title: string;
    planName: string;
    /** e.g. 前期計画 */
    periodName: string;
    /** e.g. 令和6年度（令和5年度実績） */
    subtitle: string;
    /** ISO date of the council meeting */
    date: string;
    /** e.g. 令和6年12月19日 */
    dateLabel: string;
    /** e.g. 第6回美祢市総合計画審議会 */
    councilMeeting: string;
  };
  kpiSection: {
    /** e.g. 基本計画と総合戦略の指標（KPI）の達成状況 */
    heading: string;
    sets: KpiSetSummary[];
  };
  legend: ReportLegend;
  /** Level names of the plan, e.g. ['基本目標', '基本方針', '施策'] */
  levelNames: string[];
  /** Name of the level with a page per node (the plan's progress level), e.g. 基本方針 */
  pageLevelName: string;
  policies: PolicyPage[];
  annex: AnnexSet[];
  /** True when any KPI value shown is an invented demo value. */
  illustrative: boolean;
  /**
   * 案: built while the plan's 進捗調査 of the year is open (not yet 確定); every page then carries
   * {@link DRAFT_MARK}. A year without a cycle (imported data) is not a draft.
   */
  draft: boolean;
  /** 審議会からの意見と対応, or null when the year has none or the report leaves them out. */
  councilComments: CouncilCommentsSection | null;
}
