/**
 * @module Report pagination
 * Splits the report model into printed A4 landscape pages, in the seed's order: cover, one KPI
 * page per KPI set (chart and table), the legend (次ページからの記載事項), one page per 基本方針 —
 * followed by continuation pages when its KPI table does not fit — and the annex (the full KPI
 * table per set, grouped by 基本目標, over as many pages as it needs).
 *
 * Page breaks are decided here, from estimated text heights, not left to the browser: the page
 * list is then known before printing (the PDF has exactly these pages, numbered n / N), and every
 * sheet is a fixed A4 box. The estimates use the same metrics as the style sheet ({@link METRICS})
 * and err on the tall side; the PDF test measures every printed page for overflow.
 */
import type {
  AnnexSet,
  KpiRow,
  KpiSetSummary,
  PolicyPage,
  ReportModel,
  RollUpKey,
} from '../../report/model.ts';
import { chartHeight } from './chart.ts';
import { baselineText, inlineValue, latestText, targetText } from './values.ts';

const PT = 0.3528; // mm per point

/** Page geometry and type sizes (mm, pt), shared by the style sheet and the estimates below. */
export const METRICS = {
  pageWidth: 297,
  pageHeight: 210,
  padTop: 9,
  padBottom: 7,
  padX: 13,
  headHeight: 7,
  headGap: 3,
  footHeight: 6,
  bodyPt: 10.5,
  /** KPI set summary table: the row label, the 総合評価 and the total columns (mm); grades share the rest. */
  summaryColumns: { label: 69, rollUp: 39, total: 16 },
  /** 総合評価 line of a policy page (pt). */
  rollUpPt: 9.5,
  /** Policy KPI table: column widths (mm) after the name column. */
  policyColumns: { set: 17, baseline: 31, target: 36, latest: 36, rate: 16, grade: 29 },
  policyTablePt: 9,
  /** Annex table: column widths (mm) beside the name column. */
  annexColumns: {
    code: 17,
    node: 25,
    direction: 10,
    baseline: 27,
    target: 31,
    latest: 31,
    rate: 15,
    grade: 24,
    projection: 17,
    department: 20,
  },
  annexTablePt: 8,
} as const;

const CONTENT_WIDTH = METRICS.pageWidth - 2 * METRICS.padX;
/** Height available to a page's body, with a safety margin for the estimates. */
const BODY_HEIGHT =
  (METRICS.pageHeight -
    METRICS.padTop -
    METRICS.padBottom -
    METRICS.headHeight -
    METRICS.headGap -
    METRICS.footHeight) *
  0.94;

export type ReportPageContent =
  | { kind: 'cover' }
  | { kind: 'kpi-summary'; set: KpiSetSummary | null; setIndex: number }
  | { kind: 'legend' }
  | {
      kind: 'policy';
      policy: PolicyPage;
      policyIndex: number;
      /** The KPI rows printed on this page. */
      kpis: KpiRow[];
      /** 0 for the policy's own page, 1… for its continuation pages. */
      part: number;
      /** Whether the KPI table is shown at all (false when the report has no KPI). */
      showKpis: boolean;
      /** Whether the policy's 総合評価 line stands above the table on this page. */
      rollUp: boolean;
    }
  | {
      kind: 'annex';
      set: AnnexSet;
      setIndex: number;
      groups: Array<{ label: string; title: string; kpis: KpiRow[]; continued: boolean }>;
      part: number;
    };

/** A printed page: its content and its number. */
export type ReportPage = ReportPageContent & { number: number };

/**
 * The printed pages of a report, in order.
 * @example paginateReport(model).filter((p) => p.kind === 'policy' && p.part === 0).length // 15
 */
export function paginateReport(model: ReportModel): ReportPage[] {
  const pages: ReportPageContent[] = [{ kind: 'cover' }];
  const sets = model.kpiSection.sets;
  if (sets.length === 0) pages.push({ kind: 'kpi-summary', set: null, setIndex: 0 });
  sets.forEach((set, setIndex) => {
    pages.push({ kind: 'kpi-summary', set, setIndex });
  });
  pages.push({ kind: 'legend' });
  const showKpis = hasKpis(model);
  model.policies.forEach((policy, policyIndex) => {
    pages.push(...policyPages(policy, policyIndex, showKpis));
  });
  model.annex.forEach((set, setIndex) => {
    pages.push(...annexPages(set, setIndex));
  });
  return pages.map((page, i) => ({ ...page, number: i + 1 }));
}

/** Whether the report has any KPI at all (otherwise policy pages omit the KPI table). */
export function hasKpis(model: ReportModel): boolean {
  return model.annex.some((set) => set.groups.some((g) => g.kpis.length > 0));
}

// ---------------------------------------------------------------------------------------------
// Estimates
// ---------------------------------------------------------------------------------------------

/** Width of a text in ems: full-width characters count one, the others about half. */
export function textEms(text: string): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) < 0x2000 ? 0.56 : 1;
  return em;
}

/**
 * Height (mm) of a KPI set's chart on its page: its natural height at the page's width, shrunk
 * when a plan has so many 基本目標 that chart and table would not fit together.
 */
export function summaryChartHeight(set: KpiSetSummary): number {
  const natural = (chartHeight(set.rows.length) * CONTENT_WIDTH) / 1000;
  const headings = lineHeight(15, 1.4) + 2 + lineHeight(12, 1.4) + 1.5 + 3;
  const emptyNote = set.total.total === 0 ? 12 : 0;
  // Columns: the row label, the 総合評価, the total, and the rest shared by the grades.
  const c = METRICS.summaryColumns;
  const gradeColumn = (CONTENT_WIDTH - c.label - c.rollUp - c.total) / Math.max(1, set.grades.length) - 3.2;
  const cellLines = Math.max(1, Math.ceil((textEms('999件（100.0%）') * 9 * PT) / gradeColumn));
  const rowHeight = (text: string, rollUp = '') =>
    Math.max(lines(text, c.label - 3.2, 9), cellLines, rollUp ? lines(rollUp, c.rollUp - 3.2, 9) : 1) *
      lineHeight(9, 1.35) +
    1.9;
  const table =
    lineHeight(10, 1.4) +
    1.5 +
    rowHeight('区分') * 2 +
    set.rows.reduce((h, r) => h + rowHeight(`${r.label}${r.title}`, summaryRollUpText(r.rollUp, true)), 0) +
    2 * rowHeight(set.previousTotal.label);
  const notes = 2 * (lineHeight(8, 1.4) + 1.5);
  return Math.max(40, Math.min(natural, BODY_HEIGHT - headings - emptyNote - table - notes));
}

/**
 * A 総合評価 cell of the summary table: the grade and, in brackets, the KPIs it counts (the method
 * is the same for every row and is named in the note below the table). `measured`: with the
 * badge's symbol box counted as two ems, for the estimate.
 * @example summaryRollUpText(row.rollUp) // '（10件）'
 */
export function summaryRollUpText(rollUp: RollUpKey, measured = false): string {
  return `${measured ? `■■${rollUp.grade.label}` : ''}（${rollUp.counted}件）`;
}

/**
 * The parts of a policy's 総合評価 line as the estimate measures them (a badge's symbol box counted
 * as two ems): the heading, then one item per set, 「基本計画 ■■B 概ね順調 指標4件の平均点方式」.
 * The line is a wrapping row of these parts; a part does not fit beside the previous one moves down.
 */
export function rollUpLineParts(policy: PolicyPage): string[] {
  return [
    `この${policyLevelName(policy.policyLabel)}の総合評価`,
    ...policy.rollUps.map((r) => `${r.setName} ■■${r.grade.label} ${r.basis}`),
  ];
}

/** Height (mm) of a policy's 総合評価 line, 0 when it has none. */
export function rollUpHeight(policy: PolicyPage): number {
  if (policy.rollUps.length === 0) return 0;
  const pt = METRICS.rollUpPt;
  const perLine = Math.max(1, Math.floor((CONTENT_WIDTH - 3 - 6 - 2) / (pt * PT)));
  const gap = 6 / (pt * PT) + 0.5;
  let count = 0;
  let used = 0;
  for (const part of rollUpLineParts(policy)) {
    const ems = textEms(part) + 1;
    if (count > 0 && used + gap + ems <= perLine) {
      used += gap + ems;
      continue;
    }
    const taken = Math.ceil(ems / perLine);
    count += taken;
    used = ems - (taken - 1) * perLine;
  }
  // Padding 1.2 mm above and below, 3 mm below the box.
  return count * lineHeight(pt, 1.6) + 2.4 + 3;
}

/** 基本方針1 → 基本方針 */
export function policyLevelName(label: string): string {
  return label.replace(/\s*\d+$/, '') || '基本方針';
}

/** Lines a text takes in a box `widthMm` wide at `pt` points. */
function lines(text: string, widthMm: number, pt: number): number {
  const perLine = Math.max(1, Math.floor(widthMm / (pt * PT)));
  return Math.max(1, Math.ceil(textEms(text) / perLine));
}

const lineHeight = (pt: number, factor: number) => pt * PT * factor;

/** Height of the top of a policy page: goal band, policy title, measures. */
function policyHeadHeight(policy: PolicyPage): number {
  const band = lineHeight(11, 1.4) + 3 + 2;
  const title =
    lines(`${policy.policyLabel} ${policy.policyTitle}`, CONTENT_WIDTH, 16) * lineHeight(16, 1.35) + 2.5;
  const measuresText = policy.measures.map((m) => `${m.label}${m.title}`).join('／');
  const measures = lines(measuresText, CONTENT_WIDTH - 8, 10) * lineHeight(10, 1.5) + 3.6 + 3;
  return band + title + measures;
}

/** Height of the two lists (results, directions) side by side. */
function listsHeight(policy: PolicyPage): number {
  const columnText = (CONTENT_WIDTH - 5) / 2 - 8;
  const list = (items: string[]) =>
    items.reduce(
      (h, item) => h + lines(item, columnText, METRICS.bodyPt) * lineHeight(METRICS.bodyPt, 1.5) + 0.8,
      0,
    );
  const heading = lineHeight(10.5, 1.4) + 2.4 + 1.5;
  return heading + Math.max(list(policy.results), list(policy.directions), lineHeight(METRICS.bodyPt, 1.5));
}

function policyRowHeight(row: KpiRow): number {
  const c = METRICS.policyColumns;
  const pt = METRICS.policyTablePt;
  const name = CONTENT_WIDTH - c.set - c.baseline - c.target - c.latest - c.rate - c.grade - 2;
  const n = Math.max(
    lines(`${row.name}※`, name, pt),
    lines(inlineValue(baselineText(row)), c.baseline - 2, pt),
    lines(inlineValue(targetText(row)), c.target - 2, pt),
    lines(inlineValue(latestText(row)), c.latest - 2, pt),
  );
  return n * lineHeight(pt, 1.35) + 2.3;
}

/** Caption, header row and footnote of a KPI table. */
const POLICY_TABLE_FRAME =
  lineHeight(10, 1.4) + 1.5 + (lineHeight(8.5, 1.35) + 2.3) + lineHeight(8, 1.4) + 1.5;

function policyPages(policy: PolicyPage, policyIndex: number, showKpis: boolean): ReportPageContent[] {
  const page = (kpis: KpiRow[], part: number, rollUp = false): ReportPageContent => ({
    kind: 'policy',
    policy,
    policyIndex,
    kpis,
    part,
    showKpis,
    rollUp,
  });
  if (!showKpis || policy.kpis.length === 0) return [page([], 0)];
  const pages: ReportPageContent[] = [];
  // The 総合評価 line stands above the KPI table, on the page where the table starts.
  const rollUp = rollUpHeight(policy);
  let budget = BODY_HEIGHT - policyHeadHeight(policy) - listsHeight(policy) - 4 - rollUp - POLICY_TABLE_FRAME;
  let current: KpiRow[] = [];
  // The first page that prints rows carries the 総合評価.
  const noRowsYet = () => pages.every((p) => p.kind !== 'policy' || p.kpis.length === 0);
  for (const row of policy.kpis) {
    const h = policyRowHeight(row);
    if (h > budget && (current.length > 0 || pages.length === 0)) {
      const tableStarted = current.length > 0 || !noRowsYet();
      pages.push(page(current, pages.length, current.length > 0 && noRowsYet()));
      current = [];
      // A continuation page repeats the goal band and the policy title, then the table.
      const band = lineHeight(11, 1.4) + 3 + 2;
      const title = lineHeight(16, 1.35) + 2.5;
      budget = BODY_HEIGHT - band - title - POLICY_TABLE_FRAME - (tableStarted ? 0 : rollUp);
    }
    current.push(row);
    budget -= h;
  }
  pages.push(page(current, pages.length, noRowsYet()));
  return pages;
}

function annexRowHeight(row: KpiRow): number {
  const c = METRICS.annexColumns;
  const pt = METRICS.annexTablePt;
  const fixed = Object.values(c).reduce((a, b) => a + b, 0);
  const name = CONTENT_WIDTH - fixed - 1.6;
  const n = Math.max(
    lines(`${row.name}※`, name, pt),
    lines(nodeTail(row.nodeLabel), c.node - 1.6, pt),
    lines(inlineValue(baselineText(row)), c.baseline - 1.6, pt),
    lines(inlineValue(targetText(row)), c.target - 1.6, pt),
    lines(inlineValue(latestText(row)), c.latest - 1.6, pt),
    lines(row.grade.label, c.grade - 6, pt),
    lines(row.projectionLabel, c.projection - 1.6, pt),
    lines(row.department, c.department - 1.6, pt),
  );
  return n * lineHeight(pt, 1.3) + 1.9;
}

/** The node label without its top level, which the annex prints as the group heading. */
export function nodeTail(nodeLabel: string): string {
  const parts = nodeLabel.split(' ＞ ');
  return parts.length > 1 ? parts.slice(1).join(' ＞ ') : nodeLabel;
}

const ANNEX_HEADING = lineHeight(14, 1.4) + 3;
const ANNEX_HEADER_ROW = 2 * lineHeight(7.5, 1.3) + 2;
const ANNEX_GROUP_ROW = lineHeight(9, 1.35) + 2;
const ANNEX_FOOTNOTE = lineHeight(8, 1.4) + 1.5;

function annexPages(set: AnnexSet, setIndex: number): ReportPageContent[] {
  const groups = set.groups.filter((g) => g.kpis.length > 0);
  if (groups.length === 0) return [];
  const pages: ReportPageContent[] = [];
  const fresh = () => BODY_HEIGHT - ANNEX_HEADING - ANNEX_HEADER_ROW - ANNEX_FOOTNOTE;
  let budget = fresh();
  let current: Array<{ label: string; title: string; kpis: KpiRow[]; continued: boolean }> = [];
  const flush = () => {
    pages.push({ kind: 'annex', set, setIndex, groups: current, part: pages.length });
    current = [];
    budget = fresh();
  };
  for (const group of groups) {
    let open: { label: string; title: string; kpis: KpiRow[]; continued: boolean } | undefined;
    for (const row of group.kpis) {
      const h = annexRowHeight(row);
      const needed = open ? h : h + ANNEX_GROUP_ROW;
      if (needed > budget && current.length > 0) {
        flush();
        open = undefined;
      }
      if (!open) {
        const continued = group.kpis[0] !== row;
        open = { label: group.label, title: group.title, kpis: [], continued };
        current.push(open);
        budget -= ANNEX_GROUP_ROW;
      }
      open.kpis.push(row);
      budget -= h;
    }
  }
  if (current.length > 0) flush();
  return pages;
}
