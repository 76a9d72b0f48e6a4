/**
 * @module Years a cycle can be opened for
 * The 進捗調査 open form's year list, from the plan's years rather than the browser's date alone.
 */

/**
 * The years a cycle can be opened for, newest first and each once: every year the plan has data for,
 * the current fiscal year and the next (a new year is started without any file) — but no year that
 * already has a cycle.
 * @example openableYears([2022, 2023], 2024, [2022]) // [2025, 2024, 2023]
 */
export function openableYears(
  dataYears: readonly number[],
  current: number,
  taken: readonly number[],
): number[] {
  return [...new Set([...dataYears, current, current + 1])]
    .filter((year) => !taken.includes(year))
    .sort((a, b) => b - a);
}
