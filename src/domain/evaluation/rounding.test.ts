import { describe, expect, it } from 'vitest';
import { roundHalfUp } from './rounding.ts';

describe('roundHalfUp', () => {
  it('rounds the decimal a person reads, not the float underneath', () => {
    expect(roundHalfUp(10.65)).toBe(10.7);
    expect(roundHalfUp(0.1065 * 100)).toBe(10.7); // 10.649999999999999 as a float
    expect(roundHalfUp((75 / 80) * 100)).toBe(93.8);
    expect(roundHalfUp((32 / 300) * 100)).toBe(10.7);
    expect(roundHalfUp(8.575, 2)).toBe(8.58); // 857.4999999999999 when multiplied
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
  });
  it('rounds half away from zero for negative values', () => {
    expect(roundHalfUp(-10.65)).toBe(-10.7);
    expect(roundHalfUp(-10.05)).toBe(-10.1);
    expect(roundHalfUp(-10.04)).toBe(-10);
  });
  it('keeps 99.95 from showing as 99.9 and 99.94 from showing as 100.0', () => {
    expect(roundHalfUp(99.95)).toBe(100);
    expect(roundHalfUp(99.94999)).toBe(99.9);
  });
  it('handles tiny, huge and zero values without -0 or exponent trouble', () => {
    expect(roundHalfUp(1e-7)).toBe(0);
    expect(Object.is(roundHalfUp(-0.04), 0)).toBe(true);
    expect(roundHalfUp(1e21)).toBe(1e21);
    expect(roundHalfUp(123456.789, 3)).toBe(123456.789);
    expect(roundHalfUp(0)).toBe(0);
  });
  it('passes non-finite values through for the caller to handle', () => {
    expect(roundHalfUp(Number.NaN)).toBeNaN();
    expect(roundHalfUp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
