/**
 * @module Text metrics for the slide deck
 * Conservative estimates of how wide a string is and how many lines it takes in a box, so the deck
 * can be laid out without a font engine. Every estimate errs on the wide side: when the real font
 * is narrower, text wraps into the same or fewer lines, never more, so a box sized from the
 * estimate holds the real text.
 */

/** A paragraph's typography: font size and the exact line pitch we also write into the file. */
export interface TextStyle {
  /** pt */
  fontSize: number;
  /** pt; written as exact line spacing, so estimate and rendering agree */
  lineHeight: number;
  bold?: boolean;
}

// Lines may not start with these (行頭禁則) nor end with the opening ones (行末禁則).
const NO_LINE_START = new Set([
  ...'、。，．,.:;!?！？）)]｝}」』】〕〉》〙〗”’ー～…‥・ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％',
]);
const NO_LINE_END = new Set([...'（([｛{「『【〔〈《〘〖“‘']);

// Widths measured on DejaVu Sans (the widest likely substitute), rounded up.
const NARROW_ASCII = new Set([...' .,:;!|\'`"()[]-/ijlrtfI']);
const WIDE_ASCII = new Set([...'mwMW@%&']);
const SYMBOL_ASCII = new Set([...'#+<=>^~{}']);

/**
 * Width of one character in em. Full-width characters are 1 em. ASCII is estimated for the widest
 * sans serif a viewer is likely to substitute (LibreOffice on Linux falls back to DejaVu Sans for
 * Latin text in a 游ゴシック run), which is wider than 游ゴシック's own Latin glyphs (≈ 0.55 em).
 * @example charWidthEm('あ') // 1
 */
export function charWidthEm(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) {
    if (NARROW_ASCII.has(ch)) return 0.42;
    if (WIDE_ASCII.has(ch)) return 1;
    if (SYMBOL_ASCII.has(ch)) return 0.84;
    if (ch >= 'A' && ch <= 'Z') return 0.8;
    return 0.65;
  }
  // Half-width katakana
  if (code >= 0xff61 && code <= 0xff9f) return 0.55;
  // Everything else (CJK, kana, full-width forms, ①, ※, accented Latin) is taken as full width.
  return 1;
}

const isAscii = (ch: string) => (ch.codePointAt(0) ?? 0) < 0x80;
const isAsciiWordChar = (ch: string) => isAscii(ch) && ch !== ' ';

// Renderers insert a little space where Japanese meets Latin letters or digits (LibreOffice's
// "asian-latin spacing"); count a quarter em for each such boundary.
const SCRIPT_BOUNDARY_EM = 0.25;

/**
 * Estimated width of a string in pt at a font size.
 * @example textWidthPt('令和5年度', 10) // 4 full-width + 1 digit + 2 boundaries
 */
export function textWidthPt(text: string, fontSize: number): number {
  let em = 0;
  let previous = -1;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    em += charWidthEm(ch);
    if (previous >= 0 && isBoundary(previous, code)) em += SCRIPT_BOUNDARY_EM;
    previous = code;
  }
  return em * fontSize;
}

// Called for every pair of characters measured: code points compared, no closure or regular expression.
function isAsciiAlnum(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** Japanese next to a Latin letter or digit, either way round. */
function isBoundary(a: number, b: number): boolean {
  return (isAsciiAlnum(a) && b >= 0x80) || (a >= 0x80 && isAsciiAlnum(b));
}

/** A unit the line breaker never splits unless it is wider than a whole line. */
interface Token {
  text: string;
  space: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  const flush = () => {
    if (word) tokens.push({ text: word, space: false });
    word = '';
  };
  for (const ch of text) {
    if (ch === ' ') {
      flush();
      tokens.push({ text: ch, space: true });
    } else if (isAsciiWordChar(ch)) {
      word += ch;
    } else {
      flush();
      tokens.push({ text: ch, space: false });
    }
  }
  flush();
  return tokens;
}

/**
 * Breaks text into the lines a renderer would make in a box `widthPt` wide, estimated
 * conservatively: Japanese breaks between any two characters (with 禁則: no 、。）」 at a line start,
 * no （「 at a line end), Latin words and numbers stay whole, spaces at a break hang at the end of
 * the line. Explicit newlines start a new line. An empty string is one empty line.
 * @example wrapText('あいうえお', 30, 10) // ['あい', 'うえ', 'お'] (3 em minus the safety margin)
 */
export function wrapText(text: string, widthPt: number, fontSize: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, widthPt, fontSize));
}

// Keep 4% of each line free: kerning, bold glyphs and substituted fonts differ a little.
const SAFETY = 0.96;

function wrapParagraph(text: string, widthPt: number, fontSize: number): string[] {
  const limit = Math.max(widthPt * SAFETY, fontSize);
  // Lines are kept as consecutive substrings (spaces at a break stay at the end of the line, where
  // they hang outside the box), so joining them gives the paragraph back.
  const fits = (s: string) => textWidthPt(s.trimEnd(), fontSize) <= limit;
  const lines: string[] = [];
  let line = '';
  for (const token of tokenize(text)) {
    if (token.space || fits(line + token.text)) {
      line += token.text;
      continue;
    }
    if (line.trim()) {
      let carry = '';
      if (!line.endsWith(' ')) {
        const chars = [...line];
        // 追い出し: pull the last character down with punctuation that may not start a line.
        if (NO_LINE_START.has(token.text) && chars.length > 1) carry = chars.pop() ?? '';
        while (chars.length > 1 && NO_LINE_END.has(chars.at(-1) ?? '')) carry = (chars.pop() ?? '') + carry;
        line = chars.join('');
      }
      lines.push(line);
      line = carry;
    }
    line += token.text;
    if (!fits(line)) {
      // A word longer than a whole line is split character by character.
      const chars = [...line];
      line = '';
      for (const ch of chars) {
        if (line.trim() && !fits(line + ch)) {
          lines.push(line);
          line = '';
        }
        line += ch;
      }
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Cuts text to at most `maxLines` lines in `widthPt`, ending with … when something was cut.
 * Used only where one cell would be taller than a whole slide.
 */
export function clampLines(text: string, widthPt: number, fontSize: number, maxLines: number): string {
  const lines = wrapText(text, widthPt, fontSize);
  if (lines.length <= maxLines) return text;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = [...(kept.pop() ?? '')];
  while (last.length && textWidthPt(`${last.join('')}…`, fontSize) > widthPt * SAFETY) last.pop();
  return [...kept, `${last.join('')}…`].join('');
}

/**
 * Splits a paragraph after its first `lines` lines, for continuing a bullet on the next slide.
 * The parts are consecutive pieces of the text (spaces at the break dropped).
 */
export function splitAfterLines(
  text: string,
  widthPt: number,
  fontSize: number,
  lines: number,
): [string, string] {
  const wrapped = wrapText(text, widthPt, fontSize);
  return [wrapped.slice(0, lines).join('').trimEnd(), wrapped.slice(lines).join('')];
}
