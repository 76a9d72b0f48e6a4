/**
 * The exported KPI workbook and the template open in LibreOffice Calc: each is converted to PDF with
 * Debian's soffice (headless, a fresh profile per run so parallel runs do not clash).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { loadDemo } from '../../services/demo.ts';
import { exportKpiTable, kpiTemplateForPlan } from '../../services/kpi-import.ts';

const run = promisify(execFile);
const SOFFICE = '/usr/bin/soffice';

/** Converts a file to PDF with LibreOffice; returns the PDF's bytes. */
async function toPdf(file: string, outdir: string): Promise<Buffer> {
  const profile = `file:///tmp/lo-${randomUUID()}`;
  try {
    await run(
      SOFFICE,
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outdir, file],
      { timeout: 120_000 },
    );
  } finally {
    await rm(new URL(profile), { recursive: true, force: true });
  }
  return readFile(join(outdir, file.replace(/^.*\//u, '').replace(/\.xlsx$/u, '.pdf')));
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

  it('converts the exported, evaluated KPI table to a non-empty PDF', { timeout: 180_000 }, async () => {
    const { bytes } = await exportKpiTable(handle.db, { fiscalYear: 2023, format: 'xlsx' });
    const file = join(dir, 'kpi-export.xlsx');
    await writeFile(file, bytes);
    const pdf = await toPdf(file, dir);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await stat(join(dir, 'kpi-export.pdf'))).size).toBeGreaterThan(1000);
  });

  it('converts the template to a non-empty PDF', { timeout: 180_000 }, async () => {
    const file = join(dir, 'kpi-template.xlsx');
    await writeFile(file, await kpiTemplateForPlan(handle.db, 1, '2024-06-01'));
    const pdf = await toPdf(file, dir);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
