import { describe, expect, it } from 'vitest';
import {
  badgeFill,
  contrastRatio,
  formatDelta,
  formatNumber,
  formatRate,
  formatShare,
  formatValue,
  parseActualInput,
} from './kpi-format.ts';

describe('number texts', () => {
  it('prints values with separators, unit and comparator', () => {
    expect(formatNumber(1318000)).toBe('1,318,000');
    expect(formatNumber(12.3456)).toBe('12.346');
    expect(formatValue(1500000, '人', '以上')).toBe('1,500,000人以上');
    expect(formatValue(45.2, '%')).toBe('45.2%');
  });

  it('prints rates and shares with one decimal, and a dash for none', () => {
    expect(formatRate(100)).toBe('100.0%');
    expect(formatRate(87.94)).toBe('87.9%');
    expect(formatRate(null)).toBe('－');
    expect(formatShare(33.3)).toBe('33.3%');
    expect(formatShare(0)).toBe('0.0%');
  });

  it('signs changes, with ±0 for none and the real minus sign', () => {
    expect(formatDelta(2, '件')).toBe('+2件');
    expect(formatDelta(-1, '件')).toBe('−1件');
    expect(formatDelta(0, '件')).toBe('±0件');
    expect(formatDelta(-4.25, 'ポイント', 1)).toBe('−4.3ポイント');
    expect(formatDelta(0.04, 'ポイント', 1)).toBe('±0.0ポイント');
  });
});

describe('parseActualInput', () => {
  it('reads what people type: full width, commas, △, the KPI’s own unit', () => {
    expect(parseActualInput('1318000', '人')).toEqual({ ok: true, value: 1318000 });
    expect(parseActualInput('１，３１８，０００', '人')).toEqual({ ok: true, value: 1318000 });
    expect(parseActualInput(' 12.5 ', '%')).toEqual({ ok: true, value: 12.5 });
    expect(parseActualInput('１２．５％', '%')).toEqual({ ok: true, value: 12.5 });
    expect(parseActualInput('△5', '人')).toEqual({ ok: true, value: -5 });
    expect(parseActualInput('-5', '人')).toEqual({ ok: true, value: -5 });
    expect(parseActualInput('300人', '人')).toEqual({ ok: true, value: 300 });
    expect(parseActualInput('0', '件')).toEqual({ ok: true, value: 0 });
  });

  it('refuses with a Japanese message what is not a plain number of the KPI', () => {
    expect(parseActualInput('', '人')).toEqual({ ok: false, message: '数値を入力してください' });
    expect(parseActualInput('   ', '人')).toEqual({ ok: false, message: '数値を入力してください' });
    expect(parseActualInput('abc', '人')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^数値を入力してください/),
    });
    expect(parseActualInput('－', '人')).toMatchObject({ ok: false });
    expect(parseActualInput('1,00', '人')).toMatchObject({ ok: false });
    expect(parseActualInput('80以上', '%')).toMatchObject({
      ok: false,
      message: expect.stringContaining('以上'),
    });
    expect(parseActualInput('300件', '人')).toMatchObject({
      ok: false,
      message: expect.stringContaining('「人」'),
    });
    expect(parseActualInput('1e16', '人')).toEqual({ ok: false, message: '桁数が多すぎます' });
    expect(parseActualInput('1e999', '人')).toMatchObject({ ok: false });
  });
});

describe('badge colours', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#4d8f00', '#ffffff')).toBeLessThan(4.5);
  });

  it('keeps colours that carry white text and darkens those too light, in their hue', () => {
    for (const color of ['#1a7f37', '#b35900', '#c62828', '#6e7781']) expect(badgeFill(color)).toBe(color);
    const b = badgeFill('#4d8f00');
    expect(contrastRatio(b, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(b).toMatch(/^#[0-9a-f]{2}[0-9a-f]{2}00$/);
    expect(contrastRatio(badgeFill('#ffff00'), '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(badgeFill('red')).toBe('#4d5562');
  });
});
