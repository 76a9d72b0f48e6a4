import { describe, expect, it } from 'vitest';
import { checkDigit, isValidLocalGovCode } from './local-gov-code.ts';

describe('local government code', () => {
  it.each([
    ['35213', 6], // 美祢市
    ['11000', 1], // 埼玉県: remainder 0
    ['09000', 0], // 栃木県: remainder 1
    ['13101', 6], // 千代田区
    ['01100', 2], // 札幌市
  ])('check digit of %s is %i', (code, digit) => {
    expect(checkDigit(code)).toBe(digit);
  });

  it('validates six digits with the right check digit', () => {
    expect(isValidLocalGovCode('352136')).toBe(true);
    expect(isValidLocalGovCode('352137')).toBe(false);
    expect(isValidLocalGovCode('35213')).toBe(false);
    expect(isValidLocalGovCode('３５２１３６')).toBe(false);
  });

  it('refuses input that is not five digits', () => {
    expect(() => checkDigit('3521')).toThrow(/5桁/);
  });
});
