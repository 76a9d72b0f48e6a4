/**
 * @module Deck drawing
 * Copies a slide plan into a pptxgenjs presentation: editable text boxes, native tables and
 * native 100 % stacked bar charts; no pictures. Positions come from the plan in pt and are written
 * in inches; every text box has zero inset and exact line spacing, so it matches what was measured.
 */
import pptxgenModule from 'pptxgenjs';
import type { KpiSetSummary } from '../../report/model.ts';
import { BULLET, CELL_PAD, COLORS, FONT_FACE, LANG, SLIDE_NUMBER_BOX, STYLES } from './design.ts';
import { gradeLabel, hex, textColorOn } from './labels.ts';
import type { Block, Box, Paragraph, SlidePlan, TableRow } from './layout.ts';

// pptxgenjs's types describe a CommonJS module whose `default` is the class; at run time the ES
// build's default export is the class itself. Accept both.
type PptxGenJS = InstanceType<typeof pptxgenModule.default>;
type Slide = pptxgenModule.default.Slide;
type TextProps = pptxgenModule.default.TextProps;
type TextPropsOptions = pptxgenModule.default.TextPropsOptions;
type TableRowProps = pptxgenModule.default.TableRow;
type TableCellProps = pptxgenModule.default.TableCell;
const moduleExport = pptxgenModule as unknown as typeof pptxgenModule.default | typeof pptxgenModule;
const Presentation = typeof moduleExport === 'function' ? moduleExport : moduleExport.default;

/** A new, empty presentation. */
export function createPresentation(): PptxGenJS {
  return new Presentation();
}

const inch = (pt: number) => pt / 72;
const position = (box: Box) => ({ x: inch(box.x), y: inch(box.y), w: inch(box.w), h: inch(box.h) });

/** Draws one planned slide, with its slide number field at the footer's right end. */
export function drawSlide(pptx: PptxGenJS, plan: SlidePlan): void {
  const slide = pptx.addSlide();
  slide.background = { color: COLORS.white };
  for (const block of plan.blocks) drawBlock(pptx, slide, block);
  slide.slideNumber = {
    ...position(SLIDE_NUMBER_BOX),
    fontFace: FONT_FACE,
    fontSize: STYLES.footer.fontSize,
    color: COLORS.muted,
    align: 'right',
    margin: 0,
  };
}

function drawBlock(pptx: PptxGenJS, slide: Slide, block: Block): void {
  switch (block.kind) {
    case 'rect':
      slide.addShape(pptx.ShapeType.rect, {
        ...position(block.box),
        fill: { color: block.fill },
        line: { type: 'none' },
      });
      return;
    case 'frame':
      slide.addShape(pptx.ShapeType.rect, {
        ...position(block.box),
        fill: { type: 'none' },
        line: { color: block.color, width: 1, dashType: 'dash' },
      });
      return;
    case 'text':
      slide.addText(block.paragraphs.flatMap(runs), {
        ...position(block.box),
        margin: 0,
        valign: 'top',
        fit: 'none',
        wrap: true,
        fontFace: FONT_FACE,
        lang: LANG,
      });
      return;
    case 'table':
      slide.addTable(block.rows.map(tableRow), {
        ...position(block.box),
        colW: block.columns.map(inch),
        rowH: block.rows.map((r) => inch(r.height)),
        fontFace: FONT_FACE,
        border: { type: 'solid', color: COLORS.rule, pt: 0.75 },
      });
      return;
    case 'chart':
      drawChart(pptx, slide, block.box, block.set);
      return;
  }
}

/** Paragraph-level options pptxgenjs reads from a paragraph's runs. */
function paragraphOptions(p: Paragraph): TextPropsOptions {
  return {
    fontFace: FONT_FACE,
    lang: LANG,
    fontSize: p.style.fontSize,
    bold: p.style.bold ?? false,
    color: p.color ?? COLORS.text,
    lineSpacing: p.style.lineHeight,
    align: p.align ?? 'left',
    ...(p.bullet
      ? {
          // The rest of a split item keeps the hanging indent under an invisible bullet (U+3000).
          bullet:
            p.bullet === 'item'
              ? { indent: BULLET.indent }
              : { indent: BULLET.indent, characterCode: '3000' },
          paraSpaceAfter: BULLET.spaceAfter,
        }
      : { bullet: false }),
  };
}

/** A paragraph as text runs, the last one closing the paragraph. */
function runs(p: Paragraph): TextProps[] {
  const options = paragraphOptions(p);
  const parts: TextProps[] = [];
  if (p.lead) parts.push({ text: p.lead, options });
  if (p.swatch) parts.push({ text: '■ ', options: { ...options, color: p.swatch } });
  parts.push({ text: p.text, options: { ...options, breakLine: true } });
  return parts;
}

function tableRow(r: TableRow): TableRowProps {
  return r.cells.map((cell) => ({
    text: cell.paragraphs.flatMap(runs) as TableCellProps[],
    options: {
      margin: [CELL_PAD.y, CELL_PAD.x, CELL_PAD.y, CELL_PAD.x],
      valign: 'middle',
      ...(cell.fill ? { fill: { color: cell.fill } } : {}),
      ...(cell.colspan ? { colspan: cell.colspan } : {}),
    },
  }));
}

/**
 * A native 100 % stacked bar chart, as in the HTML and Word reports: one bar per 基本目標 and one
 * for 合計, each as long as the others, split by the share of each grade; one series per grade in
 * the grade's colour, named with its symbol and label (「A 目標達成」). The data are the counts
 * (the application stacks them to 100 %), so each segment is labelled with its count and the
 * embedded sheet holds the same numbers as the table beside the chart.
 */
function drawChart(pptx: PptxGenJS, slide: Slide, box: Box, set: KpiSetSummary): void {
  // A bar chart draws its first category at the bottom: list them from 合計 up so that 基本目標 1
  // reads first from the top, as in the table beside it.
  const bars = [...set.rows, set.total].reverse();
  const labels = bars.map((r) => r.label);
  const data = set.grades.map((g, i) => ({
    name: gradeLabel(g),
    labels,
    values: bars.map((r) => r.counts[i] ?? 0),
  }));
  const colors = set.grades.map((g) => hex(g.color));
  const labelColors = new Set(colors.map(textColorOn));
  const summary = set.grades
    .map(
      (g, i) => `${gradeLabel(g)} ${set.total.counts[i] ?? 0}件（${(set.total.shares[i] ?? 0).toFixed(1)}%）`,
    )
    .join('、');
  slide.addChart(pptx.ChartType.bar, data, {
    ...position(box),
    objectName: `${set.name} 指標の達成状況`,
    altText: `${set.name}の指標（KPI）の評価別の割合（100%積み上げ横棒グラフ）。${set.total.label} ${set.total.total}件：${summary}`,
    barDir: 'bar',
    barGrouping: 'percentStacked',
    barGapWidthPct: 60,
    barOverlapPct: 100,
    chartColors: colors,
    catAxisLabelFontFace: FONT_FACE,
    catAxisLabelFontSize: 11,
    catAxisLabelColor: COLORS.text,
    catAxisLineShow: true,
    // A percent-stacked axis runs from 0 to 1 (= 100 %): gridlines at 0, 25, 50, 75 and 100 %.
    valAxisMinVal: 0,
    valAxisMaxVal: 1,
    valAxisMajorUnit: 0.25,
    valAxisLabelFormatCode: '0%',
    valAxisLabelFontFace: FONT_FACE,
    valAxisLabelFontSize: 10,
    valAxisLabelColor: COLORS.muted,
    valGridLine: { color: 'D9D9D9', size: 0.5 },
    catGridLine: { style: 'none' },
    showValue: true,
    // Zero counts get no label (positive;negative;zero).
    dataLabelFormatCode: '#,##0;-#,##0;',
    dataLabelFontFace: FONT_FACE,
    dataLabelFontSize: 10,
    dataLabelColor: labelColors.size === 1 ? [...labelColors][0] : COLORS.text,
    showLegend: true,
    legendPos: 'b',
    legendFontFace: FONT_FACE,
    legendFontSize: 11,
    legendColor: COLORS.text,
    lang: LANG,
  });
}
