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
}
