/**
 * @module Japanese eras (元号) derived from Intl
 * The list of eras — kanji name, one-letter abbreviation, first day — is read from the ICU data behind
 * `Intl.DateTimeFormat` with the `japanese` calendar, never typed in by hand, so a new era arrives with
 * a Node/ICU update and not with a code change.
 *
 * How: sample the era name on 1 January of every year from 1868, and where two samples differ,
 * binary-search the first day of the new era. The table is built lazily on first use and cached.
 * Only eras whose first day lies inside the scan are kept: 明治 (Meiji) onwards. Earlier eras are out
 * of scope (the lunisolar calendar was used until 1872, so Gregorian ↔ 和暦 day mapping is meaningless
 * there anyway).
 */
import { formatIsoDate, fromDayNumber, type PlainDate, toDayNumber, toUtcDate } from './plain-date.ts';

/** One era (元号). */
export interface Era {
  /** Kanji name, e.g. '令和'. */
  readonly name: string;
  /** Latin initial used in short forms such as 'R6', e.g. 'R'. */
  readonly abbreviation: string;
  /** Romanised name as ICU spells it in English, e.g. 'Reiwa', 'Shōwa'. */
  readonly romanized: string;
  /** First day, ISO 'yyyy-mm-dd', e.g. '2019-05-01'. */
  readonly start: string;
  /** Gregorian year of the first day, i.e. the year called 元年 (year 1) of this era. */
  readonly startYear: number;
}

interface EraRecord {
  readonly era: Era;
  readonly startDay: number;
}

/** First year sampled: the scan must begin before 明治 starts (1868) to see where it starts. */
const SCAN_FROM_YEAR = 1868;
/** The table always covers at least this far; later years extend the scan on demand. */
const SCAN_DEFAULT_TO_YEAR = 2200;

interface Formatters {
  ja: Intl.DateTimeFormat;
  enLong: Intl.DateTimeFormat;
  enNarrow: Intl.DateTimeFormat;
}

let formatters: Formatters | undefined;

function getFormatters(): Formatters {
  if (formatters) return formatters;
  // Year, month and day are requested so every locale prints a full date; only the era part is read.
  // (With `year` alone, ja prints the year part as '元' for year 1 — never parse that part as a number.)
  const fields = { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'UTC' } as const;
  const ja = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { ...fields, era: 'long' });
  // A Node built without full ICU silently falls back to the Gregorian calendar (era '西暦').
  if (ja.resolvedOptions().calendar !== 'japanese') {
    throw new Error('この Node.js の ICU は和暦 (japanese calendar) に対応していません');
  }
  formatters = {
    ja,
    enLong: new Intl.DateTimeFormat('en-US-u-ca-japanese', { ...fields, era: 'long' }),
    enNarrow: new Intl.DateTimeFormat('en-US-u-ca-japanese', { ...fields, era: 'narrow' }),
  };
  return formatters;
}

function eraPart(format: Intl.DateTimeFormat, dayNumber: number): string {
  const date = toUtcDate(fromDayNumber(dayNumber));
  const part = format.formatToParts(date).find((p) => p.type === 'era');
  if (!part) throw new Error(`Intl が元号を返しませんでした: ${date.toISOString()}`);
  return part.value;
}

function jaEraName(dayNumber: number): string {
  return eraPart(getFormatters().ja, dayNumber);
}

function january1(year: number): number {
  return toDayNumber({ year, month: 1, day: 1 });
}

/**
 * 'R' for Reiwa. ICU's English narrow era is the Latin initial for modern eras; if some ICU gives
 * something longer, fall back to the first letter of the romanised name without diacritics (Shōwa → S).
 */
function abbreviationOf(narrow: string, romanized: string): string {
  if (/^[A-Z]$/.test(narrow)) return narrow;
  return romanized
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .charAt(0)
    .toUpperCase();
}

function makeRecord(startDay: number, name: string): EraRecord {
  const { enLong, enNarrow } = getFormatters();
  const romanized = eraPart(enLong, startDay);
  const start = fromDayNumber(startDay);
  const era: Era = Object.freeze({
    name,
    abbreviation: abbreviationOf(eraPart(enNarrow, startDay), romanized),
    romanized,
    start: formatIsoDate(start),
    startYear: start.year,
  });
  return { era, startDay };
}

interface ScanState {
  /** Eras in order of start. */
  readonly eras: EraRecord[];
  /** Last year whose 31 December is covered. */
  throughYear: number;
  /** Era name on 1 January of `throughYear + 1` (where the next extension resumes). */
  lastName: string;
}

let state: ScanState | undefined;

/** First day in (lo, hi] whose era is not `loName`. Eras never repeat, so the predicate is monotonic. */
function firstChange(lo: number, hi: number, loName: string): number {
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (jaEraName(mid) === loName) a = mid;
    else b = mid;
  }
  return b;
}

/** Appends every era that starts in (fromDay, toDay]. */
function collectChanges(fromDay: number, fromName: string, toDay: number, toName: string, out: EraRecord[]) {
  let lo = fromDay;
  let loName = fromName;
  // Loop rather than assume one change per interval: two eras could start in the same year.
  while (loName !== toName) {
    const day = firstChange(lo, toDay, loName);
    const name = jaEraName(day);
    out.push(makeRecord(day, name));
    lo = day;
    loName = name;
  }
}

function scanYears(s: ScanState, toYear: number): void {
  for (let year = s.throughYear + 1; year <= toYear; year++) {
    const from = january1(year);
    const to = january1(year + 1);
    const toName = jaEraName(to);
    if (toName !== s.lastName) collectChanges(from, s.lastName, to, toName, s.eras);
    s.lastName = toName;
    s.throughYear = year;
  }
}

/** The era table, scanned at least through 31 December of `throughYear`. */
function eraTable(throughYear = SCAN_DEFAULT_TO_YEAR): readonly EraRecord[] {
  if (!state) {
    const s: ScanState = { eras: [], throughYear: SCAN_FROM_YEAR - 1, lastName: '' };
    s.lastName = jaEraName(january1(SCAN_FROM_YEAR));
    scanYears(s, Math.max(SCAN_DEFAULT_TO_YEAR, throughYear));
    if (s.eras.length === 0) throw new Error('Intl から元号の切り替わりを検出できませんでした');
    state = s;
  } else if (throughYear > state.throughYear) {
    scanYears(state, throughYear);
  }
  return state.eras;
}

/**
 * All eras from 明治 (Meiji) on, oldest first, as ICU knows them.
 * @example listEras().at(-1) // { name: '令和', abbreviation: 'R', romanized: 'Reiwa', start: '2019-05-01', startYear: 2019 }
 */
export function listEras(): readonly Era[] {
  return eraTable().map((r) => r.era);
}

/** The era in force on a date, or undefined before 明治 began. */
export function eraAt(date: PlainDate): Era | undefined {
  const eras = eraTable(date.year);
  const day = toDayNumber(date);
  let found: Era | undefined;
  // Binary search: last era whose first day is on or before `day`.
  let lo = 0;
  let hi = eras.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const record = eras[mid];
    if (record && record.startDay <= day) {
      found = record.era;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Looks an era up by kanji name ('令和') or Latin abbreviation ('R', 'r'). Undefined if unknown, or if
 * the abbreviation is shared by several eras (not the case from 明治 on, but ICU is the authority).
 */
export function findEra(token: string): Era | undefined {
  const eras = eraTable().map((r) => r.era);
  const byName = eras.find((e) => e.name === token);
  if (byName) return byName;
  const upper = token.toUpperCase();
  const byAbbreviation = eras.filter((e) => e.abbreviation === upper);
  return byAbbreviation.length === 1 ? byAbbreviation[0] : undefined;
}
