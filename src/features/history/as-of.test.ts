import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { updateLogged } from '../../db/history.ts';
import { kpi, municipality, planNode, progressRecord } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant.ts';
import { testBackends } from '../../db/test-backends.ts';
import { BadInputError } from '../../errors.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { saveActual } from '../kpi/kpi-entry.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import { loadReportForExport, renderReportFile } from '../report/export.ts';
import { parseAsOf, readAsOf } from './as-of.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parseAsOf', () => {
  it('reads an ISO timestamp, a local date and time (Japan) and a date (end of that day in Japan)', () => {
    expect(parseAsOf('2026-12-01T10:00:00+09:00').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseAsOf('2026-12-01T01:00:00Z').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseAsOf('2026-12-01T10:00').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseAsOf('2026-12-01').toISOString()).toBe('2026-12-01T14:59:59.999Z');
  });
  it('refuses what is no moment, in Japanese', () => {
    expect(() => parseAsOf('昨日')).toThrow(BadInputError);
    expect(() => parseAsOf('2026-02-30')).toThrow(/ありえない日時/);
    expect(() => parseAsOf('2026-12-01T25:00')).toThrow(/ありえない日時/);
  });
});

describe.each(testBackends())('as-of report on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let municipalityId: number;

  beforeEach(async () => {
    handle = await openWithSeed(open);
    db = handle.db;
    await importKpiTable(
      db,
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R4,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,90,100',
        '1,1,①,基本計画,移住者数,人,増加,定住促進課,8,10',
      ]),
      { fileName: 'mine.csv', actor: 'test', localGovCode: '352136' },
    );
    const [mine] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    municipalityId = mine?.id ?? 0;
  }, 120_000);
  afterEach(async () => {
    await handle.close();
  });

  /** The 令和5年度 report's Markdown, now or as of a moment, read as the app reads (row-level security). */
  const markdown = (asOf?: Date) =>
    withTenant(db, municipalityId, async (tx) => {
      const load = (reader: Database) => loadReportForExport(reader, { fiscalYear: 2023 });
      const inputs = asOf ? await readAsOf(tx, { municipalityId, asOf }, load) : await load(tx);
      return new TextDecoder().decode((await renderReportFile(inputs, { format: 'md' })).bytes);
    });

  it('builds the report of a moment before the last changes byte for byte as it was then', async () => {
    const first = await markdown();
    await pause(15);
    const t1 = new Date();
    await pause(15);

    const ctx = { municipalityId, actor: '企画政策課 山田' };
    // A text of a policy's progress.
    const [record] = await db.select().from(progressRecord).limit(1);
    if (!record) throw new Error('no progress record in the seed');
    await updateLogged(db, progressRecord, 'progress_record', record, { results: ['書き換えた実績'] }, ctx);
    // A node's name.
    const [node] = await db.select().from(planNode).where(eq(planNode.path, '1.1'));
    if (!node) throw new Error('no node 1.1');
    await updateLogged(db, planNode, 'plan_node', node, { title: '改称した基本方針' }, ctx);
    // An actual corrected, another deleted, a KPI renamed.
    const [tourism] = await db.select().from(kpi).where(eq(kpi.name, '観光客数'));
    const [migrants] = await db.select().from(kpi).where(eq(kpi.name, '移住者数'));
    if (!tourism || !migrants) throw new Error('KPIs missing');
    const entry = { actor: ctx.actor, currentFiscalYear: 2026 };
    await saveActual(db, { kpiId: tourism.id, fiscalYear: 2023, value: 150, status: 'final' }, entry);
    await saveActual(db, { kpiId: migrants.id, fiscalYear: 2023, value: null, status: 'final' }, entry);
    await updateLogged(db, kpi, 'kpi', tourism, { name: '観光入込客数' }, ctx);

    const second = await markdown();
    expect(second).not.toBe(first);
    expect(second).toContain('書き換えた実績');
    expect(second).toContain('改称した基本方針');
    expect(second).toContain('観光入込客数');

    expect(await markdown(t1)).toBe(first);
    expect(await markdown(new Date())).toBe(second);
    // Nothing of the past is left behind in the connection.
    expect(await markdown()).toBe(second);
    const [still] = await db
      .select()
      .from(kpi)
      .where(and(eq(kpi.id, tourism.id)));
    expect(still?.name).toBe('観光入込客数');
  }, 60_000);

  it('refuses a moment in the future or before any data, in Japanese', async () => {
    await expect(markdown(new Date(Date.now() + 3600_000))).rejects.toThrow(/未来の時点/);
    await expect(markdown(new Date('2001-01-01T00:00:00Z'))).rejects.toThrow(/まだデータがありません/);
  });
});
