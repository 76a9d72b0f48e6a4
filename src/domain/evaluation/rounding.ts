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
 * Rounds half away from zero to `digits` decimals (四捨五入). Non-finite input is returned as is, so
 * callers decide what a missing value means; -0 never comes out.
 * @example roundHalfUp(10.65) // 10.7
 * @example roundHalfUp(32 / 300 * 100) // 10.7
 * @example roundHalfUp(-10.05) // -10.1
 */
export function roundHalfUp(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Number(Math.abs(value).toPrecision(SIGNIFICANT_DIGITS));
  const rounded = shiftDecimal(Math.round(shiftDecimal(magnitude, digits)), -digits);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}
