/**
 * @module 和暦 (Japanese era) formatting
 * Dates and calendar years written in the era system: '令和6年12月19日', '令和元年', 'R6'.
 * Era data comes from Intl (see `eras.ts`); this file only assembles the strings, because Intl's own
 * Japanese output varies by field set (e.g. year 1 is '元' in some patterns and '1' in others).
 */
import { type Era, eraAt } from './eras.ts';
import { formatIsoDate, type PlainDate, toPlainDate } from './plain-date.ts';

/** An era and a year within it; year 1 is 元年. */
export interface EraYear {
  name: string;
  abbreviation: string;
  year: number;
}

/** 'long': '令和6年' / '令和5年度'; 'short': 'R6' / 'R5'. */
export type WarekiStyle = 'long' | 'short';

export interface WarekiFormatOptions {
  style?: WarekiStyle;
}

/** Era and era year on a plain date. @throws RangeError before 明治. */
export function eraYearAt(date: PlainDate): EraYear {
  const era: Era | undefined = eraAt(date);
  if (!era) {
    // Wording avoids naming the first era: the era list is ICU's, not this file's.
    throw new RangeError(`和暦の対応範囲より前の日付です: ${formatIsoDate(date)}`);
  }
  return { name: era.name, abbreviation: era.abbreviation, year: date.year - era.startYear + 1 };
}

/** Era year as written in Japanese: 1 → '元', otherwise the number. */
function yearNumeral(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** '令和6年' (long) or 'R6' (short). Short forms never use 元: 'R1'. */
export function formatEraYear(eraYear: EraYear, style: WarekiStyle = 'long'): string {
  return style === 'short'
    ? `${eraYear.abbreviation}${eraYear.year}`
    : `${eraYear.name}${yearNumeral(eraYear.year)}年`;
}

/**
 * The era label of a calendar (Gregorian) year: the era in force on 31 December of that year.
 * Why year end: the year an era changes is named after the new era in Japanese documents
 * (2019 = 令和元年, 1989 = 平成元年), and the new era holds every later year.
 * @throws RangeError if `year` is not an integer or is before 明治.
 */
export function eraOfYear(year: number): EraYear {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`年は 1〜9999 の整数で指定してください: ${year}`);
  }
  return eraYearAt({ year, month: 12, day: 31 });
}

/**
 * Era, abbreviation and year within the era (1 for 元年) on a date.
 * @param date ISO 'yyyy-mm-dd', or a `Date` read in UTC.
 * @throws RangeError for a malformed date or a date before 明治 (1868-10-23 in ICU).
 * @example eraOf('2019-05-01') // { name: '令和', abbreviation: 'R', year: 1 }
 * @example eraOf('2019-04-30') // { name: '平成', abbreviation: 'H', year: 31 }
 */
export function eraOf(date: string | Date): EraYear {
  return eraYearAt(toPlainDate(date));
}

/**
 * A calendar year in the era system, using the era in force on 31 December of that year.
 * @example formatWarekiYear(2024) // '令和6年'
 * @example formatWarekiYear(2019) // '令和元年'
 * @example formatWarekiYear(2019, { style: 'short' }) // 'R1'
 */
export function formatWarekiYear(year: number, options: WarekiFormatOptions = {}): string {
  return formatEraYear(eraOfYear(year), options.style);
}

/**
 * A date in the era system, as written in official documents (no zero padding, 元年 for year 1).
 * @example formatWarekiDate('2024-12-19') // '令和6年12月19日'
 * @example formatWarekiDate('2019-05-01') // '令和元年5月1日'
 * @example formatWarekiDate('2019-04-30') // '平成31年4月30日'
 */
export function formatWarekiDate(date: string | Date): string {
  const plain = toPlainDate(date);
  return `${formatEraYear(eraYearAt(plain))}${plain.month}月${plain.day}日`;
}
