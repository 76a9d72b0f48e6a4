import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { KpiTableExport } from './model.ts';
import { parseKpiTable } from './parse.ts';
import { readTableSource } from './source.ts';
import { kpiTableToCsv, kpiTableToJson, kpiTableToXlsx, kpiTemplateXlsx } from './write.ts';

const table: KpiTableExport = {
  planName: '第二次美祢市総合計画',
  levelNames: ['基本目標', '基本方針', '施策'],
  fiscalYear: 2023,
  records: [
    {
      hierarchy: ['1 「魅力の創出・交流」の拡大', '1 観光の振興と魅力の創出', '①観光の振興'],
      set: '基本計画',
      code: 'B-1',
      name: '観光客数',
      unit: '人',
      direction: 'increase',
      baseline: { value: 1028000, fiscalYear: 2020 },
      target: { value: 1500000, fiscalYear: 2026, comparator: 'gte' },
      department: '観光政策課',
      administrativeStatus: null,
      definition: '主要観光地の入込客数, 年間',
      dataSource: null,
      kind: 'outcome',
      cumulative: false,
      illustrative: true,
      annualTargets: [{ fiscalYear: 2023, value: 1300000 }],
      actuals: [
        { fiscalYear: 2022, value: 1254000, status: 'final' },
        { fiscalYear: 2023, value: 1318000, status: 'provisional' },
      ],
      evaluation: {
        rate: 87.9,
        grade: 'B',
        label: '概ね順調',
        projection: '達成見込み',
        actualYear: 2023,
        stale: false,
      },
    },
    {
      hierarchy: ['3 市の宝となる「ひとの育成」', '', ''],
      set: '総合戦略',
      code: 'S-7',
      name: '合計特殊出生率',
      unit: '',
      direction: 'increase',
      baseline: { value: 1.52, fiscalYear: 2019 },
      target: { value: 1.7, fiscalYear: 2027, comparator: 'gte' },
      department: null,
      administrativeStatus: 'hard-to-evaluate',
      definition: null,
      dataSource: '人口動態統計',
      kind: null,
      cumulative: false,
      illustrative: true,
      annualTargets: [],
      actuals: [{ fiscalYear: 2021, value: 30, status: 'final', note: '30以上' }],
      evaluation: {
        rate: null,
        grade: '評価困難',
        label: '評価困難',
        projection: null,
        actualYear: 2021,
        stale: true,
      },
    },
  ],
};

describe('kpiTableToXlsx', () => {
  it('freezes the header, sets an autofilter and number formats, keeps 見込 values numeric', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await kpiTableToXlsx(table)) as never);
    const sheet = workbook.getWorksheet('指標');
    if (!sheet) throw new Error('no sheet 指標');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 6 });
    expect(sheet.autoFilter).toBeTruthy();
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual([
      '基本目標',
      '基本方針',
      '施策',
      '指標の区分',
      '指標コード',
      '指標名',
      '単位',
      '方向',
      '基準値',
      '基準年度',
      '目標値',
      '比較',
      '目標年度',
      '担当課',
      '令和3年度',
      '備考（令和3年度）',
      '令和4年度',
      '令和5年度',
      '備考（令和5年度）',
      '評価区分',
      '達成率（令和5年度）',
      '評価（令和5年度）',
      '見通し（令和5年度）',
      '評価に用いた実績の年度（令和5年度）',
      '評価年度の実績なし（令和5年度）',
      '目標 R5',
      '指標の種類',
      '累計',
      '定義',
      '出典',
      '架空のデモ値',
    ]);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1);
    expect(cell(2, '令和5年度').value).toBe(1318000);
    expect(cell(2, '令和5年度').numFmt).toBe('#,##0"（見込）"');
    expect(cell(2, '基準値').numFmt).toBe('#,##0');
    expect(cell(3, '基準値').numFmt).toBe('#,##0.00');
    // The note has its own column: the number stays a number, so the sheet imports again.
    expect(cell(3, '令和3年度').value).toBe(30);
    expect(cell(3, '備考（令和3年度）').value).toBe('30以上');
    expect(cell(2, '評価（令和5年度）').value).toBe('B（概ね順調）');
    expect(cell(2, '評価区分').value).toBeNull();
    expect(cell(3, '評価区分').value).toBe('評価困難');
    // The year of the actual evaluated, and the mark when it is older than the table's year.
    expect(cell(2, '評価に用いた実績の年度（令和5年度）').value).toBe('令和5年度');
    expect(cell(2, '評価年度の実績なし（令和5年度）').value).toBeNull();
    expect(cell(3, '評価に用いた実績の年度（令和5年度）').value).toBe('令和3年度');
    expect(cell(3, '評価年度の実績なし（令和5年度）').value).toBe('○');
    const notes = workbook.getWorksheet('説明');
    const note = (title: string) => {
      let text: unknown;
      notes?.eachRow((row) => {
        if (row.getCell(1).value === title) text = row.getCell(2).value;
      });
      return text;
    };
    expect(note('架空のデモ値')).toMatch(/架空の値/);
    expect(note('評価年度の実績なし')).toMatch(/前の年度の最新の実績/);
  });

  it('reads back as the rows it was written from', async () => {
    const source = await readTableSource(await kpiTableToXlsx(table), 'kpi.xlsx');
    const { rows, issues, ignoredColumns } = parseKpiTable(source, { levelNames: table.levelNames });
    expect(issues).toEqual([]);
    expect(ignoredColumns).toEqual([]);
    expect(
      rows.map((r) => [r.code?.value, r.set?.name, r.name, r.illustrative, r.administrativeStatus]),
    ).toEqual([
      ['B-1', '基本計画', '観光客数', true, null],
      ['S-7', '総合戦略', '合計特殊出生率', true, 'hard-to-evaluate'],
    ]);
    expect(rows[0]?.actuals.at(-1)).toMatchObject({
      fiscalYear: 2023,
      value: 1318000,
      status: 'provisional',
    });
    expect(rows[1]?.hierarchy).toHaveLength(1);
  });
});

describe('kpiTableToCsv', () => {
  it('writes UTF-8 with BOM and CRLF, quotes commas, marks 見込 in the cell', () => {
    const csv = kpiTableToCsv(table);
    expect(csv.startsWith('\uFEFF基本目標,基本方針,施策,指標の区分')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain('"主要観光地の入込客数, 年間"');
    expect(csv).toContain(
      ',1254000,1318000（見込）,,,87.9,B（概ね順調）,達成見込み,令和5年度,,1300000,成果,',
    );
    expect(csv).toContain(',30,30以上,,,,評価困難,,評価困難（評価困難）,,令和3年度,○,,');
  });

  it('reads back as the rows it was written from', async () => {
    const source = await readTableSource(new TextEncoder().encode(kpiTableToCsv(table)), 'kpi.csv');
    const { rows, issues } = parseKpiTable(source, { levelNames: table.levelNames });
    expect(issues).toEqual([]);
    expect(rows[0]).toMatchObject({
      baseline: { value: 1028000, fiscalYear: 2020 },
      annualTargets: [{ fiscalYear: 2023, value: 1300000 }],
      definition: '主要観光地の入込客数, 年間',
      administrativeStatus: null,
    });
    expect(rows[1]?.administrativeStatus).toBe('hard-to-evaluate');
  });
});

describe('kpiTableToJson', () => {
  it('writes the records with glossary names', () => {
    const json = JSON.parse(kpiTableToJson(table));
    expect(json).toMatchObject({ planName: '第二次美祢市総合計画', fiscalYear: 2023 });
    expect(json.kpis[0]).toMatchObject({
      code: 'B-1',
      direction: 'increase',
      administrativeStatus: null,
      evaluation: { rate: 87.9, actualYear: 2023, stale: false },
    });
    expect(json.kpis[1]).toMatchObject({
      administrativeStatus: 'hard-to-evaluate',
      evaluation: { actualYear: 2021, stale: true },
    });
  });
});

describe('kpiTemplateXlsx', () => {
  it('has the level columns, a column per year, drop-down lists and instructions; no KPI rows', async () => {
    const bytes = await kpiTemplateXlsx({
      planName: 'テスト市総合計画',
      levelNames: ['政策', '施策', '基本事業', '事務事業'],
      years: [2022, 2023, 2024],
      setNames: ['基本計画'],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.getWorksheet('指標');
    if (!sheet) throw new Error('no sheet 指標');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 7)).toEqual([
      '政策',
      '施策',
      '基本事業',
      '事務事業',
      '指標の区分',
      '指標コード',
      '指標名',
    ]);
    expect(headers).toContain('令和6年度');
    expect(headers).not.toContain('架空のデモ値');
    const direction = sheet.getCell(2, headers.indexOf('方向') + 1).dataValidation;
    expect(direction).toMatchObject({ type: 'list', formulae: ['"増加,減少,維持"'] });
    const status = sheet.getCell(2, headers.indexOf('評価区分') + 1).dataValidation;
    expect(status).toMatchObject({ type: 'list', formulae: ['"未着手,休止・廃止,評価困難"'] });
    expect(workbook.getWorksheet('記入方法')?.getCell('A1').value).toBe(
      'テスト市総合計画 指標（KPI）記入シート',
    );
    const parsed = parseKpiTable(await readTableSource(bytes, 'template.xlsx'), {
      levelNames: ['政策', '施策', '基本事業', '事務事業'],
    });
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues.map((i) => i.message)).toEqual(['指標の行が1行もありません']);
  });
});
