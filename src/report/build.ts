/**
 * @module Council report model builder
 * Reads the progress report, the plan and its evaluated KPIs for one fiscal year and turns them
 * into the print-ready {@link ReportModel}.
 */

import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { loadProgressReport } from '../db/report-store.ts';
import { municipality, planNode, report } from '../db/schema.ts';
import { formatFiscalYear, formatWarekiDate } from '../domain/calendar/index.ts';
import type { GradeAggregate } from '../domain/evaluation/index.ts';
import { ACTUAL_STATUS_LABELS, COMPARATOR_LABELS, DIRECTION_LABELS } from '../domain/kpi/labels.ts';
import { nodeLabel } from '../domain/plan/numbering.ts';
import type { PlanLevel, ReportNode } from '../domain/plan/types.ts';
import { type EvaluatedKpi, evaluatePlanKpis, type KpiSetEvaluation } from '../services/kpi-evaluation.ts';
import { UserError } from '../services/municipality.ts';
import type { GradeCountsRow, GradeKey, KpiRow, KpiSetSummary, PolicyPage, ReportModel } from './model.ts';

// Used when a scheme gives a grade no colour; the symbol and label always accompany it.
const FALLBACK_COLORS = ['#1b7a3d', '#5b9b2f', '#c99a06', '#c0392b', '#7f8c8d', '#95a5a6', '#34495e'];

export interface ReportKey {
  municipalityId: number;
  fiscalYear: number;
  planId?: number;
}

/**
 * Builds the council report model for a fiscal year of results.
 * @example const model = await buildReportModel(db, { municipalityId: 1, fiscalYear: 2023 });
 */
export async function buildReportModel(db: Database, key: ReportKey): Promise<ReportModel> {
  const doc = await loadProgressReport(db, key);
  if (!doc) throw new UserError(`${formatFiscalYear(key.fiscalYear)}（実績）の進捗報告書はありません`);
  const [reportRow] = await db
    .select({ planId: report.planId })
    .from(report)
    .where(
      and(
        eq(report.municipalityId, key.municipalityId),
        eq(report.fiscalYear, key.fiscalYear),
        key.planId ? eq(report.planId, key.planId) : undefined,
      ),
    );
  const [owner] = await db.select().from(municipality).where(eq(municipality.id, key.municipalityId));
  if (!reportRow || !owner) throw new UserError('報告書の計画が見つかりません');
  const planId = reportRow.planId;
  const levels = doc.plan.levels;
  const nodes = await db.select().from(planNode).where(eq(planNode.planId, planId));
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

  const sets = await evaluatePlanKpis(db, { planId, fiscalYear: key.fiscalYear });
  const rowsBySet = sets.map((set) => ({
    set,
    rows: set.kpis.map((k) => kpiRow(k, set, pathLabel)),
  }));

  const policies: PolicyPage[] = [];
  const walk = (list: ReportNode[], ancestors: Array<{ node: ReportNode; path: string }>) => {
    for (const node of list) {
      const path = [...ancestors.map((a) => a.node.number), node.number].join('.');
      if (node.level === doc.plan.progressLevel) {
        const goal = ancestors[0];
        const measureLevel = levels[node.level] ?? fallbackLevel;
        const kpis = rowsBySet.flatMap(({ set, rows }) =>
          rows.filter((_, i) => isWithin(set.kpis[i]?.kpi.nodePath ?? '', path)),
        );
        policies.push({
          goalLabel: goal ? (labelOfPath.get(goal.path) ?? '') : '',
          goalTitle: goal?.node.title ?? '',
          policyLabel: labelOfPath.get(path) ?? '',
          policyTitle: node.title,
          measures: node.children.map((m) => ({ label: nodeLabel(measureLevel, m.number), title: m.title })),
          resultsHeading: `${formatFiscalYear(key.fiscalYear)} 主な取組内容／実績`,
          results: node.progress?.results ?? [],
          directionsHeading: `${formatFiscalYear(key.fiscalYear + 1)} 主な取組／今後の方向性`,
          directions: node.progress?.directions ?? [],
          kpis,
        });
      } else {
        walk(node.children, [...ancestors, { node, path }]);
      }
    }
  };
  walk(doc.nodes, []);

  const kpiSets: KpiSetSummary[] = sets.map((set) => summary(set, key.fiscalYear));
  const annex = rowsBySet.map(({ set, rows }) => ({
    name: set.set.name,
    groups: set.byTopNode.map((top) => ({
      label: top.label,
      title: top.title,
      kpis: rows.filter((_, i) => (set.kpis[i]?.kpi.nodePath ?? '').split('.')[0] === top.path),
    })),
  }));

  return {
    municipality: { name: owner.name, localGovCode: owner.localGovCode },
    fiscalYear: key.fiscalYear,
    cover: {
      title: doc.report.title,
      planName: doc.plan.name,
      periodName: doc.periodName ?? '',
      subtitle: doc.report.subtitle,
      date: doc.report.date,
      dateLabel: formatWarekiDate(doc.report.date),
      councilMeeting: doc.report.councilMeeting,
    },
    kpiSection: { heading: doc.report.kpiSectionHeading || '指標（KPI）の達成状況', sets: kpiSets },
    legend: doc.report.legend,
    levelNames: levels.map((l) => l.name),
    policies,
    annex,
    illustrative: sets.some((s) => s.kpis.some((k) => k.kpi.illustrative)),
  };
}

const fallbackLevel: PlanLevel = { name: '', numbering: 'arabic' };

function isWithin(nodePath: string, ancestorPath: string): boolean {
  return nodePath === ancestorPath || nodePath.startsWith(`${ancestorPath}.`);
}

function gradeKeys(set: KpiSetEvaluation): GradeKey[] {
  return set.scheme.grades.map((g, i) => ({
    grade: g.grade,
    label: g.label,
    symbol: g.symbol,
    color: g.color ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length] ?? '#777777',
  }));
}

function kpiRow(
  { kpi, evaluation }: EvaluatedKpi,
  set: KpiSetEvaluation,
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

function summary(set: KpiSetEvaluation, fiscalYear: number): KpiSetSummary {
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
    rows: set.byTopNode.map((t) => row(t.label, t.title, t.aggregate)),
    total: row('合計', '', set.total),
    previousTotal: row(`前年度（${formatFiscalYear(fiscalYear - 1)}）`, '', set.previousTotal),
    illustrative: set.kpis.some((k) => k.kpi.illustrative),
  };
}
