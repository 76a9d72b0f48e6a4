/**
 * @module Word styles of the council report
 * Page geometry, fonts, the heading styles a table of contents is built from, and the bullet list.
 */
import {
  AlignmentType,
  BorderStyle,
  type INumberingOptions,
  type IStylesOptions,
  LevelFormat,
  LineRuleType,
  PageOrientation,
} from 'docx';

// Fonts are named for East Asian text too: LibreOffice substitutes them (Noto Sans CJK JP).
export const BODY_FONT = '游ゴシック';
export const DISPLAY_FONT = 'メイリオ';
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

export const ACCENT = '1F3864';
export const RULE = 'BFBFBF';
export const MUTED = '595959';
export const TOTAL_FILL = 'F2F2F2';

/** A4 in twips (1/20 pt); landscape sections give the same size and swap it. */
const A4 = { width: 11906, height: 16838 };
export const PORTRAIT = {
  size: { ...A4, orientation: PageOrientation.PORTRAIT },
  margin: { top: 1134, bottom: 1134, left: 1134, right: 1134, header: 567, footer: 567 },
};
export const LANDSCAPE = {
  size: { ...A4, orientation: PageOrientation.LANDSCAPE },
  margin: { top: 851, bottom: 851, left: 851, right: 851, header: 425, footer: 425 },
};
/** Width of the text area in twips. */
export const PORTRAIT_TEXT_WIDTH = A4.width - 2 * 1134;
export const LANDSCAPE_TEXT_WIDTH = A4.height - 2 * 851;

export const BULLETS = 'report-bullets';

export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: font(BODY_FONT), size: 21, language: { value: 'ja-JP', eastAsia: 'ja-JP' } },
      paragraph: { spacing: { after: 60, line: 300, lineRule: LineRuleType.AUTO } },
    },
    title: {
      run: { font: font(DISPLAY_FONT), size: 36, bold: true, color: ACCENT },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { after: 240, line: 360, lineRule: LineRuleType.AUTO },
      },
    },
    heading1: {
      run: { font: font(DISPLAY_FONT), size: 32, bold: true, color: ACCENT },
      paragraph: {
        spacing: { before: 120, after: 200 },
        keepNext: true,
        border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 4 } },
      },
    },
    heading2: {
      run: { font: font(DISPLAY_FONT), size: 28, bold: true, color: ACCENT },
      paragraph: {
        spacing: { before: 200, after: 120 },
        keepNext: true,
        border: { left: { style: BorderStyle.SINGLE, size: 36, color: ACCENT, space: 6 } },
        indent: { left: 140 },
      },
    },
    heading3: {
      run: { font: font(DISPLAY_FONT), size: 22, bold: true, color: '000000' },
      paragraph: {
        spacing: { before: 200, after: 80 },
        keepNext: true,
        shading: { fill: 'DEEAF6' },
      },
    },
  },
};

export const NUMBERING: INumberingOptions = {
  config: [
    {
      reference: BULLETS,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: '・',
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: 420, hanging: 300 } } },
        },
      ],
    },
  ],
};

/**
 * Black or white, whichever reads better on `hex` (WCAG relative luminance).
 * @example readableTextColor('#1a7f37') // 'FFFFFF'
 */
export function readableTextColor(hex: string): '000000' | 'FFFFFF' {
  const digits = hexColor(hex);
  const channel = (i: number) => {
    const c = Number.parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white and with black are equal at L ≈ 0.179.
  return luminance > 0.179 ? '000000' : 'FFFFFF';
}

/** `#rrggbb` → `RRGGBB` as Word writes colours. */
export function hexColor(hex: string): string {
  return (/^#?([0-9a-f]{6})$/i.exec(hex.trim())?.[1] ?? '777777').toUpperCase();
}
