/**
 * @module Excel sheet names
 * Sheet names come from data (KPI set names), but Excel refuses names longer than 31 characters,
 * names with []:*?/\ , names starting or ending with an apostrophe, the reserved name History and
 * duplicates that differ only in case.
 */

const MAX_LENGTH = 31;
// Full-width look-alikes keep the name readable in Japanese instead of dropping characters.
const REPLACEMENTS: Record<string, string> = {
  '[': '［',
  ']': '］',
  ':': '：',
  '*': '＊',
  '?': '？',
  '/': '／',
  '\\': '＼',
};

/**
 * A name Excel accepts for a new sheet, unique (case-insensitively) among `taken`, which it joins.
 * @example sheetName('総合戦略[第2期]', new Set()) // '総合戦略［第2期］'
 */
export function sheetName(wanted: string, taken: Set<string>, fallback = 'Sheet'): string {
  let base = [...wanted]
    // Control characters are not allowed in sheet names either.
    .map((c) => ((c.codePointAt(0) ?? 0) < 0x20 ? '' : (REPLACEMENTS[c] ?? c)))
    .join('')
    .trim()
    .replace(/^'+|'+$/g, '');
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? fallback : `${base}_`;
  const seen = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `（${n}）`;
    const name = truncate(base, MAX_LENGTH - suffix.length) + suffix;
    if (!seen.has(name.toLowerCase())) {
      taken.add(name);
      return name;
    }
  }
}

/** Cuts to `max` UTF-16 units (Excel's count) without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const c of text) {
    if (out.length + c.length > max) break;
    out += c;
  }
  return out;
}
