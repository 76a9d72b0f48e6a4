/**
 * @module Plan model
 * The comprehensive plan (総合計画) as pure data: the municipality that owns it, its periods,
 * its hierarchy of nodes (施策体系), the yearly progress records (進捗状況) and the progress report
 * (進捗報告書) that goes to the planning council. No I/O here.
 */

/** 市区町村 (municipality): the tenant every row belongs to. */
export interface Municipality {
  name: string;
  /** 全国地方公共団体コード: 6 digits including the check digit (e.g. 352136). */
  localGovCode: string;
}

/** How a level numbers its nodes: 1, 2, 3 … or ①②③ … */
export type Numbering = 'arabic' | 'circled';

/**
 * One level of a plan's hierarchy. Depth and names are data per plan: Mine City uses
 * 基本目標 → 基本方針 → 施策, other cities 政策 → 施策 → 基本事業 → 事務事業.
 */
export interface PlanLevel {
  name: string;
  numbering: Numbering;
}

export type PlanPeriodKind = 'vision' | 'basic-plan';

/** 基本構想 (vision) or 前期／後期基本計画 (basic plan half), as a fiscal-year range. */
export interface PlanPeriod {
  kind: PlanPeriodKind;
  name: string;
  /** First and last fiscal year; absent while only the name is known (e.g. read from a report title). */
  startYear?: number;
  endYear?: number;
}

/** 総合計画 (comprehensive plan). */
export interface Plan {
  name: string;
  levels: PlanLevel[];
  /** 1-based depth of the level that carries progress records (基本方針 = 2 in Mine City). */
  progressLevel: number;
  periods: PlanPeriod[];
}

/**
 * A node of the plan hierarchy. `level` is 1-based; `number` is its number within its parent
 * (基本目標 1, 基本方針 2, 施策 ③ = 3).
 */
export interface PlanNode {
  level: number;
  number: number;
  title: string;
  children: PlanNode[];
}

/** 進捗状況 (progress record) of one node for one fiscal year. */
export interface ProgressRecord {
  /** Fiscal year of the results (令和5年度 = 2023); directions are for fiscalYear + 1. */
  fiscalYear: number;
  /** 主な取組内容／実績 (main results of fiscalYear), in order. */
  results: string[];
  /** 主な取組／今後の方向性 (initiatives and direction for fiscalYear + 1), in order. */
  directions: string[];
}

/** The legend page (次ページからの記載事項): the template that explains the layout that follows. */
export interface ReportLegend {
  heading: string;
  goalLabel: string;
  policyLabel: string;
  measuresLabel: string;
  resultsHeading: string;
  resultsDescription: string[];
  directionsHeading: string;
  directionsDescription: string[];
}

/** 進捗報告書 (progress report) for the results of one fiscal year. */
export interface Report {
  /** e.g. 第二次美祢市総合計画 前期計画の進捗状況について */
  title: string;
  /** e.g. 令和6年度（令和5年度実績） */
  subtitle: string;
  /** Fiscal year of the results the report covers (2023 for 令和5年度実績). */
  fiscalYear: number;
  /** Date of the council meeting, ISO yyyy-mm-dd. */
  date: string;
  /** e.g. 第6回美祢市総合計画審議会 */
  councilMeeting: string;
  /** Heading of the KPI achievement section, e.g. 基本計画と総合戦略の指標（KPI）の達成状況 */
  kpiSectionHeading: string;
  /** Names of the KPI sets shown in the KPI section, in order (基本計画, 総合戦略). */
  kpiSetNames: string[];
  legend: ReportLegend;
}

/** A node with the progress record it carries for the report's year, if any. */
export interface ReportNode extends PlanNode {
  progress?: ProgressRecord;
  children: ReportNode[];
}

/** Everything a progress report holds, independent of storage and format. */
export interface ProgressReportDocument {
  plan: Pick<Plan, 'name' | 'levels' | 'progressLevel'>;
  /** The basic-plan period the report is about (前期計画), when known. */
  periodName?: string;
  report: Report;
  nodes: ReportNode[];
}
