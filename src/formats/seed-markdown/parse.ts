/**
 * @module Progress report Markdown parser
 * Reads a progress report in the Markdown form that slide decks are converted to (see README.md
 * beside this file). Such files are irregular: heading levels differ between sections, the two
 * lists of a policy carry no headings, and measures are joined on one line with ／. So the
 * structure is recognised from the content (基本目標 N, 基本方針N, ①…) on the mdast tree, never from
 * the number of `#`; text is taken verbatim from the source so the original's own typos survive.
 */

import type { List, Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { parseFiscalYear, parseWarekiDate } from '../../domain/calendar/index.ts';
import { fromCircled } from '../../domain/plan/numbering.ts';
import type { PlanLevel, ProgressReportDocument, ReportLegend, ReportNode } from '../../domain/plan/types.ts';
import { checkMarkdownText, FileLimitError } from '../file-limits.ts';
import { NO_COUNCIL_MEETING, UNDATED } from './cover.ts';
import { unescapeMarkdownText } from './render.ts';

/** One problem in the file, with the 1-based line it is on. */
export interface ParseIssue {
  line: number;
  message: string;
}

/** Thrown when a file does not fit the layout; lists every problem found. */
export class ReportParseError extends Error {
  constructor(readonly issues: ParseIssue[]) {
    super(issues.map((i) => `${i.line}行目: ${i.message}`).join('\n'));
    this.name = 'ReportParseError';
  }
}

export interface ParseOptions {
  /** Names of the three levels the layout has; the defaults are the most common ones. */
  levelNames?: [goal: string, policy: string, measure: string];
}

const defaults = { levelNames: ['基本目標', '基本方針', '施策'] } satisfies Required<ParseOptions>;

/** A line of text (heading or paragraph line) or a group of list items, in file order. */
type Block =
  | { kind: 'text'; line: number; text: string; heading: boolean }
  | { kind: 'list'; line: number; items: Array<{ line: number; text: string }> };

const LIST_MARKER = /^\s*(?:[-*+]|\d+[.)])\s+/;
/**
 * Lines the exporter adds and the importer skips: GFM table rows (KPI tables) and chart
 * placeholders (［グラフ］…), and the draft line (［案］…). The report's own text is never a table.
 */
const EXPORT_ONLY_LINE = /^(?:\|.*\||［グラフ］|［案］)/;
/**
 * The heading of the exported section 審議会からの意見と対応: comments and answers live in Hoshin,
 * not in the report file, so reading stops there.
 */
export const COUNCIL_SECTION_HEADING = '審議会からの意見と対応';
const MEASURE_SEPARATOR = /\s*[／/]\s*/;

/**
 * Parses a progress report. Throws {@link ReportParseError} naming the line of every problem.
 * @example
 * const doc = parseProgressReport(readFileSync('report.md', 'utf8'));
 * doc.report.fiscalYear // 2023 for 令和6年度（令和5年度実績）
 */
export function parseProgressReport(source: string, options: ParseOptions = {}): ProgressReportDocument {
  // Limits first (src/formats/file-limits.ts): the Markdown parser's memory grows far past the text's.
  try {
    checkMarkdownText(source);
  } catch (error) {
    if (error instanceof FileLimitError) throw new ReportParseError([{ line: 1, message: error.message }]);
    throw error;
  }
  // A NUL character cannot be stored in any text column; refused here with its line rather than as a
  // database error at the write (found by fuzzing).
  const nul = source.indexOf('\u0000');
  if (nul >= 0) {
    const line = source.slice(0, nul).split('\n').length;
    throw new ReportParseError([
      { line, message: '使えない文字（NUL, U+0000）があります。この文字を消してください' },
    ]);
  }
  const { levelNames } = { ...defaults, ...options };
  const [goalName, policyName, measureName] = levelNames;
  const blocks = toBlocks(source);
  const issues: ParseIssue[] = [];
  const lastLine = source.split('\n').length;
  let i = 0;
  const peek = () => blocks[i];
  const isText = (b: Block | undefined): b is Extract<Block, { kind: 'text' }> => b?.kind === 'text';

  const goalPattern = new RegExp(`^${escapeRegExp(goalName)}\\s*(\\d+)\\s*(.*)$`);
  const policyPattern = new RegExp(`^${escapeRegExp(policyName)}\\s*(\\d+)\\s*(.*)$`);
  const isGoal = (b: Block | undefined) => isText(b) && goalPattern.test(normalizeDigits(b.text));
  const isLegendStart = (b: Block | undefined) => isText(b) && b.text === '次ページからの記載事項';
  const isKpiSection = (b: Block | undefined) => isText(b) && /(KPI|指標).*達成状況/.test(b.text);

  // Cover: title, subtitle (the fiscal years), date, council meeting.
  const cover = { title: '', subtitle: '', date: '', councilMeeting: '', fiscalYear: 0 };
  const coverSteps: Array<[keyof typeof cover, string]> = [
    ['title', '表題（例: 第二次○○市総合計画 前期計画の進捗状況について）'],
    ['subtitle', '副題（例: 令和6年度（令和5年度実績））'],
    ['date', '日付（例: 令和6年12月19日）'],
    ['councilMeeting', '審議会名（例: 第6回○○市総合計画審議会）'],
  ];
  for (const [field, expected] of coverSteps) {
    const b = peek();
    if (!isText(b) || isKpiSection(b) || isLegendStart(b) || isGoal(b)) {
      issues.push({ line: b?.line ?? lastLine, message: `${expected}が必要です` });
      throw new ReportParseError(issues);
    }
    i++;
    if (field === 'subtitle') {
      const year = parseFiscalYear(/[（(](.+?)実績[）)]/.exec(b.text)?.[1] ?? '');
      if (year === null) {
        issues.push({
          line: b.line,
          message: `副題から実績の年度が読めません（例: 令和6年度（令和5年度実績））: 「${b.text}」`,
        });
      } else cover.fiscalYear = year;
      cover.subtitle = b.text;
    } else if (field === 'date' && b.text === UNDATED) {
      cover.date = '';
    } else if (field === 'councilMeeting' && b.text === NO_COUNCIL_MEETING) {
      cover.councilMeeting = '';
    } else if (field === 'date') {
      const iso = parseWarekiDate(b.text);
      if (iso === null)
        issues.push({ line: b.line, message: `日付（例: 令和6年12月19日）が読めません: 「${b.text}」` });
      else cover.date = iso;
    } else if (field === 'title') cover.title = b.text;
    else cover.councilMeeting = b.text;
  }

  // KPI section: its heading and the names of the KPI sets under it (their charts follow them).
  let kpiSectionHeading = '';
  const kpiSetNames: string[] = [];
  if (isKpiSection(peek())) {
    kpiSectionHeading = (peek() as Extract<Block, { kind: 'text' }>).text;
    i++;
    while (isText(peek()) && !isLegendStart(peek()) && !isGoal(peek())) {
      kpiSetNames.push((peek() as Extract<Block, { kind: 'text' }>).text);
      i++;
    }
  }

  // Legend (次ページからの記載事項): a template of the layout, kept as report text, not plan data.
  let legend: ReportLegend | undefined;
  if (isLegendStart(peek())) {
    const start = peek() as Extract<Block, { kind: 'text' }>;
    i++;
    const lines: Array<{ line: number; text: string }> = [];
    while (peek() && !isGoal(peek())) {
      const b = peek() as Block;
      if (b.kind === 'text') lines.push(b);
      else lines.push(...b.items);
      i++;
    }
    legend = parseLegend(start.text, lines, issues, start.line);
  }

  // The plan: goals → policies → measures, and per policy its two lists.
  const nodes: ReportNode[] = [];
  let goal: ReportNode | undefined;
  let policy: (ReportNode & { listsSeen: number; measuresLine?: number; line: number }) | undefined;
  const finishPolicy = () => {
    if (!policy) return;
    if (policy.children.length === 0) {
      issues.push({
        line: policy.line,
        message: `${policyName}${policy.number}に${measureName}（①…）の行がありません`,
      });
    }
    if (policy.listsSeen < 2) {
      issues.push({
        line: policy.line,
        message: `${policyName}${policy.number}には箇条書きが2つ（実績、今後の方向性）必要ですが${policy.listsSeen}つしかありません`,
      });
    }
    policy = undefined;
  };
  const finishGoal = () => {
    finishPolicy();
    if (goal && goal.children.length === 0) {
      issues.push({
        line: (goal as ReportNode & { line: number }).line,
        message: `${goalName} ${goal.number}に${policyName}がありません`,
      });
    }
  };

  for (; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (b.kind === 'text' && b.heading && b.text === COUNCIL_SECTION_HEADING) break;
    if (b.kind === 'text') {
      const text = normalizeDigits(b.text);
      const goalMatch = goalPattern.exec(text);
      const policyMatch = policyPattern.exec(text);
      if (goalMatch) {
        finishGoal();
        const number = Number(goalMatch[1]);
        expectNext(number, nodes.length, `${goalName}`, b.line, issues);
        goal = Object.assign(
          { level: 1, number, title: titleAfterNumber(b.text), children: [] },
          { line: b.line },
        );
        nodes.push(goal);
      } else if (policyMatch) {
        finishPolicy();
        if (!goal) {
          issues.push({ line: b.line, message: `${policyName}の前に${goalName}が必要です` });
          continue;
        }
        const number = Number(policyMatch[1]);
        expectNext(number, goal.children.length, policyName, b.line, issues);
        policy = {
          level: 2,
          number,
          title: titleAfterNumber(b.text),
          children: [],
          progress: { fiscalYear: cover.fiscalYear, results: [], directions: [] },
          listsSeen: 0,
          line: b.line,
        };
        goal.children.push(policy);
      } else if (fromCircled([...b.text][0] ?? '') !== null) {
        if (!policy) {
          issues.push({ line: b.line, message: `${measureName}（${b.text}）の前に${policyName}が必要です` });
          continue;
        }
        if (policy.listsSeen > 0 || policy.measuresLine !== undefined) {
          issues.push({
            line: b.line,
            message: `${measureName}の行は${policyName}ごとに1行（箇条書きの前）です`,
          });
          continue;
        }
        policy.measuresLine = b.line;
        for (const part of b.text.split(MEASURE_SEPARATOR)) {
          const [mark = '', ...rest] = [...part];
          const number = fromCircled(mark);
          if (number === null || rest.join('').trim() === '') {
            issues.push({
              line: b.line,
              message: `${measureName}は「①名称／②名称」の形で書いてください: 「${part}」`,
            });
            continue;
          }
          expectNext(number, policy.children.length, measureName, b.line, issues);
          policy.children.push({ level: 3, number, title: rest.join('').trim(), children: [] });
        }
      } else {
        issues.push({
          line: b.line,
          message: `想定外の行です（${goalName} N／${policyName}N／①${measureName}名／箇条書きのいずれか）: 「${b.text}」`,
        });
      }
    } else {
      if (!policy) {
        issues.push({ line: b.line, message: `箇条書きの前に${policyName}が必要です` });
        continue;
      }
      if (policy.measuresLine === undefined) {
        issues.push({ line: b.line, message: `箇条書きの前に${measureName}（①…）の行が必要です` });
      }
      const texts = b.items.map((item) => item.text);
      const progress = policy.progress ?? { fiscalYear: cover.fiscalYear, results: [], directions: [] };
      if (policy.listsSeen === 0) policy.progress = { ...progress, results: texts };
      else if (policy.listsSeen === 1) policy.progress = { ...progress, directions: texts };
      else
        issues.push({
          line: b.line,
          message: `${policyName}${policy.number}の3つ目の箇条書きです（実績と今後の方向性の2つまで）`,
        });
      policy.listsSeen++;
    }
  }
  finishGoal();
  if (nodes.length === 0) issues.push({ line: lastLine, message: `${goalName}が1つもありません` });
  if (issues.length > 0) throw new ReportParseError(issues);

  const levels: PlanLevel[] = [
    { name: goalName, numbering: 'arabic' },
    { name: policyName, numbering: 'arabic' },
    { name: measureName, numbering: 'circled' },
  ];
  const { planName, periodName } = splitTitle(cover.title);
  return {
    plan: { name: planName, levels, progressLevel: 2 },
    periodName,
    report: {
      title: cover.title,
      subtitle: cover.subtitle,
      fiscalYear: cover.fiscalYear,
      date: cover.date,
      councilMeeting: cover.councilMeeting,
      kpiSectionHeading,
      kpiSetNames,
      legend: legend ?? defaultLegend(levels, cover.fiscalYear),
    },
    nodes: nodes.map(stripParseState),
  };
}

/** The legend a report gets when its file has none. */
export function defaultLegend(
  levels: PlanLevel[],
  fiscalYear: number,
  formatYear?: (y: number) => string,
): ReportLegend {
  const year = formatYear ?? ((y: number) => `${y}年度`);
  return {
    heading: '次ページからの記載事項',
    goalLabel: `${levels[0]?.name ?? '基本目標'}名`,
    policyLabel: `${levels[1]?.name ?? '基本方針'}名`,
    measuresLabel: `①${levels[2]?.name ?? '施策'}名 / ②${levels[2]?.name ?? '施策'}名 / ……`,
    resultsHeading: `${year(fiscalYear)} 主な取組内容 / 実績`,
    resultsDescription: [],
    directionsHeading: `${year(fiscalYear + 1)} 主な取組 / 今後の方向性`,
    directionsDescription: [],
  };
}

function parseLegend(
  heading: string,
  lines: Array<{ line: number; text: string }>,
  issues: ParseIssue[],
  startLine: number,
): ReportLegend {
  const texts = lines.map((l) => l.text.replace(/^・/, ''));
  const resultsAt = texts.findIndex((t) => /主な取組内容|実績/.test(t));
  const directionsAt = texts.findIndex((t, k) => k > resultsAt && /方向性/.test(t));
  if (texts.length < 3 || resultsAt < 3 || directionsAt < 0) {
    issues.push({
      line: startLine,
      message: '記載事項のページには基本目標名・基本方針名・施策名・実績・今後の方向性の見出しが必要です',
    });
    return defaultLegend([], 0);
  }
  return {
    heading,
    goalLabel: texts[0] ?? '',
    policyLabel: texts[1] ?? '',
    measuresLabel: texts.slice(2, resultsAt).join(' '),
    resultsHeading: texts[resultsAt] ?? '',
    resultsDescription: texts.slice(resultsAt + 1, directionsAt),
    directionsHeading: texts[directionsAt] ?? '',
    directionsDescription: texts.slice(directionsAt + 1),
  };
}

/** Flattens the mdast tree into text lines and visual lists, with their source lines. */
function toBlocks(source: string): Block[] {
  const tree: Root = fromMarkdown(source);
  const lines = source.split(/\r?\n/);
  const blocks: Block[] = [];
  const visit = (node: Nodes) => {
    const start = node.position?.start.line ?? 0;
    const end = node.position?.end.line ?? start;
    switch (node.type) {
      case 'heading': {
        const text = (lines[start - 1] ?? '')
          .replace(/^\s*#{1,6}\s*/, '')
          .replace(/\s+#+\s*$/, '')
          .trim();
        if (text) blocks.push({ kind: 'text', line: start, text: unescapeMarkdownText(text), heading: true });
        return;
      }
      case 'paragraph':
      case 'html':
      case 'code':
      case 'blockquote':
        for (let l = start; l <= end; l++) {
          const text = (lines[l - 1] ?? '').trim();
          if (text && !EXPORT_ONLY_LINE.test(text))
            blocks.push({ kind: 'text', line: l, text: unescapeMarkdownText(text), heading: false });
        }
        return;
      case 'list':
        blocks.push(...splitList(node, lines));
        return;
      case 'thematicBreak':
        return;
      default:
        if ('children' in node) for (const child of node.children) visit(child as Nodes);
    }
  };
  for (const child of tree.children) visit(child);
  return blocks;
}

/**
 * CommonMark joins two lists separated only by a blank line into one loose list; in these files
 * the blank line is what separates the year's results from next year's directions. So a list is
 * split wherever a blank line stands between two items.
 */
function splitList(list: List, lines: string[]): Block[] {
  const groups: Array<Extract<Block, { kind: 'list' }>> = [];
  let previousEnd = -1;
  for (const item of list.children) {
    const start = item.position?.start.line ?? 0;
    const end = item.position?.end.line ?? start;
    const text = lines
      .slice(start - 1, end)
      .map((l, k) => unescapeMarkdownText((k === 0 ? l.replace(LIST_MARKER, '') : l).trim()))
      .join('');
    const current = groups.at(-1);
    if (!current || start > previousEnd + 1)
      groups.push({ kind: 'list', line: start, items: [{ line: start, text }] });
    else current.items.push({ line: start, text });
    previousEnd = end;
  }
  return groups;
}

function expectNext(number: number, countSoFar: number, what: string, line: number, issues: ParseIssue[]) {
  if (number !== countSoFar + 1) {
    issues.push({ line, message: `${what}の番号は${countSoFar + 1}のはずですが${number}です` });
  }
}

/** Title after the level name and number: 「基本方針1 観光の振興」 → 「観光の振興」. */
function titleAfterNumber(text: string): string {
  return text.replace(/^\D*?[0-9０-９]+\s*/, '').trim();
}

function splitTitle(title: string): { planName: string; periodName?: string } {
  const match = /^(.+?)\s+(\S*計画)の進捗状況について$/.exec(title);
  return match ? { planName: match[1] as string, periodName: match[2] } : { planName: title };
}

function normalizeDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripParseState(node: ReportNode): ReportNode {
  const { level, number, title, progress } = node;
  return {
    level,
    number,
    title,
    ...(progress ? { progress } : {}),
    children: node.children.map(stripParseState),
  };
}
