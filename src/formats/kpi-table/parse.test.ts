import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseHierarchyLabel, readAdministrativeStatus, readNumber, readYear, titlesAgree } from './cells.ts';
import { recogniseHeader } from './columns.ts';
import { parseKpiTable } from './parse.ts';
import { decodeText, readTableSource } from './source.ts';
import { gridToCsv, gridToXlsx, messyKpiGrid } from './test-support.ts';

const MINE = ['基本目標', '基本方針', '施策'];

describe('recogniseHeader', () => {
  it.each([
    ['基本目標', { role: 'level', level: 0 }],
    ['施策名', { role: 'level', level: 2 }],
    ['指標名', { role: 'field', key: 'name' }],
    ['現状値', { role: 'field', key: 'baseline' }],
    ['基準値（R1）', { role: 'field', key: 'baseline', headerYear: 2019 }],
    ['目標値\n(令和8年度)', { role: 'field', key: 'target', headerYear: 2026 }],
    ['単位（人）', { role: 'field', key: 'unit' }],
    ['目標年度', { role: 'field', key: 'targetYear' }],
    ['令和5年度', { role: 'actual', fiscalYear: 2023 }],
    ['令和５年度', { role: 'actual', fiscalYear: 2023 }],
    ['R5', { role: 'actual', fiscalYear: 2023 }],
    ['H30', { role: 'actual', fiscalYear: 2018 }],
    [2023, { role: 'actual', fiscalYear: 2023 }],
    ['R5実績', { role: 'actual', fiscalYear: 2023 }],
    ['実績値（令和5年度）', { role: 'actual', fiscalYear: 2023 }],
    ['令和5年度（2023年度）', { role: 'actual', fiscalYear: 2023 }],
    ['目標 R5', { role: 'annualTarget', fiscalYear: 2023 }],
    ['R5目標', { role: 'annualTarget', fiscalYear: 2023 }],
    ['目標（令和5年度）', { role: 'annualTarget', fiscalYear: 2023 }],
    ['達成率（令和5年度）', { role: 'skipped' }],
    ['評価（令和5年度）', { role: 'skipped' }],
    ['評価区分', { role: 'field', key: 'administrativeStatus' }],
    ['評価の区分', { role: 'field', key: 'administrativeStatus' }],
    ['評価に用いた実績の年度（令和5年度）', { role: 'skipped' }],
    ['評価年度の実績なし（令和5年度）', { role: 'skipped' }],
    ['備考', { role: 'skipped' }],
    ['備考（令和5年度）', { role: 'note', fiscalYear: 2023 }],
    ['令和5年度 備考', { role: 'note', fiscalYear: 2023 }],
    ['R5備考', { role: 'note', fiscalYear: 2023 }],
    ['R5実績の備考', { role: 'note', fiscalYear: 2023 }],
    ['メモ欄2', { role: 'unknown' }],
    ['24', { role: 'unknown' }],
  ])('%s', (header, role) => {
    expect(recogniseHeader(header, MINE)).toEqual(role);
  });
});

describe('parseHierarchyLabel', () => {
  it.each([
    ['1 「魅力の創出・交流」の拡大', [1], '「魅力の創出・交流」の拡大'],
    ['基本目標1', [1], ''],
    ['基本目標 1 「魅力の創出・交流」の拡大', [1], '「魅力の創出・交流」の拡大'],
    ['基本目標１', [1], ''],
    ['１　観光の振興と魅力の創出', [1], '観光の振興と魅力の創出'],
    ['①観光の振興', [1], '観光の振興'],
    ['⑥消費者の安全', [6], '消費者の安全'],
    ['Ⅱ 強みを活かした産業の振興', [2], '強みを活かした産業の振興'],
    ['(3) 基本事業3', [3], '基本事業3'],
    ['（３）基本事業3', [3], '基本事業3'],
    ['2-1 商工業の振興', [2, 1], '商工業の振興'],
    ['1.観光', [1], '観光'],
    ['6次産業化の推進', [], '6次産業化の推進'],
    ['観光の振興', [], '観光の振興'],
    ['施策の推進', [], '施策の推進'],
  ])('%s', (text, numbers, title) => {
    const name = text.startsWith('基本目標') ? '基本目標' : '施策';
    expect(parseHierarchyLabel(text, [name])).toEqual({ numbers, title });
  });

  it('reads number cells, 1.2 as a compound number', () => {
    expect(parseHierarchyLabel(3, ['施策'])).toEqual({ numbers: [3], title: '' });
    expect(parseHierarchyLabel(1.2, ['施策'])).toEqual({ numbers: [1, 2], title: '' });
  });

  it('agrees on titles written with or without quotes, spaces and full width', () => {
    expect(titlesAgree('「魅力の創出・交流」の拡大', '魅力の創出・交流の拡大')).toBe(true);
    expect(titlesAgree('観光の振興と魅力の創出', '観光の振興')).toBe(true);
    expect(titlesAgree('観光の振興', '農業の振興')).toBe(false);
  });
});

describe('cell readers', () => {
  it.each([
    ['1,234', { value: 1234, provisional: false }],
    ['１，２３４', { value: 1234, provisional: false }],
    ['80%以上', { value: 80, unit: '%', comparator: 'gte', note: '80%以上', provisional: false }],
    ['８０％以上', { value: 80, unit: '%', comparator: 'gte', note: '８０％以上', provisional: false }],
    ['17,187超', { value: 17187, comparator: 'gt', note: '17,187超', provisional: false }],
    ['1,234（見込）', { value: 1234, provisional: true }],
    ['見込 12.5%', { value: 12.5, unit: '%', provisional: true }],
    ['△245', { value: -245, provisional: false }],
  ])('number %s', (text, value) => {
    expect(readNumber({ value: text })).toEqual({ ok: true, value });
  });

  it('reads blank and dashes as no value, never zero', () => {
    for (const text of ['', '－', '-', '―', 'ー', ' '])
      expect(readNumber({ value: text })).toEqual({ ok: true, value: null });
    expect(readNumber(undefined)).toEqual({ ok: true, value: null });
  });

  it('reads percent-formatted Excel numbers as percent and 見込 number formats as provisional', () => {
    expect(readNumber({ value: 0.853, numFmt: '0.0%' })).toEqual({
      ok: true,
      value: { value: 85.3, unit: '%', provisional: false },
    });
    expect(readNumber({ value: 1234, numFmt: '#,##0"（見込）"' })).toEqual({
      ok: true,
      value: { value: 1234, provisional: true },
    });
  });

  it('refuses text that is not a number', () => {
    for (const text of ['abc', '八十', '集計中', '10～20', '見込']) {
      expect(readNumber({ value: text }).ok).toBe(false);
    }
  });

  it.each([
    ['未着手', 'not-started'],
    ['休止・廃止', 'suspended'],
    ['休止／廃止', 'suspended'],
    ['休止', 'suspended'],
    ['廃止', 'suspended'],
    ['評価困難', 'hard-to-evaluate'],
    [' 評価 困難 ', 'hard-to-evaluate'],
    ['', null],
    ['－', null],
  ] as const)('評価区分 %s', (value, status) => {
    expect(readAdministrativeStatus({ value })).toEqual({ ok: true, value: status });
  });

  it('refuses 評価区分 text that is not one of the codes, grades included', () => {
    for (const value of ['A', '目標達成', '実施中', '評価不能'])
      expect(readAdministrativeStatus({ value }).ok).toBe(false);
  });

  it.each([
    ['令和元年度', 2019],
    ['R1', 2019],
    ['Ｒ１', 2019],
    ['H30', 2018],
    ['平成30年度', 2018],
    [2019, 2019],
  ] as const)('year %s', (value, year) => {
    expect(readYear({ value })).toEqual({ ok: true, value: year });
  });
});

describe('decodeText', () => {
  it('detects UTF-8 with and without BOM, UTF-16 and Shift_JIS (CP932)', () => {
    const text = '指標名,単位\r\n観光客数,人\r\n①髙橋,㈱\r\n';
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeText(new TextEncoder().encode(`\uFEFF${text}`))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeText(new Uint8Array(iconv.encode(text, 'cp932')))).toEqual({ text, encoding: 'Shift_JIS' });
    expect(decodeText(new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: true })))).toEqual({
      text,
      encoding: 'UTF-16',
    });
  });
});

const csv = (text: string) => readTableSource(new TextEncoder().encode(text), 'kpi.csv');

describe('parseKpiTable', () => {
  it('finds the header below title rows and reads a row', async () => {
    const source = await csv(
      [
        '令和5年度 指標一覧',
        '',
        '基本目標,基本方針,施策,指標名,単位,方向,基準値,基準年度,目標値,目標年度,担当課,R4,令和５年度,備考',
        '1 「魅力の創出・交流」の拡大,1,①観光の振興,観光客数,人,増加,"1,200,000",R1,"1,500,000",令和８年度,観光政策課,－,"1,280,000（見込）",メモ',
      ].join('\n'),
    );
    const { rows, issues, ignoredColumns } = parseKpiTable(source, { levelNames: MINE });
    expect(issues).toEqual([]);
    expect(ignoredColumns).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ref: { sheet: 'kpi.csv', cell: 'D4' },
      name: '観光客数',
      unit: '人',
      direction: 'increase',
      baseline: { value: 1200000, fiscalYear: 2019 },
      target: { value: 1500000, fiscalYear: 2026, comparator: 'gte' },
      department: '観光政策課',
      actuals: [
        { fiscalYear: 2022, value: null, status: 'final' },
        { fiscalYear: 2023, value: 1280000, status: 'provisional' },
      ],
    });
    expect(rows[0]?.hierarchy.map((h) => [h.numbers, h.title])).toEqual([
      [[1], '「魅力の創出・交流」の拡大'],
      [[1], ''],
      [[1], '観光の振興'],
    ]);
  });

  it('takes blank hierarchy cells from the row above, and hangs a KPI on its last filled level', async () => {
    const source = await csv(
      [
        '基本目標,基本方針,施策,指標名,方向',
        '1,1,①観光の振興,A,増加',
        ',,,B,増加', // same measure as above
        ',,②国際観光の推進,C,増加', // goal and policy from above
        ',2,,D,増加', // on policy 1-2 itself
        '2,,③,F,減少', // policy blank under another goal: not the row above's
        '2,,,E,増加', // on goal 2
        ',,④,G,増加', // the row above has no policy to give
      ].join('\n'),
    );
    const { rows, issues } = parseKpiTable(source, { levelNames: MINE });
    const paths = rows.map((r) => `${r.name}:${r.hierarchy.map((h) => h.numbers.join('-')).join('.')}`);
    expect(paths).toEqual(['A:1.1.1', 'B:1.1.1', 'C:1.1.2', 'D:1.2', 'E:2']);
    expect(issues.map((i) => `${i.cell} ${i.message}`)).toEqual([
      'B6 「基本方針」が空欄です（上位の階層が上の行と違うので、上の行から引き継げません）',
      'B8 「基本方針」が空欄で、上の行からも引き継げません',
    ]);
  });

  it('infers 方向 from baseline and target, takes the comparator from the target cell', async () => {
    const source = await csv(
      [
        '基本目標,指標名,基準値,基準年度,目標値,目標年度',
        '1,増える,10,R1,20以上,R8',
        '1,減る,10,R1,5,R8',
        '1,人口の社会増,,,"17,187超",R6',
      ].join('\n'),
    );
    const { rows, issues } = parseKpiTable(source, { levelNames: MINE });
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.direction, r.target])).toEqual([
      ['increase', { value: 20, fiscalYear: 2026, comparator: 'gte' }],
      ['decrease', { value: 5, fiscalYear: 2026, comparator: 'lte' }],
      ['increase', { value: 17187, fiscalYear: 2024, comparator: 'gt' }],
    ]);
  });

  it('lists every bad cell with its address and what was expected', async () => {
    const source = await csv(
      [
        '基本目標,指標名,単位,方向,基準値,基準年度,目標値,比較,目標年度,累計,R4,R5',
        '1,A,人,上がる,abc,令和元年度末,80%以上,以下,R8,多分,10,集計中',
        '1,B,人,増加,10%,R1,20,,,,,',
        ',,,,,,,,,,5,',
      ].join('\n'),
    );
    const { rows, issues } = parseKpiTable(source, { levelNames: MINE });
    expect(rows).toEqual([]);
    expect(issues.map((i) => `${i.cell} ${i.message}`)).toEqual([
      'E2 「基準値」には数値（例: 1,234、12.5%。値がなければ空欄か「－」）を入力してください（入力: 「abc」）',
      'G2 単位が「人」の指標に単位「%」の値があります（単位を揃えてください）',
      'F2 「基準年度」には年度（例: 令和5年度、R5、2023）を入力してください（入力: 「令和元年度末」）',
      'D2 「方向」には増加・減少・維持のいずれかを入力してください（入力: 「上がる」）',
      'H2 「比較」と目標値「80%以上」の比較が食い違っています',
      'L2 令和5年度の実績には数値を入力してください（値がなければ空欄か「－」、見込の値は「1,234（見込）」）（入力: 「集計中」）',
      'J2 「累計」には○ か ×を入力してください（入力: 「多分」）',
      'E3 単位が「人」の指標に単位「%」の値があります（単位を揃えてください）',
      'I3 目標値の年度がありません（「目標年度」の列か、見出しを「目標値（R1）」のようにして年度を入れてください）',
      'B4 指標名がありません（この行のほかの列には値があります）',
    ]);
  });

  it('reads the 評価区分 column: the three codes, blank to clear; absent keeps what is stored', async () => {
    const source = await csv(
      [
        '基本目標,指標名,方向,評価区分,R5',
        '1,A,増加,未着手,',
        '1,B,増加,休止・廃止,10',
        '1,C,増加,評価困難,',
        '1,D,増加,,20',
      ].join('\n'),
    );
    const { rows, issues } = parseKpiTable(source, { levelNames: MINE });
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.name, r.administrativeStatus])).toEqual([
      ['A', 'not-started'],
      ['B', 'suspended'],
      ['C', 'hard-to-evaluate'],
      ['D', null],
    ]);
    const without = parseKpiTable(await csv('基本目標,指標名,方向\n1,A,増加\n'), { levelNames: MINE });
    expect(without.rows[0]).not.toHaveProperty('administrativeStatus');
  });

  it('names every bad 評価区分 cell, and a code written into an actual cell, with sheet and cell', async () => {
    const source = await csv(
      [
        '基本目標,指標名,方向,評価区分,R4,R5',
        '1,A,増加,実施中,1,2',
        '1,B,増加,,未着手,',
        '1,C,増加,A,,休止・廃止',
      ].join('\n'),
    );
    const { rows, issues } = parseKpiTable(source, { levelNames: MINE });
    expect(rows).toEqual([]);
    expect(issues.map((i) => `${i.sheet}!${i.cell} ${i.message}`)).toEqual([
      'kpi.csv!D2 「評価区分」には「未着手」「休止・廃止」「評価困難」のいずれか（数値で評価する指標は空欄。A〜D などの評価は計算するので入力しません）を入力してください（入力: 「実施中」）',
      'kpi.csv!E3 令和4年度の実績に「未着手」とあります。未着手・休止・廃止・評価困難は「評価区分」の列に書き、実績は空欄にしてください',
      'kpi.csv!F4 令和5年度の実績に「休止・廃止」とあります。未着手・休止・廃止・評価困難は「評価区分」の列に書き、実績は空欄にしてください',
      'kpi.csv!D4 「評価区分」には「未着手」「休止・廃止」「評価困難」のいずれか（数値で評価する指標は空欄。A〜D などの評価は計算するので入力しません）を入力してください（入力: 「A」）',
    ]);
  });

  it('names a missing hierarchy column and duplicate columns in the header', async () => {
    const noLevel = parseKpiTable(await csv('施策,指標名\n①,A\n'), { levelNames: MINE });
    expect(noLevel.issues).toEqual([
      {
        sheet: 'kpi.csv',
        cell: 'B1',
        message: '見出しに階層の列「基本目標」がありません（この計画の階層: 基本目標／基本方針／施策）',
      },
    ]);
    const twice = parseKpiTable(await csv('基本目標,指標名,方向,R5,令和5年度\n1,A,増加,1,2\n'), {
      levelNames: MINE,
    });
    expect(twice.issues.map((i) => `${i.cell} ${i.message}`)).toEqual([
      'E1 「令和5年度」は D1 の「R5」と同じ列です。どちらか一方にしてください',
    ]);
    const none = parseKpiTable(await csv('a,b\n1,2\n'), { levelNames: MINE });
    expect(none.issues[0]?.message).toMatch(/指標の表が見つかりません/);
  });

  it('reads the generated messy sheet the same from xlsx, Shift_JIS CSV and UTF-8 CSV', async () => {
    const grid = messyKpiGrid(450);
    const levelNames = ['政策', '施策', '基本事業', '事務事業'];
    const xlsx = await readTableSource(await gridToXlsx(grid), 'k.xlsx');
    // The xlsx holds some values as Excel does: percentages and 見込 values as formatted numbers.
    const formats = (xlsx.sheets[0]?.rows ?? [])
      .flat()
      .filter((cell) => typeof cell?.value === 'number')
      .map((cell) => cell?.numFmt);
    expect(formats).toContain('0.0%');
    expect(formats).toContain('#,##0"（見込）"');
    const fromXlsx = parseKpiTable(xlsx, { levelNames });
    const fromSjis = parseKpiTable(await readTableSource(gridToCsv(grid, 'shift_jis'), 'k.csv'), {
      levelNames,
    });
    const fromUtf8 = parseKpiTable(await readTableSource(gridToCsv(grid, 'utf-8-bom'), 'k.csv'), {
      levelNames,
    });
    expect(fromXlsx.issues).toEqual([]);
    expect(fromXlsx.rows).toHaveLength(450);
    const comparable = (rows: typeof fromXlsx.rows) =>
      rows.map(({ ref: _ref, hierarchy, actuals, set: _set, ...rest }) => ({
        ...rest,
        path: hierarchy.map((h) => h.numbers.join('-')).join('.'),
        actuals: actuals.map(({ ref: _r, ...a }) => a),
      }));
    expect(comparable(fromSjis.rows)).toEqual(comparable(fromXlsx.rows));
    expect(comparable(fromUtf8.rows)).toEqual(comparable(fromXlsx.rows));
  });

  it("reads each year's 備考 column as the note of its actual; without one the note is left undefined (kept)", async () => {
    const withNotes = await csv(
      [
        '基本目標,指標名,方向,R4,備考（R4）,R5,備考（R5）',
        '1,A,増加,10,速報値,30以上,',
        '1,B,増加,12,,,メモだけ',
      ].join('\n'),
    );
    const parsed = parseKpiTable(withNotes, { levelNames: MINE });
    expect(parsed.rows[0]?.actuals.map((a) => [a.fiscalYear, a.value, a.note])).toEqual([
      [2022, 10, '速報値'],
      // A blank 備考 cell: the value cell's own text, else null (cleared).
      [2023, 30, '30以上'],
    ]);
    expect(parsed.issues.map((i) => `${i.cell} ${i.message}`)).toEqual([
      'G3 令和5年度の備考がありますが実績が空欄です（備考は実績値と一緒に入力してください）',
    ]);
    const old = await csv(['基本目標,指標名,方向,R5', '1,A,増加,30'].join('\n'));
    expect(parseKpiTable(old, { levelNames: MINE }).rows[0]?.actuals[0]).not.toHaveProperty('note');
  });

  it('refuses an old .xls workbook with a clear message', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(readTableSource(ole, 'kpi.xls')).rejects.toThrow(/古い Excel 形式（.xls）は読めません/);
  });
});
