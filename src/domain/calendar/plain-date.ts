/**
 * @module Plain calendar dates
 * A date without time or time zone (year, month, day), and its ISO 'yyyy-mm-dd' form. Internal to the
 * calendar module: the public API takes and returns ISO strings.
 *
 * Why not `Date`: a `Date` is an instant, and "which day" depends on the time zone. Everything here is
 * computed in UTC, so a plain date and the UTC midnight instant of that day are interchangeable.
 */

/** A Gregorian calendar date; month and day are 1-based. */
export interface PlainDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;

/** Whether year/month/day name a real Gregorian date (years 1–9999, so ISO strings stay 4-digit). */
export function isValidPlainDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  const d = utcMidnight(year, month + 1, 0);
  return d.getUTCDate();
}

/** UTC midnight of a date. `setUTCFullYear` avoids `Date.UTC` mapping years 0–99 to 1900–1999. */
function utcMidnight(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

/** The `Date` at UTC midnight of a plain date (what Intl is given, always with `timeZone: 'UTC'`). */
export function toUtcDate(date: PlainDate): Date {
  return utcMidnight(date.year, date.month, date.day);
}

/** Days since 1970-01-01: a plain date as one integer, for binary searches and comparisons. */
export function toDayNumber(date: PlainDate): number {
  return Math.round(toUtcDate(date).getTime() / MS_PER_DAY);
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): PlainDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: PlainDate): number {
  return toUtcDate(date).getUTCDay();
}

/** 'yyyy-mm-dd'. */
export function formatIsoDate(date: PlainDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Strict 'yyyy-mm-dd' (zero-padded, real date) or null. */
export function parseIsoDate(text: string): PlainDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidPlainDate(year, month, day) ? { year, month, day } : null;
}

/**
 * The plain date of an API argument. Strings must be strict ISO 'yyyy-mm-dd' — a timestamp such as
 * '2024-03-31T15:00:00Z' is refused rather than silently cut, because in Japan (UTC+9) that instant
 * is already 1 April. A `Date` is read by its UTC fields.
 * @throws RangeError on anything else.
 */
export function toPlainDate(date: string | Date): PlainDate {
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new RangeError('無効な日付です (Invalid Date)');
    const plain = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    if (!isValidPlainDate(plain.year, plain.month, plain.day)) {
      throw new RangeError(`対応範囲外の日付です (years 1–9999): ${date.toISOString()}`);
    }
    return plain;
  }
  const parsed = typeof date === 'string' ? parseIsoDate(date) : null;
  if (!parsed) throw new RangeError(`日付は yyyy-mm-dd 形式で指定してください: ${String(date)}`);
  return parsed;
}
