/**
 * @module Slide design
 * The deck's one design, as numbers: a 16:9 page in points, white background, one accent colour,
 * a header band, a footer, and the type scale. Layout and drawing both read these, so what is
 * measured is what is drawn.
 */
import type { TextStyle } from './measure.ts';

/** PowerPoint's own 16:9 size (13.333 in × 7.5 in), in pt. */
export const SLIDE = { width: 960, height: 540 } as const;

export const MARGIN_X = 36;
export const CONTENT_WIDTH = SLIDE.width - 2 * MARGIN_X;

/** Header band at the top of every slide but the cover. */
export const BAND = { padTop: 10, padBottom: 10, gapAfter: 14 } as const;

/** Footer: a rule, the plan name on the left, the slide number on the right. */
export const FOOTER = { ruleY: 508, textY: 512, textHeight: 20, numberWidth: 72 } as const;

/** Where the slide number field sits: the footer's right end. */
export const SLIDE_NUMBER_BOX = {
  x: MARGIN_X + CONTENT_WIDTH - FOOTER.numberWidth,
  y: FOOTER.textY,
  w: FOOTER.numberWidth,
  h: FOOTER.textHeight,
} as const;

/** Lowest point any body content may reach. */
export const BODY_BOTTOM = 500;

/** Fonts Japanese offices have; pptxgenjs writes one face for Latin and East Asian text alike. */
export const FONT_FACE = '游ゴシック';
export const LANG = 'ja-JP';

export const COLORS = {
  accent: '1F4E79',
  accentTint: 'E8EEF5',
  text: '1A1A1A',
  muted: '595959',
  rule: 'BFBFBF',
  zebra: 'F5F7FA',
  white: 'FFFFFF',
  bandKicker: 'D6E2EF',
} as const;

export const STYLES = {
  coverTitle: { fontSize: 36, lineHeight: 48, bold: true },
  coverSubtitle: { fontSize: 24, lineHeight: 32 },
  coverMeta: { fontSize: 18, lineHeight: 26 },
  kicker: { fontSize: 14, lineHeight: 19 },
  title: { fontSize: 24, lineHeight: 31, bold: true },
  measures: { fontSize: 16, lineHeight: 22, bold: true },
  panelHeading: { fontSize: 14, lineHeight: 19, bold: true },
  bullet: { fontSize: 14, lineHeight: 20 },
  sectionHeading: { fontSize: 12, lineHeight: 17, bold: true },
  cell: { fontSize: 11, lineHeight: 15 },
  cellHeader: { fontSize: 11, lineHeight: 15, bold: true },
  cellSmall: { fontSize: 9, lineHeight: 12 },
  annexCell: { fontSize: 10, lineHeight: 13 },
  annexHeader: { fontSize: 10, lineHeight: 13, bold: true },
  note: { fontSize: 12, lineHeight: 17 },
  footer: { fontSize: 10, lineHeight: 14 },
} as const satisfies Record<string, TextStyle>;

/** Title sizes tried in turn before a title is allowed to wrap. */
export const TITLE_SIZES = [24, 22, 20, 18] as const;

/** Bullet lists: hanging indent and space between items, pt. */
export const BULLET = { indent: 14, spaceAfter: 4 } as const;

/** Panels (results / directions): gap between the two columns and heading bar padding, pt. */
export const PANEL = { gap: 18, headingPadX: 8, headingPadY: 4, listPadX: 4, gapAfterHeading: 6 } as const;

/** Table cell padding, pt (pptxgenjs reads cell margins ≥ 1 as points). */
export const CELL_PAD = { x: 5, y: 3 } as const;

/** Vertical gap between stacked blocks, pt. */
export const GAP = 12;
