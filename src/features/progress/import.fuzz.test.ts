/**
 * Property-based tests (fast-check) of the three importers against a database holding the demo
 * city (seed report, KPI table, 総合戦略): broken reports and sheets (src/formats/fuzz-support.ts) are
 * imported; every refusal is the importer's own error, never a crash or a hang, and leaves every table
 * exactly as it was. A small subset (each case opens a transaction and compares whole tables):
 * HOSHIN_FUZZ_DB_RUNS per importer (50 in CI; `npm run fuzz` runs 500).
 */
import { getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { ImportConflictError } from '../../db/report-store.ts';
import * as schema from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { HoshinError } from '../../errors.ts';
import {
  bounded,
  csvRecords,
  fixture,
  plainShape,
  reportText,
  type SheetInput,
  sheetBytes,
  sheetInput,
  timeoutFor,
} from '../../formats/fuzz-support.ts';
import { KpiTableError } from '../../formats/kpi-table/index.ts';
import { ReportParseError } from '../../formats/seed-markdown/index.ts';
import { openWithSeed, SEED_MARKDOWN } from '../../services/test-support.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import { importStrategyTable } from '../strategy/import.ts';
import { importProgressReport } from './progress-report.ts';

const runs = (() => {
  const n = Number(process.env.HOSHIN_FUZZ_DB_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 50;
})();
const city = { localGovCode: '352136', actor: 'fuzz' };
const STRATEGY = '総合戦略（架空のデモ構成）';
const kpiFile = fixture('kpis-illustrative.csv');
const strategyFile = fixture('strategy-illustrative.csv');
const kpiRecords = csvRecords(kpiFile);
const csv: SheetInput['file'] = { kind: 'csv', encoding: 'utf8', tab: false };
/** Regressions and sharp cases: a NUL in a cell and huge hierarchy numbers (once database errors). */
const sharpSheets: Array<[SheetInput]> = [
  [{ mutations: [{ kind: 'setCell', row: 1, column: 0, value: '\u0000' }], file: csv, bytes: [] }],
  [
    {
      mutations: [{ kind: 'setCell', row: 1, column: 0, value: '99999999999999999999 観光' }],
      file: csv,
      bytes: [],
    },
  ],
  [{ mutations: [{ kind: 'setCell', row: 1, column: 1, value: '2147483648 観光' }], file: csv, bytes: [] }],
  // Regression (found by fuzzing): a 3,000-character 担当課 failed the department insert (index row size).
  [{ mutations: [{ kind: 'setCell', row: 1, column: 13, value: '課'.repeat(3000) }], file: csv, bytes: [] }],
  [
    {
      mutations: [{ kind: 'setCell', row: 1, column: 0, value: '1e308' }],
      file: { kind: 'xlsx', shape: plainShape },
      bytes: [],
    },
  ],
];
const strategyRecords = csvRecords(strategyFile);

/** Every row of every table, for "the database is unchanged" assertions. */
async function snapshot({ db }: DatabaseHandle) {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.values(schema).filter(isTable) as PgTable[]) {
    out[getTableName(table)] = await db.select().from(table).orderBy(sql`1`);
  }
  return out;
}

/** The importer's own refusals; anything else escaping an import is a crash. */
const isRefusal = (error: unknown) =>
  error instanceof ReportParseError ||
  error instanceof KpiTableError ||
  error instanceof ImportConflictError ||
  error instanceof HoshinError;

describe.each(testBackends())('importers under fuzzing on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    handle = await openWithSeed(open);
    await importKpiTable(handle.db, kpiFile, { ...city, fileName: 'kpis.csv' });
    await importStrategyTable(handle.db, strategyFile, {
      ...city,
      fileName: 'strategy.csv',
      strategyName: STRATEGY,
      levels: ['基本目標', '具体的な施策'],
    });
    before = await snapshot(handle);
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  /** Runs one import: a refusal must leave the database as it was; an accepted file becomes the new start. */
  async function attempt(work: () => Promise<unknown>) {
    try {
      await bounded(work);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      expect((error as Error).message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect(await snapshot(handle)).toEqual(before);
      return;
    }
    before = await snapshot(handle);
  }

  it(
    `imports ${runs} broken progress reports: refused ones change nothing`,
    async () => {
      await fc.assert(
        fc.asyncProperty(reportText, (text) => attempt(() => importProgressReport(handle.db, text, city))),
        {
          numRuns: runs,
          examples: [
            [SEED_MARKDOWN.replace('基本目標 1', '基本目標 99999999999999999999')],
            [SEED_MARKDOWN.replace('基本目標 1', '基本目標 2147483648')],
            [SEED_MARKDOWN.replace('基本方針1', '基本方針2147483648')],
            [SEED_MARKDOWN.replace('①', '\u0000①')],
          ],
        },
      );
    },
    timeoutFor(runs, 2_000),
  );

  it(
    `imports ${runs} broken KPI tables: refused ones change nothing`,
    async () => {
      await fc.assert(
        fc.asyncProperty(sheetInput, async (input: SheetInput) => {
          const bytes = await sheetBytes(kpiRecords, input);
          await attempt(() => importKpiTable(handle.db, bytes, { ...city, fileName: 'kpis.csv' }));
        }),
        { numRuns: runs, examples: sharpSheets },
      );
    },
    timeoutFor(runs, 2_000),
  );

  it(
    `imports ${runs} broken strategy tables: refused ones change nothing`,
    async () => {
      await fc.assert(
        fc.asyncProperty(sheetInput, async (input: SheetInput) => {
          const bytes = await sheetBytes(strategyRecords, input);
          await attempt(() =>
            importStrategyTable(handle.db, bytes, {
              ...city,
              fileName: 'strategy.csv',
              strategyName: STRATEGY,
            }),
          );
        }),
        { numRuns: runs, examples: sharpSheets },
      );
    },
    timeoutFor(runs, 2_000),
  );
});
