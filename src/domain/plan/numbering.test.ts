import { describe, expect, it } from 'vitest';
import { circled, formatNumber, fromCircled, nodeLabel } from './numbering.ts';

describe('circled numbers', () => {
  it('round-trips 1 to 50', () => {
    for (let n = 1; n <= 50; n++) expect(fromCircled(circled(n))).toBe(n);
  });
  it('knows the common ones', () => {
    expect(circled(1)).toBe('①');
    expect(circled(6)).toBe('⑥');
    expect(circled(21)).toBe('㉑');
    expect(fromCircled('⑩')).toBe(10);
  });
  it('rejects what is not one circled number', () => {
    expect(fromCircled('1')).toBeNull();
    expect(fromCircled('①②')).toBeNull();
    expect(fromCircled('')).toBeNull();
    expect(() => circled(0)).toThrow(RangeError);
    expect(() => circled(51)).toThrow(RangeError);
  });
});

describe('labels', () => {
  it('prints arabic levels with their name', () => {
    expect(nodeLabel({ name: '基本方針', numbering: 'arabic' }, 2)).toBe('基本方針2');
    expect(nodeLabel({ name: '基本目標', numbering: 'arabic' }, 1, { spaced: true })).toBe('基本目標 1');
    expect(nodeLabel({ name: '施策', numbering: 'circled' }, 3)).toBe('③');
    expect(formatNumber(4, 'arabic')).toBe('4');
  });
});
