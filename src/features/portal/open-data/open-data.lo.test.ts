/**
 * The open data CSV of the published demo year opened in LibreOffice Calc (headless, a fresh profile
 * per run), converted to flat ODS: Japanese text arrives as written, values are numeric cells, and a
 * KPI name that looks like a formula stays text (no `table:formula` anywhere). The BOM variant is
 * opened with no character set named, as a double click in a spreadsheet would, and its BOM is not
 * read into the first header. (Calc also guesses UTF-8 without a BOM; Excel does not, hence the
 * variant.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { withTenant } from '../../../db/tenant.ts';
import { decodeXml } from '../../../formats/office-test-support.ts';
import { convertWithSoffice } from '../../../test-support/libreoffice.ts';
import { openWithPublishedDemo } from '../../../test-support/published-demo.ts';
import { publishedYear } from '../../publication/publication.ts';
import { type OpenDataInput, openDataCsv } from './build.ts';
import { openDataSettingsFromEnv } from './settings.ts';

/** Converts a CSV file to flat ODS with LibreOffice; returns the XML. */
async function toFods(file: string, outdir: string, infilter: string): Promise<string> {
  await convertWithSoffice([file], { to: 'fods', outdir, infilter, timeoutMs: 120_000 });
  return readFile(join(outdir, file.replace(/^.*\//u, '').replace(/\.\w+$/u, '.fods')), 'utf8');
}

/** The rows of the first sheet: each cell's text and, for a number, its value. */
function sheetRows(fods: string): Array<Array<{ text: string; value: number | null }>> {
  const table = fods.slice(fods.indexOf('<table:table '), fods.indexOf('</table:table>'));
  return [...table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/gu)].map((row) => {
    const cells: Array<{ text: string; value: number | null }> = [];
    for (const cell of (row[1] ?? '').matchAll(
      /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/gu,
    )) {
      const attrs = cell[1] ?? '';
      const repeat = Number(/number-columns-repeated="(\d+)"/u.exec(attrs)?.[1] ?? 1);
      const float = /office:value-type="float" office:value="([^"]+)"/u.exec(attrs);
      const text = decodeXml(/<text:p>([^<]*)<\/text:p>/u.exec(cell[2] ?? '')?.[1] ?? '');
      for (let i = 0; i < Math.min(repeat, 64); i++)
        cells.push({ text, value: float ? Number(float[1]) : null });
    }
    return cells;
  });
}

describe('open data CSV in LibreOffice Calc', () => {
  let dir: string;
  let input: OpenDataInput;
  let formulaKpiId = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoshin-open-data-lo-'));
    const demo = await openWithPublishedDemo(() => openDatabase({ dataDir: 'memory://' }));
    try {
      const year = await withTenant(demo.handle.db, demo.municipalityId, (tx) =>
        publishedYear(tx, demo.fiscalYear),
      );
      if (!year) throw new Error('demo year not published');
      // As if a KPI had been published under a name a spreadsheet would compute.
      const snapshot = structuredClone(year.snapshot);
      const first = snapshot.inputs.kpiSets[0]?.kpis[0]?.kpi;
      if (!first) throw new Error('no KPI');
      first.name = '=1+2';
      first.department = '@観光政策課';
      formulaKpiId = (first as unknown as { id: number }).id;
      input = {
        snapshot,
        publishedAt: year.publishedAt,
        revision: year.revision,
        settings: openDataSettingsFromEnv({}),
      };
    } finally {
      await demo.handle.close();
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const check = (fods: string) => {
    expect(fods).not.toContain('table:formula');
    const [header = [], ...rows] = sheetRows(fods).filter((r) => r.some((c) => c.text !== ''));
    const col = (name: string) => header.findIndex((c) => c.text === name);
    expect(col('全国地方公共団体コード')).toBe(0);
    expect(col('指標名')).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row[col('地方公共団体名')]?.text).toBe('美祢市');
      expect(row[col('年度（和暦）')]?.text).toBe('令和5年度');
      expect(row[col('年度')]?.value).toBe(2023);
    }
    const formula = rows.find((r) => r[col('指標ID')]?.value === formulaKpiId);
    expect(formula?.[col('指標名')]?.text).toBe("'=1+2");
    expect(formula?.[col('担当課')]?.text).toBe("'@観光政策課");
    const tourism = rows.find((r) => r[col('指標名')]?.text === '外国人観光客数');
    expect(tourism?.[col('項目')]?.text).toBe('基本目標 1 ＞ 基本方針1 ＞ ②');
    expect(tourism?.[col('単位')]?.text).toBe('人');
    expect(tourism?.[col('基準値')]?.value).toBe(2100);
    expect(tourism?.[col('目標値')]?.value).toBe(15000);
    expect(tourism?.[col('実績値')]?.value).toBe(8600);
    expect(tourism?.[col('達成率')]?.value).toBe(57.3);
    expect(tourism?.[col('実績の状態')]?.text).toBe('確定');
  };

  it('opens the UTF-8 CSV with Japanese text, numeric cells and no formula', async () => {
    const file = join(dir, 'kpis.csv');
    await writeFile(file, openDataCsv('kpis', input, { bom: false }));
    // Comma, double quote, UTF-8 (76), from line 1.
    check(await toFods(file, dir, 'CSV:44,34,76,1'));
  });

  it('opens the BOM variant without being told the character set', async () => {
    const file = join(dir, 'kpis-bom.csv');
    await writeFile(file, openDataCsv('kpis', input, { bom: true }));
    // No character set named (the third token empty): the BOM must tell Calc it is UTF-8.
    check(await toFods(file, dir, 'CSV:44,34,,1'));
  });
});
