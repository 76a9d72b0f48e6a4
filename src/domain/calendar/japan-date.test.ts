import { describe, expect, it } from 'vitest';
import { fiscalYearOf, formatWarekiDateTime, japanDateOf } from './index.ts';

describe('japanDateOf', () => {
  it('turns the day at midnight in Japan, so 1 April starts a fiscal year at 15:00 UTC the day before', () => {
    expect(japanDateOf(new Date('2024-03-31T14:59:59Z'))).toBe('2024-03-31');
    expect(japanDateOf(new Date('2024-03-31T15:00:00Z'))).toBe('2024-04-01');
    expect(fiscalYearOf(japanDateOf(new Date('2024-03-31T15:00:00Z')))).toBe(2024);
  });
});

describe('formatWarekiDateTime', () => {
  it('writes an instant in Japan time with the era', () => {
    expect(formatWarekiDateTime(new Date('2026-12-01T01:05:00Z'))).toBe('令和8年12月1日 10:05');
    // 23:30 UTC is the next day in Japan.
    expect(formatWarekiDateTime(new Date('2019-04-30T23:30:00Z'))).toBe('令和元年5月1日 08:30');
    expect(formatWarekiDateTime('2019-04-30T23:30:00Z')).toBe('令和元年5月1日 08:30');
  });
});
