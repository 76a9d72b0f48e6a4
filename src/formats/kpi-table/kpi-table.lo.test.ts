/**
 * The exported KPI workbook and the template open in LibreOffice Calc (Debian's soffice, headless, a
 * fresh profile per run so parallel runs do not clash). The evaluated export is converted to CSV with
 * the cells as Calc shows them, and every row is checked against the evaluation in the database: what
 * Calc read is the table the council sees (names, values with their number formats, rates, grades,
 * projections, the evaluated actual's year and the stale mark). It is also printed to PDF, as is the
 * template.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { evaluatePlanKpis } from '../../features/kpi/kpi-evaluation.ts';
import { exportKpiTable, kpiTemplateForPlan } from '../../features/kpi-table/import.ts';
import { loadDemo } from '../../services/demo.ts';
import { convertWithSoffice } from '../../test-support/libreoffice.ts';

/**
 * CSV of the first sheet as Calc shows its cells (filter options: comma, double quote, UTF-8, from
 * line 1, …, "save cell contents as shown"), so number formats such as #,##0"（見込）" are applied.
 */
const CSV_AS_SHOWN = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true';

/** Converts a file with LibreOffice (to `pdf` or to CSV as shown); returns the output's bytes. */
async function convert(file: string, outdir: string, to: 'pdf' | 'csv'): Promise<Buffer> {
  await convertWithSoffice([file], { to: to === 'csv' ? CSV_AS_SHOWN : 'pdf', outdir, timeoutMs: 120_000 });
  return readFile(join(outdir, file.replace(/^.*\//u, '').replace(/\.xlsx$/u, `.${to}`)));
}

describe('KPI workbooks in LibreOffice Calc', () => {
  let handle: DatabaseHandle;
  let dir: string;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await loadDemo(handle.db);
    dir = await mkdtemp(join(tmpdir(), 'hoshin-kpi-lo-'));
  });
  afterAll(async () => {
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the exported, evaluated KPI table as the database evaluates it, and prints it', {
    timeout: 300_000,
  }, async () => {
    const { bytes } = await exportKpiTable(handle.db, { fiscalYear: 2023, format: 'xlsx' });
    const file = join(dir, 'kpi-export.xlsx');
    await writeFile(file, bytes);
    const text = (await convert(file, dir, 'csv')).toString('utf8');
    const [header = [], ...rows] = parseCsv(text, { relax_column_count: true }) as string[][];
    const column = (name: string) => {
      const index = header.indexOf(name);
      if (index < 0) throw new Error(`Calc's CSV has no column ${name}: ${header.join(',')}`);
      return index;
    };
    const cellOf = (row: string[] | undefined, name: string) => row?.[column(name)] ?? '';

    // Every KPI of the plan, each as the evaluation in the database has it.
    const evaluated = (await evaluatePlanKpis(handle.db, { planId: 1, fiscalYear: 2023 })).flatMap(
      (set) => set.kpis,
    );
    expect(evaluated.length).toBeGreaterThan(20);
    expect(rows).toHaveLength(evaluated.length);
    const byCode = new Map(rows.map((row) => [cellOf(row, '指標コード'), row]));
    for (const { kpi, evaluation } of evaluated) {
      const row = byCode.get(kpi.code);
      const shown = [
        cellOf(row, '指標名'),
        cellOf(row, '達成率（令和5年度）'),
        cellOf(row, '評価（令和5年度）'),
        cellOf(row, '見通し（令和5年度）'),
        cellOf(row, '評価に用いた実績の年度（令和5年度）'),
        cellOf(row, '評価年度の実績なし（令和5年度）'),
      ];
      expect(shown, kpi.code).toEqual([
        kpi.name,
        evaluation.rate === null ? '' : evaluation.rate.toFixed(1),
        `${evaluation.grade}（${evaluation.label}）`,
        evaluation.projection?.label ?? '',
        evaluation.actualYear === null ? '' : formatFiscalYear(evaluation.actualYear),
        evaluation.stale ? '○' : '',
      ]);
    }

    // Values as Calc formats them: thousands separators, 見込 printed after the number, the mark of
    // invented values; a stale KPI names the older year it was evaluated on.
    const foreign = rows.find((row) => cellOf(row, '指標名') === '外国人観光客数');
    expect(
      [
        '基準値',
        '目標値',
        '比較',
        '令和5年度',
        '達成率（令和5年度）',
        '評価（令和5年度）',
        '架空のデモ値',
      ].map((name) => cellOf(foreign, name)),
    ).toEqual(['2,100', '15,000', '以上', '8,600', '57.3', 'C（遅れ）', '○']);
    const provisional = rows.find((row) => cellOf(row, '指標名') === 'みねDMO取扱旅行商品の販売額');
    expect(cellOf(provisional, '令和5年度')).toBe('30,500（見込）');
    const stale = evaluated.filter((k) => k.evaluation.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const { kpi } of stale) {
      const row = byCode.get(kpi.code);
      expect(cellOf(row, '令和5年度'), kpi.code).toBe('');
      expect(cellOf(row, '評価に用いた実績の年度（令和5年度）'), kpi.code).toBe('令和4年度');
    }
    // Grades of every kind the demo has, as the screens print them.
    expect(new Set(rows.map((row) => cellOf(row, '評価（令和5年度）').replace(/（.*$/u, '')))).toEqual(
      new Set(evaluated.map((k) => k.evaluation.grade)),
    );

    const pdf = await convert(file, dir, 'pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await stat(join(dir, 'kpi-export.pdf'))).size).toBeGreaterThan(1000);
  });

  it('converts the template to a non-empty PDF', { timeout: 180_000 }, async () => {
    const file = join(dir, 'kpi-template.xlsx');
    await writeFile(file, await kpiTemplateForPlan(handle.db, 1, '2024-06-01'));
    const pdf = await convert(file, dir, 'pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
