import { describe, expect, it } from 'vitest';
import { openableYears } from './cycle-years.ts';

describe('openableYears', () => {
  it("offers every year from the plan's first to the next, and the year that just ended by default", () => {
    // 2026-12-06 is in 令和8年度: 令和7年度 (2025) has just ended, its results are collected now.
    expect(
      openableYears({
        firstYear: 2022,
        dataYears: [2020, 2021, 2022, 2023],
        taken: [2023],
        today: '2026-12-06',
      }),
    ).toEqual({ years: [2027, 2026, 2025, 2024, 2022, 2021, 2020], defaultYear: 2025 });
  });

  it("starts at the earliest year with data when no period names the plan's first year", () => {
    expect(openableYears({ firstYear: null, dataYears: [2023], taken: [], today: '2026-12-06' })).toEqual({
      years: [2027, 2026, 2025, 2024, 2023],
      defaultYear: 2025,
    });
    // Nothing at all yet: the year that just ended, the current one and the next.
    expect(openableYears({ firstYear: null, dataYears: [], taken: [], today: '2026-12-06' })).toEqual({
      years: [2027, 2026, 2025],
      defaultYear: 2025,
    });
  });

  it('reads the fiscal year from the date: 31 March still belongs to the year before', () => {
    expect(
      openableYears({ firstYear: 2024, dataYears: [], taken: [], today: '2026-03-31' }).defaultYear,
    ).toBe(2024);
    expect(
      openableYears({ firstYear: 2024, dataYears: [], taken: [], today: '2026-04-01' }).defaultYear,
    ).toBe(2025);
  });

  it('leaves out the years opened; with the ended year taken, the default moves to the next free one', () => {
    expect(openableYears({ firstYear: 2024, dataYears: [], taken: [2025], today: '2026-12-06' })).toEqual({
      years: [2027, 2026, 2024],
      defaultYear: 2026,
    });
    expect(
      openableYears({ firstYear: 2024, dataYears: [], taken: [2025, 2026, 2027], today: '2026-12-06' }),
    ).toEqual({ years: [2024], defaultYear: 2024 });
    expect(
      openableYears({ firstYear: 2025, dataYears: [], taken: [2025, 2026, 2027], today: '2026-12-06' }),
    ).toEqual({ years: [], defaultYear: null });
  });
});
