/**
 * @module Bench: KPI table import and KPI evaluation
 * Import of a generated 10,000-row, 4-level xlsx (messy cells, see src/formats/kpi-table/test-support.ts)
 * next to exceljs reading the whole workbook alone (the issue's baseline; the importer itself reads
 * with exceljs' streaming reader, shown beside it); evaluation of 100,000 KPI-years next to a bare loop over the same
 * data. Printed as ratios to each baseline. Then the peak memory of importing a 100,000-row sheet into
 * a new plan, measured in a child process of its own so that nothing else this run did counts (PGlite
 * in a data folder, as it runs in use).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Database, openDatabase } from '../src/db/client.ts';
import { type EvaluableKpi, evaluateKpi, resolveScheme } from '../src/domain/evaluation/index.ts';
import { importKpiTable } from '../src/features/kpi-table/import.ts';
import { parseKpiTable, readTableSource } from '../src/formats/kpi-table/index.ts';
import { FOUR_LEVELS, gridToXlsx, messyKpiGrid } from '../src/formats/kpi-table/test-support.ts';
import { measure, measureInTurns, peakMemory, report } from './harness.ts';

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
  // In turns, so that the ratios hold on a machine busy with other work.
  const results = await measureInTurns(
    [
      // The yardstick: exceljs reading the whole workbook, as the importer did before it streamed.
      [
        'read the workbook alone (exceljs)',
        () => new ExcelJS.Workbook().xlsx.load(Buffer.from(xlsx) as never),
      ],
      ['read (our streaming reader, no parse)', () => readTableSource(xlsx, 'bench.xlsx')],
      [
        'read + parse rows (no database)',
        async () => parseKpiTable(await readTableSource(xlsx, 'bench.xlsx'), { levelNames }),
      ],
      ['insert 70,000 bare rows (the floor, see below)', () => insertBareRows(handle.db)],
      [
        `import into a new plan (${label})`,
        () =>
          importKpiTable(handle.db, xlsx, {
            ...owner,
            planName: `bench ${run} ${++plans}`,
            levels: levelNames,
          }),
      ],
      [
        're-import, nothing changed',
        () => importKpiTable(handle.db, xlsx, { ...owner, planName: `bench ${run} 1` }),
      ],
    ],
    3,
  );
  report(`KPI table import (${ROWS.toLocaleString('en-US')} rows, 4 levels, xlsx), ${label}`, results);
  await handle.close();
}

/**
 * The floor under any import of the table into a new plan: its ~70,000 rows (50,000 actuals, 10,000
 * KPIs, 10,000 nodes) inserted the same way (one json parameter per 10,000 rows) into temporary tables
 * with one key each — no change log, no foreign key, no tenant policy, nothing read back.
 */
async function insertBareRows(db: Database): Promise<void> {
  const actuals = Array.from({ length: 50_000 }, (_, i) => ({
    kpi_id: Math.floor(i / 5) + 1,
    fiscal_year: 2019 + (i % 5),
    value: i * 1.5,
    status: 'final',
    note: null,
  }));
  const kpis = Array.from({ length: 10_000 }, (_, i) => ({
    id: i + 1,
    code: `K${i}`,
    name: `指標の名前その${i}`,
    unit: '人',
    direction: 'increase',
    position: i,
  }));
  const nodes = Array.from({ length: 10_000 }, (_, i) => ({
    id: i + 1,
    path: `1.${i}`,
    title: `施策その${i}`,
  }));
  await db.transaction(async (tx) => {
    await tx.execute(
      sql.raw(`CREATE TEMP TABLE bare_actual (id serial PRIMARY KEY, kpi_id integer, fiscal_year integer,
        value double precision, status text, note text) ON COMMIT DROP`),
    );
    await tx.execute(
      sql.raw(`CREATE TEMP TABLE bare_kpi (id integer PRIMARY KEY, code text, name text, unit text,
        direction text, position integer) ON COMMIT DROP`),
    );
    await tx.execute(
      sql.raw('CREATE TEMP TABLE bare_node (id integer PRIMARY KEY, path text, title text) ON COMMIT DROP'),
    );
    for (let i = 0; i < actuals.length; i += 10_000) {
      await tx.execute(sql`INSERT INTO bare_actual (kpi_id, fiscal_year, value, status, note)
        SELECT * FROM json_to_recordset(${JSON.stringify(actuals.slice(i, i + 10_000))}::json)
          AS x(kpi_id integer, fiscal_year integer, value double precision, status text, note text)`);
    }
    await tx.execute(sql`INSERT INTO bare_kpi SELECT * FROM json_to_recordset(${JSON.stringify(kpis)}::json)
      AS x(id integer, code text, name text, unit text, direction text, position integer)`);
    await tx.execute(sql`INSERT INTO bare_node SELECT * FROM json_to_recordset(${JSON.stringify(nodes)}::json)
      AS x(id integer, path text, title text)`);
  });
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

const MEMORY_ROWS = 100_000;
const MEMORY_CHILD = '--kpi-memory-child';

/**
 * Peak memory of one import of a 100,000-row sheet into a new plan: the workbook is written to a file
 * first, and a child process reads it and imports it while its memory is sampled.
 */
async function benchMemory(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hoshin-bench-'));
  try {
    const file = join(dir, 'kpi-100k.xlsx');
    writeFileSync(file, await gridToXlsx(messyKpiGrid(MEMORY_ROWS)));
    const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    console.log(
      `\nKPI table import of ${MEMORY_ROWS.toLocaleString('en-US')} rows into a new plan: peak memory (child process)`,
    );
    const backends: Array<[string, string]> = [
      ['PGlite', ''],
      ...(serverUrl ? [['PostgreSQL', serverUrl] as [string, string]] : []),
    ];
    for (const [label, url] of backends) {
      const output = execFileSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), MEMORY_CHILD, file, url],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
      );
      const line = output.trim().split('\n').at(-1) ?? '{}';
      const m = JSON.parse(line) as {
        ms: number;
        rssMb: number;
        heapMb: number;
        startRssMb: number;
        rows: number;
      };
      console.log(
        `  ${label.padEnd(11)}${m.rows.toLocaleString('en-US')} rows in ${(m.ms / 1000).toFixed(1)} s; peak RSS ${m.rssMb.toFixed(0)} MB (${m.startRssMb.toFixed(0)} MB before the import), peak heap used ${m.heapMb.toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child of {@link benchMemory}: imports the file and prints its time and peaks as JSON. */
async function memoryChild(file: string, databaseUrl: string): Promise<void> {
  // PGlite in a data folder on disk, as `npm start` runs it: an in-memory database would count the
  // whole stored plan (and its change log) as the importer's memory.
  const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'hoshin-bench-db-'));
  const handle = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  const bytes = new Uint8Array(readFileSync(file));
  const start = performance.now();
  const { result, peak, before } = await peakMemory(() =>
    importKpiTable(handle.db, bytes, {
      localGovCode: '131016',
      municipalityName: '千代田区',
      actor: 'bench',
      fileName: 'bench.xlsx',
      planName: `memory ${Date.now().toString(36)}`,
      levels: [...FOUR_LEVELS],
    }),
  );
  const ms = performance.now() - start;
  await handle.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  const mb = (bytes: number) => bytes / 2 ** 20;
  console.log(
    JSON.stringify({
      ms,
      rows: result.rows,
      rssMb: mb(peak.rss),
      heapMb: mb(peak.heapUsed),
      startRssMb: mb(before.rss),
    }),
  );
}

export async function benchKpi(): Promise<void> {
  await benchEvaluation();
  await benchImport();
  await benchMemory();
}

const childAt = process.argv.indexOf(MEMORY_CHILD);
if (childAt >= 0) await memoryChild(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '');
