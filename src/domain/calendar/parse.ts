/**
 * @module Parsing fiscal years and dates as people type them
 * Spreadsheet cells and Word tables write the same year many ways: '令和5年度', 'R5', 'Ｒ０５',
 * '2023年度', 'FY2023', '令和5年度（2023年度）'. These parsers accept those forms and return null,
 * never throw, on anything else — the caller decides whether that is an error.
 *
 * Every input is first passed through {@link normalizeWidth}, so full-width digits and letters, '～'
 * and '〜' are handled once, here.
 */
import { type Era, eraAt, findEra } from './eras.ts';
import { normalizeWidth } from './normalize.ts';
import { dayOfWeek, formatIsoDate, isValidPlainDate, type PlainDate } from './plain-date.ts';

/** An inclusive span of fiscal years, e.g. a plan period 2024–2028. */
export interface FiscalYearSpan {
  start: number;
  end: number;
}

/**
 * Era token: one Latin letter ('R', 'h') or kanji ('令和'). Lazy, so in '令和元年' the token stops
 * before '元'. Which tokens are real eras is decided by {@link findEra}, i.e. by Intl.
 */
const ERA = String.raw`(?<era>[A-Za-z]|\p{Script=Han}+?)`;
/** Year within an era: 1–2 digits ('5', '05') or 元 (year 1). */
const ERA_YEAR = String.raw`(?<eraYear>\d{1,2}|元)`;
/** '令和5', 'R5', 'R.5', 'H 30'. */
const ERA_AND_YEAR = String.raw`${ERA}\s*\.?\s*${ERA_YEAR}`;
/** Optional '年' or '年度' after a year. */
const YEAR_SUFFIX = String.raw`(?:\s*年度?)?`;

const ERA_FISCAL_YEAR = new RegExp(`^${ERA_AND_YEAR}${YEAR_SUFFIX}$`, 'u');
const WESTERN_FISCAL_YEAR = new RegExp(String.raw`^(?:FY\s*)?(?<year>\d{4})${YEAR_SUFFIX}$`, 'iu');
/** A range end without an era ('7' in 'R5～7', '7年度' in '令和5～7年度'). */
const BARE_ERA_YEAR = new RegExp(String.raw`^(?<eraYear>\d{1,2})${YEAR_SUFFIX}$`, 'u');

/** 'X(Y)' or 'X(Y)年度': the same value written two ways, e.g. '令和5年度(2023年度)', '2023(令和5)年度'. */
const ALTERNATIVE = /^(?<main>[^()]*)\((?<alt>[^()]*)\)\s*(?<suffix>年度|年)?$/u;

/** Range separators after normalisation ('～' and '〜' are already '~'). 'ー' is a common mistype. */
const RANGE_SEPARATOR = /\s*(?:~|-|‐|–|—|―|─|ー|から)\s*/u;

const DATE_YEAR = String.raw`(?:${ERA_AND_YEAR}|(?<year>\d{4}))`;
const MONTH_DAY_KANJI = String.raw`\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日`;
const MONTH_DAY_SEPARATED = String.raw`\s*(?<sep>[./-])\s*(?<month>\d{1,2})\s*\k<sep>\s*(?<day>\d{1,2})`;
const DATE_KANJI = new RegExp(`^${DATE_YEAR}${MONTH_DAY_KANJI}$`, 'u');
const DATE_SEPARATED = new RegExp(`^${DATE_YEAR}${MONTH_DAY_SEPARATED}$`, 'u');
/** '(木)', '（木曜日）' after a date. */
const WEEKDAY_SUFFIX = /\s*\(\s*(?<weekday>[日月火水木金土])(?:曜日?)?\s*\)$/u;
const WEEKDAYS = '日月火水木金土';

interface ParsedFiscalYear {
  year: number;
  /** Set when the text named an era; a range end without one inherits it. */
  era?: Era;
}

function cleaned(text: unknown): string {
  return typeof text === 'string' ? normalizeWidth(text).trim() : '';
}

/** Era token + era year → Gregorian year of that era year, or null for an unknown era / year 0. */
function westernYearOf(eraToken: string | undefined, eraYearText: string | undefined) {
  const era = eraToken === undefined ? undefined : findEra(eraToken);
  if (!era || eraYearText === undefined) return null;
  const eraYear = eraYearText === '元' ? 1 : Number(eraYearText);
  if (eraYear < 1) return null;
  return { era, eraYear, year: era.startYear + eraYear - 1 };
}

/** Parses 'main(alt)suffix' as both halves and keeps the value only if they agree. */
function withAlternative<T>(text: string, parse: (s: string) => T | null, same: (a: T, b: T) => boolean) {
  const m = ALTERNATIVE.exec(text);
  if (!m?.groups) return parse(text);
  const suffix = m.groups.suffix ?? '';
  const main = parse(`${(m.groups.main ?? '').trim()}${suffix}`);
  const alt = parse(`${(m.groups.alt ?? '').trim()}${suffix}`);
  return main !== null && alt !== null && same(main, alt) ? main : null;
}

function parseSingleFiscalYear(text: string): ParsedFiscalYear | null {
  const western = WESTERN_FISCAL_YEAR.exec(text)?.groups;
  if (western) {
    const year = Number(western.year);
    return year >= 1 ? { year } : null;
  }
  const eraMatch = ERA_FISCAL_YEAR.exec(text)?.groups;
  if (!eraMatch) return null;
  // No upper bound per era on purpose: plans drafted before 2019 say 平成32年度 for 2020, and that is
  // what the document means.
  const parsed = westernYearOf(eraMatch.era, eraMatch.eraYear);
  return parsed && { year: parsed.year, era: parsed.era };
}

function parseFiscalYearDetailed(text: string): ParsedFiscalYear | null {
  return withAlternative(text, parseSingleFiscalYear, (a, b) => a.year === b.year);
}

/**
 * A fiscal year from how people write it. Era years map to the Gregorian year the fiscal year starts
 * in (R5 → 2023, H31 → 2019, R1 → 2019). Era years past an era's end are kept (平成32年度 → 2020), as
 * plans written before an era change use them.
 * @returns the fiscal year (start year), or null if the text is not a fiscal year.
 * @example parseFiscalYear('令和5年度') // 2023
 * @example parseFiscalYear('Ｒ０５') // 2023
 * @example parseFiscalYear('FY2024') // 2024
 * @example parseFiscalYear('令和5年度（2023年度）') // 2023
 * @example parseFiscalYear('令和5年度末') // null
 */
export function parseFiscalYear(text: string): number | null {
  const s = cleaned(text);
  return s === '' ? null : (parseFiscalYearDetailed(s)?.year ?? null);
}

function parseSpan(text: string): FiscalYearSpan | null {
  const parts = text.split(RANGE_SEPARATOR).map((p) => p.trim());
  if (parts.length === 1) {
    const single = parseFiscalYearDetailed(parts[0] ?? '');
    return single && { start: single.year, end: single.year };
  }
  const [startText, endText] = parts;
  if (parts.length !== 2 || !startText || !endText) return null;
  const start = parseFiscalYearDetailed(startText);
  if (!start) return null;
  let end = parseFiscalYearDetailed(endText)?.year ?? null;
  if (end === null && start.era) {
    // 'R5～7': the end inherits the start's era.
    const bare = BARE_ERA_YEAR.exec(endText)?.groups;
    if (bare) end = westernYearOf(start.era.name, bare.eraYear)?.year ?? null;
  }
  return end !== null && end >= start.year ? { start: start.year, end } : null;
}

/**
 * A span of fiscal years such as a plan period. Both ends are inclusive; a single year gives
 * start = end. An end without an era inherits the start's era ('R5～7' → 2023–2025).
 * @returns null if either end is unreadable or the end is before the start.
 * @example parseFiscalYearRange('R6～R7') // { start: 2024, end: 2025 }
 * @example parseFiscalYearRange('令和6～10年度') // { start: 2024, end: 2028 }
 * @example parseFiscalYearRange('2024-2026') // { start: 2024, end: 2026 }
 * @example parseFiscalYearRange('R6') // { start: 2024, end: 2024 }
 */
export function parseFiscalYearRange(text: string): FiscalYearSpan | null {
  const s = cleaned(text);
  if (s === '') return null;
  return withAlternative(s, parseSpan, (a, b) => a.start === b.start && a.end === b.end);
}

function dateFromGroups(groups: Record<string, string | undefined>): PlainDate | null {
  const month = Number(groups.month);
  const day = Number(groups.day);
  if (groups.year !== undefined) {
    const year = Number(groups.year);
    return isValidPlainDate(year, month, day) ? { year, month, day } : null;
  }
  const parsed = westernYearOf(groups.era, groups.eraYear);
  if (!parsed || !isValidPlainDate(parsed.year, month, day)) return null;
  const date = { year: parsed.year, month, day };
  // The day must fall inside the era named: 平成31年5月1日 and 令和元年4月30日 never existed.
  return eraAt(date)?.name === parsed.era.name ? date : null;
}

/**
 * A date written in the era system or in Gregorian form, as ISO 'yyyy-mm-dd'. Impossible dates —
 * 2月30日, a day outside the named era, a weekday in parentheses that does not match — give null.
 * @example parseWarekiDate('令和6年12月19日') // '2024-12-19'
 * @example parseWarekiDate('R6.12.19') // '2024-12-19'
 * @example parseWarekiDate('令和元年5月1日（水）') // '2019-05-01'
 * @example parseWarekiDate('平成31年5月1日') // null
 */
export function parseWarekiDate(text: string): string | null {
  let s = cleaned(text);
  const weekday = WEEKDAY_SUFFIX.exec(s);
  if (weekday) s = s.slice(0, weekday.index);
  const groups = (DATE_KANJI.exec(s) ?? DATE_SEPARATED.exec(s))?.groups;
  const date = groups ? dateFromGroups(groups) : null;
  if (!date) return null;
  if (weekday && WEEKDAYS[dayOfWeek(date)] !== weekday.groups?.weekday) return null;
  return formatIsoDate(date);
}
