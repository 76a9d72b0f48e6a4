import { describe, expect, it } from 'vitest';
import { ActualEntryError, checkEntry, entryYearRange } from './kpi-entry.ts';

describe('entryYearRange', () => {
  it('runs from the baseline year to the current fiscal year', () => {
    expect(entryYearRange({ baselineYear: 2020, targetYear: 2026, actualYears: [] }, 2024)).toEqual({
      from: 2020,
      to: 2024,
    });
  });

  it('opens ten years before the target without a baseline, or before the current year without either', () => {
    expect(entryYearRange({ baselineYear: null, targetYear: 2027, actualYears: [] }, 2024)).toEqual({
      from: 2017,
      to: 2024,
    });
    expect(entryYearRange({ baselineYear: null, targetYear: null, actualYears: [] }, 2024)).toEqual({
      from: 2014,
      to: 2024,
    });
  });

  it('keeps years already entered open, even outside the range', () => {
    expect(entryYearRange({ baselineYear: 2020, targetYear: 2026, actualYears: [2018, 2027] }, 2024)).toEqual(
      {
        from: 2018,
        to: 2027,
      },
    );
  });

  it('never runs backwards when the baseline lies ahead', () => {
    expect(entryYearRange({ baselineYear: 2030, targetYear: 2035, actualYears: [] }, 2024)).toEqual({
      from: 2024,
      to: 2024,
    });
  });
});

describe('checkEntry', () => {
  const range = { from: 2020, to: 2024 };
  const entry = { kpiId: 1, fiscalYear: 2023, value: 10, status: 'final' as const };
  const fieldOf = (run: () => void) => {
    try {
      run();
      return null;
    } catch (error) {
      return error instanceof ActualEntryError ? error.field : 'other';
    }
  };

  it('accepts a value, a deletion and a note at the limit', () => {
    expect(fieldOf(() => checkEntry(entry, range))).toBeNull();
    expect(fieldOf(() => checkEntry({ ...entry, value: null }, range))).toBeNull();
    expect(fieldOf(() => checkEntry({ ...entry, value: -1e15, note: 'あ'.repeat(500) }, range))).toBeNull();
  });

  it('names the field in error', () => {
    expect(fieldOf(() => checkEntry({ ...entry, fiscalYear: 2025 }, range))).toBe('fiscalYear');
    expect(fieldOf(() => checkEntry({ ...entry, fiscalYear: 2019 }, range))).toBe('fiscalYear');
    expect(fieldOf(() => checkEntry({ ...entry, value: Number.NaN }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, value: Number.POSITIVE_INFINITY }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, value: 2e15 }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, note: 'あ'.repeat(501) }, range))).toBe('note');
  });

  it('says in Japanese which years can be entered', () => {
    expect(() => checkEntry({ ...entry, fiscalYear: 2025 }, range)).toThrow(
      '年度（fiscalYear）: 2025 年度の実績はこの指標には入力できません（入力できる年度: 令和2年度〜令和6年度）',
    );
  });
});
