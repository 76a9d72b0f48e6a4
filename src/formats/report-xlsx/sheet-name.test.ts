import { describe, expect, it } from 'vitest';
import { sheetName } from './sheet-name.ts';

describe('sheetName', () => {
  it('keeps a valid name and records it as taken', () => {
    const taken = new Set<string>();
    expect(sheetName('基本計画', taken)).toBe('基本計画');
    expect(taken.has('基本計画')).toBe(true);
  });

  it('replaces the characters Excel forbids with full-width look-alikes', () => {
    expect(sheetName('総合戦略[第2期]: KPI/指標*?\\', new Set())).toBe('総合戦略［第2期］： KPI／指標＊？＼');
  });

  it('cuts long names to 31 characters, keeping surrogate pairs whole', () => {
    const name = sheetName(
      '第2期美祢市まち・ひと・しごと創生総合戦略における重要業績評価指標の一覧',
      new Set(),
    );
    expect(name).toHaveLength(31);
    const emoji = sheetName(`${'あ'.repeat(30)}𠮷`, new Set());
    expect(emoji).toBe('あ'.repeat(30));
  });

  it('makes names unique regardless of case, within 31 characters', () => {
    const taken = new Set(['達成状況', 'KPI']);
    expect(sheetName('達成状況', taken)).toBe('達成状況（2）');
    expect(sheetName('kpi', taken)).toBe('kpi（2）');
    expect(sheetName('kpi', taken)).toBe('kpi（3）');
    const long = 'あ'.repeat(40);
    const first = sheetName(long, taken);
    const second = sheetName(long, taken);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(31);
  });

  it('avoids empty names, edge apostrophes, control characters and the reserved History', () => {
    expect(sheetName('  ', new Set(), '指標')).toBe('指標');
    expect(sheetName("'引用'", new Set())).toBe('引用');
    expect(sheetName('改\n行', new Set())).toBe('改行');
    expect(sheetName('History', new Set())).toBe('History_');
  });
});
