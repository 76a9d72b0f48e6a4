/**
 * Exports whose text looks like a formula, opened in LibreOffice Calc (headless, a fresh profile per
 * run): Calc evaluates formulas when it imports a CSV, so the CSV export must neutralise them, and
 * an xlsx string cell must stay a string. Both files are converted to flat ODS (XML), where a live
 * formula would be a `table:formula` attribute; none may be there, and the text must be there as
 * typed. The CSV is then imported again and reads back to the original text.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWithSoffice } from '../test-support/libreoffice.ts';
import type { KpiTableExport } from './kpi-table/model.ts';
import { parseKpiTable } from './kpi-table/parse.ts';
import { readTableSource } from './kpi-table/source.ts';
import { kpiTableToCsv, kpiTableToXlsx } from './kpi-table/write.ts';
import { decodeXml } from './office-test-support.ts';
import { strategyTableToCsv } from './strategy-table/write.ts';

/** CSV import options: comma, double quote, UTF-8, from line 1 (Calc's own defaults otherwise). */
const CSV_IN = 'CSV:44,34,76,1';

const LINK = '=HYPERLINK("http://x","y")';
const SUM = '=1+2';

const table: KpiTableExport = {
  planName: '計画',
  levelNames: ['基本目標', '基本方針', '施策'],
  fiscalYear: 2023,
  records: [
    {
      hierarchy: ['1 観光', '1 観光の振興', '①観光の振興'],
      set: '基本計画',
      code: 'B-1',
      name: LINK,
      unit: '人',
      direction: 'decrease',
      baseline: { value: -5, fiscalYear: 2020 },
      target: { value: -10, fiscalYear: 2026, comparator: 'lte' },
      department: '@観光課',
      administrativeStatus: null,
      definition: '+81 の定義',
      dataSource: '-資料',
      kind: null,
      cumulative: false,
      illustrative: false,
      annualTargets: [],
      actuals: [{ fiscalYear: 2023, value: -7, status: 'final', note: SUM }],
    },
  ],
};

/** Converts a file to flat ODS with LibreOffice; returns the XML. */
async function toFods(file: string, outdir: string, infilter?: string): Promise<string> {
  await convertWithSoffice([file], { to: 'fods', outdir, infilter, timeoutMs: 120_000 });
  return readFile(join(outdir, file.replace(/^.*\//u, '').replace(/\.\w+$/u, '.fods')), 'utf8');
}

/** The texts of the cells of a flat ODS file. */
const cellTexts = (fods: string) =>
  [...fods.matchAll(/<text:p>([^<]*)<\/text:p>/gu)].map((m) => decodeXml(m[1] ?? ''));

describe('exports in LibreOffice Calc: no formula from text', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoshin-safety-lo-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the CSV export’s formula-like texts as text and keeps numbers', async () => {
    const csv = kpiTableToCsv(table);
    const file = join(dir, 'kpi.csv');
    await writeFile(file, csv);
    const fods = await toFods(file, dir, CSV_IN);
    expect(fods).not.toContain('table:formula');
    const texts = cellTexts(fods);
    for (const text of [LINK, SUM, '@観光課', '+81 の定義', '-資料']) expect(texts).toContain(`'${text}`);
    expect(fods).toMatch(/office:value-type="float" office:value="-5"/u);
    expect(fods).toMatch(/office:value-type="float" office:value="-7"/u);

    // The import reads the neutralised cells back to the texts themselves.
    const parsed = parseKpiTable(await readTableSource(new TextEncoder().encode(csv), 'kpi.csv'), {
      levelNames: table.levelNames,
    });
    expect(parsed.issues).toEqual([]);
    const row = parsed.rows[0];
    expect([row?.name, row?.department, row?.definition, row?.dataSource]).toEqual([
      LINK,
      '@観光課',
      '+81 の定義',
      '-資料',
    ]);
    expect(row?.actuals.find((a) => a.fiscalYear === 2023)).toMatchObject({ value: -7, note: SUM });
    expect(row?.baseline?.value).toBe(-5);
  });

  it('keeps the xlsx export’s formula-like texts as strings', async () => {
    const file = join(dir, 'kpi.xlsx');
    await writeFile(file, await kpiTableToXlsx(table));
    const fods = await toFods(file, dir);
    expect(fods).not.toContain('table:formula');
    const texts = cellTexts(fods);
    for (const text of [LINK, SUM, '@観光課', '+81 の定義', '-資料']) expect(texts).toContain(text);
  });

  it('shows the strategy table CSV’s formula-like texts as text', async () => {
    const file = join(dir, 'strategy.csv');
    await writeFile(
      file,
      strategyTableToCsv({
        strategyName: '戦略',
        planName: '計画',
        levelNames: ['基本目標', '施策'],
        rows: [{ cells: [SUM, LINK], links: ['@1.1'] }],
      }),
    );
    const fods = await toFods(file, dir, CSV_IN);
    expect(fods).not.toContain('table:formula');
    expect(cellTexts(fods)).toEqual(expect.arrayContaining([`'${SUM}`, `'${LINK}`, "'@1.1"]));
  });
});
