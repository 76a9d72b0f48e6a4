import { describe, expect, it } from 'vitest';
import { parseNumericCell } from './numeric-cell.ts';

describe('parseNumericCell', () => {
  it.each([
    ['30', { kind: 'number', value: 30 }],
    ['３０', { kind: 'number', value: 30 }],
    ['0', { kind: 'number', value: 0 }],
    ['-3.2', { kind: 'number', value: -3.2 }],
    ['－3.2', { kind: 'number', value: -3.2 }],
    ['−3.2', { kind: 'number', value: -3.2 }],
    ['+5', { kind: 'number', value: 5 }],
    ['.5', { kind: 'number', value: 0.5 }],
    ['1,234', { kind: 'number', value: 1234 }],
    ['1,234,567.89', { kind: 'number', value: 1234567.89 }],
    ['１，２３４', { kind: 'number', value: 1234 }],
    ['1,234人', { kind: 'number', value: 1234, unit: '人' }],
    ['12.5％', { kind: 'number', value: 12.5, unit: '%' }],
    ['12.5 %', { kind: 'number', value: 12.5, unit: '%' }],
    ['１２．５％', { kind: 'number', value: 12.5, unit: '%' }],
    ['1,234.5千円', { kind: 'number', value: 1234.5, unit: '千円' }],
    ['3回/年', { kind: 'number', value: 3, unit: '回/年' }],
    ['△5', { kind: 'number', value: -5 }],
    ['▲5', { kind: 'number', value: -5 }],
    ['▲1,200千円', { kind: 'number', value: -1200, unit: '千円' }],
    ['△0', { kind: 'number', value: 0 }],
    ['約30', { kind: 'number', value: 30 }],
    ['約 30人', { kind: 'number', value: 30, unit: '人' }],
    ['17,187超', { kind: 'number', value: 17187, comparator: 'gt' }],
    ['17,187超え', { kind: 'number', value: 17187, comparator: 'gt' }],
    ['80%以上', { kind: 'number', value: 80, unit: '%', comparator: 'gte' }],
    ['８０％以上', { kind: 'number', value: 80, unit: '%', comparator: 'gte' }],
    ['30人以上', { kind: 'number', value: 30, unit: '人', comparator: 'gte' }],
    ['5以下', { kind: 'number', value: 5, comparator: 'lte' }],
    ['10未満', { kind: 'number', value: 10, comparator: 'lt' }],
    ['≧80', { kind: 'number', value: 80, comparator: 'gte' }],
    ['>=80%', { kind: 'number', value: 80, unit: '%', comparator: 'gte' }],
    ['＞10', { kind: 'number', value: 10, comparator: 'gt' }],
    ['≦5', { kind: 'number', value: 5, comparator: 'lte' }],
    ['<5', { kind: 'number', value: 5, comparator: 'lt' }],
    ['30※', { kind: 'number', value: 30 }],
    ['30※1', { kind: 'number', value: 30 }],
    [' 30 ', { kind: 'number', value: 30 }],
    ['1e3', { kind: 'number', value: 1000 }],
    ['1.23E+05', { kind: 'number', value: 123000 }],
    ['5m2', { kind: 'number', value: 5, unit: 'm2' }],
    ['5㎡', { kind: 'number', value: 5, unit: 'm2' }], // NFKC spells ㎡ as m2
  ])('%j → %j', (text, expected) => {
    expect(parseNumericCell(text)).toEqual(expected);
  });

  it.each(['', '  ', '\u3000', '-', '－', '−', '―', 'ー', 'ｰ', '—', '–', '‐', '─', '--', '※', '※1'])(
    '%j is missing',
    (text) => {
      expect(parseNumericCell(text)).toEqual({ kind: 'missing' });
    },
  );

  it('treats null and undefined as missing', () => {
    expect(parseNumericCell(null)).toEqual({ kind: 'missing' });
    expect(parseNumericCell(undefined)).toEqual({ kind: 'missing' });
  });

  it.each([
    'abc',
    '%',
    '人',
    '約',
    '以上',
    '10～20',
    '12,34',
    '1,2345',
    '1.2.3',
    '30 (見込)',
    '≧80以上',
    '#N/A',
    '#DIV/0!',
    '▲-5',
    '1e999',
    'e3',
  ])('%j is invalid and keeps its text', (text) => {
    expect(parseNumericCell(text)).toEqual({ kind: 'invalid', text });
  });

  it('keeps the original (trimmed, not normalised) text of an invalid cell', () => {
    expect(parseNumericCell(' １０～２０ ')).toEqual({ kind: 'invalid', text: '１０～２０' });
  });

  it('passes JS numbers through and refuses non-finite ones', () => {
    expect(parseNumericCell(42)).toEqual({ kind: 'number', value: 42 });
    expect(parseNumericCell(-0.5)).toEqual({ kind: 'number', value: -0.5 });
    expect(parseNumericCell(Number.NaN)).toEqual({ kind: 'invalid', text: 'NaN' });
    expect(parseNumericCell(Number.POSITIVE_INFINITY)).toEqual({ kind: 'invalid', text: 'Infinity' });
  });

  it('never returns -0', () => {
    const zeros = [parseNumericCell(-0), parseNumericCell('-0'), parseNumericCell('△0')];
    for (const cell of zeros) {
      expect(cell.kind === 'number' && Object.is(cell.value, 0)).toBe(true);
    }
  });

  it('does not put unit or comparator keys on a plain number', () => {
    expect(Object.keys(parseNumericCell('30'))).toEqual(['kind', 'value']);
  });

  it('marks values of an unexpected runtime type invalid', () => {
    expect(parseNumericCell(true as unknown as string)).toEqual({ kind: 'invalid', text: 'true' });
  });
});
