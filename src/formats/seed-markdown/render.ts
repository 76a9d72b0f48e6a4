/**
 * @module Progress report Markdown renderer
 * Writes a progress report as canonical Markdown: the same content as the converted slide deck,
 * with consistent heading levels (# goal, ## policy, ### measures). The parser reads it back.
 */
import { formatWarekiDate } from '../../domain/calendar/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import type { PlanLevel, ProgressReportDocument, ReportNode } from '../../domain/plan/types.ts';
import { NO_COUNCIL_MEETING, UNDATED } from './cover.ts';

const MARKDOWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const MARKDOWN_TEXT: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * Text as Markdown that renders no HTML: a viewer of the exported file would otherwise run the
 * `<script>` or `<img onerror>` someone typed into a title or an imported file. parse.ts reads it
 * back with {@link unescapeMarkdownText}, so import → export → import is unchanged.
 * @example escapeMarkdownText('<b>A&B</b>') // '&lt;b&gt;A&amp;B&lt;/b&gt;'
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[&<>]/gu, (ch) => MARKDOWN_ENTITIES[ch] ?? ch);
}

/**
 * The text {@link escapeMarkdownText} escaped (one pass, so 「&amp;lt;」 reads 「&lt;」).
 * @example unescapeMarkdownText('&lt;b&gt;A&amp;B') // '<b>A&B'
 */
export function unescapeMarkdownText(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/gu, (entity) => MARKDOWN_TEXT[entity] ?? entity);
}

/** Extra Markdown the parser skips when the file is read back (GFM tables, chart placeholders). */
export interface RenderOptions {
  /** Under a KPI set's heading, by set name: its chart placeholder and table. */
  kpiSetSections?: Record<string, string>;
  /** After a node's lists, by dotted node path ('1.2' = 基本目標 1, 基本方針2): its KPI table. */
  nodeSections?: Record<string, string>;
  /** Before the title: the draft line (［案］…), which the parser skips. */
  preface?: string;
  /** After the last node: 審議会からの意見と対応, where the parser stops reading. */
  appendix?: string;
}

/**
 * Renders a progress report document as Markdown.
 * @example renderProgressReport(doc).split('\n')[0] // '# 第二次○○市総合計画 前期計画の進捗状況について'
 */
export function renderProgressReport(doc: ProgressReportDocument, options: RenderOptions = {}): string {
  const { report, plan } = doc;
  const e = escapeMarkdownText;
  const out: string[] = [];
  const block = (...lines: string[]) => out.push(...lines, '');

  if (options.preface) block(options.preface);
  block(`# ${e(report.title)}`);
  block(`## ${e(report.subtitle)}`);
  // A year started in the app has neither until its council meeting is recorded; the placeholders
  // read back as empty (parse.ts), so such a report still round-trips.
  block(report.date ? formatWarekiDate(report.date) : UNDATED);
  block(e(report.councilMeeting || NO_COUNCIL_MEETING));

  if (report.kpiSectionHeading) {
    block(`# ${e(report.kpiSectionHeading)}`);
    for (const name of report.kpiSetNames) {
      block(`## ${e(name)}`);
      const extra = options.kpiSetSections?.[name];
      if (extra) block(extra);
    }
  }

  const { legend } = report;
  block(`# ${e(legend.heading)}`);
  block(`## ${e(legend.goalLabel)}`);
  block(`### ${e(legend.policyLabel)}`);
  block(e(legend.measuresLabel));
  block(`#### ${e(legend.resultsHeading)}`);
  if (legend.resultsDescription.length) block(...legend.resultsDescription.map((t) => `・${e(t)}`));
  block(`#### ${e(legend.directionsHeading)}`);
  if (legend.directionsDescription.length) block(...legend.directionsDescription.map((t) => `・${e(t)}`));

  for (const node of doc.nodes) renderNode(node, '', plan.levels, plan.progressLevel, block, options);
  if (options.appendix) block(options.appendix);
  return `${out.join('\n').trimEnd()}\n`;
}

function renderNode(
  node: ReportNode,
  parentPath: string,
  levels: PlanLevel[],
  progressLevel: number,
  block: (...lines: string[]) => void,
  options: RenderOptions,
): void {
  const path = parentPath ? `${parentPath}.${node.number}` : String(node.number);
  const e = escapeMarkdownText;
  const level = levels[node.level - 1] ?? { name: '', numbering: 'arabic' };
  const childLevel = levels[node.level];
  // Circled levels are printed as one line per parent: ①…／②…
  if (childLevel?.numbering === 'circled') {
    block(
      `${'#'.repeat(node.level)} ${nodeLabel(level, node.number, { spaced: node.level === 1 })} ${e(node.title)}`,
    );
    if (node.children.length) {
      block(
        `${'#'.repeat(node.level + 1)} ${node.children.map((c) => `${nodeLabel(childLevel, c.number)}${e(c.title)}`).join('／')}`,
      );
    }
    for (const child of node.children) {
      for (const grandChild of child.children)
        renderNode(grandChild, `${path}.${child.number}`, levels, progressLevel, block, options);
    }
  } else {
    block(
      `${'#'.repeat(node.level)} ${nodeLabel(level, node.number, { spaced: node.level === 1 })} ${e(node.title)}`,
    );
    for (const child of node.children) renderNode(child, path, levels, progressLevel, block, options);
  }
  if (node.level === progressLevel && node.progress) {
    if (node.progress.results.length) block(...node.progress.results.map((t) => `- ${e(t)}`));
    if (node.progress.directions.length) block(...node.progress.directions.map((t) => `- ${e(t)}`));
  }
  const extra = options.nodeSections?.[path];
  if (extra) block(extra);
}
