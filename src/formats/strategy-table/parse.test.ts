import { describe, expect, it } from 'vitest';
import type { TableSource } from '../kpi-table/source.ts';
import { parsePlanReferences, parseStrategyTable } from './parse.ts';

const ref = { sheet: '総合戦略', cell: 'C2' };

/** A one-sheet source from rows of strings (row 1 = header). */
function source(rows: string[][]): TableSource {
  return {
    format: 'csv',
    sheets: [
      {
        name: '総合戦略',
        rows: [
          undefined,
          ...rows.map((r) => [undefined, ...r.map((value) => (value === '' ? undefined : { value }))]),
        ],
      },
    ],
  };
}

describe('parsePlanReferences', () => {
  it('reads numbered paths in the forms cities write, one per line or after a separator', () => {
    const refs = parsePlanReferences('1-1-① 観光の振興\n２．２．１\n3・1・②；4-3-④公共交通の充実', ref);
    expect(refs.map((r) => [r.numbers, r.title])).toEqual([
      [[1, 1, 1], '観光の振興'],
      [[2, 2, 1], ''],
      [[3, 1, 2], ''],
      [[4, 3, 4], '公共交通の充実'],
    ]);
  });

  it('keeps 、 inside a title and splits on 、 only before a number', () => {
    const refs = parsePlanReferences('地域情報、観光情報の発信、2-1-① 農業等の振興', ref);
    expect(refs.map((r) => [r.numbers, r.title])).toEqual([
      [[], '地域情報、観光情報の発信'],
      [[2, 1, 1], '農業等の振興'],
    ]);
  });

  it('does not take the digit of a title such as 6次産業化 for a number; ① followed by a title is a number', () => {
    expect(parsePlanReferences('6次産業化の推進', ref)[0]).toMatchObject({
      numbers: [],
      title: '6次産業化の推進',
    });
    expect(parsePlanReferences('①観光の振興', ref)[0]).toMatchObject({ numbers: [1], title: '観光の振興' });
    expect(parsePlanReferences('－', ref)).toEqual([]);
  });
});

describe('parseStrategyTable', () => {
  const levelNames = ['基本目標', '具体的な施策'];

  it('finds the header below title rows, fills blank upper cells from the row above, lists unknown columns', () => {
    const parsed = parseStrategyTable(
      source([
        ['第2期総合戦略 施策体系'],
        ['基本目標', '具体的な施策', '関連する施策', '担当'],
        ['1 しごとをつくる', '1 観光の振興', '1-1-①'],
        ['', '2 雇用の創出', '2-2-②\n2-2-①'],
        ['2 ひとの流れをつくる', '', ''],
      ]),
      { levelNames },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.hasLinkColumn).toBe(true);
    expect(parsed.ignoredColumns).toEqual([{ sheet: '総合戦略', cell: 'D2', header: '担当' }]);
    expect(parsed.rows.map((r) => r.hierarchy.map((h) => [h.numbers, h.title, h.ref.cell]))).toEqual([
      [
        [[1], 'しごとをつくる', 'A3'],
        [[1], '観光の振興', 'B3'],
      ],
      [
        [[1], 'しごとをつくる', 'A3'],
        [[2], '雇用の創出', 'B4'],
      ],
      [[[2], 'ひとの流れをつくる', 'A5']],
    ]);
    expect(parsed.rows[1]?.links.map((l) => l.numbers)).toEqual([
      [2, 2, 2],
      [2, 2, 1],
    ]);
  });

  it('names the cell of a row without its upper level and of a sheet without the level columns', () => {
    const orphan = parseStrategyTable(
      source([
        ['基本目標', '具体的な施策', '関連する施策'],
        ['', '1 観光の振興', '1-1-①'],
      ]),
      { levelNames },
    );
    expect(orphan.issues).toEqual([
      { sheet: '総合戦略', cell: 'A2', message: '基本目標が空欄です（上の行にもありません）' },
    ]);
    const none = parseStrategyTable(source([['施策', '指標名']]), { levelNames });
    expect(none.issues[0]?.message).toMatch(/総合戦略の表が見つかりません.*基本目標、具体的な施策/u);
  });
});
