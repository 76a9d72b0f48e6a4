/**
 * @module Council report inputs
 * Everything the report model is built from, as plain values: the stored progress report, the
 * municipality, the plan nodes, the node links and the evaluated KPI sets of one fiscal year. The
 * report feature (src/features/report/load.ts) reads them from the database; the builder
 * (`buildReportModel` in build.ts) only turns them into the model, so it can be tested, benchmarked or
 * fed from a fixture without a database. The shapes are the least the builder needs: the
 * evaluation service's `KpiSetEvaluation` and the stored KPI fit them as they are.
 */
import type { EvaluationScheme, GradeAggregate, KpiEvaluation, RollUp } from '../domain/evaluation/index.ts';
import type { Kpi } from '../domain/kpi/types.ts';
import type { Municipality, PlanLevel, ProgressReportDocument } from '../domain/plan/types.ts';

/** A KPI as the report prints it: the domain values plus the node it hangs on. */
export interface ReportKpi extends Kpi {
  nodeId: number;
  /** Dotted path of its node within the node's own plan, e.g. '1.2.3'. */
  nodePath: string;
  /** Invented demo value (架空のデモ値). */
  illustrative: boolean;
}

/** A KPI with its evaluation for the report year. */
export interface ReportEvaluatedKpi {
  kpi: ReportKpi;
  evaluation: KpiEvaluation;
}

/** One KPI set of the report (基本計画, 総合戦略), evaluated for the report year by its own scheme. */
export interface ReportKpiSet {
  set: { name: string };
  /** The plan the set belongs to: the report's plan, or a linked 総合戦略 with its own levels. */
  plan: { id: number; levels: PlanLevel[] };
  scheme: EvaluationScheme;
  kpis: ReportEvaluatedKpi[];
  /** One entry per top-level node (基本目標) of the set's plan, in order, KPI-less nodes included. */
  byTopNode: Array<{
    path: string;
    /** e.g. 基本目標 1 */
    label: string;
    title: string;
    aggregate: GradeAggregate;
    rollUp: RollUp;
  }>;
  /** 総合評価 of every node of the set's plan, by dotted path. */
  byNode: Array<{ path: string; rollUp: RollUp }>;
  total: GradeAggregate;
  /** The same KPIs evaluated for the previous fiscal year. */
  previousTotal: GradeAggregate;
}

/** A node of the report's plan or of a KPI set's plan, for labels and links. */
export interface ReportPlanNode {
  id: number;
  planId: number;
  /** Dotted numbers within its plan, e.g. '1.2'. */
  path: string;
  /** 1-based. */
  level: number;
  /** Its number within its parent. */
  number: number;
}

/** A link from a node of the report's plan to a node of another plan (a 総合戦略's measure). */
export interface ReportNodeLink {
  /** The node of the report's plan. */
  nodeId: number;
  /** The node it is linked with. */
  linkedNodeId: number;
}

/** The 審議会 meeting that reviews the report (the latest 第N回 of the plan and year). */
export interface ReportCouncilMeeting {
  /** 第N回 */
  number: number;
  /** ISO date */
  heldOn: string;
  /** e.g. 総合計画審議会 (as the city names it) */
  councilName: string;
}

/** A council member's comment on a node or KPI, with the city's answer (対応) if recorded. */
export interface ReportCouncilComment {
  id: number;
  subject:
    | { kind: 'node'; planId: number; path: string; title: string }
    | { kind: 'kpi'; planId: number; nodePath: string; name: string };
  body: string;
  /** null while unanswered. */
  response: string | null;
}

/** What `buildReportModel` needs for one fiscal year's council report. */
export interface ReportInputs {
  /** Fiscal year of the results (2023 for 令和5年度実績). */
  fiscalYear: number;
  municipality: Municipality;
  /** The id of the report's plan (the 総合計画); KPI sets of other plans are linked 総合戦略. */
  planId: number;
  /** The stored progress report: cover, legend, hierarchy and progress records. */
  document: ProgressReportDocument;
  /** In report order: the plan's own sets, then the linked strategies' sets. */
  kpiSets: ReportKpiSet[];
  /** The nodes of the report's plan and of every plan a KPI set belongs to. */
  planNodes: ReportPlanNode[];
  /** The links of the report's plan's nodes with other plans' nodes. */
  nodeLinks: ReportNodeLink[];
  /** The meeting the cover names; absent: the stored report's own date and council text. */
  councilMeeting?: ReportCouncilMeeting | null;
  /** The year's council comments on the plan's nodes and KPIs, oldest first. */
  councilComments?: ReportCouncilComment[];
  /**
   * The plan's 進捗調査 of the year: 'open' makes the report a draft (案); 'closed' (確定) or none
   * (a year imported from files, with no cycle) does not.
   */
  cycleState?: 'open' | 'closed' | null;
}

/** Choices made when building the report. */
export interface ReportBuildOptions {
  /** Include 審議会からの意見と対応 (default: yes, when the year has comments). */
  councilComments?: boolean;
}
