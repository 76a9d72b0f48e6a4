/**
 * @module Round-trip law
 * A report survives import and export when the sequence of its non-empty lines, each stripped of
 * leading `#`, `-`, `・` markers and surrounding white space, is unchanged.
 */

/**
 * The lines the round-trip law compares.
 * @example contentLines('# 題\n\n- 項目') // ['題', '項目']
 */
export function contentLines(markdown: string): string[] {
  return markdown
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:#+|-|・)\s*/, '').trim())
    .filter((line) => line !== '');
}
