/**
 * @module Crash test driver
 * A process for the crash tests (src/db/crash.test.ts) to kill with SIGKILL while it works. It opens
 * the database the way the CLI does (DATABASE_URL, else the PGlite folder HOSHIN_DATA_DIR) and prints
 * one line per step, so the test knows when work is in flight:
 *
 * - `import FILE PLAN`: `IMPORTING`, then imports the KPI table into a new plan (one transaction),
 *   then `IMPORTED <rows>`;
 * - `report`: builds the FY2023 report (Markdown and xlsx) over and over: `BUILDING n` … `BUILT n`;
 * - `serve`: the real server on 127.0.0.1, any free port: `LISTENING <url>`; the test sends the writes.
 *
 * Run with `node --import tsx src/test-support/crash-driver.ts <mode> …`.
 */
import { readFileSync } from 'node:fs';
import { databaseOptionsFromEnv, openDatabase } from '../db/client.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { exportReport } from '../features/report/export.ts';
import { FOUR_LEVELS } from '../formats/kpi-table/test-support.ts';
import { startServer } from '../http/server.ts';

/** One line on stdout (a pipe: written synchronously, so the line is out before the next step). */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function importMode(file: string, planName: string): Promise<void> {
  const handle = await openDatabase({ ...databaseOptionsFromEnv(), purpose: 'crash import' });
  const bytes = readFileSync(file);
  say('IMPORTING');
  const summary = await importKpiTable(handle.db, bytes, {
    fileName: 'crash.xlsx',
    actor: 'crash test',
    localGovCode: '131016',
    municipalityName: '千代田区',
    planName,
    levels: [...FOUR_LEVELS],
  });
  say(`IMPORTED ${summary.rows}`);
  await handle.close();
}

async function reportMode(): Promise<never> {
  const handle = await openDatabase({ ...databaseOptionsFromEnv(), purpose: 'crash report' });
  for (let n = 1; ; n++) {
    say(`BUILDING ${n}`);
    // The demo's city (美祢市): the crash test also imports KPIs into another city.
    await exportReport(handle.db, { fiscalYear: 2023, format: 'md', localGovCode: '352136' });
    await exportReport(handle.db, { fiscalYear: 2023, format: 'xlsx', localGovCode: '352136' });
    say(`BUILT ${n}`);
  }
}

async function serveMode(): Promise<void> {
  const options = databaseOptionsFromEnv();
  const server = await startServer({
    port: 0,
    hostname: '127.0.0.1',
    ...options,
    demo: true,
    warmPdfPrinter: false,
  });
  say(`LISTENING ${server.url}`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'import' && args[0] && args[1]) await importMode(args[0], args[1]);
else if (mode === 'report') await reportMode();
else if (mode === 'serve') await serveMode();
else {
  process.stderr.write('usage: crash-driver.ts import FILE PLAN | report | serve\n');
  process.exit(2);
}
