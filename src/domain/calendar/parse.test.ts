import { describe, expect, it } from 'vitest';
import { formatFiscalYear } from './fiscal-year.ts';
import { parseFiscalYear, parseFiscalYearRange, parseWarekiDate } from './parse.ts';
import { formatWarekiDate } from './wareki.ts';

describe('parseFiscalYear', () => {
  it.each([
    ['令和5年度', 2023],
    ['令和5年', 2023],
    ['令和5', 2023],
    ['R5', 2023],
    ['R05', 2023],
    ['r5', 2023],
    ['R5年度', 2023],
    ['R.5', 2023],
    ['令和 5 年度', 2023],
    ['H30', 2018],
    ['h30', 2018],
    ['平成30年度', 2018],
    ['H31', 2019],
    ['平成31年度', 2019],
    ['R1', 2019],
    ['令和元年度', 2019],
    ['令和元年', 2019],
    ['平成元年度', 1989],
    ['S63', 1988],
    ['昭和64年度', 1989],
    ['2024年度', 2024],
    ['2024年', 2024],
    ['2024', 2024],
    ['FY2024', 2024],
    ['fy 2024', 2024],
  ])('%s → %i', (text, year) => {
    expect(parseFiscalYear(text)).toBe(year);
  });

  it('accepts full-width digits and letters, ideographic spaces and era ligatures', () => {
    expect(parseFiscalYear('令和５年度')).toBe(2023);
    expect(parseFiscalYear('Ｒ５')).toBe(2023);
    expect(parseFiscalYear('ｒ０５')).toBe(2023);
    expect(parseFiscalYear('２０２４年度')).toBe(2024);
    expect(parseFiscalYear('ＦＹ２０２４')).toBe(2024);
    expect(parseFiscalYear('\u3000令和５年度\u3000')).toBe(2023);
    expect(parseFiscalYear('  R5 ')).toBe(2023);
    expect(parseFiscalYear('㋿5年度')).toBe(2023);
  });

  it('keeps era years written past the era end (plans drafted before 2019)', () => {
    expect(parseFiscalYear('平成32年度')).toBe(2020);
    expect(parseFiscalYear('H32')).toBe(2020);
  });

  it('accepts the same year written two ways, if both agree', () => {
    expect(parseFiscalYear('令和5年度（2023年度）')).toBe(2023);
    expect(parseFiscalYear('2023（令和5）年度')).toBe(2023);
    expect(parseFiscalYear('R5(2023)')).toBe(2023);
    expect(parseFiscalYear('令和5年度(2024年度)')).toBeNull();
  });

  it.each([
    '',
    '   ',
    'abc',
    '令和',
    'R',
    'R0',
    '令和0年度',
    'X5',
    'FY24',
    '24',
    '令和5年度末',
    '5年度',
    '令和5年度～令和6年度',
    '慶応3年',
    '令和5年5月',
    'R100',
  ])('%j → null', (text) => {
    expect(parseFiscalYear(text)).toBeNull();
  });

  it('returns null for non-strings that slip through untyped callers', () => {
    expect(parseFiscalYear(undefined as unknown as string)).toBeNull();
    expect(parseFiscalYear(2024 as unknown as string)).toBeNull();
  });

  it('reads back what formatFiscalYear writes, in both styles', () => {
    for (let fy = 1869; fy <= 2060; fy++) {
      expect(parseFiscalYear(formatFiscalYear(fy))).toBe(fy);
      expect(parseFiscalYear(formatFiscalYear(fy, { style: 'short' }))).toBe(fy);
    }
  });
});

describe('parseFiscalYearRange', () => {
  it.each([
    ['R6～R7', 2024, 2025],
    ['R4~R6', 2022, 2024],
    ['R6〜R7', 2024, 2025],
    ['令和6年度～令和7年度', 2024, 2025],
    ['令和6年度から令和10年度', 2024, 2028],
    ['R5～7', 2023, 2025],
    ['R5～7年度', 2023, 2025],
    ['令和6～10年度', 2024, 2028],
    ['H30～R2', 2018, 2020],
    ['平成28年度～平成32年度', 2016, 2020],
    ['2024-2026', 2024, 2026],
    ['2024年度～2028年度', 2024, 2028],
    ['2024 – 2026', 2024, 2026],
    ['Ｒ６～Ｒ１０', 2024, 2028],
    ['２０２４－２０２６', 2024, 2026],
    ['R6', 2024, 2024],
    ['令和6年度', 2024, 2024],
    ['R6～R6', 2024, 2024],
    ['令和6年度～令和10年度（2024年度～2028年度）', 2024, 2028],
    ['2024(R6)～2028(R10)', 2024, 2028],
    ['2024～2028(令和6～10)年度', 2024, 2028],
  ])('%s → %i–%i', (text, start, end) => {
    expect(parseFiscalYearRange(text)).toEqual({ start, end });
  });

  it.each([
    '',
    'R7～R6',
    'R6～',
    '～R7',
    'R4～R5～R6',
    'R6～abc',
    '2024～26', // short western end is refused: 'FY2024-25' means one fiscal year in English usage
    'FY2024-25',
    '2024～7',
    'R6～2',
    '令和6年度～令和10年度（2024年度～2027年度）',
  ])('%j → null', (text) => {
    expect(parseFiscalYearRange(text)).toBeNull();
  });
});

describe('parseWarekiDate', () => {
  it.each([
    ['令和6年12月19日', '2024-12-19'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成元年1月8日', '1989-01-08'],
    ['令和 6 年 12 月 19 日', '2024-12-19'],
    ['R6年12月19日', '2024-12-19'],
    ['R6.12.19', '2024-12-19'],
    ['R06.01.05', '2024-01-05'],
    ['r6.12.19', '2024-12-19'],
    ['H31/4/30', '2019-04-30'],
    ['R1-5-1', '2019-05-01'],
    ['2024年12月19日', '2024-12-19'],
    ['2024/12/19', '2024-12-19'],
    ['2024-12-19', '2024-12-19'],
    ['2024.1.5', '2024-01-05'],
    ['2024/2/29', '2024-02-29'],
    ['令和６年１２月１９日', '2024-12-19'],
    ['Ｒ６．１２．１９', '2024-12-19'],
    ['２０２４年１２月１９日', '2024-12-19'],
    ['令和6年12月19日（木）', '2024-12-19'],
    ['令和6年12月19日(木曜日)', '2024-12-19'],
    ['  令和6年12月19日  ', '2024-12-19'],
  ])('%s → %s', (text, iso) => {
    expect(parseWarekiDate(text)).toBe(iso);
  });

  it.each([
    ['平成31年5月1日', 'after 平成 ended'],
    ['令和元年4月30日', 'before 令和 began'],
    ['昭和64年1月8日', 'after 昭和 ended'],
    ['H32.1.1', '平成32年 never existed as a date'],
    ['明治元年1月1日', 'before 明治 began (per ICU)'],
    ['2024年2月30日', 'no 30 February'],
    ['2023/2/29', 'not a leap year'],
    ['令和6年13月1日', 'no month 13'],
    ['令和6年12月19日(金)', 'wrong weekday'],
    ['R6.12/19', 'mixed separators'],
    ['令和6年12月', 'no day'],
    ['令和6年度', 'a fiscal year'],
    ['X6.12.19', 'unknown era'],
    ['', 'empty'],
    ['abc', 'not a date'],
  ])('%s → null (%s)', (text) => {
    expect(parseWarekiDate(text)).toBeNull();
  });

  it('reads back what formatWarekiDate writes', () => {
    for (const iso of [
      '1868-10-23',
      '1912-07-29',
      '1912-07-30',
      '1926-12-25',
      '1989-01-07',
      '2019-05-01',
      '2100-02-28',
    ]) {
      expect(parseWarekiDate(formatWarekiDate(iso))).toBe(iso);
    }
  });
});
