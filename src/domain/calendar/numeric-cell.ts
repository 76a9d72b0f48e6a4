/**
 * @module Numeric spreadsheet cells
 * KPI sheets hold numbers the way people type them: '17,187超', '80%以上', '１２．５％', '△5', '－'.
 * {@link parseNumericCell} reads one cell into a number with its unit and comparator, "missing"
 * (blank or a dash), or "invalid" (kept verbatim so a person can look at it). It lives beside the
 * calendar parsers because both share the same width normalisation of Japanese input.
 */
import { normalizeWidth } from './normalize.ts';

/** 以上 ≥ (gte), 超 > (gt), 以下 ≤ (lte), 未満 < (lt). */
export type NumericComparator = 'gte' | 'gt' | 'lte' | 'lt';

export type NumericCell =
  | { kind: 'number'; value: number; unit?: string; comparator?: NumericComparator }
  | { kind: 'missing' }
  | { kind: 'invalid'; text: string };

const MISSING: NumericCell = Object.freeze({ kind: 'missing' });

/**
 * A cell of only dashes means "no value" in Japanese tables. After normalisation '－' and '−' are '-';
 * the others are kept by NFKC: ‐ – — ― ─ ━ and the katakana long vowel ー, often typed as a dash.
 * A bare note mark '※' (or '※1') also carries no value.
 */
const MISSING_TEXT = /^(?:[-‐–—―─━ー]+|※\d*)$/u;
/** A trailing note reference: '30※', '30※1'. */
const NOTE_MARK = /\s*※\d*$/u;

const PREFIX_COMPARATOR = /^(?<op>>=|=>|≧|≥|<=|=<|≦|≤|>|<)\s*/u;
const SUFFIX_COMPARATOR = /\s*(?<op>以上|以下|未満|超過|超え|超)$/u;
const COMPARATORS: Record<string, NumericComparator> = {
  '>=': 'gte',
  '=>': 'gte',
  '≧': 'gte',
  '≥': 'gte',
  以上: 'gte',
  '>': 'gt',
  超: 'gt',
  超え: 'gt',
  超過: 'gt',
  '<=': 'lte',
  '=<': 'lte',
  '≦': 'lte',
  '≤': 'lte',
  以下: 'lte',
  '<': 'lt',
  未満: 'lt',
};

/**
 * Optional 約 (about — dropped), sign (△/▲ are the Japanese minus), digits with correct 3-digit comma
 * grouping or none, optional decimals, optional exponent (Excel shows '1.23E+05' in narrow columns and
 * CSV exports keep it), then whatever is left is the unit.
 */
const NUMBER =
  /^(?:約\s*)?(?<sign>[-+△▲]?)\s*(?<digits>\d{1,3}(?:,\d{3})+|\d+)?(?<fraction>\.\d+)?(?<exponent>[eE][-+]?\d+)?\s*(?<unit>.*)$/u;
/** A unit starts with something that cannot continue or qualify a number: '%', '人', '千円', 'm2', '回/年'. */
const UNIT = /^[^\d\s.,+\-~()<>=≧≦≥≤△▲※]\S*$/u;

function invalid(text: string): NumericCell {
  return { kind: 'invalid', text };
}

/**
 * One spreadsheet cell as a number, "missing" or "invalid".
 * - JS numbers pass through; NaN and ±Infinity are invalid.
 * - null, undefined, blank text, dashes ('-', '－', '―', 'ー', '—') and a bare '※' are missing.
 * - Full-width digits and '％' are normalised; the unit is returned normalised ('％' → '%').
 * - '△5' / '▲5' are −5; '約30' is 30; '以上', '超', '以下', '未満' (or ≧ > ≦ <) set the comparator.
 * - Invalid cells keep their text, trimmed, for display.
 * @example parseNumericCell('17,187超') // { kind: 'number', value: 17187, comparator: 'gt' }
 * @example parseNumericCell('80%以上') // { kind: 'number', value: 80, unit: '%', comparator: 'gte' }
 * @example parseNumericCell('－') // { kind: 'missing' }
 * @example parseNumericCell('abc') // { kind: 'invalid', text: 'abc' }
 */
export function parseNumericCell(text: string | number | null | undefined): NumericCell {
  if (text === null || text === undefined) return MISSING;
  if (typeof text === 'number') {
    // `+ 0` turns -0 into 0, so a cell never compares differently from what it shows.
    return Number.isFinite(text) ? { kind: 'number', value: text + 0 } : invalid(String(text));
  }
  // Spreadsheet readers may hand over booleans, dates or rich-text objects despite the type.
  if (typeof text !== 'string') return invalid(String(text));

  const original = text.trim();
  let s = normalizeWidth(text).trim();
  if (s === '' || MISSING_TEXT.test(s)) return MISSING;
  s = s.replace(NOTE_MARK, '');

  let comparator: NumericComparator | undefined;
  const prefix = PREFIX_COMPARATOR.exec(s);
  if (prefix) {
    comparator = COMPARATORS[prefix.groups?.op ?? ''];
    s = s.slice(prefix[0].length);
  }
  const suffix = SUFFIX_COMPARATOR.exec(s);
  if (suffix) {
    if (comparator) return invalid(original); // '≧80以上': two comparators
    comparator = COMPARATORS[suffix.groups?.op ?? ''];
    s = s.slice(0, suffix.index);
  }

  const groups = NUMBER.exec(s)?.groups;
  if (!groups || (groups.digits === undefined && groups.fraction === undefined)) return invalid(original);
  const unit = groups.unit ?? '';
  if (unit !== '' && !UNIT.test(unit)) return invalid(original);

  const magnitude = Number(
    `${(groups.digits ?? '0').replace(/,/g, '')}${groups.fraction ?? ''}${groups.exponent ?? ''}`,
  );
  if (!Number.isFinite(magnitude)) return invalid(original); // '1e999'
  const negative = groups.sign === '-' || groups.sign === '△' || groups.sign === '▲';
  const value = (negative ? -magnitude : magnitude) + 0;
  return {
    kind: 'number',
    value,
    ...(unit !== '' ? { unit } : {}),
    ...(comparator ? { comparator } : {}),
  };
}
