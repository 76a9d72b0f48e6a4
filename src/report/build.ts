/**
 * @module Council report model builder
 * Turns the inputs of one fiscal year's report — the stored progress report, the plan and its
 * evaluated KPIs ({@link ReportInputs}) — into the print-ready {@link ReportModel}. A pure function
 * of its inputs: the report feature (src/features/report/) reads them from the database.
 */

import { formatFiscalYear, formatWarekiDate } from '../domain/calendar/index.ts';
import {
  type GradeAggregate,
  ROLLUP_METHOD_LABELS,
  type RollUp,
  rollUp,
  rollUpBasisLabel,
} from '../domain/evaluation/index.ts';
import { ACTUAL_STATUS_LABELS, COMPARATOR_LABELS, DIRECTION_LABELS } from '../domain/kpi/labels.ts';
import { nodeLabel } from '../domain/plan/numbering.ts';
import { progressHeadings } from '../domain/plan/progress-headings.ts';
import type { PlanLevel, ReportNode } from '../domain/plan/types.ts';
import type {
  ReportBuildOptions,
  ReportCouncilComment,
  ReportEvaluatedKpi,
  ReportInputs,
  ReportKpiSet,
  ReportPlanNode,
} from './inputs.ts';
import type {
  CouncilCommentsSection,
  GradeCountsRow,
  GradeKey,
  KpiRow,
  KpiSetSummary,
  PolicyPage,
  ReportModel,
  RollUpKey,
} from './model.ts';

// Used when a scheme gives a grade no colour; the symbol and label always accompany it.
const FALLBACK_COLORS = ['#1b7a3d', '#5b9b2f', '#c99a06', '#c0392b', '#7f8c8d', '#95a5a6', '#34495e'];

/**
 * Builds the council report model for a fiscal year of results from its inputs.
 * @example const model = buildReportModel(await loadReportInputs(db, { municipalityId: 1, fiscalYear: 2023 }));
 */
export function buildReportModel(inputs: ReportInputs, options: ReportBuildOptions = {}): ReportModel {
  const { document: doc, fiscalYear, planId, kpiSets: sets, planNodes: allNodes } = inputs;
  const levels = doc.plan.levels;
  // Each set's KPIs are labelled in their own plan's hierarchy (a 総合戦略 has its own levels).
  const planIds = [...new Set([planId, ...sets.map((s) => s.plan.id)])];
  const labellers = new Map(
    planIds.map((id) => [
      id,
      pathLabeller(
        allNodes.filter((n) => n.planId === id),
        id === planId ? levels : (sets.find((s) => s.plan.id === id)?.plan.levels ?? []),
      ),
    ]),
  );
  const labelOfPath = labellers.get(planId)?.labelOfPath ?? new Map<string, string>();
  const rowsBySet = sets.map((set) => {
    const pathLabel = labellers.get(set.plan.id)?.pathLabel ?? (() => '');
    return { set, rows: set.kpis.map((k) => kpiRow(k, set, pathLabel)) };
  });
  // 総合戦略 KPIs appear on the page of every policy their node links into.
  const linksOf = new Map<number, number[]>();
  for (const { nodeId, linkedNodeId } of inputs.nodeLinks) {
    const list = linksOf.get(nodeId);
    if (list) list.push(linkedNodeId);
    else linksOf.set(nodeId, [linkedNodeId]);
  }
  const planNodes = allNodes.filter((n) => n.planId === planId);
  const linkedInto = (policyPath: string) =>
    new Set(planNodes.filter((n) => isWithin(n.path, policyPath)).flatMap((n) => linksOf.get(n.id) ?? []));
  const onPolicy = (set: ReportKpiSet, policyPath: string) => {
    if (set.plan.id === planId) return (k: ReportEvaluatedKpi) => isWithin(k.kpi.nodePath, policyPath);
    const linked = linkedInto(policyPath);
    return (k: ReportEvaluatedKpi) => linked.has(k.kpi.nodeId);
  };

  const policies: PolicyPage[] = [];
  const walk = (list: ReportNode[], ancestors: Array<{ node: ReportNode; path: string }>) => {
    for (const node of list) {
      const path = [...ancestors.map((a) => a.node.number), node.number].join('.');
      if (node.level === doc.plan.progressLevel) {
        const goal = ancestors[0];
        const measureLevel = levels[node.level] ?? fallbackLevel;
        const kpis = rowsBySet.flatMap(({ set, rows }) => {
          const within = onPolicy(set, path);
          return rows.filter((_, i) => {
            const k = set.kpis[i];
            return k !== undefined && within(k);
          });
        });
        policies.push({
          goalLabel: goal ? (labelOfPath.get(goal.path) ?? '') : '',
          goalTitle: goal?.node.title ?? '',
          policyLabel: labelOfPath.get(path) ?? '',
          policyTitle: node.title,
          measures: node.children.map((m) => ({ label: nodeLabel(measureLevel, m.number), title: m.title })),
          ...progressHeadings(fiscalYear),
          results: node.progress?.results ?? [],
          directions: node.progress?.directions ?? [],
          kpis,
          rollUps: policyRollUps(sets, path, planId, onPolicy),
        });
      } else {
        walk(node.children, [...ancestors, { node, path }]);
      }
    }
  };
  walk(doc.nodes, []);

  const kpiSets: KpiSetSummary[] = sets.map((set) => summary(set, fiscalYear));
  const annex = rowsBySet.map(({ set, rows }) => ({
    name: set.set.name,
    groups: set.byTopNode.map((top) => ({
      label: top.label,
      title: top.title,
      kpis: rows.filter((_, i) => (set.kpis[i]?.kpi.nodePath ?? '').split('.')[0] === top.path),
    })),
  }));

  // The meeting recorded in Hoshin names the cover; without one, the imported report's own text does.
  const meeting = inputs.councilMeeting;
  const date = meeting ? meeting.heldOn : doc.report.date;
  // A plan without a KPI set in this report has no labeller: its paths print as bare numbers.
  const pathLabelOf = (id: number) =>
    labellers.get(id)?.pathLabel ??
    pathLabeller(
      allNodes.filter((n) => n.planId === id),
      [],
    ).pathLabel;

  return {
    municipality: { name: inputs.municipality.name, localGovCode: inputs.municipality.localGovCode },
    fiscalYear,
    cover: {
      title: doc.report.title,
      planName: doc.plan.name,
      periodName: doc.periodName ?? '',
      subtitle: doc.report.subtitle,
      date,
      // A year started in the app has no date until its council meeting is recorded.
      dateLabel: date ? formatWarekiDate(date) : '',
      councilMeeting: meeting ? `第${meeting.number}回 ${meeting.councilName}` : doc.report.councilMeeting,
    },
    kpiSection: { heading: doc.report.kpiSectionHeading || '指標（KPI）の達成状況', sets: kpiSets },
    legend: doc.report.legend,
    levelNames: levels.map((l) => l.name),
    pageLevelName: levels[doc.plan.progressLevel - 1]?.name ?? '',
    policies,
    annex,
    illustrative: sets.some((s) => s.kpis.some((k) => k.kpi.illustrative)),
    draft: inputs.cycleState === 'open',
    councilComments:
      options.councilComments === false
        ? null
        : councilSection(inputs.councilComments ?? [], planId, pathLabelOf),
  };
}

/** The label a comment is filed under and printed with. */
export const COUNCIL_SECTION_HEADING = '審議会からの意見と対応';
export const PENDING_RESPONSE = '（対応を検討中）';

/**
 * 審議会からの意見と対応 in report order: the report's own plan first, by the dotted path of the
 * node commented on (a KPI by its node's), a node's own comments before its KPIs', then oldest
 * first. Null when there is none.
 */
function councilSection(
  comments: ReportCouncilComment[],
  planId: number,
  pathLabelOf: (planId: number) => (path: string) => string,
): CouncilCommentsSection | null {
  if (comments.length === 0) return null;
  const keyOf = (c: ReportCouncilComment) => ({
    own: c.subject.planId === planId ? 0 : 1,
    path: (c.subject.kind === 'node' ? c.subject.path : c.subject.nodePath).split('.').map(Number),
    kind: c.subject.kind === 'node' ? 0 : 1,
  });
  const sorted = [...comments].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka.own !== kb.own) return ka.own - kb.own;
    for (let i = 0; i < Math.max(ka.path.length, kb.path.length); i++) {
      const d = (ka.path[i] ?? -1) - (kb.path[i] ?? -1);
      if (d !== 0) return d;
    }
    return ka.kind - kb.kind || a.id - b.id;
  });
  return {
    heading: COUNCIL_SECTION_HEADING,
    entries: sorted.map((c) => {
      const label = pathLabelOf(c.subject.planId);
      const subject =
        c.subject.kind === 'node'
          ? `${label(c.subject.path)} ${c.subject.title}`.trim()
          : `指標「${c.subject.name}」（${label(c.subject.nodePath)}）`;
      const answered = c.response !== null && c.response.trim() !== '';
      return {
        subject,
        comment: c.body,
        response: answered ? (c.response as string) : PENDING_RESPONSE,
        answered,
      };
    }),
  };
}

const fallbackLevel: PlanLevel = { name: '', numbering: 'arabic' };

function isWithin(nodePath: string, ancestorPath: string): boolean {
  return nodePath === ancestorPath || nodePath.startsWith(`${ancestorPath}.`);
}

function gradeKeys(set: ReportKpiSet): GradeKey[] {
  return set.scheme.grades.map((g, i) => ({
    grade: g.grade,
    label: g.label,
    symbol: g.symbol,
    color: g.color ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length] ?? '#777777',
  }));
}

/** 総合評価 as the report prints it: the grade with its colour, the method and the count. */
function rollUpKey(set: ReportKpiSet, rollUp: RollUp): RollUpKey {
  return {
    setName: set.set.name,
    grade: gradeKeys(set).find((g) => g.grade === rollUp.grade) ?? {
      grade: rollUp.grade,
      label: rollUp.label,
      symbol: rollUp.symbol,
      color: '#777777',
    },
    methodLabel: ROLLUP_METHOD_LABELS[rollUp.method],
    counted: rollUp.counted,
    excluded: rollUp.excluded,
    basis: rollUpBasisLabel(rollUp),
  };
}

/**
 * A policy's 総合評価 in each set that has KPIs on it or below it; for a 総合戦略 set, from the strategy
 * KPIs linked into the policy.
 */
function policyRollUps(
  sets: ReportKpiSet[],
  path: string,
  planId: number,
  onPolicy: (set: ReportKpiSet, path: string) => (k: ReportEvaluatedKpi) => boolean,
): RollUpKey[] {
  return sets.flatMap((set) => {
    const result =
      set.plan.id === planId
        ? set.byNode.find((n) => n.path === path)?.rollUp
        : rollUp(
            set.kpis.filter(onPolicy(set, path)).map((k) => k.evaluation),
            set.scheme,
          );
    return result && result.counted + result.excluded > 0 ? [rollUpKey(set, result)] : [];
  });
}

/** Labels of a plan's nodes (基本目標 1, 基本方針2, ①) and of whole paths (基本目標 1 ＞ 基本方針2). */
function pathLabeller(nodes: readonly ReportPlanNode[], levels: PlanLevel[]) {
  const labelOfPath = new Map(
    nodes.map((n) => [
      n.path,
      nodeLabel(levels[n.level - 1] ?? fallbackLevel, n.number, { spaced: n.level === 1 }),
    ]),
  );
  const pathLabel = (path: string) =>
    path
      .split('.')
      .map((_, i, parts) => labelOfPath.get(parts.slice(0, i + 1).join('.')) ?? '')
      .join(' ＞ ');
  return { labelOfPath, pathLabel };
}

function kpiRow(
  { kpi, evaluation }: ReportEvaluatedKpi,
  set: ReportKpiSet,
  pathLabel: (path: string) => string,
): KpiRow {
  const grade = gradeKeys(set).find((g) => g.grade === evaluation.grade) ?? {
    grade: evaluation.grade,
    label: evaluation.label,
    symbol: evaluation.symbol,
    color: '#777777',
  };
  const year = (fiscalYear: number) => ({
    yearLabel: formatFiscalYear(fiscalYear),
    yearShort: formatFiscalYear(fiscalYear, { style: 'short' }),
  });
  const latest = kpi.actuals.filter((a) => a.fiscalYear === evaluation.actualYear).at(-1);
  return {
    code: kpi.code,
    name: kpi.name,
    unit: kpi.unit,
    nodeLabel: pathLabel(kpi.nodePath),
    directionLabel: DIRECTION_LABELS[kpi.direction],
    baseline: kpi.baseline ? { value: kpi.baseline.value, ...year(kpi.baseline.fiscalYear) } : null,
    target: kpi.target
      ? {
          value: kpi.target.value,
          ...year(kpi.target.fiscalYear),
          comparatorLabel: COMPARATOR_LABELS[kpi.target.comparator],
        }
      : null,
    latest: latest
      ? {
          value: latest.value,
          ...year(latest.fiscalYear),
          status: latest.status ?? 'final',
          statusLabel: ACTUAL_STATUS_LABELS[latest.status ?? 'final'],
        }
      : null,
    rate: evaluation.rate,
    grade,
    stale: evaluation.stale,
    projectionLabel: evaluation.projection?.label ?? '',
    department: kpi.department ?? '',
    illustrative: kpi.illustrative,
  };
}

function summary(set: ReportKpiSet, fiscalYear: number): KpiSetSummary {
  const keys = gradeKeys(set);
  const kinds = new Map(set.scheme.grades.map((g) => [g.grade, g]));
  // Administrative and no-target grades are shown only when some KPI has them.
  const used = keys.filter((k) => {
    const kind = set.total.grades.find((g) => g.grade === k.grade)?.kind;
    const counted = [set.total, set.previousTotal].some(
      (t) => (t.grades.find((g) => g.grade === k.grade)?.count ?? 0) > 0,
    );
    return kind === 'performance' || kind === 'no-data' || counted || !kinds.has(k.grade);
  });
  const row = (label: string, title: string, aggregate: GradeAggregate): GradeCountsRow => ({
    label,
    title,
    counts: used.map((k) => aggregate.grades.find((g) => g.grade === k.grade)?.count ?? 0),
    shares: used.map((k) => aggregate.grades.find((g) => g.grade === k.grade)?.share ?? 0),
    total: aggregate.total,
  });
  return {
    name: set.set.name,
    grades: used,
    rows: set.byTopNode.map((t) => ({
      ...row(t.label, t.title, t.aggregate),
      rollUp: rollUpKey(set, t.rollUp),
    })),
    total: row('合計', '', set.total),
    previousTotal: row(`前年度（${formatFiscalYear(fiscalYear - 1)}）`, '', set.previousTotal),
    illustrative: set.kpis.some((k) => k.kpi.illustrative),
  };
}
