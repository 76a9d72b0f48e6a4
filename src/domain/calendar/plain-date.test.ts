import { describe, expect, it } from 'vitest';
import {
  dayOfWeek,
  formatIsoDate,
  fromDayNumber,
  isValidPlainDate,
  parseIsoDate,
  toDayNumber,
  toPlainDate,
} from './plain-date.ts';

describe('plain dates', () => {
  it('validates real Gregorian dates, including leap years', () => {
    expect(isValidPlainDate(2024, 2, 29)).toBe(true);
    expect(isValidPlainDate(2023, 2, 29)).toBe(false);
    expect(isValidPlainDate(1900, 2, 29)).toBe(false);
    expect(isValidPlainDate(2000, 2, 29)).toBe(true);
    expect(isValidPlainDate(2024, 4, 31)).toBe(false);
    expect(isValidPlainDate(2024, 13, 1)).toBe(false);
    expect(isValidPlainDate(2024, 0, 1)).toBe(false);
    expect(isValidPlainDate(2024, 1, 0)).toBe(false);
    expect(isValidPlainDate(2024, 1.5, 1)).toBe(false);
    expect(isValidPlainDate(10000, 1, 1)).toBe(false);
  });

  it('does not map years 0–99 to the 1900s', () => {
    expect(formatIsoDate(fromDayNumber(toDayNumber({ year: 50, month: 3, day: 1 })))).toBe('0050-03-01');
  });

  it('round-trips day numbers', () => {
    expect(toDayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(fromDayNumber(toDayNumber({ year: 2019, month: 5, day: 1 }))).toEqual({
      year: 2019,
      month: 5,
      day: 1,
    });
    expect(toDayNumber({ year: 1868, month: 10, day: 23 })).toBeLessThan(0);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek({ year: 2024, month: 12, day: 19 })).toBe(4); // Thursday
  });

  it('parses only strict ISO dates', () => {
    expect(parseIsoDate('2024-03-31')).toEqual({ year: 2024, month: 3, day: 31 });
    expect(parseIsoDate('2024-3-31')).toBeNull();
    expect(parseIsoDate('2024-02-30')).toBeNull();
    expect(parseIsoDate('2024-03-31T00:00:00Z')).toBeNull();
  });

  it('reads a Date by its UTC fields and refuses timestamps and garbage', () => {
    expect(toPlainDate(new Date('2024-03-31T23:59:59Z'))).toEqual({ year: 2024, month: 3, day: 31 });
    expect(toPlainDate('2024-04-01')).toEqual({ year: 2024, month: 4, day: 1 });
    expect(() => toPlainDate('2024-03-31T15:00:00Z')).toThrow(RangeError);
    expect(() => toPlainDate('令和6年')).toThrow(RangeError);
    expect(() => toPlainDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
