/**
 * @module Node numbering and labels
 * Plans number their nodes per level: 基本目標 1, 基本方針1, 施策 ①. This module turns numbers into
 * the labels a report prints and back.
 */
import type { Numbering, PlanLevel } from './types.ts';

// ① is U+2460 … ⑳ U+2473; ㉑ U+3251 … ㉟ U+325F; ㊱ U+32B1 … ㊿ U+32BF.
const CIRCLED_RANGES: Array<[from: number, to: number, codePoint: number]> = [
  [1, 20, 0x2460],
  [21, 35, 0x3251],
  [36, 50, 0x32b1],
];

/**
 * The circled-number character for 1–50.
 * @example circled(3) // '③'
 */
export function circled(n: number): string {
  for (const [from, to, codePoint] of CIRCLED_RANGES) {
    if (n >= from && n <= to) return String.fromCodePoint(codePoint + n - from);
  }
  throw new RangeError(`丸数字で表せない番号です: ${n}`);
}

/**
 * The number a circled-number character stands for, or null.
 * @example fromCircled('④') // 4
 */
export function fromCircled(char: string): number | null {
  const cp = char.codePointAt(0);
  if (cp === undefined || [...char].length !== 1) return null;
  for (const [from, to, codePoint] of CIRCLED_RANGES) {
    if (cp >= codePoint && cp <= codePoint + (to - from)) return from + cp - codePoint;
  }
  return null;
}

/**
 * How a node's number is printed.
 * @example formatNumber(2, 'circled') // '②'
 */
export function formatNumber(n: number, numbering: Numbering): string {
  return numbering === 'circled' ? circled(n) : String(n);
}

/**
 * The label a node is known by: level name and number for arabic levels (基本方針1), the circled
 * number alone for circled levels (①). `spaced` puts a space between name and number (基本目標 1),
 * as reports print top-level goals.
 * @example nodeLabel({ name: '基本方針', numbering: 'arabic' }, 1) // '基本方針1'
 */
export function nodeLabel(level: PlanLevel, n: number, options: { spaced?: boolean } = {}): string {
  if (level.numbering === 'circled') return circled(n);
  return `${level.name}${options.spaced ? ' ' : ''}${n}`;
}
