import { describe, expect, it } from 'vitest';
import { roundHalfUp } from './rounding.ts';

/**
 * roundHalfUp as it was before the fast path: entirely on decimal text. The fast path must give the
 * identical double (Object.is, so -0 and 0 differ) for every input.
 */
function referenceRoundHalfUp(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const shiftDecimal = (v: number, places: number): number => {
    const [mantissa, exponent = '0'] = String(v).split('e');
    return Number(`${mantissa}e${Number(exponent) + places}`);
  };
  const magnitude = Number(Math.abs(value).toPrecision(12));
  const rounded = shiftDecimal(Math.round(shiftDecimal(magnitude, digits)), -digits);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** The neighbouring doubles of a finite value, `steps` units in the last place away on each side. */
function neighbours(value: number, steps: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  const out: number[] = [];
  for (let i = -steps; i <= steps; i++) {
    view.setBigInt64(0, bits + BigInt(i));
    const v = view.getFloat64(0);
    if (Number.isFinite(v) && Math.sign(v) === Math.sign(value)) out.push(v);
  }
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mismatches(values: Iterable<number>, digitsList: readonly number[]): string[] {
  const found: string[] = [];
  let checked = 0;
  for (const magnitude of values) {
    for (const value of [magnitude, -magnitude]) {
      for (const digits of digitsList) {
        const expected = referenceRoundHalfUp(value, digits);
        const actual = roundHalfUp(value, digits);
        checked++;
        if (!Object.is(actual, expected) && found.length < 20)
          found.push(`roundHalfUp(${value}, ${digits}) = ${actual}, expected ${expected}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(0);
  return found;
}

const DIGITS = [0, 1, 2, 3] as const;

describe('roundHalfUp fast path gives exactly the decimal-text result', () => {
  it('at and around every .5 boundary: x.x5, x.x49999999, x.x50000001, neighbouring doubles', () => {
    const values: number[] = [];
    for (let n = 0; n < 500; n++) {
      for (const digits of DIGITS) {
        const scale = 10 ** digits;
        const half = (n + 0.5) / scale;
        values.push(half, ...neighbours(half, 3));
        values.push(half * (1 + 1e-12), half * (1 - 1e-12), half * (1 + 1e-10), half * (1 - 1e-10));
      }
      values.push(
        Number(`${n}.${n % 100}5`),
        Number(`${n}.${n % 100}49999999`),
        Number(`${n}.${n % 100}50000001`),
      );
      values.push(
        Number(`${n}.${n % 10}5`),
        Number(`${n}.${n % 10}49999999`),
        Number(`${n}.${n % 10}50000001`),
      );
      values.push(
        Number(`${n}.${n % 1000}5`),
        Number(`${n}.${n % 1000}4999999999`),
        Number(`${n}.${n % 1000}5000000001`),
      );
    }
    expect(mismatches(values, DIGITS)).toEqual([]);
  });

  it('just below a .5 that 12 significant digits round up to (the widest gap the fast path must respect)', () => {
    // Scaled values k + 0.5 − δ with δ just under half a unit in the 12th digit: the decimal text
    // rounds them to k + 0.5 and then up, the float alone would round down. Widest just above a power
    // of ten, where half a unit is 5·10⁻¹² of the value.
    const values: number[] = [];
    for (const digits of DIGITS) {
      const scale = 10 ** digits;
      for (let e = 0; e <= 10; e++) {
        for (const j of [0, 1, 7, 10 ** e * 0.2, 10 ** e * 0.5, 10 ** e * 4]) {
          const boundary = Math.floor(10 ** e + j) + 0.5;
          for (const share of [0.5, 0.9, 0.98, 0.999, 1.001, 1.1]) {
            const delta = share * 0.5 * 10 ** (e - 11);
            values.push((boundary - delta) / scale, (boundary + delta) / scale);
          }
        }
      }
    }
    expect(mismatches(values, DIGITS)).toEqual([]);
  });

  it('on rates as evaluation computes them: a ÷ b × 100 and (a − b) ÷ |b| × 100', () => {
    const values: number[] = [];
    for (let a = 0; a <= 300; a++) {
      for (let b = 1; b <= 300; b += 7) {
        values.push((a / b) * 100, (b / (a + 1)) * 100, (Math.abs(a - b) / b) * 100, (a / 7 / (b / 3)) * 100);
      }
    }
    expect(mismatches(values, [1, 3])).toEqual([]);
  });

  it('on decimals typed into a KPI table (up to four places) and their float noise', () => {
    const values: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const v = i / 10000 + Math.floor(i / 7) * 2.5;
      values.push(Number(v.toFixed(4)), v * 100, v / 3, 0.1 * i, i * 0.01 + 0.005);
    }
    expect(mismatches(values, DIGITS)).toEqual([]);
  });

  it('on random doubles of every magnitude, from subnormal to 1e300', () => {
    const next = random(20240601);
    const values: number[] = [
      5e-324,
      Number.MIN_VALUE * 3,
      2.2250738585072014e-308,
      Number.MAX_VALUE,
      2 ** 53,
    ];
    for (let i = 0; i < 10000; i++) {
      const exponent = Math.floor(next() * 620) - 320;
      values.push(next() * 10 ** exponent);
    }
    for (let i = 0; i < 10000; i++) {
      // Magnitudes where the fast path is taken and where it gives way (around 5e10 scaled).
      const exponent = Math.floor(next() * 26) - 12;
      values.push(next() * 10 ** exponent);
    }
    expect(mismatches(values, DIGITS)).toEqual([]);
  });

  it('on large values where 12 significant digits or the integer limit decide', () => {
    const values: number[] = [];
    for (let e = 6; e <= 22; e++) {
      for (let m = 1; m < 100; m++) {
        const v = (m * 1.234567891234567 + 0.5) * 10 ** e;
        values.push(v, v + 0.5, v + 0.05, v + 0.0005, v + 0.49999);
      }
    }
    expect(mismatches(values, DIGITS)).toEqual([]);
  });

  it('for digits outside the fast path (negative, fractional, large) as well', () => {
    const values = [0, 1e-7, 0.05, 10.65, 1.005, 8.575, 99.95, 123456.789, 1e21, 12345.6789];
    expect(mismatches(values, [-2, -1, 1.5, 4, 9, 10, 15])).toEqual([]);
  });

  it('on zero, -0 and the documented examples', () => {
    expect(Object.is(roundHalfUp(-0), 0)).toBe(true);
    expect(Object.is(roundHalfUp(-0.04), 0)).toBe(true);
    expect(Object.is(roundHalfUp(-0.0004, 3), 0)).toBe(true);
    expect(mismatches([0, 10.65, (32 / 300) * 100, 10.05, 0.1065 * 100, 857.4999999999999], DIGITS)).toEqual(
      [],
    );
  });
});
