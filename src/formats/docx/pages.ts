/**
 * @module Pages of the Word report
 * Cover, table of contents, KPI section, legend, one page per 基本方針 (with its 総合評価 per KPI
 * set above its KPI table) and the KPI annex, as paragraphs and tables. Heading 1 is a major part or a 基本目標, Heading 2 a 基本方針 or a KPI
 * set, Heading 3 the blocks of a policy page; the table of contents lists levels 1–2.
 */
import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  LeaderType,
  Paragraph,
  type Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
} from 'docx';
import { reportLevelNames } from '../../report/levels.ts';
import type { CouncilCommentsSection, ReportModel } from '../../report/model.ts';
import { annexTable, gradeCountsTable, gradeSharesChart, policyKpiTable, rollUpTable } from './kpi-tables.ts';
import { ACCENT, BULLETS, DISPLAY_FONT, LANDSCAPE_TEXT_WIDTH, MUTED, PORTRAIT_TEXT_WIDTH } from './styles.ts';
import { bodyCell, headerCell, headerRow, table } from './table.ts';

type Block = Paragraph | Table | TableOfContents;

export const ANNEX_HEADING = '資料 指標（KPI）一覧';
export const TOC_HEADING = '目次';
const ILLUSTRATIVE_NOTE = '※ 指標の値には架空のデモ値が含まれます（審議用の実データではありません）。';

const heading = (text: string, level: 1 | 2 | 3, pageBreakBefore = false) =>
  new Paragraph({
    heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1],
    pageBreakBefore,
    children: [new TextRun(text)],
  });

const text = (
  value: string,
  options: { size?: number; bold?: boolean; color?: string; center?: boolean; keepNext?: boolean } = {},
) =>
  new Paragraph({
    alignment: options.center ? AlignmentType.CENTER : undefined,
    keepNext: options.keepNext,
    children: [new TextRun({ text: value, size: options.size, bold: options.bold, color: options.color })],
  });

const bullets = (items: string[]) =>
  items.length === 0
    ? [text('（記載なし）', { color: MUTED })]
    : items.map(
        (item) =>
          new Paragraph({ numbering: { reference: BULLETS, level: 0 }, children: [new TextRun(item)] }),
      );

// Notes stay with what follows them.
const note = (value: string) => text(value, { size: 18, color: MUTED, keepNext: true });

/** The cover page. */
export function cover(model: ReportModel): Block[] {
  const { cover } = model;
  const big = (value: string, size: number, before: number) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before, after: 120 },
      children: [new TextRun({ text: value, size, bold: true, font: DISPLAY_FONT, color: ACCENT })],
    });
  return [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      spacing: { before: 3600 },
      children: [new TextRun(cover.title)],
    }),
    big(cover.subtitle, 36, 240),
    big(cover.dateLabel, 28, 4200),
    big(cover.councilMeeting, 28, 120),
    ...(model.illustrative
      ? [
          new Paragraph({ spacing: { before: 1200 } }),
          text(ILLUSTRATIVE_NOTE, { center: true, color: MUTED }),
        ]
      : []),
  ];
}

/**
 * 目次: a Word table of contents, its entries written from the headings but without page numbers,
 * and marked for update so Word fills them in when the document is opened. (docx/layout can
 * estimate them, and gets LibreOffice's pages right, but takes seconds per report and grows with
 * the KPI tables.) No dot leaders: in LibreOffice, which does not update it, they would lead to
 * nothing.
 */
export function contents(): Block[] {
  return [
    new Paragraph({
      pageBreakBefore: true,
      spacing: { after: 240 },
      children: [new TextRun({ text: TOC_HEADING, size: 32, bold: true, font: DISPLAY_FONT, color: ACCENT })],
    }),
    new TableOfContents(TOC_HEADING, {
      hyperlink: true,
      headingStyleRange: '1-2',
      tabLeader: LeaderType.NONE,
    }),
  ];
}

/** 指標（KPI）の達成状況: a count/share table per KPI set. */
export function kpiSection(model: ReportModel): Block[] {
  const blocks: Block[] = [heading(model.kpiSection.heading, 1, true)];
  if (model.kpiSection.sets.length === 0) blocks.push(note('指標の区分はありません。'));
  model.kpiSection.sets.forEach((set, i) => {
    // A page per set: its chart and table fit on it.
    blocks.push(heading(set.name, 2, i > 0));
    if (set.illustrative) blocks.push(note(ILLUSTRATIVE_NOTE));
    if (set.total.total === 0) blocks.push(note('この区分の指標はありません。'));
    const chart = gradeSharesChart(set, PORTRAIT_TEXT_WIDTH);
    if (chart) blocks.push(chart);
    blocks.push(gradeCountsTable(set, PORTRAIT_TEXT_WIDTH, reportLevelNames(model).goal));
  });
  return blocks;
}

/** 次ページからの記載事項: a sample of the policy page, framed. */
export function legend(model: ReportModel): Block[] {
  const { legend } = model;
  const sample = (value: string, size: number, rule: 'bottom' | 'left' | 'shade' | 'none') =>
    new Paragraph({
      spacing: { before: 120, after: 80 },
      border:
        rule === 'bottom'
          ? { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 4 } }
          : rule === 'left'
            ? { left: { style: BorderStyle.SINGLE, size: 36, color: ACCENT, space: 6 } }
            : undefined,
      indent: rule === 'left' ? { left: 140 } : undefined,
      shading: rule === 'shade' ? { fill: 'DEEAF6' } : undefined,
      children: [
        new TextRun({
          text: value,
          size,
          bold: true,
          font: rule === 'none' ? undefined : DISPLAY_FONT,
          color: rule === 'shade' ? '000000' : ACCENT,
        }),
      ],
    });
  // Framed, and drawn like the real headings without their styles, so the table of contents
  // does not list the sample.
  const frame = new TableCell({
    margins: { top: 200, bottom: 200, left: 300, right: 300 },
    children: [
      sample(legend.goalLabel, 32, 'bottom'),
      sample(legend.policyLabel, 28, 'left'),
      sample(legend.measuresLabel, 22, 'none'),
      sample(legend.resultsHeading, 22, 'shade'),
      ...bullets(legend.resultsDescription),
      sample(legend.directionsHeading, 22, 'shade'),
      ...bullets(legend.directionsDescription),
    ],
  });
  return [
    heading(legend.heading, 1, true),
    table([PORTRAIT_TEXT_WIDTH], [new TableRow({ children: [frame] })]),
  ];
}

/** One page per 基本方針, the 基本目標 heading before the first of its policies. */
export function policyPages(model: ReportModel): Block[] {
  const blocks: Block[] = [];
  let goal = '';
  for (const page of model.policies) {
    const goalHeading = `${page.goalLabel} ${page.goalTitle}`.trim();
    const newGoal = goalHeading !== goal;
    if (newGoal) blocks.push(heading(goalHeading, 1, true));
    goal = goalHeading;
    blocks.push(heading(`${page.policyLabel} ${page.policyTitle}`.trim(), 2, !newGoal));
    if (page.measures.length > 0) {
      blocks.push(
        new Paragraph({
          spacing: { after: 120 },
          children: [
            new TextRun({
              text: page.measures.map((m) => `${m.label}${m.title}`).join('／'),
              bold: true,
              color: ACCENT,
            }),
          ],
        }),
      );
    }
    blocks.push(heading(page.resultsHeading, 3), ...bullets(page.results));
    blocks.push(heading(page.directionsHeading, 3), ...bullets(page.directions));
    if (page.rollUps.length > 0) {
      blocks.push(
        heading(`${page.policyLabel}の総合評価`, 3),
        rollUpTable(page.rollUps, PORTRAIT_TEXT_WIDTH),
      );
    }
    if (page.kpis.length > 0) {
      blocks.push(heading('指標（KPI）', 3), policyKpiTable(page.kpis, PORTRAIT_TEXT_WIDTH));
    }
  }
  return blocks;
}

/** 資料: the full KPI table of every set, in a landscape section. */
export function annex(model: ReportModel): Block[] {
  const blocks: Block[] = [heading(ANNEX_HEADING, 1)];
  model.annex.forEach((set, i) => {
    blocks.push(heading(set.name, 2, i > 0));
    const count = set.groups.reduce((n, g) => n + g.kpis.length, 0);
    blocks.push(count === 0 ? note('この区分の指標はありません。') : annexTable(set, LANDSCAPE_TEXT_WIDTH));
  });
  if (model.annex.length === 0) blocks.push(note('指標の区分はありません。'));
  return blocks;
}

/**
 * 審議会からの意見と対応: a table of 番号, 該当箇所, 意見 and 対応, one row per comment (rows may
 * break across pages: a long comment must not be cut).
 */
export function councilSection(section: CouncilCommentsSection | null): Block[] {
  if (!section) return [];
  const w = PORTRAIT_TEXT_WIDTH;
  const widths = [Math.round(w * 0.06), Math.round(w * 0.22), Math.round(w * 0.36)];
  widths.push(w - widths.reduce((a, b) => a + b, 0));
  const lines = (value: string) => value.split(/\r?\n/).filter((line) => line.trim() !== '');
  return [
    heading(section.heading, 1, true),
    table(widths, [
      headerRow(['番号', '該当箇所', '意見', '対応'].map((label) => headerCell(label))),
      ...section.entries.map(
        (entry, i) =>
          new TableRow({
            children: [
              bodyCell(String(i + 1), { align: 'center' }),
              bodyCell(entry.subject, { bold: true }),
              bodyCell(lines(entry.comment)),
              bodyCell(lines(entry.response), entry.answered ? {} : { color: MUTED }),
            ],
          }),
      ),
    ]),
  ];
}
