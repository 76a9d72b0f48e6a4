/**
 * @module KPI table cells
 * Reads one cell the way people fill KPI sheets in: numbers with units, comparators and thousands
 * separators (through the calendar module's parseNumericCell), fiscal years in any era form,
 * 増加／減少／維持, ○／×, hierarchy labels such as 「基本目標1」「①観光の振興」. Each reader returns a value
 * or the Japanese description of what was expected; the caller adds the sheet and cell.
 */
import {
  fiscalYearOf,
  normalizeWidth as normalizeAnyWidth,
  parseFiscalYear,
  parseNumericCell,
} from '../../domain/calendar/index.ts';
import type { AdministrativeStatus, Comparator, Direction, KpiKind } from '../../domain/kpi/types.ts';
import { fromCircled } from '../../domain/plan/numbering.ts';

/** A cell as a spreadsheet gives it: the value and, for xlsx, its number format. */
export interface RawCell {
  value: string | number | boolean | Date;
  numFmt?: string;
}

export type CellResult<T> = { ok: true; value: T } | { ok: false; expected: string };

const ASCII = /^[ -~]*$/u;

/**
 * The calendar module's normalizeWidth, skipping ASCII (which NFKC leaves as it is): a 10,000-row sheet
 * normalises its cells hundreds of thousands of times, and most are plain digits.
 */
function normalizeWidth(text: string): string {
  return ASCII.test(text) ? text : normalizeRemembered(text);
}

/**
 * Results of a pure text function, remembered: a sheet repeats its titles on every row (the hierarchy
 * columns), and matching compares them again for every row. Bounded, so a huge sheet cannot grow it.
 */
function remembered(compute: (text: string) => string, limit = 20_000): (text: string) => string {
  let cache = new Map<string, string>();
  return (text) => {
    let result = cache.get(text);
    if (result === undefined) {
      result = compute(text);
      if (cache.size >= limit) cache = new Map();
      cache.set(text, result);
    }
    return result;
  };
}

const normalizeRemembered = remembered(normalizeAnyWidth);

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = <T>(expected: string): CellResult<T> => ({ ok: false, expected });

/** The cell as text, trimmed; '' for a blank cell. */
export function cellText(cell: RawCell | undefined): string {
  if (!cell) return '';
  const { value } = cell;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** Text cells: blank → null. */
export function readText(cell: RawCell | undefined): string | null {
  const text = cellText(cell);
  return text === '' ? null : text;
}

/** 単位: ％ and % (or ｍ２ and m2) are the same unit. */
export function normalizeUnit(unit: string): string {
  return normalizeWidth(unit).trim();
}

export interface NumberCell {
  value: number;
  unit?: string;
  comparator?: Exclude<Comparator, 'eq'>;
  /** 見込 (provisional): 「1,234（見込）」, or an xlsx number format that prints 見込. */
  provisional: boolean;
  /** The cell's text when it said more than a plain number (a comparator). */
  note?: string;
}

// 「1,234（見込）」「見込 1,234」「1,234見込み」「速報値 12.5%」
const PROVISIONAL = /^(?:(?:見込み?|速報値?|暫定値?)[:：\s]*)|[\s(（]*(?:見込み?|速報値?|暫定値?)[)）]?$/u;
const PROVISIONAL_FORMAT = /見込|速報|暫定/u;

/**
 * A number cell: null for blank or a dash (no value, never zero).
 * @example readNumber({ value: '80%以上' }) // { ok: true, value: { value: 80, unit: '%', comparator: 'gte', provisional: false } }
 * @example readNumber({ value: '1,234（見込）' }) // { ok: true, value: { value: 1234, provisional: true } }
 */
export function readNumber(cell: RawCell | undefined): CellResult<NumberCell | null> {
  if (!cell) return ok(null);
  const { value } = cell;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('数値');
    const provisional = PROVISIONAL_FORMAT.test(cell.numFmt ?? '');
    // A cell formatted as a percentage holds 0.853 and shows 85.3%: the sheet means 85.3 (%).
    if (cell.numFmt?.includes('%') && !/"[^"]*%[^"]*"/u.test(cell.numFmt)) {
      return ok({ value: Number((value * 100).toPrecision(12)), unit: '%', provisional });
    }
    return ok({ value, provisional });
  }
  if (typeof value !== 'string') return fail('数値');
  let text = value.trim();
  let provisional = false;
  const marker = PROVISIONAL.exec(text);
  if (marker && marker[0] !== '' && text !== marker[0]) {
    provisional = true;
    text = text.replace(PROVISIONAL, '').trim();
  }
  const parsed = parseNumericCell(text);
  if (parsed.kind === 'missing') return provisional ? fail('数値') : ok(null);
  if (parsed.kind === 'invalid') return fail('数値');
  return ok({
    value: parsed.value,
    ...(parsed.unit ? { unit: normalizeUnit(parsed.unit) } : {}),
    ...(parsed.comparator ? { comparator: parsed.comparator, note: value.trim() } : {}),
    provisional,
  });
}

/**
 * A fiscal-year cell: 令和5年度, R5, H30, 2023 (number or text), or a date (its fiscal year).
 * @example readYear({ value: '令和元年度' }) // { ok: true, value: 2019 }
 */
export function readYear(cell: RawCell | undefined): CellResult<number | null> {
  if (!cell) return ok(null);
  if (cell.value instanceof Date) {
    const iso = cellText(cell);
    return iso === '' ? fail('年度') : ok(fiscalYearOf(iso));
  }
  return yearOfText(cellText(cell));
}

// A sheet writes the same few years on every row.
const yearResults = new Map<string, CellResult<number | null>>();
function yearOfText(text: string): CellResult<number | null> {
  let result = yearResults.get(text);
  if (result === undefined) {
    if (text === '' || parseNumericCell(text).kind === 'missing') result = ok(null);
    else {
      const year = parseFiscalYear(text);
      result = year === null ? fail('年度') : ok(year);
    }
    if (yearResults.size >= 10_000) yearResults.clear();
    yearResults.set(text, result);
  }
  return result;
}

const DIRECTIONS: Record<string, Direction> = {
  増加: 'increase',
  増: 'increase',
  上昇: 'increase',
  向上: 'increase',
  '↑': 'increase',
  '↗': 'increase',
  減少: 'decrease',
  減: 'decrease',
  低下: 'decrease',
  削減: 'decrease',
  '↓': 'decrease',
  '↘': 'decrease',
  維持: 'maintain',
  現状維持: 'maintain',
  '→': 'maintain',
  increase: 'increase',
  decrease: 'decrease',
  maintain: 'maintain',
};

/** 方向: 増加・減少・維持 (also 上昇, ↑, 現状維持 …); null for blank. */
export function readDirection(cell: RawCell | undefined): CellResult<Direction | null> {
  const text = normalizeWidth(cellText(cell)).replace(/\s+/gu, '');
  if (text === '') return ok(null);
  const direction = DIRECTIONS[text.toLowerCase()];
  return direction ? ok(direction) : fail('増加・減少・維持のいずれか');
}

const COMPARATORS: Record<string, Comparator> = {
  以上: 'gte',
  '>=': 'gte',
  '≧': 'gte',
  '≥': 'gte',
  超: 'gt',
  超え: 'gt',
  超過: 'gt',
  '>': 'gt',
  以下: 'lte',
  '<=': 'lte',
  '≦': 'lte',
  '≤': 'lte',
  未満: 'lt',
  '<': 'lt',
  一致: 'eq',
  同値: 'eq',
  '=': 'eq',
  gte: 'gte',
  gt: 'gt',
  lte: 'lte',
  lt: 'lt',
  eq: 'eq',
};

/** Japanese word for a comparator, as the export writes it. */
export const COMPARATOR_LABELS: Record<Comparator, string> = {
  gte: '以上',
  gt: '超',
  lte: '以下',
  lt: '未満',
  eq: '一致',
};

/** 比較: 以上・超・以下・未満・一致 (or ≧ > ≦ < =); null for blank. */
export function readComparator(cell: RawCell | undefined): CellResult<Comparator | null> {
  const text = normalizeWidth(cellText(cell)).replace(/\s+/gu, '');
  if (text === '') return ok(null);
  const comparator = COMPARATORS[text.toLowerCase()];
  return comparator ? ok(comparator) : fail('以上・超・以下・未満・一致のいずれか');
}

export { DIRECTION_LABELS } from '../../domain/kpi/labels.ts';

const KINDS: Record<string, KpiKind> = {
  成果: 'outcome',
  成果指標: 'outcome',
  アウトカム: 'outcome',
  活動: 'activity',
  活動指標: 'activity',
  アウトプット: 'activity',
  対象: 'target_group',
  対象指標: 'target_group',
};

export const KIND_LABELS: Record<KpiKind, string> = {
  outcome: '成果',
  activity: '活動',
  target_group: '対象',
};

/** 指標の種類: 成果・活動・対象; null for blank. */
export function readKind(cell: RawCell | undefined): CellResult<KpiKind | null> {
  const text = normalizeWidth(cellText(cell)).replace(/\s+/gu, '');
  if (text === '') return ok(null);
  const kind = KINDS[text];
  return kind ? ok(kind) : fail('成果・活動・対象のいずれか');
}

// Compared without width, spaces and the separators between 休止 and 廃止 (休止・廃止, 休止／廃止).
const ADMINISTRATIVE: Record<string, AdministrativeStatus> = {
  未着手: 'not-started',
  休止廃止: 'suspended',
  休廃止: 'suspended',
  休止: 'suspended',
  廃止: 'suspended',
  評価困難: 'hard-to-evaluate',
  'not-started': 'not-started',
  suspended: 'suspended',
  'hard-to-evaluate': 'hard-to-evaluate',
};
const NO_CODE = new Set(['', '-', '―', 'ー', '‐']);

/**
 * 評価区分: 未着手・休止・廃止・評価困難, or blank (and a dash) for a KPI evaluated by its values.
 * @example readAdministrativeStatus({ value: '休止・廃止' }) // { ok: true, value: 'suspended' }
 */
export function readAdministrativeStatus(cell: RawCell | undefined): CellResult<AdministrativeStatus | null> {
  const text = normalizeWidth(cellText(cell))
    .replace(/[\s・･/、,]/gu, '')
    .toLowerCase();
  if (NO_CODE.has(text)) return ok(null);
  const status = ADMINISTRATIVE[text];
  return status
    ? ok(status)
    : fail(
        '「未着手」「休止・廃止」「評価困難」のいずれか（数値で評価する指標は空欄。A〜D などの評価は計算するので入力しません）',
      );
}

/** Whether a cell holds one of the 評価区分 codes (written, say, into an actual's cell instead). */
export function isAdministrativeCode(cell: RawCell | undefined): boolean {
  const result = readAdministrativeStatus(cell);
  return result.ok && result.value !== null;
}

const YES = new Set(['○', '◯', '〇', '●', '◎', '✓', '✔', 'はい', '有', 'あり', '累計', 'true', 'yes', '1']);
const NO = new Set(['×', '✕', '✗', 'いいえ', '無', 'なし', 'false', 'no', '0', '-', 'ー', '―', '‐']);

/** ○ / ×: blank is ×. */
export function readFlag(cell: RawCell | undefined): CellResult<boolean> {
  if (cell && typeof cell.value === 'boolean') return ok(cell.value);
  const text = normalizeWidth(cellText(cell)).replace(/\s+/gu, '').toLowerCase();
  if (text === '' || NO.has(text)) return ok(false);
  return YES.has(text) ? ok(true) : fail('○ か ×');
}

const ROMAN_FIRST = 0x2160; // Ⅰ … Ⅻ = U+2160 … U+216B
// Matched on the original text (both widths) so that the title keeps its own characters.
const LABEL_NUMBER =
  /^第?(?<numbers>[0-9０-９]+(?:[-.‐－・．][0-9０-９]+)*)(?:[.．、:：)）]|\s+|(?=[「『(（【])|$)/u;
const PAREN_NUMBER = /^[(（](?<n>[0-9０-９]+)[)）]/u;
const NUMBER_START = /^[0-9０-９①-⑳㉑-㉟㊱-㊿Ⅰ-Ⅻ(（]/u;

/** The largest node number a plan can store (the database's integer). */
export const MAX_NODE_NUMBER = 2_147_483_647;

/**
 * Why a hierarchy cell's numbers cannot name a node (too large, or not whole), or null when they can.
 * @example hierarchyNumberProblem([1, 99999999999999999999]) // '番号「100000000000000000000」は…'
 */
export function hierarchyNumberProblem(numbers: readonly number[]): string | null {
  const bad = numbers.find((n) => !Number.isInteger(n) || n < 0 || n > MAX_NODE_NUMBER);
  if (bad === undefined) return null;
  return `番号「${bad}」は使えません（0〜${MAX_NODE_NUMBER.toLocaleString('ja-JP')}の整数にしてください）`;
}

/**
 * Splits a hierarchy cell into its leading numbers and its title. A number must stand apart (a space,
 * 「.」「、」「)」 or a bracket after it, or the end) so that a title such as 「6次産業化の推進」 keeps its
 * digit. The level's own name may come first (基本目標1). Circled (①) and Roman (Ⅱ) numerals count.
 * @example parseHierarchyLabel('1 「魅力の創出・交流」の拡大', ['基本目標']) // { numbers: [1], title: '「魅力の創出・交流」の拡大' }
 * @example parseHierarchyLabel('基本方針１', ['基本方針']) // { numbers: [1], title: '' }
 * @example parseHierarchyLabel('①観光の振興', ['施策']) // { numbers: [1], title: '観光の振興' }
 * @example parseHierarchyLabel('2-1 商工業の振興', ['施策']) // { numbers: [2, 1], title: '商工業の振興' }
 */
export function parseHierarchyLabel(
  raw: string | number,
  levelNames: readonly string[],
): { numbers: number[]; title: string } {
  if (typeof raw === 'number') {
    // 1 → [1]; 1.2 typed into a number cell → [1, 2].
    return { numbers: String(raw).split('.').map(Number), title: '' };
  }
  let text = raw.trim();
  for (const name of levelNames) {
    if (!normalizeWidth(text).startsWith(name)) continue;
    let cut = name.length;
    while (cut < text.length && normalizeWidth(text.slice(0, cut)) !== name) cut++;
    const rest = text.slice(cut).trimStart();
    // 「基本目標1」「施策①」, but not the title 「施策の推進」.
    if (NUMBER_START.test(rest)) text = rest;
    break;
  }
  const first = [...text][0] ?? '';
  const circled = fromCircled(first);
  if (circled !== null) return { numbers: [circled], title: cleanTitle(text.slice(first.length)) };
  const code = first.codePointAt(0) ?? 0;
  if (code >= ROMAN_FIRST && code <= ROMAN_FIRST + 11) {
    return { numbers: [code - ROMAN_FIRST + 1], title: cleanTitle(text.slice(first.length)) };
  }
  const paren = PAREN_NUMBER.exec(text);
  if (paren?.groups?.n) {
    return {
      numbers: [Number(normalizeWidth(paren.groups.n))],
      title: cleanTitle(text.slice(paren[0].length)),
    };
  }
  const match = LABEL_NUMBER.exec(text);
  if (match?.groups?.numbers) {
    const numbers = normalizeWidth(match.groups.numbers)
      .split(/[-.‐・]/u)
      .map(Number);
    return { numbers, title: cleanTitle(text.slice(match[0].length)) };
  }
  return { numbers: [], title: cleanTitle(text) };
}

function cleanTitle(text: string): string {
  return text.replace(/^[\s.．、:：]+/u, '').trim();
}

/** Titles compared without width, spaces and 「」『』 quotes: 「魅力の創出・交流」の拡大 = 魅力の創出・交流の拡大. */
export const titleKey: (title: string) => string = remembered((title) =>
  normalizeWidth(title).replace(/[\s「」『』"'“”‘’]/gu, ''),
);

/** Whether two titles name the same node: equal, or one is a shortened form of the other. */
export function titlesAgree(a: string, b: string): boolean {
  const ka = titleKey(a);
  const kb = titleKey(b);
  return ka === kb || (ka !== '' && kb !== '' && (ka.includes(kb) || kb.includes(ka)));
}
