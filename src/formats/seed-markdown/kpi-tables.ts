/**
 * @module Progress report Markdown with KPI tables
 * The council report model as Markdown: the seed's canonical form (render.ts) plus, where the year
 * has KPIs, a chart placeholder and a GFM table under each KPI set's heading (with each 基本目標's
 * 総合評価), and after each policy's lists a table of its 総合評価 per KPI set and a table of its KPIs. The importer skips those lines, so an exported file can be
 * imported again; a year without KPIs gets no extra line, so the round-trip law holds for it.
 */
import { fromCircled } from '../../domain/plan/numbering.ts';
import type { PlanLevel, ProgressReportDocument, ReportNode } from '../../domain/plan/types.ts';
import {
  type CouncilCommentsSection,
  DRAFT_MARK,
  type KpiRow,
  type KpiSetSummary,
  type PolicyPage,
  type ReportModel,
  type RollUpKey,
} from '../../report/model.ts';
import {
  baselineText,
  formatValue,
  gradeText,
  ILLUSTRATIVE_LABEL,
  inlineValue,
  kpiSetNames,
  latestText,
  rateText,
  shareText,
  targetText,
} from '../report-html/index.ts';
import { escapeMarkdownText, type RenderOptions, renderProgressReport } from './render.ts';

/**
 * Renders the report as Markdown with its KPI tables. `document` is the progress report as stored
 * (exact headings and hierarchy); without it the document is rebuilt from the model.
 * @example renderReportMarkdown(model, await loadProgressReport(db, key))
 */
export function renderReportMarkdown(model: ReportModel, document?: ProgressReportDocument): string {
  const doc = document ?? documentFromModel(model);
  return renderProgressReport(doc, {
    ...kpiSections(model, doc),
    ...(model.draft ? { preface: DRAFT_LINE } : {}),
    ...(model.councilComments ? { appendix: councilSection(model.councilComments) } : {}),
  });
}

/** The first line of a draft's Markdown (the parser skips it). */
export const DRAFT_LINE = `［${DRAFT_MARK}］この報告書は、年度が確定していないデータから作成した案です。`;

/**
 * 審議会からの意見と対応 as Markdown: one numbered heading per comment (what it concerns), then
 * 意見 and 対応. The parser stops at the section's heading, so the file still imports.
 */
function councilSection(section: CouncilCommentsSection): string {
  // A line break inside a comment stays one (two trailing spaces), not a new paragraph.
  const text = (t: string) =>
    t
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map(escapeMarkdownText)
      .join('  \n');
  return [
    `# ${escapeMarkdownText(section.heading)}`,
    ...section.entries.flatMap((entry, i) => [
      '',
      `## ${i + 1}. ${escapeMarkdownText(entry.subject)}`,
      '',
      `**意見**：${text(entry.comment)}`,
      '',
      `**対応**：${text(entry.response)}`,
    ]),
  ].join('\n');
}

/** The KPI tables of a model as render options for {@link renderProgressReport}. */
export function kpiSections(model: ReportModel, doc: ProgressReportDocument): RenderOptions {
  const kpiSetSections: Record<string, string> = {};
  for (const set of model.kpiSection.sets) {
    if (set.total.total > 0 || set.previousTotal.total > 0) kpiSetSections[set.name] = setSection(set);
  }
  const nodeSections: Record<string, string> = {};
  const setOf = kpiSetNames(model);
  const paths = progressPaths(doc);
  model.policies.forEach((policy, i) => {
    if (policy.kpis.length === 0) return;
    const path =
      paths[i]?.title === policy.policyTitle
        ? paths[i]?.path
        : paths.find((p) => p.title === policy.policyTitle)?.path;
    if (path) {
      nodeSections[path] = [rollUpSection(policy), policySection(policy.policyLabel, policy.kpis, setOf)]
        .filter((section) => section !== '')
        .join('\n\n');
    }
  });
  return { kpiSetSections, nodeSections };
}

function setSection(set: KpiSetSummary): string {
  const demo = set.illustrative ? `（${ILLUSTRATIVE_LABEL}）` : '';
  const header = ['区分', '総合評価', '算出の根拠', ...set.grades.map(gradeText), '計'];
  const row = (label: string, counts: number[], shares: number[], total: number, rollUp?: RollUpKey) => [
    label,
    rollUp ? gradeText(rollUp.grade) : '',
    rollUp?.basis ?? '',
    ...set.grades.map((_, i) =>
      total === 0 ? '－' : `${formatValue(counts[i] ?? 0)}件（${shareText(shares[i] ?? 0)}）`,
    ),
    `${formatValue(total)}件`,
  ];
  const rows = [
    ...set.rows.map((r) => row(`${r.label} ${r.title}`.trim(), r.counts, r.shares, r.total, r.rollUp)),
    row(`**${set.total.label}**`, set.total.counts, set.total.shares, set.total.total),
    ...(set.previousTotal.total > 0
      ? [
          row(
            set.previousTotal.label,
            set.previousTotal.counts,
            set.previousTotal.shares,
            set.previousTotal.total,
          ),
        ]
      : []),
  ];
  return [
    `［グラフ］${escapeMarkdownText(set.name)}：評価別の指標数の割合（基本目標別・合計）${demo}。グラフは HTML・PDF 版に掲載`,
    '',
    table(header, ['left', 'left', 'left', ...set.grades.map(() => 'right' as const), 'right'], rows),
  ].join('\n');
}

/** 「基本方針1の総合評価」: the grade rolled up from the policy's KPIs, per KPI set. */
function rollUpSection(policy: PolicyPage): string {
  if (policy.rollUps.length === 0) return '';
  return table(
    ['区分', `${policy.policyLabel}の総合評価`, '算出の根拠'],
    ['left', 'left', 'left'],
    policy.rollUps.map((r) => [r.setName, gradeText(r.grade), r.basis]),
  );
}

function policySection(policyLabel: string, rows: KpiRow[], setOf: (row: KpiRow) => string): string {
  const header = ['区分', `${policyLabel}の指標（KPI）`, '基準値', '目標値', '実績値', '達成率', '評価'];
  return table(
    header,
    ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
    rows.map((r) => [
      setOf(r),
      r.illustrative ? `${r.name} ※${ILLUSTRATIVE_LABEL}` : r.name,
      inlineValue(baselineText(r)),
      inlineValue(targetText(r)),
      inlineValue(latestText(r)),
      rateText(r.rate),
      gradeText(r.grade),
    ]),
  );
}

function table(header: string[], align: Array<'left' | 'right'>, rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(header),
    `| ${align.map((a) => (a === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}

/** A table cell: user text with its HTML escaped, pipes escaped, on one line. */
function cell(text: string): string {
  return escapeMarkdownText(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

/** Dotted paths and titles of the nodes that carry progress, in report order. */
function progressPaths(doc: ProgressReportDocument): Array<{ path: string; title: string }> {
  const out: Array<{ path: string; title: string }> = [];
  const walk = (nodes: ReportNode[], parent: string) => {
    for (const node of nodes) {
      const path = parent ? `${parent}.${node.number}` : String(node.number);
      if (node.level === doc.plan.progressLevel) out.push({ path, title: node.title });
      else walk(node.children, path);
    }
  };
  walk(doc.nodes, '');
  return out;
}

/**
 * The progress report document a model was built from, as far as the model tells: the seed's
 * three levels (基本目標 → 基本方針 → ①施策), numbers read from the printed labels.
 */
export function documentFromModel(model: ReportModel): ProgressReportDocument {
  const numberIn = (label: string, fallback: number) => {
    const m = /(\d+)\s*$/.exec(
      label.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)),
    );
    return m ? Number(m[1]) : fallback;
  };
  const names = model.levelNames;
  const levels: PlanLevel[] = [
    { name: names[0] ?? '基本目標', numbering: 'arabic' },
    { name: names[1] ?? '基本方針', numbering: 'arabic' },
    { name: names[2] ?? '施策', numbering: 'circled' },
  ];
  const goals: ReportNode[] = [];
  for (const policy of model.policies) {
    let goal = goals.at(-1);
    if (!goal || goal.title !== policy.goalTitle) {
      goal = {
        level: 1,
        number: numberIn(policy.goalLabel, goals.length + 1),
        title: policy.goalTitle,
        children: [],
      };
      goals.push(goal);
    }
    goal.children.push({
      level: 2,
      number: numberIn(policy.policyLabel, goal.children.length + 1),
      title: policy.policyTitle,
      progress: { fiscalYear: model.fiscalYear, results: policy.results, directions: policy.directions },
      children: policy.measures.map((m, i) => ({
        level: 3,
        number: fromCircled(m.label) ?? numberIn(m.label, i + 1),
        title: m.title,
        children: [],
      })),
    });
  }
  return {
    plan: { name: model.cover.planName, levels, progressLevel: 2 },
    ...(model.cover.periodName ? { periodName: model.cover.periodName } : {}),
    report: {
      title: model.cover.title,
      subtitle: model.cover.subtitle,
      fiscalYear: model.fiscalYear,
      date: model.cover.date,
      councilMeeting: model.cover.councilMeeting,
      kpiSectionHeading: model.kpiSection.heading,
      kpiSetNames: model.kpiSection.sets.map((s) => s.name),
      legend: model.legend,
    },
    nodes: goals,
  };
}
