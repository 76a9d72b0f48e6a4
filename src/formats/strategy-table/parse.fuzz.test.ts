/**
 * Property-based tests (fast-check) of the strategy-table importer's reading half: files made from the
 * demo 総合戦略 sheet and broken (see src/formats/fuzz-support.ts) are read and parsed; the importer
 * never crashes or hangs, and every problem is a KpiTableError or issue in Japanese naming its sheet
 * and cell. Runs: HOSHIN_FUZZ_RUNS (300 in CI; `npm run fuzz` runs 10,000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bounded,
  csvRecords,
  fixture,
  fuzzRuns,
  hostileCell,
  misplacedIssue,
  plainShape,
  type SheetInput,
  sheetBytes,
  sheetInput,
  timeoutFor,
} from '../fuzz-support.ts';
import { KpiTableError, readTableSource } from '../kpi-table/index.ts';
import { parsePlanReferences, parseStrategyTable } from './parse.ts';

const LEVELS = ['基本目標', '具体的な施策'];
const records = csvRecords(fixture('strategy-illustrative.csv'));
const runs = fuzzRuns();

async function importIssues(bytes: Uint8Array, fileName: string) {
  try {
    const source = await readTableSource(bytes, fileName);
    return parseStrategyTable(source, { levelNames: LEVELS }).issues;
  } catch (error) {
    // Only the importer's own refusal is allowed out; anything else is a crash.
    if (error instanceof KpiTableError) {
      expect(error.issues.length).toBeGreaterThan(0);
      return error.issues;
    }
    throw error;
  }
}

async function check(bytes: Uint8Array, fileName: string) {
  const issues = await bounded(() => importIssues(bytes, fileName));
  expect(issues.map(misplacedIssue).filter((w) => w !== null)).toEqual([]);
}

describe('strategy table importer under fuzzing', () => {
  it(
    `reads ${runs} mutated sheets (CSV in every encoding, xlsx) without a crash, a hang or a placeless message`,
    async () => {
      const noSheets: SheetInput = {
        mutations: [],
        file: { kind: 'xlsx', shape: { ...plainShape, omitTable: true } },
        bytes: [],
      };
      const merged: SheetInput = {
        mutations: [],
        file: { kind: 'xlsx', shape: { ...plainShape, merges: [{ column: 0, row: 1, height: 4 }] } },
        bytes: [],
      };
      // Regressions (found by fuzzing): a NUL in a cell and a huge hierarchy number were database errors.
      const nul: SheetInput = {
        mutations: [{ kind: 'setCell', row: 1, column: 0, value: '\u0000' }],
        file: { kind: 'csv', encoding: 'utf8', tab: false },
        bytes: [],
      };
      const huge: SheetInput = {
        mutations: [{ kind: 'setCell', row: 1, column: 0, value: '99999999999999999999 観光' }],
        file: { kind: 'csv', encoding: 'utf8', tab: false },
        bytes: [],
      };
      expect(await importIssues(await sheetBytes(records, nul), 'senryaku.csv')).toEqual([
        expect.objectContaining({ cell: 'A2', message: expect.stringContaining('NUL') }),
      ]);
      expect(await importIssues(await sheetBytes(records, huge), 'senryaku.csv')).toContainEqual(
        expect.objectContaining({
          cell: 'A2',
          message: expect.stringContaining('番号「100000000000000000000」'),
        }),
      );
      await fc.assert(
        fc.asyncProperty(
          sheetInput,
          fc.constantFrom('senryaku.csv', 'senryaku.xlsx'),
          async (input, name) => {
            await check(await sheetBytes(records, input), name);
          },
        ),
        {
          numRuns: runs,
          examples: [
            [noSheets, 'senryaku.xlsx'],
            [merged, 'senryaku.xlsx'],
            [nul, 'senryaku.xlsx'],
            [huge, 'senryaku.csv'],
          ],
        },
      );
    },
    timeoutFor(runs, 100),
  );

  it(`splits ${runs} arbitrary 関連する施策 cells without a crash`, () => {
    const ref = { sheet: 'Sheet1', cell: 'C2' };
    fc.assert(
      fc.property(
        fc.array(hostileCell, { maxLength: 6 }),
        fc.constantFrom('\n', '；', '、', '/', ' '),
        (parts, sep) => {
          for (const reference of parsePlanReferences(parts.join(sep), ref)) {
            expect(reference.ref).toBe(ref);
            // Only looked up, never stored: a huge number is simply a node not found.
            expect(Array.isArray(reference.numbers)).toBe(true);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
