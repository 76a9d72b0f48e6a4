/**
 * @module Report pagination
 * Splits the report model into printed A4 landscape pages, in the seed's order: cover, one KPI
 * page per KPI set (chart and table), the legend (次ページからの記載事項), one page per 基本方針 —
 * followed by continuation pages (「（続き）」) when its measures, lists or KPI table do not fit, so
 * that nothing is ever cut off — and the annex (the full KPI table per set, grouped by 基本目標,
 * over as many pages as it needs).
 *
 * Page breaks are decided here, from estimated text heights, not left to the browser: the page
 * list is then known before printing (the PDF has exactly these pages, numbered n / N), and every
 * sheet is a fixed A4 box. The estimates use the same metrics as the style sheet ({@link METRICS})
 * and err on the tall side; the PDF test measures every printed page for overflow.
 */

import { reportLevelNames } from '../../report/levels.ts';
import type {
  AnnexSet,
  CouncilCommentEntry,
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
      /** 0 for the policy's own page, 1… for its continuation pages (titled 「（続き）」). */
      part: number;
      /** The measures printed on this page (the measures line), null when none is. */
      measures: ListPiece[] | null;
      /** The part of the results (主な取組内容／実績) on this page, null when none is. */
      results: ListSlice | null;
      /** The part of the directions (主な取組／今後の方向性) on this page, null when none is. */
      directions: ListSlice | null;
      /** One list continued alone: it takes the page's full width. */
      wide: boolean;
      /**
       * What the page shows of the KPI table: nothing (the lists continue, or the report has no
       * KPI), rows, a note that the table starts on the next page, or that the policy has none.
       */
      kpiPart: 'none' | 'rows' | 'next-page' | 'no-kpis';
      /** The KPI rows printed on this page. */
      kpis: KpiRow[];
      /** The table began on an earlier page (its caption is marked 「（続き）」). */
      tableContinued: boolean;
      /** Whether the policy's 総合評価 line stands above the table on this page. */
      rollUp: boolean;
    }
  | {
      kind: 'council';
      /** The comments on this page, with their numbers (1-based, over the whole section). */
      entries: Array<{ number: number; entry: CouncilCommentEntry }>;
      part: number;
    }
  | {
      kind: 'annex';
      set: AnnexSet;
      setIndex: number;
      groups: Array<{ label: string; title: string; kpis: KpiRow[]; continued: boolean }>;
      part: number;
    };

/** An item of a list on a page: a whole item, or a piece of one too long for a page. */
export interface ListPiece {
  text: string;
  /** The rest of an item begun on the page before (printed without a bullet). */
  rest: boolean;
}

/** The part of a list printed on one page. */
export interface ListSlice {
  /** Empty only for a list without any item (printed 「記載なし」). */
  items: ListPiece[];
  /** The list began on an earlier page: its heading is marked 「（続き）」. */
  continued: boolean;
}

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
    pages.push(...policyPages(policy, policyIndex, showKpis, reportLevelNames(model).policy));
  });
  if (model.councilComments) pages.push(...councilPages(model.councilComments.entries));
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
export function rollUpLineParts(policy: PolicyPage, pageLevelName: string): string[] {
  return [
    `この${pageLevelName}の総合評価`,
    ...policy.rollUps.map((r) => `${r.setName} ■■${r.grade.label} ${r.basis}`),
  ];
}

/** Height (mm) of a policy's 総合評価 line, 0 when it has none. */
export function rollUpHeight(policy: PolicyPage, pageLevelName: string): number {
  if (policy.rollUps.length === 0) return 0;
  const pt = METRICS.rollUpPt;
  const perLine = Math.max(1, Math.floor((CONTENT_WIDTH - 3 - 6 - 2) / (pt * PT)));
  const gap = 6 / (pt * PT) + 0.5;
  let count = 0;
  let used = 0;
  for (const part of rollUpLineParts(policy, pageLevelName)) {
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

/** Lines a text takes in a box `widthMm` wide at `pt` points. */
function lines(text: string, widthMm: number, pt: number): number {
  const perLine = Math.max(1, Math.floor(widthMm / (pt * PT)));
  return Math.max(1, Math.ceil(textEms(text) / perLine));
}

const lineHeight = (pt: number, factor: number) => pt * PT * factor;

// ---------------------------------------------------------------------------------------------
// Policy pages: measures, the two lists and the KPI table, flowed over as many pages as needed
// ---------------------------------------------------------------------------------------------

/** Marks a page, a heading or a table that continues from the page before. */
export const CONTINUED = '（続き）';

/** The goal band: its lines, padding 1.5 mm above and below, 2 mm below the band. */
function bandHeight(policy: PolicyPage): number {
  // Padding 4 mm each side; the label's rule and gaps take about 6.5 mm more.
  const text = `${policy.goalLabel}${policy.goalTitle}`;
  return lines(text, CONTENT_WIDTH - 8 - 6.5, 11) * lineHeight(11, 1.4) + 3 + 2;
}

/** The policy title, with 「（続き）」 (11 pt, 2 mm gap) on a continuation page. */
function titleHeight(policy: PolicyPage, continued: boolean): number {
  // Rule and padding 5 mm on the left, 3 mm after the label.
  const mark = continued ? 2 + textEms(CONTINUED) * 11 * PT : 0;
  const text = `${policy.policyLabel}${policy.policyTitle}`;
  return lines(text, CONTENT_WIDTH - 5 - 3 - mark, 16) * lineHeight(16, 1.35) + 2.5;
}

/** The measures box: padding 1.5 mm and a 0.3 mm border above and below, 3 mm below the box. */
function measuresHeight(pieces: ListPiece[]): number {
  return lines(measuresText(pieces), MEASURES_WIDTH, 10) * lineHeight(10, 1.5) + 3.6 + 3;
}

/** The measures line as printed: ①…／②…. */
export function measuresText(pieces: ListPiece[]): string {
  return pieces.map((p) => p.text).join('／');
}

const MEASURES_WIDTH = CONTENT_WIDTH - 8;
const COLUMN_GAP = 5;
const COLUMNS_MARGIN = 4;
const ITEM_LINE = lineHeight(METRICS.bodyPt, 1.5);

/** Width (mm) of a list column: half the page beside the other list, or all of it alone. */
const columnWidth = (wide: boolean) => (wide ? CONTENT_WIDTH : (CONTENT_WIDTH - COLUMN_GAP) / 2);
/** Width of an item's text: the bullet's 5 mm and 2 mm on the right, and 1 mm to spare. */
const itemWidth = (column: number) => column - 8;

/** A list's heading bar: padding 1.2 mm above and below, 1.5 mm below; 7.5 mm of padding and rule. */
function listHeadingHeight(heading: string, continued: boolean, column: number): number {
  const text = continued ? `${heading}${CONTINUED}` : heading;
  return lines(text, column - 7.5, 10.5) * lineHeight(10.5, 1.4) + 2.4 + 1.5;
}

/** One item (or piece of one) of a list: its lines and 0.8 mm below. */
function itemHeight(text: string, column: number): number {
  return lines(text, itemWidth(column), METRICS.bodyPt) * ITEM_LINE + 0.8;
}

/** Caption and one-line note that stand in for a KPI table (none registered, or on the next page). */
const KPI_NOTE = lineHeight(10, 1.4) + 1.5 + lineHeight(8, 1.4) + 1.5;

/**
 * Splits a text so that its head is at most `maxEms` wide, never inside a run of Latin letters or
 * digits when a better place is near. The head has at least one character.
 * @example splitText('観光の振興', 3) // ['観光の', '振興']
 */
export function splitText(text: string, maxEms: number): [string, string] {
  const chars = Array.from(text);
  let ems = 0;
  let cut = 0;
  while (cut < chars.length && ems + textEms(chars[cut] ?? '') <= maxEms) {
    ems += textEms(chars[cut] ?? '');
    cut++;
  }
  cut = Math.max(1, cut);
  const word = /[0-9A-Za-z]/;
  const inWord = (at: number) => word.test(chars[at - 1] ?? '') && word.test(chars[at] ?? '');
  let at = cut;
  while (at > Math.max(1, cut - 20) && inWord(at)) at--;
  if (inWord(at)) at = cut;
  return [chars.slice(0, at).join(''), chars.slice(at).join('')];
}

/**
 * The ems of a piece split off to fill `linesLeft` lines of `perLine` ems: one line short of that,
 * to err on the tall side (the browser wraps words and punctuation less tightly than ems add up).
 */
const splitEms = (linesLeft: number, perLine: number) => (linesLeft - 1) * perLine;

/** A list (results, directions or measures) still to print: its pieces, and whether it has begun. */
interface Flow {
  pending: ListPiece[];
  started: boolean;
}

const flowOf = (texts: string[]): Flow => ({
  pending: texts.map((text) => ({ text, rest: false })),
  started: false,
});

/**
 * Takes from the measures the ones that fit in `room` (mm): all of them when they fit, otherwise
 * whole measures; a measure that alone is taller than `pageRoom` (all a page has for it) is split
 * by lines to fill the room. Null when nothing fits.
 */
function takeMeasures(flow: Flow, room: number, pageRoom: number): ListPiece[] | null {
  const taken: ListPiece[] = [];
  while (flow.pending.length > 0) {
    const next = flow.pending[0] as ListPiece;
    if (measuresHeight([...taken, next]) <= room) {
      taken.push(next);
      flow.pending.shift();
      continue;
    }
    if (measuresHeight([next]) <= pageRoom) break;
    const line = lineHeight(10, 1.5);
    const perLine = Math.max(1, Math.floor(MEASURES_WIDTH / (10 * PT)));
    const before = taken.length > 0 ? textEms(`${measuresText(taken)}／`) : 0;
    const linesLeft = Math.floor((room - measuresHeight([]) + line) / line);
    const ems = splitEms(linesLeft, perLine) - before;
    if (ems < perLine) break;
    const [head, rest] = splitText(next.text, ems);
    taken.push({ text: head, rest: next.rest });
    flow.pending[0] = { text: rest, rest: true };
    break;
  }
  if (taken.length === 0 && flow.pending.length === 0 && !flow.started) return []; // no measure
  return taken.length > 0 ? taken : null;
}

/**
 * Takes from a list the items that fit in `room` (mm) below its heading. An item that does not fit
 * moves to the next page whole, unless it alone is taller than `pageRoom` (all a fresh page has for
 * it): then it is split by lines here. Null when nothing fits.
 */
function takeList(
  flow: Flow,
  heading: string,
  column: number,
  room: number,
  pageRoom: number,
): { slice: ListSlice; height: number } | null {
  const headingHeight = listHeadingHeight(heading, flow.started, column);
  const slice: ListSlice = { items: [], continued: flow.started };
  if (!flow.started && flow.pending.length === 0) {
    // An empty list prints 「記載なし」.
    const height = headingHeight + itemHeight('記載なし', column);
    return height <= room ? { slice, height } : null;
  }
  let used = headingHeight;
  while (flow.pending.length > 0) {
    const next = flow.pending[0] as ListPiece;
    const h = itemHeight(next.text, column);
    if (used + h <= room) {
      slice.items.push(next);
      used += h;
      flow.pending.shift();
      continue;
    }
    if (headingHeight + h <= pageRoom) break;
    const linesLeft = Math.floor((room - used - 0.8) / ITEM_LINE);
    if (linesLeft < 2) break;
    const perLine = Math.max(1, Math.floor(itemWidth(column) / (METRICS.bodyPt * PT)));
    const [head, rest] = splitText(next.text, splitEms(linesLeft, perLine));
    slice.items.push({ text: head, rest: next.rest });
    used += itemHeight(head, column);
    flow.pending[0] = { text: rest, rest: true };
    break;
  }
  return slice.items.length > 0 ? { slice, height: used } : null;
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

/**
 * A policy's pages. Its parts flow in order — measures, the two lists side by side, then the
 * 総合評価 and the KPI table — and whatever does not fit continues on the next page, which repeats
 * the goal band and the policy title with 「（続き）」. Lists continue item by item (their headings
 * marked 「（続き）」; a list continued alone takes the full width); an item is split only when it
 * alone is taller than a page. The KPI table starts once both lists are done.
 */
function policyPages(
  policy: PolicyPage,
  policyIndex: number,
  showKpis: boolean,
  pageLevelName: string,
): ReportPageContent[] {
  const measures = flowOf(policy.measures.map((m) => `${m.label}${m.title}`));
  const results = flowOf(policy.results);
  const directions = flowOf(policy.directions);
  const lists = [
    { flow: results, heading: policy.resultsHeading },
    { flow: directions, heading: policy.directionsHeading },
  ];
  const open = (flow: Flow) => flow.pending.length > 0 || !flow.started;
  // All that a continuation page has below its title: a measure or an item taller is split.
  const pageTop = BODY_HEIGHT - bandHeight(policy) - titleHeight(policy, true);
  let nextRow = 0;
  let kpisDone = !showKpis;
  const pages: ReportPageContent[] = [];
  while (pages.length === 0 || open(measures) || lists.some((l) => open(l.flow)) || !kpisDone) {
    const part = pages.length;
    const top = BODY_HEIGHT - bandHeight(policy) - titleHeight(policy, part > 0);
    let budget = top;
    const page: Extract<ReportPageContent, { kind: 'policy' }> = {
      kind: 'policy',
      policy,
      policyIndex,
      part,
      measures: null,
      results: null,
      directions: null,
      wide: false,
      kpiPart: 'none',
      kpis: [],
      tableContinued: nextRow > 0,
      rollUp: false,
    };
    if (open(measures)) {
      page.measures = takeMeasures(measures, budget, pageTop);
      if (page.measures) {
        measures.started = true;
        budget -= measuresHeight(page.measures);
      }
    }
    const openLists = lists.filter((l) => open(l.flow));
    if (!open(measures) && openLists.length > 0) {
      // Side by side; a list continued alone takes the full width.
      const wide = openLists.length === 1;
      const column = columnWidth(wide);
      const room = budget - COLUMNS_MARGIN;
      const taken = openLists.map(({ flow, heading }) => {
        // Work on a copy: both lists start on this page, or neither does.
        const copy: Flow = { pending: [...flow.pending], started: flow.started };
        return { flow, copy, placed: takeList(copy, heading, column, room, pageTop - COLUMNS_MARGIN) };
      });
      if (taken.every((t) => t.placed)) {
        for (const t of taken) {
          t.flow.pending = t.copy.pending;
          t.flow.started = true;
          if (t.flow === results) page.results = t.placed?.slice ?? null;
          else page.directions = t.placed?.slice ?? null;
        }
        page.wide = wide;
        budget -= Math.max(...taken.map((t) => t.placed?.height ?? 0)) + COLUMNS_MARGIN;
      }
    }
    const listsDone = !open(measures) && lists.every((l) => !open(l.flow));
    const fresh = budget === top;
    if (listsDone && !kpisDone) {
      if (policy.kpis.length === 0) {
        if (KPI_NOTE <= budget || fresh) {
          page.kpiPart = 'no-kpis';
          kpisDone = true;
        }
      } else {
        const frame = POLICY_TABLE_FRAME + (nextRow === 0 ? rollUpHeight(policy, pageLevelName) : 0);
        let room = budget - frame;
        const rows: KpiRow[] = [];
        for (const row of policy.kpis.slice(nextRow)) {
          const h = policyRowHeight(row);
          // A fresh page takes at least one row, whatever its height.
          if (h > room && !(fresh && rows.length === 0)) break;
          rows.push(row);
          room -= h;
        }
        if (rows.length > 0) {
          page.kpiPart = 'rows';
          page.kpis = rows;
          page.rollUp = nextRow === 0;
          nextRow += rows.length;
          kpisDone = nextRow >= policy.kpis.length;
        } else if (nextRow === 0 && KPI_NOTE <= budget) {
          page.kpiPart = 'next-page';
        }
      }
    }
    const placed = page.measures || page.results || page.directions || page.kpiPart !== 'none';
    if (!placed) {
      throw new Error(`pagination made no progress on ${policy.policyLabel} ${policy.policyTitle}`);
    }
    pages.push(page);
  }
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

// ---------------------------------------------------------------------------------------------
// 審議会からの意見と対応: a table (番号, 該当箇所, 意見, 対応) over as many pages as it needs
// ---------------------------------------------------------------------------------------------

/** Council table: the number and subject columns (mm); 意見 and 対応 share the rest equally. */
export const COUNCIL_COLUMNS = { number: 10, subject: 55 } as const;
export const COUNCIL_TABLE_PT = 9;
const COUNCIL_HEADING = lineHeight(14, 1.4) + 3;
const COUNCIL_HEADER_ROW = lineHeight(COUNCIL_TABLE_PT, 1.3) + 2;

function councilRowHeight(entry: CouncilCommentEntry): number {
  const text = (CONTENT_WIDTH - COUNCIL_COLUMNS.number - COUNCIL_COLUMNS.subject) / 2 - 2;
  const paragraphs = (t: string) =>
    t.split(/\r?\n/).reduce((n, line) => n + lines(line, text, COUNCIL_TABLE_PT), 0);
  const n = Math.max(
    lines(entry.subject, COUNCIL_COLUMNS.subject - 2, COUNCIL_TABLE_PT),
    paragraphs(entry.comment),
    paragraphs(entry.response),
  );
  return n * lineHeight(COUNCIL_TABLE_PT, 1.45) + 2.4;
}

function councilPages(entries: CouncilCommentEntry[]): ReportPageContent[] {
  const pages: ReportPageContent[] = [];
  const fresh = () => BODY_HEIGHT - COUNCIL_HEADING - COUNCIL_HEADER_ROW;
  let budget = fresh();
  let current: Array<{ number: number; entry: CouncilCommentEntry }> = [];
  entries.forEach((entry, i) => {
    const h = councilRowHeight(entry);
    // A comment taller than a page still gets a page of its own (the sheet then grows).
    if (h > budget && current.length > 0) {
      pages.push({ kind: 'council', entries: current, part: pages.length });
      current = [];
      budget = fresh();
    }
    current.push({ number: i + 1, entry });
    budget -= h;
  });
  if (current.length > 0) pages.push({ kind: 'council', entries: current, part: pages.length });
  return pages;
}
