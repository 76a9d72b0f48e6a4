/**
 * The xlsx reader (exceljs' streaming reader plus our own merged cells and zip checks) against
 * exceljs' whole-workbook reader, which it replaced for speed and memory: the same cells, merged
 * cells filled as Excel shows them, sheets in tab order, and damaged or hostile files refused with a
 * message instead of a wait that never ends.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { KpiTableError } from './model.ts';
import { parseKpiTable } from './parse.ts';
import { readTableSource } from './source.ts';
import { FOUR_LEVELS, gridToXlsx, messyKpiGrid } from './test-support.ts';

/** Every non-empty cell of every sheet as `sheet!row:column → value`, read by exceljs' whole-workbook reader. */
async function cellsByLoad(bytes: Uint8Array): Promise<Map<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const cells = new Map<string, unknown>();
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row, r) => {
      row.eachCell((cell, c) => {
        const value = cell.value;
        if (value === null || value === undefined || value === '') return;
        cells.set(`${sheet.name}!${r}:${c}`, typeof value === 'object' ? cell.text : value);
      });
    });
  });
  return cells;
}

async function cellsByReader(bytes: Uint8Array): Promise<Map<string, unknown>> {
  const source = await readTableSource(bytes, 'kpi.xlsx');
  const cells = new Map<string, unknown>();
  for (const sheet of source.sheets) {
    sheet.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        // (An empty text cell is no value to the parser: the streaming reader leaves it out.)
        if (cell && cell.value !== '') cells.set(`${sheet.name}!${r}:${c}`, cell.value);
      });
    });
  }
  return cells;
}

async function refusal(bytes: Uint8Array): Promise<string> {
  const error = await readTableSource(bytes, 'kpi.xlsx').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KpiTableError);
  return (error as KpiTableError).message;
}

describe('xlsx reader', () => {
  it('reads a 3,000-row Japanese workbook with merged cells exactly as the whole-workbook reader does', async () => {
    // Thousands of rows of Japanese text: the XML is inflated in chunks, and characters straddle
    // chunk boundaries (exceljs' own streaming reader turns those into U+FFFD: exceljs#2084).
    const bytes = await gridToXlsx(messyKpiGrid(3000));
    const [expected, actual] = await Promise.all([cellsByLoad(bytes), cellsByReader(bytes)]);
    expect(actual.size).toBe(expected.size);
    const differing = [...expected].filter(([key, value]) => actual.get(key) !== value).slice(0, 5);
    expect(differing).toEqual([]);
    expect([...actual.values()].filter((v) => typeof v === 'string' && v.includes('\uFFFD'))).toEqual([]);
  });

  it('fills every cell of a merged range with its top-left value, within the rows and columns in use', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('指標');
    sheet.addRow(['基本目標', '指標名', '担当課']);
    sheet.addRow(['1 安全な暮らし', '防災訓練の参加者数', '防災課']);
    sheet.addRow([null, '避難所の数']);
    sheet.addRow([null, '消防団員数']);
    sheet.mergeCells('A2:A4');
    // A merge reaching past the data is filled only as far as the sheet has rows and columns.
    sheet.mergeCells('C2:E40');
    const source = await readTableSource(new Uint8Array(await workbook.xlsx.writeBuffer()), 'kpi.xlsx');
    const grid = source.sheets[0];
    expect(grid?.rows.slice(2, 5).map((row) => row?.[1]?.value)).toEqual([
      '1 安全な暮らし',
      '1 安全な暮らし',
      '1 安全な暮らし',
    ]);
    expect(grid?.rows.length).toBe(5);
    expect(grid?.rows[4]?.[3]?.value).toBe('防災課');
    expect(grid?.rows[4]?.[4]).toBeUndefined(); // column D: past the columns the sheet uses
  });

  it('refuses merged ranges past the limit instead of filling billions of cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('指標');
    sheet.getCell('A1').value = '基本目標';
    sheet.getCell('Z60').value = 'x'; // data reaching column Z and row 60
    sheet.mergeCells('A1:Z50');
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect((await readTableSource(bytes, 'kpi.xlsx')).sheets[0]?.rows[50]?.[26]?.value).toBe('基本目標');
    process.env.HOSHIN_IMPORT_MAX_MERGED_CELLS = '1000';
    try {
      const message = await refusal(bytes);
      expect(message).toContain('シート「指標」の結合セル A1:Z50 が大きすぎます');
      expect(message).toContain('HOSHIN_IMPORT_MAX_MERGED_CELLS');
    } finally {
      delete process.env.HOSHIN_IMPORT_MAX_MERGED_CELLS;
    }
  });

  it('reads parts named freely and reached by absolute paths (as .NET writers make them) with their tab names', async () => {
    const workbook = new ExcelJS.Workbook();
    const kpis = workbook.addWorksheet('指標一覧');
    kpis.addRow(['基本目標', '指標名']);
    kpis.addRow(['1 安全な暮らし', '防災訓練の参加者数']);
    kpis.addRow([null, '避難所の数']);
    kpis.mergeCells('A2:A3');
    workbook.addWorksheet('進捗').addRow(['主な取組内容', 42]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const expected = await readTableSource(bytes, 'kpi.xlsx');
    expect(expected.sheets.map((s) => s.name)).toEqual(['指標一覧', '進捗']);

    // The same workbook as a writer that names its own parts: workbook, worksheets, styles and shared
    // strings renamed, every relation an absolute path, and an unrelated part squatting on a name.
    const zip = await JSZip.loadAsync(bytes);
    const moves: Array<[string, string]> = [
      ['xl/workbook.xml', 'xl/book.xml'],
      ['xl/worksheets/sheet1.xml', 'xl/worksheets/data.xml'],
      ['xl/worksheets/sheet2.xml', 'xl/worksheets/sheet.xml'],
      ['xl/styles.xml', 'xl/theStyles.xml'],
      ['xl/sharedStrings.xml', 'xl/strings.xml'],
      ['xl/_rels/workbook.xml.rels', 'xl/_rels/book.xml.rels'],
    ];
    const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
    let rewritten = rels;
    for (const [from, to] of moves) {
      const content = await zip.file(from)?.async('uint8array');
      if (!content) throw new Error(`no ${from} in the test workbook`);
      zip.remove(from);
      zip.file(to, content);
      rewritten = rewritten.replace(`Target="${from.slice(3)}"`, `Target="/${to}"`);
    }
    expect(rewritten).not.toBe(rels);
    zip.file('xl/_rels/book.xml.rels', rewritten);
    zip.file(
      '_rels/.rels',
      ((await zip.file('_rels/.rels')?.async('string')) ?? '').replace('xl/workbook.xml', '/xl/book.xml'),
    );
    zip.file('xl/worksheets/sheet1.xml', '<worksheet/>'); // not a sheet of the workbook
    const renamed = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    // exceljs' streaming reader alone: the sheet named sheet.xml skipped, and no tab names.
    const actual = await readTableSource(renamed, 'kpi.xlsx');
    expect(actual).toEqual(expected);
  });

  it('reads a workbook whose elements carry a prefix (<x:row>, as the Open XML SDK writes) like the same without', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('指標一覧');
    sheet.addRow(['基本目標', '指標名', '実績']);
    sheet.addRow(['1 安全な暮らし', '防災訓練の参加者数', 1200]);
    sheet.addRow([null, '避難所の数', new Date(Date.UTC(2024, 2, 31))]);
    sheet.getCell('C3').numFmt = 'yyyy/m/d';
    sheet.mergeCells('A2:A3');
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const zip = await JSZip.loadAsync(bytes);
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const relationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
    const prefixed: string[] = [];
    for (const name of Object.keys(zip.files)) {
      const xml = (await zip.file(name)?.async('string')) ?? '';
      const namespace = xml.includes(`xmlns="${main}"`)
        ? main
        : xml.includes(`xmlns="${relationships}"`)
          ? relationships
          : null;
      if (!namespace) continue;
      // Every element of the part under the prefix x, the namespace bound to it instead of the default.
      const withPrefix = xml
        .replace(`xmlns="${namespace}"`, `xmlns:x="${namespace}"`)
        .replace(/<(\/?)([A-Za-z][\w]*)(?=[\s>/])/g, (tag, slash: string, element: string) =>
          element === 'xml' ? tag : `<${slash}x:${element}`,
        );
      zip.file(name, withPrefix);
      prefixed.push(name);
    }
    expect(prefixed).toEqual(
      expect.arrayContaining([
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/sharedStrings.xml',
        'xl/styles.xml',
      ]),
    );
    const withPrefixes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(await readTableSource(withPrefixes, 'kpi.xlsx')).toEqual(await readTableSource(bytes, 'kpi.xlsx'));
  });

  it('reads a text as Excel shows it, not as the reading (ふりがな) Japanese Excel keeps beside it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('指標').addRow(['美祢市', '観光客数', '秋吉台', 'あ']);
    const zip = await JSZip.loadAsync(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const strings = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    // As Japanese Excel writes them: a reading after the text, a text in runs with its reading, and
    // an empty reading.
    const withReadings = strings
      .replace(
        '<si><t>美祢市</t></si>',
        '<si><t>美祢市</t><rPh sb="0" eb="3"><t>ミネシ</t></rPh><phoneticPr fontId="1"/></si>',
      )
      .replace(
        '<si><t>秋吉台</t></si>',
        '<si><r><t>秋吉</t></r><r><rPr><b/></rPr><t>台</t></r><rPh sb="0" eb="3"><t>アキヨシダイ</t></rPh></si>',
      )
      .replace('<si><t>あ</t></si>', '<si><t>あ</t><rPh sb="0" eb="1"/></si>');
    expect(withReadings.match(/<rPh/g)).toHaveLength(3);
    zip.file('xl/sharedStrings.xml', withReadings);
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const source = await readTableSource(bytes, 'kpi.xlsx');
    expect(source.sheets[0]?.rows[1]?.map((cell) => cell?.value)).toEqual([
      undefined,
      '美祢市',
      '観光客数',
      '秋吉台',
      'あ',
    ]);
    expect([...(await cellsByLoad(bytes)).values()]).toEqual(['美祢市', '観光客数', '秋吉台', 'あ']);
  });

  it('reads a formula cell with no value to read (#N/A, never calculated) as its formula, which a number column refuses', async () => {
    const grid = messyKpiGrid(3);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(grid.sheetName);
    for (const line of grid.preamble) sheet.addRow(line);
    sheet.addRow(grid.header);
    for (const row of grid.rows) sheet.addRow(row);
    const headerRow = grid.preamble.length + 1;
    const actualColumn = grid.header.indexOf('令和５年度（2023年度）') + 1;
    const cell = sheet.getCell(headerRow + 2, actualColumn);
    // As Excel saves a lookup that found nothing, and a formula saved without a value.
    cell.value = { formula: 'VLOOKUP(A3,集計!A:B,2,FALSE)', result: { error: '#N/A' } } as ExcelJS.CellValue;
    sheet.getCell(headerRow + 3, actualColumn).value = { formula: 'B4*2' } as ExcelJS.CellValue;
    const source = await readTableSource(new Uint8Array(await workbook.xlsx.writeBuffer()), 'kpi.xlsx');
    const values = [2, 3].map((n) => source.sheets[0]?.rows[headerRow + n]?.[actualColumn]?.value);
    expect(values).toEqual([
      '=VLOOKUP(A3,集計!A:B,2,FALSE)（計算結果が読めません）',
      '=B4*2（計算結果が読めません）',
    ]);
    // Not a blank (which would skip the year, or with --replace delete the stored value): refused.
    const parsed = parseKpiTable(source, { levelNames: [...FOUR_LEVELS] });
    expect(parsed.issues.map((issue) => `${issue.cell} ${issue.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${cell.address} .*VLOOKUP.*計算結果が読めません`)),
      ]),
    );
  });

  it('says in which sheet reading stopped, and to save the file again from Excel, when a sheet cannot be read', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('指標').addRow(['指標名', 12]);
    const zip = await JSZip.loadAsync(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    // Cells without their address (the r attribute is optional; a few writers leave it out).
    const addressless = sheet.replace(/ r="[A-Z]+\d+"/g, '');
    expect(addressless).not.toBe(sheet);
    zip.file('xl/worksheets/sheet1.xml', addressless);
    const message = await refusal(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    expect(message).toMatch(
      /^kpi\.xlsx: Excel ファイルとして読めません（シート「指標」の初めで読み取りが止まりました。詳細: .+）。.*Excel で開いて「Excel ブック（\*\.xlsx）」として保存し直して/u,
    );
  });

  it('writes nothing to the temp folder: not for an Excel-ordered workbook, one without texts, or a refused one', async () => {
    // exceljs' streaming reader names its temporary files tmp-<pid>-…
    const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = ours();
    // exceljs writes the shared strings after the worksheets, as Excel does.
    const ordered = await gridToXlsx(messyKpiGrid(20));
    expect((await readTableSource(ordered, 'kpi.xlsx')).sheets[0]?.rows.length).toBeGreaterThan(20);
    const numbersOnly = new ExcelJS.Workbook();
    numbersOnly.addWorksheet('数値').addRow([1, 2, 3]);
    numbersOnly.addWorksheet('数値2').addRow([4, 5]);
    const numbers = await readTableSource(new Uint8Array(await numbersOnly.xlsx.writeBuffer()), 'n.xlsx');
    expect(numbers.sheets.map((s) => s.rows[1]?.map((c) => c?.value))).toEqual([
      [undefined, 1, 2, 3],
      [undefined, 4, 5],
    ]);
    // A cell past the limit in the first of three sheets: reading stops there.
    const refused = new ExcelJS.Workbook();
    for (const name of ['一', '二', '三']) refused.addWorksheet(name).addRow(['x'.repeat(50)]);
    process.env.HOSHIN_IMPORT_MAX_CELL_CHARS = '10';
    try {
      expect(await refusal(new Uint8Array(await refused.xlsx.writeBuffer()))).toContain('長すぎるセル');
    } finally {
      delete process.env.HOSHIN_IMPORT_MAX_CELL_CHARS;
    }
    expect(ours()).toEqual(before);
  });

  it('refuses a zip damaged at its end (the streaming reader would wait forever) with a message', async () => {
    const bytes = await gridToXlsx(messyKpiGrid(50));
    // Five bytes gone from the middle of the central directory: every entry inflates, the end does not add up.
    const cut = bytes.length - 300;
    const damaged = new Uint8Array([...bytes.subarray(0, cut), ...bytes.subarray(cut + 5)]);
    expect(await refusal(damaged)).toMatch(/Excel ファイルとして読めません（(?:ZIP|部品)/u);
    // A byte changed inside the compressed data: it does not inflate, or not to its declared size.
    const flipped = bytes.slice();
    const at = Math.floor(bytes.length / 3);
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    expect(await refusal(flipped)).toMatch(/Excel ファイルとして読めません|部品の実際の大きさ/u);
  });
});

describe('CSV reader', () => {
  it('explains a quote that is never closed in Japanese, with the line reading stopped at', async () => {
    const refusal = await readTableSource(
      new TextEncoder().encode('指標名,単位\n"観光客数,人\n宿泊者数,人\n'),
      'kpi.csv',
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(KpiTableError);
    const [issue] = (refusal as KpiTableError).issues;
    expect(issue?.cell).toMatch(/^\d+行目$/u);
    expect(issue?.message).toContain(
      '"（ダブルクォート）で始まったセルが、ファイルの終わりまで閉じられていません',
    );
    expect(issue?.message).not.toMatch(/Quote Not Closed/u);
  });
});
