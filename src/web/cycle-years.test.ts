import { describe, expect, it } from 'vitest';
import { openableYears } from './cycle-years.ts';

describe('openableYears', () => {
  it('offers every year with data, the current and the next, newest first, each once', () => {
    expect(openableYears([2020, 2021, 2022, 2023], 2031, [])).toEqual([2032, 2031, 2023, 2022, 2021, 2020]);
    expect(openableYears([2023, 2024, 2025], 2024, [])).toEqual([2025, 2024, 2023]);
  });
  it('leaves out a year that already has a cycle', () => {
    expect(openableYears([2022, 2023], 2024, [2023, 2025])).toEqual([2024, 2022]);
    expect(openableYears([], 2024, [2024, 2025])).toEqual([]);
  });
});
