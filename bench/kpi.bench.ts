/**
 * @module Bench: KPI table import and KPI evaluation
 * Import of a generated 10,000-row, 4-level xlsx (messy cells, see src/formats/kpi-table/test-support.ts)
 * next to reading the workbook alone; evaluation of 100,000 KPI-years next to a bare loop over the same
 * data. Printed as ratios to each baseline.
 */
import { openDatabase } from '../src/db/client.ts';
import { type EvaluableKpi, evaluateKpi, resolveScheme } from '../src/domain/evaluation/index.ts';
import { importKpiTable } from '../src/features/kpi-table/import.ts';
import { parseKpiTable, readTableSource } from '../src/formats/kpi-table/index.ts';
import { FOUR_LEVELS, gridToXlsx, messyKpiGrid } from '../src/formats/kpi-table/test-support.ts';
import { measure, report } from './harness.ts';

const ROWS = 10_000;
const KPIS = 25_000;
const YEARS = [2020, 2021, 2022, 2023];

/**
 * On PGlite, and also on a PostgreSQL server when `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`, as
 * scripts/with-postgres.sh sets it) names one: `bash scripts/with-postgres.sh npm run bench -- kpi`.
 */
async function benchImport(): Promise<void> {
  const xlsx = await gridToXlsx(messyKpiGrid(ROWS));
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const backends: Array<[string, { dataDir?: string; databaseUrl?: string }]> = [
    ['PGlite', { dataDir: 'memory://' }],
    ...(serverUrl ? [['PostgreSQL', { databaseUrl: serverUrl }] as [string, { databaseUrl: string }]] : []),
  ];
  for (const [label, options] of backends) await benchImportOn(xlsx, label, options);
}

async function benchImportOn(
  xlsx: Uint8Array,
  label: string,
  options: { dataDir?: string; databaseUrl?: string },
): Promise<void> {
  const levelNames = [...FOUR_LEVELS];
  const handle = await openDatabase(options);
  const owner = {
    localGovCode: '131016',
    municipalityName: '千代田区',
    actor: 'bench',
    fileName: 'bench.xlsx',
  };
  // Plan names unique per run, so a server database used before still gets new plans.
  const run = Date.now().toString(36);
  let plans = 0;
  const results = [
    await measure('read the workbook alone (exceljs)', () => readTableSource(xlsx, 'bench.xlsx'), 3),
    await measure(
      'read + parse rows (no database)',
      async () => parseKpiTable(await readTableSource(xlsx, 'bench.xlsx'), { levelNames }),
      3,
    ),
    await measure(
      `import into a new plan (${label})`,
      () =>
        importKpiTable(handle.db, xlsx, {
          ...owner,
          planName: `bench ${run} ${++plans}`,
          levels: levelNames,
        }),
      2,
    ),
    await measure(
      're-import, nothing changed',
      () => importKpiTable(handle.db, xlsx, { ...owner, planName: `bench ${run} 1` }),
      2,
    ),
  ];
  report(`KPI table import (${ROWS.toLocaleString('en-US')} rows, 4 levels, xlsx), ${label}`, results);
  await handle.close();
}

/** Deterministic KPIs with a baseline, a target and four years of actuals (some missing). */
function sampleKpis(): EvaluableKpi[] {
  return Array.from({ length: KPIS }, (_, i) => {
    const decreasing = i % 3 === 2;
    const base = 100 + (i % 50);
    const target = decreasing ? base * 0.7 : base * 1.4;
    return {
      direction: decreasing ? 'decrease' : i % 17 === 0 ? 'maintain' : 'increase',
      baseline: { value: base, fiscalYear: 2019 },
      target: { value: target, fiscalYear: 2026, comparator: decreasing ? 'lte' : 'gte' },
      actuals: YEARS.filter((y) => (i + y) % 11 !== 0).map((fiscalYear, k) => ({
        fiscalYear,
        value: base + (decreasing ? -1 : 1) * (k + 1) * ((i % 7) + 1),
      })),
    };
  });
}

async function benchEvaluation(): Promise<void> {
  const kpis = sampleKpis();
  const byDefault = resolveScheme('default');
  const byNagano = resolveScheme('nagano');
  const results = [
    await measure('bare loop: actual ÷ target per KPI-year', () => {
      let sum = 0;
      for (const k of kpis) {
        for (const year of YEARS) {
          const actual = k.actuals.find((a) => a.fiscalYear === year);
          if (actual && k.target) sum += actual.value / k.target.value;
        }
      }
      return sum;
    }),
    await measure('evaluateKpi, default (ratio / final)', () => {
      for (const k of kpis) for (const year of YEARS) evaluateKpi(k, year, byDefault);
    }),
    await measure('evaluateKpi, nagano (progress / prorated)', () => {
      for (const k of kpis) for (const year of YEARS) evaluateKpi(k, year, byNagano);
    }),
  ];
  report(`KPI evaluation (${(KPIS * YEARS.length).toLocaleString('en-US')} KPI-years)`, results);
}

export async function benchKpi(): Promise<void> {
  await benchEvaluation();
  await benchImport();
}
