import { describe, expect, it } from 'vitest';
import { charWidthEm, clampLines, splitAfterLines, textWidthPt, wrapText } from './measure.ts';

describe('charWidthEm', () => {
  it('counts full-width characters as 1 em and ASCII as less', () => {
    for (const ch of ['あ', '漢', 'ア', '（', '①', '※', '－', '　']) expect(charWidthEm(ch)).toBe(1);
    expect(charWidthEm('a')).toBeGreaterThanOrEqual(0.55);
    expect(charWidthEm('a')).toBeLessThan(1);
    expect(charWidthEm('i')).toBeLessThan(charWidthEm('a'));
    expect(charWidthEm('W')).toBe(1);
    expect(charWidthEm('ｱ')).toBeLessThan(1);
  });
});

describe('textWidthPt', () => {
  it('scales with the font size and adds space where Japanese meets Latin', () => {
    expect(textWidthPt('観光の振興', 10)).toBe(50);
    expect(textWidthPt('観光の振興', 20)).toBe(100);
    expect(textWidthPt('令和5年度', 10)).toBeCloseTo((4 + 0.65 + 0.5) * 10);
  });
});

describe('wrapText', () => {
  const join = (lines: string[]) => lines.join('');

  it('keeps short text on one line', () => {
    expect(wrapText('観光の振興', 200, 10)).toEqual(['観光の振興']);
    expect(wrapText('', 200, 10)).toEqual(['']);
  });

  it('breaks Japanese between any two characters, within the width', () => {
    const text = 'あいうえおかきくけこさしすせそたちつてと';
    const lines = wrapText(text, 100, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(join(lines)).toBe(text);
    for (const line of lines) expect(textWidthPt(line, 10)).toBeLessThanOrEqual(100);
  });

  it('never starts a line with closing punctuation (禁則)', () => {
    // 9 characters fit (10 em × 0.96); the 10th is 、 and must not start line 2.
    const lines = wrapText('あいうえおかきくけ、こさしすせそ', 100, 10);
    for (const line of lines.slice(1)) expect(line[0]).not.toMatch(/[、。）」]/);
    expect(join(lines)).toBe('あいうえおかきくけ、こさしすせそ');
  });

  it('never ends a line with opening brackets', () => {
    const lines = wrapText('あいうえおかきく「けこ」さしすせそ', 95, 10);
    for (const line of lines) expect(line.at(-1)).not.toBe('「');
  });

  it('keeps Latin words whole and lets spaces hang at the break', () => {
    const lines = wrapText('MineCollection と DestinationCampaign の展開', 160, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes('MineCollection'))).toBe(true);
    expect(lines.some((l) => l.includes('DestinationCampaign'))).toBe(true);
    expect(join(lines)).toBe('MineCollection と DestinationCampaign の展開');
  });

  it('splits a word longer than a whole line', () => {
    const word = 'x'.repeat(100);
    const lines = wrapText(word, 100, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(join(lines)).toBe(word);
    for (const line of lines) expect(textWidthPt(line, 10)).toBeLessThanOrEqual(100);
  });

  it('starts a new line at each newline', () => {
    expect(wrapText('12\n40.0%', 200, 10)).toEqual(['12', '40.0%']);
  });
});

describe('clampLines', () => {
  it('leaves text that fits alone and cuts the rest with …', () => {
    expect(clampLines('観光の振興', 100, 10, 1)).toBe('観光の振興');
    const cut = clampLines('あ'.repeat(100), 100, 10, 2);
    expect(cut.endsWith('…')).toBe(true);
    expect(wrapText(cut, 100, 10)).toHaveLength(2);
  });
});

describe('splitAfterLines', () => {
  it('splits a paragraph into the lines that fit and the rest', () => {
    const text = 'あ'.repeat(30);
    const [head, rest] = splitAfterLines(text, 100, 10, 2);
    expect(wrapText(head, 100, 10)).toHaveLength(2);
    expect(head + rest).toBe(text);
  });
});
