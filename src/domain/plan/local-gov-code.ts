/**
 * @module 全国地方公共団体コード (local government code)
 * Five digits identify a municipality; the sixth is a check digit (JIS X 0402 style, modulus 11).
 */

/**
 * Check digit of a 5-digit local government code.
 * @example checkDigit('35213') // 6 (美祢市 352136)
 */
export function checkDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new Error(`5桁の数字ではありません: ${fiveDigits}`);
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(fiveDigits[i]), 0);
  // Remainder 0 gives 11 → 1, remainder 1 gives 10 → 0 (埼玉県 110001, 栃木県 090000).
  return (11 - (sum % 11)) % 10;
}

/**
 * Whether a string is a valid 6-digit local government code.
 * @example isValidLocalGovCode('352136') // true
 */
export function isValidLocalGovCode(code: string): boolean {
  return /^\d{6}$/.test(code) && checkDigit(code.slice(0, 5)) === Number(code[5]);
}
