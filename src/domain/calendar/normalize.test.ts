import { describe, expect, it } from 'vitest';
import { normalizeWidth } from './normalize.ts';

describe('normalizeWidth', () => {
  it('turns full-width digits, letters and symbols into ASCII', () => {
    expect(normalizeWidth('令和５年度')).toBe('令和5年度');
    expect(normalizeWidth('Ｒ０５')).toBe('R05');
    expect(normalizeWidth('８０％')).toBe('80%');
    expect(normalizeWidth('１，２３４．５')).toBe('1,234.5');
    expect(normalizeWidth('（２０２３年度）')).toBe('(2023年度)');
  });

  it('maps both Shift_JIS renderings of the wave dash and the minus', () => {
    expect(normalizeWidth('R6～R7')).toBe('R6~R7'); // U+FF5E
    expect(normalizeWidth('R6〜R7')).toBe('R6~R7'); // U+301C
    expect(normalizeWidth('－3')).toBe('-3'); // U+FF0D
    expect(normalizeWidth('−3')).toBe('-3'); // U+2212
  });

  it('maps the ideographic space and era ligatures', () => {
    expect(normalizeWidth('令和\u30005年度')).toBe('令和 5年度');
    expect(normalizeWidth('㋿5年')).toBe('令和5年');
    expect(normalizeWidth('㍻30年')).toBe('平成30年');
  });

  it('leaves kanji, kana and dash-like characters it has no reason to touch', () => {
    expect(normalizeWidth('令和元年度 ― ー —')).toBe('令和元年度 ― ー —');
  });
});
