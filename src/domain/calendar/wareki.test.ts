import { describe, expect, it } from 'vitest';
import { eraOf, formatWarekiDate, formatWarekiYear } from './wareki.ts';

describe('eraOf', () => {
  it.each([
    ['2019-04-30', '平成', 'H', 31],
    ['2019-05-01', '令和', 'R', 1],
    ['1989-01-07', '昭和', 'S', 64],
    ['1989-01-08', '平成', 'H', 1],
    ['1926-12-24', '大正', 'T', 15],
    ['1926-12-25', '昭和', 'S', 1],
    ['1912-07-29', '明治', 'M', 45],
    ['1912-07-30', '大正', 'T', 1],
    ['2024-12-19', '令和', 'R', 6],
  ])('%s is %s (%s) %i', (date, name, abbreviation, year) => {
    expect(eraOf(date)).toEqual({ name, abbreviation, year });
  });

  it('accepts a Date and reads it in UTC', () => {
    expect(eraOf(new Date('2019-05-01T00:00:00Z'))).toEqual({ name: '令和', abbreviation: 'R', year: 1 });
    expect(eraOf(new Date('2019-04-30T23:59:59Z'))).toEqual({ name: '平成', abbreviation: 'H', year: 31 });
  });

  it('refuses dates before 明治 and malformed dates', () => {
    expect(() => eraOf('1868-10-22')).toThrow(RangeError);
    expect(() => eraOf('2019-02-30')).toThrow(RangeError);
    expect(() => eraOf('2019/05/01')).toThrow(RangeError);
  });
});

describe('formatWarekiYear', () => {
  it('uses the era in force on 31 December, with 元年 for year 1', () => {
    expect(formatWarekiYear(2024)).toBe('令和6年');
    expect(formatWarekiYear(2019)).toBe('令和元年');
    expect(formatWarekiYear(2018)).toBe('平成30年');
    expect(formatWarekiYear(1989)).toBe('平成元年');
    expect(formatWarekiYear(1988)).toBe('昭和63年');
    expect(formatWarekiYear(1926)).toBe('昭和元年');
    expect(formatWarekiYear(1868)).toBe('明治元年');
  });

  it('short style is the Latin initial and a number, never 元', () => {
    expect(formatWarekiYear(2024, { style: 'short' })).toBe('R6');
    expect(formatWarekiYear(2019, { style: 'short' })).toBe('R1');
    expect(formatWarekiYear(2018, { style: 'short' })).toBe('H30');
    expect(formatWarekiYear(1975, { style: 'short' })).toBe('S50');
    expect(formatWarekiYear(2019, { style: 'long' })).toBe('令和元年');
  });

  it('refuses non-integers and years before 明治', () => {
    expect(() => formatWarekiYear(1867)).toThrow(RangeError);
    expect(() => formatWarekiYear(2024.5)).toThrow(RangeError);
    expect(() => formatWarekiYear(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatWarekiDate', () => {
  it.each([
    ['2024-12-19', '令和6年12月19日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2024-03-01', '令和6年3月1日'],
  ])('%s → %s', (date, expected) => {
    expect(formatWarekiDate(date)).toBe(expected);
  });

  it('accepts a Date', () => {
    expect(formatWarekiDate(new Date(Date.UTC(2024, 11, 19)))).toBe('令和6年12月19日');
  });
});
