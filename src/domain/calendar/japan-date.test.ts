import { describe, expect, it } from 'vitest';
import { fiscalYearOf, japanDateOf } from './index.ts';

describe('japanDateOf', () => {
  it('turns the day at midnight in Japan, so 1 April starts a fiscal year at 15:00 UTC the day before', () => {
    expect(japanDateOf(new Date('2024-03-31T14:59:59Z'))).toBe('2024-03-31');
    expect(japanDateOf(new Date('2024-03-31T15:00:00Z'))).toBe('2024-04-01');
    expect(fiscalYearOf(japanDateOf(new Date('2024-03-31T15:00:00Z')))).toBe(2024);
  });
});
