/**
 * @module Deck layout
 * Turns the report model into a plan of slides: every text box, table row and chart placed in
 * points, each sized from the conservative text metrics of `measure.ts`. Whatever does not fit
 * continues on a follow-on slide titled 「（続き）」, so no text runs off a slide. Pure: the
 * pptxgenjs drawing (`draw.ts`) only copies the plan into the file.
 */
import type { ReportLegend } from '../../domain/plan/types.ts';
import {
  type AnnexSet,
  type CouncilCommentsSection,
  DRAFT_MARK,
  type GradeCountsRow,
  type KpiRow,
  type KpiSetSummary,
  type PolicyPage,
  type ReportModel,
  type RollUpKey,
} from '../../report/model.ts';
import {
  BAND,
  BODY_BOTTOM,
  BULLET,
  CELL_PAD,
  COLORS,
  CONTENT_WIDTH,
  FOOTER,
  GAP,
  MARGIN_X,
  PANEL,
  SLIDE,
  STYLES,
  TITLE_SIZES,
} from './design.ts';
import {
  baselineLabel,
  gradeLabel,
  hex,
  latestLabel,
  rateLabel,
  targetLabel,
  textColorOn,
} from './labels.ts';
import { clampLines, splitAfterLines, type TextStyle, wrapText } from './measure.ts';

/** A rectangle in pt from the slide's top-left corner. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Paragraph {
  text: string;
  style: TextStyle;
  /** A bullet item, or the rest of an item begun on the previous slide (indented, no bullet). */
  bullet?: 'item' | 'continued';
  color?: string;
  /** A ■ in this colour before the text (grade colour); the text always names the grade too. */
  swatch?: string;
  /** Text before the swatch, in the paragraph's style and colour, e.g. 総合評価（基本計画）： */
  lead?: string;
  align?: 'left' | 'center' | 'right';
}

export interface TableCell {
  paragraphs: Paragraph[];
  fill?: string;
  colspan?: number;
}

export interface TableRow {
  kind: 'header' | 'group' | 'body' | 'total';
  /** pt, at least the estimated height of every cell */
  height: number;
  cells: TableCell[];
}

export type Block =
  | { kind: 'rect'; box: Box; fill: string }
  | { kind: 'frame'; box: Box; color: string }
  | { kind: 'text'; box: Box; paragraphs: Paragraph[] }
  | { kind: 'table'; box: Box; columns: number[]; rows: TableRow[] }
  | { kind: 'chart'; box: Box; set: KpiSetSummary };

export interface SlidePlan {
  kind: 'cover' | 'kpi' | 'legend' | 'policy' | 'council' | 'annex';
  /** The slide's title as printed, e.g. 基本方針1 観光の振興と魅力の創出（続き） */
  title: string;
  /** Body blocks first, footer blocks last. */
  blocks: Block[];
}

/** Everything below the header band and above the footer that a slide's body may use. */
interface Region {
  x: number;
  w: number;
  top: number;
  bottom: number;
}

export const CONTINUED = '（続き）';

// ---------------------------------------------------------------------------------------------
// Measuring paragraphs, cells and rows

// Bold Latin glyphs are wider; measure bold text a little larger.
const measureSize = (style: TextStyle) => (style.bold ? style.fontSize * 1.05 : style.fontSize);
const displayText = (p: Paragraph) => `${p.lead ?? ''}${p.swatch ? `■ ${p.text}` : p.text}`;
const textWidthOf = (p: Paragraph, boxWidth: number) => boxWidth - (p.bullet ? BULLET.indent : 0);

/** The lines a paragraph is estimated to take in a box `boxWidth` pt wide. */
function paragraphLines(p: Paragraph, boxWidth: number): string[] {
  return wrapText(displayText(p), textWidthOf(p, boxWidth), measureSize(p.style));
}

/**
 * Estimated height in pt of paragraphs stacked in a box `boxWidth` pt wide.
 * @example paragraphsHeight([{ text: '観光の振興', style: STYLES.bullet }], 400) // 20
 */
export function paragraphsHeight(paragraphs: Paragraph[], boxWidth: number): number {
  return paragraphs.reduce(
    (sum, p) =>
      sum + paragraphLines(p, boxWidth).length * p.style.lineHeight + (p.bullet ? BULLET.spaceAfter : 0),
    0,
  );
}

/** A title style at the largest of `sizes` that keeps `text` on `maxLines` lines, else the smallest. */
function fitTitle(
  text: string,
  widthPt: number,
  base: TextStyle,
  sizes: readonly number[],
  maxLines = 1,
): TextStyle {
  const styles = sizes.map((fontSize) => ({
    fontSize,
    lineHeight: Math.ceil((fontSize * base.lineHeight) / base.fontSize),
    bold: base.bold,
  }));
  const fits = styles.find((style) => paragraphLines({ text, style }, widthPt).length <= maxLines);
  return fits ?? styles.at(-1) ?? base;
}

function cellWidth(columns: number[], start: number, span: number): number {
  return columns.slice(start, start + span).reduce((a, b) => a + b, 0);
}

/** Estimated height of a row: its tallest cell plus padding (and a point for the borders). */
export function rowHeight(columns: number[], cells: TableCell[]): number {
  let column = 0;
  let tallest = 0;
  for (const cell of cells) {
    const span = cell.colspan ?? 1;
    const inner = cellWidth(columns, column, span) - 2 * CELL_PAD.x;
    tallest = Math.max(tallest, paragraphsHeight(cell.paragraphs, inner));
    column += span;
  }
  return Math.ceil(tallest + 2 * CELL_PAD.y + 1);
}

function row(kind: TableRow['kind'], columns: number[], cells: TableCell[]): TableRow {
  return { kind, cells, height: rowHeight(columns, cells) };
}

/** Cuts a row's cells so the row is at most `maxHeight` tall (only for a row taller than a slide). */
function clampRow(r: TableRow, columns: number[], maxHeight: number): TableRow {
  let column = 0;
  const cells = r.cells.map((cell) => {
    const span = cell.colspan ?? 1;
    const inner = cellWidth(columns, column, span) - 2 * CELL_PAD.x;
    column += span;
    const share = (maxHeight - 2 * CELL_PAD.y - 1) / Math.max(1, cell.paragraphs.length);
    return {
      ...cell,
      paragraphs: cell.paragraphs.map((p) => {
        const maxLines = Math.max(1, Math.floor(share / p.style.lineHeight));
        return { ...p, text: clampLines(p.text, textWidthOf(p, inner), measureSize(p.style), maxLines) };
      }),
    };
  });
  return { ...r, cells, height: Math.min(maxHeight, rowHeight(columns, cells)) };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// Header band and footer

function planBand(kicker: string, title: string): { blocks: Block[]; region: Region } {
  const texts: Block[] = [];
  let y = BAND.padTop;
  if (kicker) {
    const p: Paragraph = { text: kicker, style: STYLES.kicker, color: COLORS.bandKicker };
    const h = paragraphsHeight([p], CONTENT_WIDTH);
    texts.push({ kind: 'text', box: { x: MARGIN_X, y, w: CONTENT_WIDTH, h }, paragraphs: [p] });
    y += h;
  }
  const style = fitTitle(title, CONTENT_WIDTH, STYLES.title, TITLE_SIZES);
  const p: Paragraph = { text: title, style, color: COLORS.white };
  const h = paragraphsHeight([p], CONTENT_WIDTH);
  texts.push({ kind: 'text', box: { x: MARGIN_X, y, w: CONTENT_WIDTH, h }, paragraphs: [p] });
  const bottom = y + h + BAND.padBottom;
  return {
    blocks: [{ kind: 'rect', box: { x: 0, y: 0, w: SLIDE.width, h: bottom }, fill: COLORS.accent }, ...texts],
    region: { x: MARGIN_X, w: CONTENT_WIDTH, top: bottom + BAND.gapAfter, bottom: BODY_BOTTOM },
  };
}

/** Footer blocks: rule, plan name, and the demo-value notice when the model has invented values. */
function planFooter(planName: string, illustrative: boolean): Block[] {
  const style = STYLES.footer;
  const noteText = illustrative ? '※ 架空のデモ値を含む' : '';
  const noteWidth = noteText ? 180 : 0;
  const noteX = MARGIN_X + CONTENT_WIDTH - FOOTER.numberWidth - noteWidth;
  // An em to spare before the notice, for a 、 hanging at the end of a full line.
  const nameWidth = noteX - MARGIN_X - style.fontSize;
  const name = footerName(planName, nameWidth);
  const blocks: Block[] = [
    { kind: 'rect', box: { x: MARGIN_X, y: FOOTER.ruleY, w: CONTENT_WIDTH, h: 0.75 }, fill: COLORS.rule },
    {
      kind: 'text',
      box: { x: MARGIN_X, y: FOOTER.textY, w: nameWidth, h: paragraphsHeight([name], nameWidth) },
      paragraphs: [name],
    },
  ];
  if (noteText) {
    blocks.push({
      kind: 'text',
      box: { x: noteX, y: FOOTER.textY, w: noteWidth, h: style.lineHeight },
      paragraphs: [{ text: noteText, style: { ...style, bold: true }, color: COLORS.text, align: 'right' }],
    });
  }
  return blocks;
}

/** Footer sizes tried in turn for the plan name; at the smallest it may take two lines. */
const FOOTER_NAME_SIZES = [10, 9, 8, 7] as const;

/**
 * The plan name in the footer: on one line at the largest size that holds it, else on two lines
 * at the smallest. Only a name too long even for that (some 170 characters) is cut with 「…」:
 * the footer cannot continue on another slide, and the cover carries the name in full.
 */
export function footerName(planName: string, width: number): Paragraph {
  const base = STYLES.footer;
  const styleAt = (fontSize: number): TextStyle => ({
    fontSize,
    lineHeight: Math.ceil((fontSize * base.lineHeight) / base.fontSize),
  });
  for (const size of FOOTER_NAME_SIZES) {
    const style = styleAt(size);
    if (wrapText(planName, width, size).length === 1) return { text: planName, style, color: COLORS.muted };
  }
  const style = styleAt(FOOTER_NAME_SIZES.at(-1) ?? base.fontSize);
  const lines = Math.max(1, Math.floor(FOOTER.textHeight / style.lineHeight));
  return { text: clampLines(planName, width, style.fontSize, lines), style, color: COLORS.muted };
}

// ---------------------------------------------------------------------------------------------
// Cover

/** The cover: title, rule, subtitle, and the meeting's date and name at the lower right. */
export function planCover(cover: ReportModel['cover']): SlidePlan {
  const x = 72;
  const w = SLIDE.width - 2 * x;
  const title = cover.title || `${cover.planName} ${cover.periodName}の進捗状況について`.trim();
  for (const scale of [1, 0.85, 0.7, 0.55]) {
    const blocks: Block[] = [
      { kind: 'rect', box: { x: 0, y: 0, w: SLIDE.width, h: 12 }, fill: COLORS.accent },
    ];
    const scaled = (s: TextStyle): TextStyle => ({
      ...s,
      fontSize: Math.round(s.fontSize * scale),
      lineHeight: Math.ceil(s.lineHeight * scale),
    });
    let y = 130;
    const titleP: Paragraph = { text: title, style: scaled(STYLES.coverTitle), color: COLORS.accent };
    const titleParagraphs = coverTitleParagraphs(titleP, w);
    const titleH = paragraphsHeight(titleParagraphs, w);
    blocks.push({ kind: 'text', box: { x, y, w, h: titleH }, paragraphs: titleParagraphs });
    y += titleH + 14;
    blocks.push({ kind: 'rect', box: { x, y, w, h: 2 }, fill: COLORS.accent });
    y += 2 + 16;
    if (cover.subtitle) {
      const p: Paragraph = { text: cover.subtitle, style: scaled(STYLES.coverSubtitle), color: COLORS.text };
      const h = paragraphsHeight([p], w);
      blocks.push({ kind: 'text', box: { x, y, w, h }, paragraphs: [p] });
      y += h;
    }
    const meta: Paragraph[] = [cover.dateLabel, cover.councilMeeting]
      .filter(Boolean)
      .map((text) => ({ text, style: scaled(STYLES.coverMeta), color: COLORS.text, align: 'right' }));
    const metaH = paragraphsHeight(meta, w);
    const metaTop = Math.max(y + 40, BODY_BOTTOM - 40 - metaH);
    if (meta.length) blocks.push({ kind: 'text', box: { x, y: metaTop, w, h: metaH }, paragraphs: meta });
    if (metaTop + metaH <= BODY_BOTTOM || scale === 0.55) return { kind: 'cover', title, blocks };
  }
  throw new Error('unreachable');
}

/**
 * A cover title too long for one line breaks at its first space (between plan name and the rest,
 * 「第二次美祢市総合計画」／「前期計画の進捗状況について」) rather than wherever the line ends.
 */
function coverTitleParagraphs(title: Paragraph, w: number): Paragraph[] {
  const space = title.text.search(/[ 　]/);
  if (paragraphLines(title, w).length === 1 || space < 1) return [title];
  return [
    { ...title, text: title.text.slice(0, space) },
    { ...title, text: title.text.slice(space + 1) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Policy pages (and the legend, which shows their layout)

interface Fragment {
  text: string;
  continued: boolean;
}

interface ListQueue {
  heading: string;
  items: Fragment[];
  started: boolean;
}

interface Placed {
  blocks: Block[];
  height: number;
}

const listQueue = (heading: string, items: string[]): ListQueue => ({
  heading,
  items: items.map((text) => ({ text, continued: false })),
  started: false,
});

/**
 * Places a panel (heading bar and bullet list) in a column, taking from the queue the items that
 * fit; the first item is split by lines when even it does not fit. Undefined when not even the
 * heading and one line fit.
 */
function takeList(queue: ListQueue, x: number, w: number, top: number, bottom: number): Placed | undefined {
  const headingP: Paragraph = {
    text: queue.started ? `${queue.heading}${CONTINUED}` : queue.heading,
    style: STYLES.panelHeading,
    color: COLORS.accent,
  };
  const headingInner = w - 2 * PANEL.headingPadX;
  const headingH = paragraphsHeight([headingP], headingInner) + 2 * PANEL.headingPadY;
  const listTop = top + headingH + PANEL.gapAfterHeading;
  const listW = w - 2 * PANEL.listPadX;
  const avail = bottom - listTop;
  const style = STYLES.bullet;
  const taken: Paragraph[] = [];
  let used = 0;
  if (!queue.items.length && !queue.started) {
    const p: Paragraph = { text: '（記載なし）', style, color: COLORS.muted };
    taken.push(p);
    used = paragraphsHeight([p], listW);
  }
  while (queue.items.length) {
    const item = queue.items[0] as Fragment;
    const p: Paragraph = { text: item.text, style, bullet: item.continued ? 'continued' : 'item' };
    const h = paragraphsHeight([p], listW);
    if (used + h <= avail) {
      taken.push(p);
      used += h;
      queue.items.shift();
      continue;
    }
    if (taken.length) break;
    const lines = Math.floor((avail - BULLET.spaceAfter) / style.lineHeight);
    if (lines < 1) return undefined;
    const [head, rest] = splitAfterLines(item.text, textWidthOf(p, listW), measureSize(style), lines);
    const part = { ...p, text: head };
    taken.push(part);
    used += paragraphsHeight([part], listW);
    queue.items[0] = { text: rest, continued: true };
    break;
  }
  if (!taken.length) return undefined;
  queue.started = true;
  return {
    height: headingH + PANEL.gapAfterHeading + used,
    blocks: [
      { kind: 'rect', box: { x, y: top, w, h: headingH }, fill: COLORS.accentTint },
      { kind: 'rect', box: { x, y: top, w: 4, h: headingH }, fill: COLORS.accent },
      {
        kind: 'text',
        box: {
          x: x + PANEL.headingPadX,
          y: top + PANEL.headingPadY,
          w: headingInner,
          h: headingH - 2 * PANEL.headingPadY,
        },
        paragraphs: [headingP],
      },
      { kind: 'text', box: { x: x + PANEL.listPadX, y: listTop, w: listW, h: used }, paragraphs: taken },
    ],
  };
}

interface TableQueue {
  heading: string;
  /** Lines under the heading, before the table's first rows only (a policy's 総合評価). */
  intro?: Paragraph[];
  columns: number[];
  header: TableRow;
  rows: TableRow[];
  started: boolean;
}

/**
 * Places a headed table, taking the rows that fit below `top`. On a slide with nothing else
 * (`fresh`) it always places at least one row, cut to fit if it alone is taller than the slide.
 */
function takeTable(queue: TableQueue, region: Region, top: number, fresh: boolean): Placed | undefined {
  const blocks: Block[] = [];
  let y = top;
  if (queue.heading) {
    const p: Paragraph = {
      text: queue.started ? `${queue.heading}${CONTINUED}` : queue.heading,
      style: STYLES.sectionHeading,
      color: COLORS.accent,
    };
    const h = paragraphsHeight([p], region.w);
    blocks.push({ kind: 'text', box: { x: region.x, y, w: region.w, h }, paragraphs: [p] });
    y += h + 4;
  }
  if (queue.intro?.length && !queue.started) {
    const h = paragraphsHeight(queue.intro, region.w);
    blocks.push({ kind: 'text', box: { x: region.x, y, w: region.w, h }, paragraphs: queue.intro });
    y += h + 6;
  }
  const avail = region.bottom - y - queue.header.height;
  const rows: TableRow[] = [];
  let used = 0;
  while (queue.rows.length) {
    const next = queue.rows[0] as TableRow;
    // A group heading is never left alone at the bottom of a slide.
    const following = next.kind === 'group' ? (queue.rows[1]?.height ?? 0) : 0;
    if (used + next.height + following > avail) {
      if (rows.length || !fresh) break;
      // Alone on an empty slide: place it anyway, cut to fit if it is taller than the slide.
    }
    const placed = next.height <= avail - used ? next : clampRow(next, queue.columns, avail - used);
    rows.push(placed);
    used += placed.height;
    queue.rows.shift();
  }
  if (!rows.length) return undefined;
  queue.started = true;
  const tableRows = [queue.header, ...rows];
  blocks.push({
    kind: 'table',
    box: { x: region.x, y, w: sum(queue.columns), h: sum(tableRows.map((r) => r.height)) },
    columns: queue.columns,
    rows: tableRows,
  });
  return { blocks, height: y - top + sum(tableRows.map((r) => r.height)) };
}

interface PanelBody {
  kind: 'policy' | 'legend';
  measures: string;
  results: ListQueue;
  directions: ListQueue;
  kpi?: TableQueue;
}

type Frame = (first: boolean) => { title: string; blocks: Block[]; region: Region };

/** Lays out measures, the two panels and the KPI table over as many slides as they need. */
function paginatePanels(body: PanelBody, frame: Frame): SlidePlan[] {
  const slides: SlidePlan[] = [];
  const { results, directions, kpi } = body;
  // The measures line in one style throughout, continued by lines on the next slide if need be.
  const measuresStyle = measuresParagraph(body.measures, frame(true).region).style;
  let measures = body.measures;
  const items = () => [...results.items, ...directions.items];
  const pending = () => items().length + (kpi?.rows.length ?? 0) + (measures ? 1 : 0);
  // Splitting an item leaves the number of items unchanged, so progress also counts characters.
  const progress = () => `${pending()}/${sum(items().map((item) => item.text.length)) + measures.length}`;
  for (let first = true; first || pending() > 0; first = false) {
    const before = progress();
    const { title, blocks, region } = frame(first);
    let y = region.top;
    if (measures) {
      let p: Paragraph = { text: measures, style: measuresStyle, color: COLORS.accent };
      if (paragraphsHeight([p], region.w) <= region.bottom - y) {
        measures = '';
      } else {
        const lines = Math.floor((region.bottom - y) / measuresStyle.lineHeight);
        if (lines < 1) throw new Error(`no room for the measures on 「${title}」`);
        const [head, rest] = splitAfterLines(measures, region.w, measureSize(measuresStyle), lines);
        p = { ...p, text: head };
        measures = rest;
      }
      const h = paragraphsHeight([p], region.w);
      blocks.push({ kind: 'text', box: { x: region.x, y, w: region.w, h }, paragraphs: [p] });
      y += h + GAP / 2;
    }
    const open = measures
      ? []
      : [results, directions].filter((queue) => queue.items.length || !queue.started);
    if (open.length) {
      // Side by side; a list continued alone on a follow-on slide gets the full width.
      const single = open.length === 1 && !first;
      const colW = single ? region.w : (region.w - PANEL.gap) / 2;
      const columns = single
        ? open.map((queue) => ({ queue, x: region.x }))
        : [
            { queue: results, x: region.x },
            { queue: directions, x: region.x + colW + PANEL.gap },
          ];
      let height = 0;
      for (const { queue, x } of columns) {
        if (!(queue.items.length || !queue.started)) continue;
        const placed = takeList(queue, x, colW, y, region.bottom);
        if (!placed) continue;
        blocks.push(...placed.blocks);
        height = Math.max(height, placed.height);
      }
      if (height) y += height + GAP;
    }
    const listsDone = [results, directions].every((queue) => queue.started && !queue.items.length);
    if (kpi && !measures && listsDone && kpi.rows.length) {
      const placed = takeTable(kpi, region, y, y === region.top);
      if (placed) blocks.push(...placed.blocks);
    }
    if (!first && progress() === before) throw new Error(`layout made no progress on 「${title}」`);
    slides.push({ kind: body.kind, title, blocks });
  }
  return slides;
}

/**
 * ①…／②… in the measures style when it takes at most three lines; a longer run of measures gets
 * smaller type and wraps (nothing is cut: what does not fit continues on the next slide).
 */
function measuresParagraph(text: string, region: Region): Paragraph {
  const base: Paragraph = { text, style: STYLES.measures, color: COLORS.accent };
  if (paragraphLines(base, region.w).length <= 3) return base;
  return { ...base, style: { ...STYLES.bullet, bold: true } };
}

/** Column widths of the compact KPI table on a policy page, pt (sum = content width). */
const POLICY_KPI_COLUMNS = [330, 140, 150, 150, 118];

/**
 * A policy's 総合評価 per KPI set, one line each:
 * 「基本方針1の総合評価（基本計画）：■ B 概ね順調　指標4件の平均点方式」.
 */
export function rollUpParagraphs(policyLabel: string, rollUps: RollUpKey[]): Paragraph[] {
  return rollUps.map((r) => ({
    lead: `${policyLabel}の総合評価（${r.setName}）：`,
    text: `${gradeLabel(r.grade)}　${r.basis}`,
    swatch: hex(r.grade.color),
    style: STYLES.cellHeader,
    color: COLORS.text,
  }));
}

function policyKpiTable(kpis: KpiRow[], intro: Paragraph[] = []): TableQueue {
  const columns = POLICY_KPI_COLUMNS;
  const header = row(
    'header',
    columns,
    ['指標名', '基準値', '目標値', '最新実績', '評価'].map((text) => headerCell(text)),
  );
  const rows = kpis.map((k) =>
    row('body', columns, [
      textCell(kpiName(k)),
      textCell(baselineLabel(k)),
      textCell(targetLabel(k)),
      textCell(latestLabel(k)),
      gradeCell(k),
    ]),
  );
  return { heading: '指標（KPI）', intro, columns, header, rows, started: false };
}

const kpiName = (k: KpiRow) => (k.illustrative ? `${k.name}※` : k.name);

function headerCell(
  text: string,
  style: TextStyle = STYLES.cellHeader,
  align?: Paragraph['align'],
): TableCell {
  return {
    paragraphs: [{ text, style, color: COLORS.accent, ...(align ? { align } : {}) }],
    fill: COLORS.accentTint,
  };
}

function textCell(text: string, style: TextStyle = STYLES.cell, align?: Paragraph['align']): TableCell {
  return { paragraphs: [{ text, style, color: COLORS.text, ...(align ? { align } : {}) }] };
}

function gradeCell(k: KpiRow, style: TextStyle = STYLES.cell): TableCell {
  return {
    paragraphs: [{ text: gradeLabel(k.grade), style, color: COLORS.text, swatch: hex(k.grade.color) }],
  };
}

/** One policy page, continued on follow-on slides when its lists or KPI table are long. */
export function planPolicy(policy: PolicyPage): SlidePlan[] {
  const kicker = [policy.goalLabel, policy.goalTitle].filter(Boolean).join(' ');
  const title = [policy.policyLabel, policy.policyTitle].filter(Boolean).join(' ');
  return paginatePanels(
    {
      kind: 'policy',
      measures: policy.measures.map((m) => `${m.label}${m.title}`).join('／'),
      results: listQueue(policy.resultsHeading, policy.results),
      directions: listQueue(policy.directionsHeading, policy.directions),
      ...(policy.kpis.length
        ? { kpi: policyKpiTable(policy.kpis, rollUpParagraphs(policy.policyLabel, policy.rollUps)) }
        : {}),
    },
    (first) => {
      const slideTitle = first ? title : `${title}${CONTINUED}`;
      return { title: slideTitle, ...planBand(kicker, slideTitle) };
    },
  );
}

/**
 * 次ページからの記載事項: a sample policy page in a frame, its parts named by the legend
 * (基本目標名, 基本方針名, ①施策名…, the two headings with what goes under them).
 */
export function planLegend(legend: ReportLegend): SlidePlan[] {
  return paginatePanels(
    {
      kind: 'legend',
      measures: legend.measuresLabel,
      results: listQueue(legend.resultsHeading, legend.resultsDescription),
      directions: listQueue(legend.directionsHeading, legend.directionsDescription),
    },
    (first) => {
      const slideTitle = first ? legend.heading : `${legend.heading}${CONTINUED}`;
      const band = planBand('', slideTitle);
      const pad = 12;
      const frameBox = {
        x: band.region.x,
        y: band.region.top,
        w: band.region.w,
        h: band.region.bottom - band.region.top,
      };
      const inner = { x: frameBox.x + pad, w: frameBox.w - 2 * pad };
      // The sample page's own band: goal name small, policy name large, on the accent tint.
      const goal: Paragraph = { text: legend.goalLabel, style: STYLES.kicker, color: COLORS.accent };
      const policy: Paragraph = {
        text: legend.policyLabel,
        style: { ...STYLES.title, fontSize: 20, lineHeight: 26 },
        color: COLORS.accent,
      };
      const textW = inner.w - 2 * PANEL.headingPadX;
      const goalH = paragraphsHeight([goal], textW);
      const policyH = paragraphsHeight([policy], textW);
      const sampleBandH = goalH + policyH + 2 * PANEL.headingPadY;
      const top = frameBox.y + pad;
      const blocks: Block[] = [
        ...band.blocks,
        { kind: 'frame', box: frameBox, color: COLORS.accent },
        { kind: 'rect', box: { x: inner.x, y: top, w: inner.w, h: sampleBandH }, fill: COLORS.accentTint },
        {
          kind: 'text',
          box: { x: inner.x + PANEL.headingPadX, y: top + PANEL.headingPadY, w: textW, h: goalH },
          paragraphs: [goal],
        },
        {
          kind: 'text',
          box: { x: inner.x + PANEL.headingPadX, y: top + PANEL.headingPadY + goalH, w: textW, h: policyH },
          paragraphs: [policy],
        },
      ];
      return {
        title: slideTitle,
        blocks,
        region: {
          x: inner.x,
          w: inner.w,
          top: top + sampleBandH + GAP,
          bottom: frameBox.y + frameBox.h - pad,
        },
      };
    },
  );
}

// ---------------------------------------------------------------------------------------------
// KPI achievement status

const CHART_WIDTH = 440;

/** A KPI set's 100 % stacked bar chart with its count/share table beside it. */
export function planKpiSet(set: KpiSetSummary, heading: string): SlidePlan[] {
  const tableX = MARGIN_X + CHART_WIDTH + PANEL.gap;
  const tableW = MARGIN_X + CONTENT_WIDTH - tableX;
  const labelW = 100;
  const rollUpW = 92;
  const totalW = 36;
  const gradeW = (tableW - labelW - rollUpW - totalW) / Math.max(1, set.grades.length);
  const columns = [labelW, rollUpW, ...set.grades.map(() => gradeW), totalW];
  const method = set.rows[0]?.rollUp.methodLabel;
  const header = row('header', columns, [
    headerCell('区分'),
    {
      paragraphs: [
        { text: '総合評価', style: STYLES.cellHeader, color: COLORS.accent },
        ...(method ? [{ text: `（${method}）`, style: STYLES.cellSmall, color: COLORS.accent }] : []),
      ],
      fill: COLORS.accentTint,
    },
    ...set.grades.map((g) => ({
      paragraphs: [
        {
          text: gradeLabel(g),
          style: STYLES.cellHeader,
          color: textColorOn(g.color),
          align: 'center' as const,
        },
      ],
      fill: hex(g.color),
    })),
    headerCell('計', STYLES.cellHeader, 'center'),
  ]);
  const countsRow = (
    r: GradeCountsRow,
    kind: TableRow['kind'],
    muted = false,
    rollUp?: RollUpKey,
  ): TableRow => {
    const color = muted ? COLORS.muted : COLORS.text;
    const fill = kind === 'total' ? { fill: COLORS.accentTint } : {};
    const label: Paragraph[] = [{ text: r.label, style: STYLES.cellHeader, color }];
    if (r.title) label.push({ text: r.title, style: STYLES.cellSmall, color: COLORS.muted });
    // The grade (■ in its colour, symbol and label), then how many KPIs it counts.
    const rollUpCell: TableCell = {
      paragraphs: rollUp
        ? [
            { text: gradeLabel(rollUp.grade), style: STYLES.cell, color, swatch: hex(rollUp.grade.color) },
            { text: `指標${rollUp.counted}件`, style: STYLES.cellSmall, color: COLORS.muted },
          ]
        : [{ text: '', style: STYLES.cell, color }],
      ...fill,
    };
    return row(kind, columns, [
      { paragraphs: label, ...fill },
      rollUpCell,
      ...r.counts.map((count, i) => ({
        paragraphs: [
          {
            text: `${count}`,
            style: kind === 'total' ? STYLES.cellHeader : STYLES.cell,
            color,
            align: 'center' as const,
          },
          {
            text: `${(r.shares[i] ?? 0).toFixed(1)}%`,
            style: STYLES.cellSmall,
            color: COLORS.muted,
            align: 'center' as const,
          },
        ],
        ...fill,
      })),
      {
        paragraphs: [{ text: `${r.total}`, style: STYLES.cellHeader, color, align: 'center' as const }],
        ...fill,
      },
    ]);
  };
  const queue: TableQueue = {
    heading: '',
    columns,
    header,
    rows: [
      ...set.rows.map((r) => countsRow(r, 'body', false, r.rollUp)),
      countsRow(set.total, 'total'),
      countsRow(set.previousTotal, 'body', true),
    ],
    started: false,
  };
  const slides: SlidePlan[] = [];
  for (let first = true; first || queue.rows.length; first = false) {
    const title = first ? set.name : `${set.name}${CONTINUED}`;
    const band = planBand(heading, title);
    const blocks = [...band.blocks];
    const region = { ...band.region, x: tableX, w: tableW };
    if (first) {
      const chartBox = { x: MARGIN_X, y: region.top, w: CHART_WIDTH, h: region.bottom - region.top };
      blocks.push({ kind: 'chart', box: chartBox, set });
      if (set.total.total === 0) {
        const p: Paragraph = {
          text: '集計の対象となる指標がありません',
          style: STYLES.note,
          color: COLORS.muted,
          align: 'center',
        };
        const h = paragraphsHeight([p], CHART_WIDTH);
        blocks.push({
          kind: 'text',
          box: { x: MARGIN_X, y: chartBox.y + (chartBox.h - h) / 2, w: CHART_WIDTH, h },
          paragraphs: [p],
        });
      }
    }
    const placed = takeTable(queue, region, region.top, true);
    if (placed) blocks.push(...placed.blocks);
    slides.push({ kind: 'kpi', title, blocks });
  }
  return slides;
}

// ---------------------------------------------------------------------------------------------
// Annex: the full KPI table of each set

/** Annex column widths, pt (sum = content width). */
const ANNEX_COLUMNS = [66, 184, 100, 80, 92, 88, 58, 90, 66, 64];
const ANNEX_HEADINGS = [
  '番号',
  '指標名',
  // The node the KPI hangs on, at whatever level: 体系, as in the Excel and Word annex.
  '体系',
  '基準値',
  '目標値',
  '最新実績',
  '達成率',
  '評価',
  '見通し',
  '担当課',
];
const ANNEX_KICKER = '資料　指標（KPI）一覧';

/** The annex table of a set, grouped by 基本目標, continued over as many slides as it needs. */
export function planAnnex(set: AnnexSet): SlidePlan[] {
  const columns = ANNEX_COLUMNS;
  const s = STYLES.annexCell;
  const header = row(
    'header',
    columns,
    ANNEX_HEADINGS.map((text) => headerCell(text, STYLES.annexHeader)),
  );
  const groupRow = (text: string) =>
    row('group', columns, [
      {
        paragraphs: [{ text, style: STYLES.annexHeader, color: COLORS.text }],
        fill: COLORS.zebra,
        colspan: columns.length,
      },
    ]);
  const rows: TableRow[] = [];
  const groupTitles = new Map<TableRow, string>();
  for (const group of set.groups) {
    if (!group.kpis.length) continue;
    const title = [group.label, group.title].filter(Boolean).join('　');
    const g = groupRow(title);
    groupTitles.set(g, title);
    rows.push(g);
    for (const k of group.kpis) {
      rows.push(
        row('body', columns, [
          textCell(k.code, s),
          textCell(kpiName(k), s),
          textCell(k.nodeLabel, s),
          textCell(baselineLabel(k), s),
          textCell(targetLabel(k), s),
          textCell(latestLabel(k), s),
          textCell(rateLabel(k), s, 'right'),
          gradeCell(k, s),
          textCell(k.projectionLabel || '－', s),
          textCell(k.department || '－', s),
        ]),
      );
    }
  }
  const frame = (first: boolean) => {
    const title = first ? set.name : `${set.name}${CONTINUED}`;
    return { title, ...planBand(ANNEX_KICKER, title) };
  };
  if (!rows.length) {
    const { title, blocks, region } = frame(true);
    const p: Paragraph = {
      text: 'この区分の指標はまだ登録されていません。',
      style: STYLES.note,
      color: COLORS.muted,
    };
    blocks.push({
      kind: 'text',
      box: { x: region.x, y: region.top, w: region.w, h: paragraphsHeight([p], region.w) },
      paragraphs: [p],
    });
    return [{ kind: 'annex', title, blocks }];
  }
  const queue: TableQueue = { heading: '', columns, header, rows, started: false };
  const slides: SlidePlan[] = [];
  let group: string | undefined;
  for (let first = true; queue.rows.length; first = false) {
    const { title, blocks, region } = frame(first);
    // A group cut by the slide break gets its heading again, marked 「（続き）」.
    const next = queue.rows[0] as TableRow;
    if (next.kind !== 'group' && group !== undefined) queue.rows.unshift(groupRow(`${group}${CONTINUED}`));
    const before = queue.rows.length;
    const placed = takeTable(queue, region, region.top, true);
    if (!placed || queue.rows.length === before) throw new Error(`layout made no progress on 「${title}」`);
    blocks.push(...placed.blocks);
    for (const r of placed.blocks.flatMap((b) => (b.kind === 'table' ? b.rows : []))) {
      const t = groupTitles.get(r);
      if (t !== undefined) group = t;
    }
    slides.push({ kind: 'annex', title, blocks });
  }
  return slides;
}

// ---------------------------------------------------------------------------------------------
// 審議会からの意見と対応: 番号, 該当箇所, 意見, 対応, continued over as many slides as it needs

/** Council table column widths, pt (sum = content width). */
const COUNCIL_COLUMNS = [36, 172, 340, 340];
/** Characters of a comment or answer per table row: a longer text continues on the next row. */
const COUNCIL_CHUNK = 500;

function chunks(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

/** 審議会からの意見と対応 as table slides; a long comment continues on rows marked 「（続き）」. */
export function planCouncil(section: CouncilCommentsSection): SlidePlan[] {
  const columns = COUNCIL_COLUMNS;
  const s = STYLES.annexCell;
  const header = row(
    'header',
    columns,
    ['番号', '該当箇所', '意見', '対応'].map((text) => headerCell(text, STYLES.annexHeader)),
  );
  const paragraphsOf = (text: string, color: string = COLORS.text): Paragraph[] =>
    text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => ({ text: line, style: s, color }));
  const rows: TableRow[] = section.entries.flatMap((entry, i) => {
    const comment = chunks(entry.comment, COUNCIL_CHUNK);
    const response = chunks(entry.response, COUNCIL_CHUNK);
    return Array.from({ length: Math.max(comment.length, response.length) }, (_, k) =>
      row('body', columns, [
        textCell(k === 0 ? String(i + 1) : '', s, 'center'),
        textCell(k === 0 ? entry.subject : `${entry.subject}${CONTINUED}`, s),
        { paragraphs: paragraphsOf(comment[k] ?? '') },
        { paragraphs: paragraphsOf(response[k] ?? '', entry.answered ? COLORS.text : COLORS.muted) },
      ]),
    );
  });
  const queue: TableQueue = { heading: '', columns, header, rows, started: false };
  const slides: SlidePlan[] = [];
  for (let first = true; queue.rows.length; first = false) {
    const title = first ? section.heading : `${section.heading}${CONTINUED}`;
    const { blocks, region } = planBand('', title);
    const before = queue.rows.length;
    const placed = takeTable(queue, region, region.top, true);
    if (!placed || queue.rows.length === before) throw new Error(`layout made no progress on 「${title}」`);
    blocks.push(...placed.blocks);
    slides.push({ kind: 'council', title, blocks });
  }
  return slides;
}

/** 「案」 in the top right corner of every slide of a draft. */
function planDraftMark(): Block[] {
  const box = { x: SLIDE.width - MARGIN_X - 44, y: 6, w: 44, h: 26 };
  return [
    { kind: 'rect', box, fill: COLORS.white },
    { kind: 'frame', box, color: DRAFT_COLOR },
    {
      kind: 'text',
      box,
      paragraphs: [{ text: DRAFT_MARK, style: STYLES.kicker, color: DRAFT_COLOR, align: 'center' }],
    },
  ];
}
const DRAFT_COLOR = 'A11D1D';

// ---------------------------------------------------------------------------------------------
// The whole deck

/**
 * Plans every slide of the deck in the seed's order: cover, KPI achievement status (one slide per
 * set), legend, one page per 基本方針, then the annex tables. Each slide carries the footer.
 * @example planDeck(model).map((s) => s.kind) // ['cover', 'kpi', 'kpi', 'legend', 'policy', …, 'annex', …]
 */
export function planDeck(model: ReportModel): SlidePlan[] {
  const slides = [
    planCover(model.cover),
    ...model.kpiSection.sets.flatMap((set) => planKpiSet(set, model.kpiSection.heading)),
    ...planLegend(model.legend),
    ...model.policies.flatMap(planPolicy),
    ...(model.councilComments ? planCouncil(model.councilComments) : []),
    ...model.annex.flatMap(planAnnex),
  ];
  const footer = [
    ...planFooter(model.cover.planName, model.illustrative),
    ...(model.draft ? planDraftMark() : []),
  ];
  return slides.map((s) => ({ ...s, blocks: [...s.blocks, ...footer] }));
}
