/**
 * @module Rounding
 * 四捨五入 to a fixed number of decimals, the way a printed table rounds: half away from zero, on the
 * decimal value a person would read, not on the binary float underneath (10.65 → 10.7, not 10.6).
 */

// Twelve significant digits absorb the noise of float arithmetic (0.1065 × 100 = 10.649999999999999)
// while keeping far more precision than a one-decimal rate or a three-decimal projection needs.
const SIGNIFICANT_DIGITS = 12;

/** Moves the decimal point of a finite number by `places` using its decimal text, not a multiplication. */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/**
 * The definition of {@link roundHalfUp}, on decimal text: the magnitude to 12 significant digits, its
 * decimal point moved, rounded half up, and moved back. Exact for every input, but slow (four
 * number ↔ string conversions), so it is only used where the fast path below cannot prove its answer.
 */
function roundHalfUpOnDecimalText(value: number, digits: number): number {
  const magnitude = Number(Math.abs(value).toPrecision(SIGNIFICANT_DIGITS));
  const rounded = shiftDecimal(Math.round(shiftDecimal(magnitude, digits)), -digits);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

// Exact powers of ten for the fast path; other `digits` take the decimal-text path.
const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

// Below this (< 2⁵³) the scaled float, its floor, its fraction and the rounded integer are all exact.
const FAST_PATH_LIMIT = 1e15;

// How far the float product may be from the decimal-text value, relative to its size. The text path
// rounds to 12 significant digits first (an error of at most 5·10⁻¹² of the value) and then parses
// a product correctly rounded (2⁻⁵³); the float product is itself off by at most 2⁻⁵³. Together that
// is under 5.01·10⁻¹²; twice that leaves room for the rounding of the check itself.
const FAST_PATH_MARGIN = 1e-11;

/**
 * Rounds half away from zero to `digits` decimals (四捨五入). Non-finite input is returned as is, so
 * callers decide what a missing value means; -0 never comes out.
 *
 * Fast path, giving the identical double: when |value| × 10^digits is further from the nearest .5
 * than the two scaled values can differ (see FAST_PATH_MARGIN), both lie strictly between the same
 * two .5 boundaries, so Math.round gives the same integer k for both. The text path then returns the
 * double nearest to k ÷ 10^digits, and so does the float division k / 10^digits, since IEEE division
 * of two exact integers is correctly rounded. Values at or near a .5 boundary (where 12-digit decimal
 * rounding decides 10.65 vs 10.649999999999999), huge values and unusual `digits` take the text path.
 * @example roundHalfUp(10.65) // 10.7
 * @example roundHalfUp(32 / 300 * 100) // 10.7
 * @example roundHalfUp(-10.05) // -10.1
 */
export function roundHalfUp(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const scale = POWERS_OF_TEN[digits];
  if (scale !== undefined) {
    const scaled = Math.abs(value) * scale;
    if (scaled < FAST_PATH_LIMIT) {
      const fraction = scaled - Math.floor(scaled);
      if (Math.abs(fraction - 0.5) > scaled * FAST_PATH_MARGIN) {
        const rounded = Math.round(scaled) / scale;
        return value < 0 && rounded !== 0 ? -rounded : rounded;
      }
    }
  }
  return roundHalfUpOnDecimalText(value, digits);
}
