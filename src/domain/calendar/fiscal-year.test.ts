import { describe, expect, it } from 'vitest';
import { fiscalYearOf, fiscalYearRange, formatFiscalYear } from './fiscal-year.ts';

describe('fiscalYearOf', () => {
  it.each([
    ['2024-03-31', 2023],
    ['2024-04-01', 2024],
    ['2024-01-01', 2023],
    ['2023-12-31', 2023],
    ['2019-04-30', 2019],
    ['2019-05-01', 2019],
    ['1989-01-07', 1988],
  ])('%s is in fiscal year %i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it('reads a Date in UTC', () => {
    expect(fiscalYearOf(new Date('2024-03-31T23:59:59Z'))).toBe(2023);
    expect(fiscalYearOf(new Date('2024-04-01T00:00:00Z'))).toBe(2024);
  });

  it('refuses malformed dates', () => {
    expect(() => fiscalYearOf('2024-13-01')).toThrow(RangeError);
    expect(() => fiscalYearOf('')).toThrow(RangeError);
  });
});

describe('fiscalYearRange', () => {
  it('runs from 1 April to 31 March', () => {
    expect(fiscalYearRange(2023)).toEqual({ start: '2023-04-01', end: '2024-03-31' });
    expect(fiscalYearRange(2019)).toEqual({ start: '2019-04-01', end: '2020-03-31' });
  });

  it('agrees with fiscalYearOf at both ends', () => {
    for (const fy of [1989, 2019, 2023, 2024]) {
      const { start, end } = fiscalYearRange(fy);
      expect([fiscalYearOf(start), fiscalYearOf(end)]).toEqual([fy, fy]);
    }
  });

  it('refuses non-integers', () => {
    expect(() => fiscalYearRange(2023.5)).toThrow(RangeError);
    expect(() => fiscalYearRange(Number.NaN)).toThrow(RangeError);
    expect(() => fiscalYearRange(9999)).toThrow(RangeError);
  });
});

describe('formatFiscalYear', () => {
  it.each([
    [2023, '令和5年度', 'R5'],
    [2019, '令和元年度', 'R1'], // era changed 1 May 2019; municipalities write 令和元年度
    [2018, '平成30年度', 'H30'],
    [2020, '令和2年度', 'R2'],
    [1989, '平成元年度', 'H1'],
    [1988, '昭和63年度', 'S63'], // 平成 began 8 Jan 1989, inside FY1988
  ])('%i → %s / %s', (fy, long, short) => {
    expect(formatFiscalYear(fy)).toBe(long);
    expect(formatFiscalYear(fy, { style: 'long' })).toBe(long);
    expect(formatFiscalYear(fy, { style: 'short' })).toBe(short);
  });

  it('refuses fiscal years before 明治 and non-integers', () => {
    expect(() => formatFiscalYear(1867)).toThrow(RangeError);
    expect(() => formatFiscalYear(2023.5)).toThrow(RangeError);
  });
});
