/**
 * Property-based tests (fast-check) of the KPI-table importer's reading half: files made from the
 * demo sheet and broken (see src/formats/fuzz-support.ts) are read and parsed; the importer never
 * crashes or hangs, and every problem is a KpiTableError or issue in Japanese naming its sheet and
 * cell. Runs: HOSHIN_FUZZ_RUNS (300 in CI; `npm run fuzz` runs 10,000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bounded,
  csvRecords,
  fixture,
  fuzzRuns,
  misplacedIssue,
  plainShape,
  type SheetInput,
  sheetBytes,
  sheetInput,
  timeoutFor,
} from '../fuzz-support.ts';
import { KpiTableError, parseKpiTable, readTableSource } from './index.ts';

const LEVELS = ['基本目標', '基本方針', '施策'];
const records = csvRecords(fixture('kpis-illustrative.csv'));
const runs = fuzzRuns();

/** Reads and parses a file; returns the issues (refusal or parse problems) it reported. */
async function importIssues(bytes: Uint8Array, fileName: string) {
  try {
    const source = await readTableSource(bytes, fileName);
    return parseKpiTable(source, { levelNames: LEVELS }).issues;
  } catch (error) {
    // Only the importer's own refusal is allowed out; anything else (TypeError, RangeError…) is a crash.
    if (error instanceof KpiTableError) {
      expect(error.issues.length).toBeGreaterThan(0);
      return error.issues;
    }
    throw error;
  }
}

async function check(bytes: Uint8Array, fileName: string) {
  const issues = await bounded(() => importIssues(bytes, fileName));
  const wrong = issues.map(misplacedIssue).filter((w) => w !== null);
  expect(wrong).toEqual([]);
}

describe('KPI table importer under fuzzing', () => {
  it(
    `reads ${runs} mutated sheets (CSV in every encoding, xlsx) without a crash, a hang or a placeless message`,
    async () => {
      const emptyCsv: SheetInput = {
        mutations: [{ kind: 'truncateRows', keep: 0 }],
        file: { kind: 'csv', encoding: 'utf8', tab: false },
        bytes: [],
      };
      // Regression (found by fuzzing): a workbook without any sheet was refused naming no sheet or file.
      const noSheets: SheetInput = {
        mutations: [],
        file: { kind: 'xlsx', shape: { ...plainShape, omitTable: true } },
        bytes: [],
      };
      // Regressions (found by fuzzing): a NUL in a cell and a huge hierarchy number were database errors.
      const nul: SheetInput = {
        mutations: [{ kind: 'setCell', row: 2, column: 5, value: 'a\u0000b' }],
        file: { kind: 'csv', encoding: 'utf16le-bom', tab: true },
        bytes: [],
      };
      const huge: SheetInput = {
        mutations: [{ kind: 'setCell', row: 1, column: 1, value: '2147483648 観光の振興' }],
        file: { kind: 'csv', encoding: 'cp932', tab: false },
        bytes: [],
      };
      expect(await importIssues(await sheetBytes(records, nul), 'kpi.txt')).toEqual([
        expect.objectContaining({ sheet: 'kpi.txt', cell: 'F3', message: expect.stringContaining('NUL') }),
      ]);
      expect(await importIssues(await sheetBytes(records, huge), 'kpi.csv')).toContainEqual(
        expect.objectContaining({ cell: 'B2', message: expect.stringContaining('番号「2147483648」') }),
      );
      await fc.assert(
        fc.asyncProperty(
          sheetInput,
          fc.constantFrom('kpi.csv', 'kpi.xlsx', '指標.txt'),
          async (input, name) => {
            await check(await sheetBytes(records, input), name);
          },
        ),
        {
          numRuns: runs,
          examples: [
            [emptyCsv, 'kpi.csv'],
            [noSheets, 'kpi.xlsx'],
            [nul, 'kpi.csv'],
            [huge, 'kpi.csv'],
          ],
        },
      );
    },
    timeoutFor(runs, 100),
  );

  it(
    `reads ${runs} arbitrary byte strings and texts`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 4000 }),
            fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => new TextEncoder().encode(s)),
            // A zip header on garbage: taken for an xlsx.
            fc.uint8Array({ maxLength: 2000 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
          ),
          async (bytes) => check(bytes, 'kpi.xlsx'),
        ),
        { numRuns: runs },
      );
    },
    timeoutFor(runs, 20),
  );
});
