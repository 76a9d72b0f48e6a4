import { describe, expect, it } from 'vitest';
import { eraAt, findEra, listEras } from './eras.ts';
import { formatIsoDate, fromDayNumber, toDayNumber, toUtcDate } from './plain-date.ts';

describe('era table derived from Intl', () => {
  it('finds every era from 明治 on, with its first day', () => {
    // Expected values are the historical facts; the code itself derives them from ICU.
    expect(listEras()).toEqual([
      { name: '明治', abbreviation: 'M', romanized: 'Meiji', start: '1868-10-23', startYear: 1868 },
      { name: '大正', abbreviation: 'T', romanized: 'Taishō', start: '1912-07-30', startYear: 1912 },
      { name: '昭和', abbreviation: 'S', romanized: 'Shōwa', start: '1926-12-25', startYear: 1926 },
      { name: '平成', abbreviation: 'H', romanized: 'Heisei', start: '1989-01-08', startYear: 1989 },
      { name: '令和', abbreviation: 'R', romanized: 'Reiwa', start: '2019-05-01', startYear: 2019 },
    ]);
  });

  it('agrees with Intl on the era and era year of every 3rd day from 1868 to 2100, and every boundary', () => {
    const intl = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
      era: 'long',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      timeZone: 'UTC',
    });
    const days: number[] = [];
    for (
      let d = toDayNumber({ year: 1868, month: 10, day: 23 });
      d < toDayNumber({ year: 2101, month: 1, day: 1 });
      d += 3
    ) {
      days.push(d);
    }
    for (const era of listEras()) {
      const start = toDayNumber({
        year: era.startYear,
        month: Number(era.start.slice(5, 7)),
        day: Number(era.start.slice(8)),
      });
      // The day before 明治 is 慶応 in ICU, outside the table (tested below).
      if (era.name !== listEras()[0]?.name) days.push(start - 1);
      days.push(start);
    }
    const mismatches: string[] = [];
    for (const d of days) {
      const date = fromDayNumber(d);
      const parts = intl.formatToParts(toUtcDate(date));
      const era = eraAt(date);
      const expected = `${parts.find((p) => p.type === 'era')?.value}${parts.find((p) => p.type === 'year')?.value}`;
      const actual = `${era?.name}${era && date.year - era.startYear + 1}`;
      if (actual !== expected) mismatches.push(`${formatIsoDate(date)}: ${actual} ≠ Intl ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has no era before 明治', () => {
    expect(eraAt({ year: 1868, month: 10, day: 22 })).toBeUndefined();
    expect(eraAt({ year: 1868, month: 10, day: 23 })?.name).toBe('明治');
  });

  it('keeps the last era in force far into the future (scan extends on demand)', () => {
    expect(eraAt({ year: 2500, month: 1, day: 1 })?.name).toBe('令和');
    expect(listEras().at(-1)?.name).toBe('令和');
  });

  it('looks eras up by kanji name or abbreviation, in either case', () => {
    expect(findEra('令和')?.start).toBe('2019-05-01');
    expect(findEra('H')?.name).toBe('平成');
    expect(findEra('s')?.name).toBe('昭和');
    expect(findEra('X')).toBeUndefined();
    expect(findEra('慶応')).toBeUndefined();
    expect(findEra('')).toBeUndefined();
  });
});
