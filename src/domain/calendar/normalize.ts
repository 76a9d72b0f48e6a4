/**
 * @module Width normalisation
 * Spreadsheet and Word text mixes full-width (全角) and half-width (半角) forms: '令和５年度', 'Ｒ５',
 * '８０％'. Every parser in this module normalises first, so it only ever sees ASCII digits and letters.
 */

/**
 * NFKC, plus two characters NFKC leaves alone but that mean the same as what it maps:
 * - '〜' (U+301C WAVE DASH) → '~', like '～' (U+FF5E FULLWIDTH TILDE).
 * - '−' (U+2212 MINUS SIGN) → '-', like '－' (U+FF0D FULLWIDTH HYPHEN-MINUS).
 *
 * Why those two: Shift_JIS 0x8160 and 0x817C decode to one or the other depending on the converter
 * (JIS vs. CP932 mapping), so the same keystroke arrives as either code point.
 *
 * NFKC also maps: full-width space → ' ', half-width katakana → full-width, '㍻' → '平成',
 * '㋿' → '令和', '①' → '1', '㎡' → 'm2', '…' → '...'.
 * @example normalizeWidth('令和５年度～Ｒ７') // '令和5年度~R7'
 */
export function normalizeWidth(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u301C/g, '~')
    .replace(/\u2212/g, '-');
}
