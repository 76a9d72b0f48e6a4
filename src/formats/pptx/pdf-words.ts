/**
 * @module Word boxes of a converted deck, for the LibreOffice tests
 * Reads the word boxes `pdftotext -bbox-layout` finds in a PDF of the deck, and checks them against
 * the slide plan: every word on its page, inside the box (text box or table cell) it was planned
 * in, above the footer unless it is the footer, and every box holding exactly its own text. So a
 * text box or table row that grows in the real renderer, pushing text past its box, into the box
 * below or into the footer, is caught by where the renderer put the text, not by our own estimate.
 */
import { FOOTER, SLIDE_NUMBER_BOX } from './design.ts';
import type { Box, Paragraph, SlidePlan } from './layout.ts';

/** A word as pdftotext boxes it, in pt from the page's top-left corner. */
export interface PdfWord {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export interface PdfPage {
  width: number;
  height: number;
  words: PdfWord[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });

/** The pages of `pdftotext -bbox-layout` output (XHTML), each with its words. */
export function readBboxPages(xhtml: string): PdfPage[] {
  const pages: PdfPage[] = [];
  for (const page of xhtml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words: PdfWord[] = [];
    for (const w of (page[3] ?? '').matchAll(
      /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/word>/g,
    )) {
      words.push({
        xMin: Number(w[1]),
        yMin: Number(w[2]),
        xMax: Number(w[3]),
        yMax: Number(w[4]),
        text: decodeEntities(w[5] ?? ''),
      });
    }
    pages.push({ width: Number(page[1]), height: Number(page[2]), words });
  }
  return pages;
}

/** A place on a slide where text was planned: a text box, a table cell, the chart, the slide number. */
export interface TextArea {
  box: Box;
  /** What the area must hold exactly; undefined for the chart, whose labels LibreOffice lays out. */
  text?: string;
  /** The largest font size in the area, pt (for the glyph allowance). */
  fontSize: number;
  footer: boolean;
  what: string;
  /** The planned text block, for text boxes. */
  paragraphs?: Paragraph[];
}

const paragraphText = (p: Paragraph) => `${p.lead ?? ''}${p.swatch ? '■' : ''}${p.text}`;
const maxSize = (paragraphs: Paragraph[]) => Math.max(0, ...paragraphs.map((p) => p.style.fontSize));

/** Every area of a planned slide that holds text, with the text it holds. */
export function textAreas(slide: SlidePlan, slideNumber: number): TextArea[] {
  const areas: TextArea[] = [];
  const footer = (box: Box) => box.y >= FOOTER.ruleY;
  for (const block of slide.blocks) {
    if (block.kind === 'text') {
      areas.push({
        box: block.box,
        text: block.paragraphs.map(paragraphText).join(''),
        fontSize: maxSize(block.paragraphs),
        footer: footer(block.box),
        paragraphs: block.paragraphs,
        what: `text 「${block.paragraphs[0]?.text.slice(0, 20) ?? ''}」`,
      });
    } else if (block.kind === 'table') {
      let y = block.box.y;
      block.rows.forEach((row, r) => {
        let column = 0;
        let x = block.box.x;
        for (const cell of row.cells) {
          const span = cell.colspan ?? 1;
          const w = block.columns.slice(column, column + span).reduce((a, b) => a + b, 0);
          areas.push({
            box: { x, y, w, h: row.height },
            text: cell.paragraphs.map(paragraphText).join(''),
            fontSize: maxSize(cell.paragraphs),
            footer: false,
            what: `table row ${r + 1} column ${column + 1} 「${cell.paragraphs[0]?.text.slice(0, 20) ?? ''}」`,
          });
          x += w;
          column += span;
        }
        y += row.height;
      });
    } else if (block.kind === 'chart') {
      areas.push({ box: block.box, fontSize: 11, footer: false, what: 'chart' });
    }
  }
  areas.push({
    box: SLIDE_NUMBER_BOX,
    text: String(slideNumber),
    fontSize: 10,
    footer: true,
    what: 'slide number',
  });
  return areas;
}

const squash = (text: string) => text.replace(/[\s\u3000•]/gu, '');

const inside = (box: Box, x: number, y: number) =>
  x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h;

/**
 * How far a word's box may stand out of its area, as a share of the font size. pdftotext boxes
 * every word 1.3 em high, taller than some of the exact line pitches we write (13 pt for 10 pt
 * text), so the box of a last line stands out below its line a little (up to 0.15 em in the
 * converted decks) though the glyphs do not. A line that really overflows stands out by a whole
 * line pitch, and its centre leaves the area.
 */
const GLYPH_ALLOWANCE_EM = 0.25;
/** Horizontal rounding between the plan and LibreOffice's placement, pt. */
const EDGE_PT = 1;
/**
 * Marks that may hang past the end of a line (ぶら下げ): the slide master pptxgenjs writes switches
 * hanging punctuation on for all text (hangingPunct="1"), so a 、 or 。 that would otherwise start
 * the next line sits after a full line, at most one em past the box (the layout keeps that em
 * free of other text).
 */
const HANGING = /[、。，．,.]$/u;

/** The words of a page, each given to the innermost planned area holding its centre. */
export interface PlacedWords {
  areas: TextArea[];
  words: Map<TextArea, PdfWord[]>;
  /** Words whose centre lies in no planned area. */
  stray: PdfWord[];
}

export function placeWords(slide: SlidePlan, page: PdfPage, slideNumber: number): PlacedWords {
  const areas = textAreas(slide, slideNumber);
  const words = new Map<TextArea, PdfWord[]>();
  const stray: PdfWord[] = [];
  for (const word of page.words) {
    const cx = (word.xMin + word.xMax) / 2;
    const cy = (word.yMin + word.yMax) / 2;
    // The innermost area: the chart's box may hold the note drawn over an empty chart. A hanging
    // 、 boxed alone starts where its line's box ends.
    const innermost = (x: number) =>
      areas.filter((a) => inside(a.box, x, cy)).sort((a, b) => a.box.w * a.box.h - b.box.w * b.box.h)[0];
    const area = innermost(cx) ?? (HANGING.test(word.text) ? innermost(word.xMin - EDGE_PT) : undefined);
    if (!area) {
      stray.push(word);
      continue;
    }
    words.set(area, [...(words.get(area) ?? []), word]);
  }
  return { areas, words, stray };
}

/** The text of words as read: lines from the top, each left to right, whitespace and bullets dropped. */
export function readWords(words: PdfWord[]): string {
  return squash(
    readingOrder(words)
      .map((w) => w.text)
      .join(''),
  );
}

/**
 * Everything wrong with how a renderer placed a slide's text, as readable lines (none when it
 * fits): words off the page, words outside every planned area, words standing out of their area,
 * body words in the footer band, areas whose words are not exactly their planned text.
 */
export function layoutProblems(slide: SlidePlan, page: PdfPage, slideNumber: number): string[] {
  const problems: string[] = [];
  const where = `slide ${slideNumber} 「${slide.title}」`;
  const label = (word: PdfWord) =>
    `${where}: 「${word.text}」 at (${word.xMin.toFixed(1)}, ${word.yMin.toFixed(1)})–(${word.xMax.toFixed(1)}, ${word.yMax.toFixed(1)})`;
  for (const word of page.words) {
    if (word.xMin < 0 || word.yMin < 0 || word.xMax > page.width || word.yMax > page.height)
      problems.push(`${label(word)} is off the page`);
  }
  const placed = placeWords(slide, page, slideNumber);
  for (const word of placed.stray) problems.push(`${label(word)} lies outside every planned box`);
  for (const area of placed.areas) {
    const words = placed.words.get(area) ?? [];
    const { x, y, w, h } = area.box;
    const allowance = GLYPH_ALLOWANCE_EM * area.fontSize;
    for (const word of words) {
      const hang = HANGING.test(word.text) ? area.fontSize : 0;
      if (word.xMin < x - EDGE_PT || word.xMax > x + w + hang + EDGE_PT)
        problems.push(
          `${label(word)} stands out of its ${area.what} (${x.toFixed(1)}–${(x + w).toFixed(1)} wide)`,
        );
      if (word.yMin < y - allowance || word.yMax > y + h + allowance)
        problems.push(
          `${label(word)} stands out of its ${area.what} (${y.toFixed(1)}–${(y + h).toFixed(1)} high)`,
        );
      if (!area.footer && word.yMax > FOOTER.ruleY)
        problems.push(`${label(word)} reaches into the footer band (below ${FOOTER.ruleY})`);
    }
    if (area.text === undefined) continue;
    const got = readWords(words);
    const want = squash(area.text);
    if (got !== want) problems.push(`${where}: ${area.what} holds 「${got}」, planned 「${want}」`);
  }
  return problems;
}

/** Words in reading order: lines from the top (words whose centres are close), each left to right. */
function readingOrder(words: PdfWord[]): PdfWord[] {
  const centre = (w: PdfWord) => (w.yMin + w.yMax) / 2;
  const sorted = [...words].sort((a, b) => centre(a) - centre(b));
  const lines: PdfWord[][] = [];
  for (const word of sorted) {
    const line = lines.at(-1);
    const first = line?.[0];
    if (line && first && Math.abs(centre(word) - centre(first)) < 0.4 * (first.yMax - first.yMin))
      line.push(word);
    else lines.push([word]);
  }
  return lines.flatMap((line) => line.sort((a, b) => a.xMin - b.xMin));
}
