/**
 * @module Workbook styles
 * Fonts, fills, borders and number formats shared by the sheets of the council workbook.
 */
import type { Alignment, Border, Borders, Cell, Fill, Font, Row } from 'exceljs';

// 游ゴシック is the Japanese Office default; charset 128 (Shift_JIS) tells Excel it is a Japanese font.
export const FONT: Partial<Font> = { name: '游ゴシック', family: 3, charset: 128, size: 10 };
const THIN: Partial<Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
export const BORDERS: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
export const TOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
export const PERCENT_FORMAT = '0.0"%"';

/** `#rrggbb` → exceljs ARGB. */
export function argb(hex: string): string {
  const digits = /^#?([0-9a-f]{6})$/i.exec(hex.trim())?.[1] ?? '777777';
  return `FF${digits.toUpperCase()}`;
}

/**
 * Black or white, whichever reads better on `hex` (WCAG relative luminance).
 * @example readableTextColor('#1a7f37') // '#ffffff'
 */
export function readableTextColor(hex: string): '#000000' | '#ffffff' {
  const digits = argb(hex).slice(2);
  const channel = (i: number) => {
    const c = Number.parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05; they are equal at L ≈ 0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

/** Fill of a grade badge, with the font colour that stays readable on it. */
export function gradeStyle(color: string): { fill: Fill; font: Partial<Font> } {
  return {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(color) } },
    font: { ...FONT, bold: true, color: { argb: argb(readableTextColor(color)) } },
  };
}

/** Decimal places a value is written with (at most 3). */
export function decimalsOf(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  const fraction = /\.(\d+)$/.exec(String(value))?.[1] ?? '';
  return Math.min(fraction.length, 3);
}

/** `#,##0` for whole numbers, `#,##0.0…` with as many places as `decimals`. */
export function numberFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** Styles a header row: dark fill, white bold text, wrapped and centred. */
export function styleHeader(row: Row, columns: number): void {
  row.height = 30;
  for (let c = 1; c <= columns; c++) {
    const cell = row.getCell(c);
    cell.font = { ...FONT, bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    cell.border = BORDERS;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
}

/** Applies the body font, borders and alignment to one cell. */
export function styleBody(cell: Cell, alignment: Partial<Alignment> = {}, font: Partial<Font> = {}): void {
  cell.font = { ...FONT, ...font };
  cell.border = BORDERS;
  cell.alignment = { vertical: 'top', wrapText: true, ...alignment };
}

/**
 * Approximate display width in Excel column units (the width of a digit): a 10 pt East Asian
 * character is about 1.8 of them in Excel; column widths count 2 to leave room.
 */
export function displayWidth(text: string, wide = 2): number {
  let width = 0;
  for (const c of text) width += (c.codePointAt(0) ?? 0) > 0xff ? wide : 1;
  return width;
}

/** Escapes text for a print header or footer, where `&` starts a code. */
export function headerText(text: string): string {
  return text.replaceAll('&', '&&');
}

/**
 * Sets the height of a row whose wrapped cells need more than one line. Neither Excel nor
 * LibreOffice reliably grows rows of a generated file on opening, so the lines are estimated
 * from the column widths (set them first).
 */
export function fitRowHeight(row: Row, lineHeight = 14): void {
  let lines = 1;
  row.eachCell((cell, c) => {
    if (!cell.alignment?.wrapText || typeof cell.value !== 'string') return;
    const width = Math.max(2, row.worksheet.getColumn(c).width ?? 9);
    const needed = cell.value
      .split('\n')
      .reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line, 1.8) / width)), 0);
    lines = Math.max(lines, needed);
  });
  if (lines > 1) row.height = lines * lineHeight + 3;
}
