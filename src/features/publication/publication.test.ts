/**
 * Publishing a closed year: refused while open, a snapshot that later writes do not touch, a
 * correction as a new revision with its reason and changes, unpublishing, and rows the database
 * will not let anyone change. On PGlite and PostgreSQL.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_IN_PLACE_MARK, updateLogged } from '../../db/history.ts';
import { changeLog, fiscalCycle, kpi, progressRecord } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant.ts';
import { testBackends } from '../../db/test-backends.ts';
import { openWithPublishedDemo, type PublishedDemo } from '../../test-support/published-demo.ts';
import { listPublications, publishedYear, publishYear, unpublishYear } from './publication.ts';
import { kpiIdOf } from './snapshot.ts';

describe.each(testBackends())('publication on $name', ({ open }) => {
  let demo: PublishedDemo;
  const ctx = () => ({ municipalityId: demo.municipalityId, actor: 'kikaku' });
  const asCity = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(demo.handle.db, demo.municipalityId, work);

  beforeAll(async () => {
    demo = await openWithPublishedDemo(open);
  }, 180_000);
  afterAll(async () => {
    await demo?.handle.close();
  });

  it('publishes the demo year as revision 1 with the report as it was', async () => {
    const year = await asCity((tx) => publishedYear(tx, demo.fiscalYear));
    expect(year?.revision).toBe(1);
    expect(year?.snapshot.fiscalYear).toBe(demo.fiscalYear);
    expect(year?.snapshot.model.policies.length).toBeGreaterThan(10);
    expect(year?.snapshot.model.draft).toBe(false);
    const every = year?.snapshot.inputs.kpiSets.flatMap((s) => s.kpis) ?? [];
    expect(every.length).toBeGreaterThan(0);
    expect(every.every((k) => kpiIdOf(k.kpi) > 0)).toBe(true);
    expect(every.every((k) => k.kpi.actuals.every((a) => a.fiscalYear <= demo.fiscalYear))).toBe(true);
  });

  it('logs a publication with its snapshot named, not copied (the row itself cannot change)', async () => {
    const [published] = await asCity((tx) =>
      tx.select().from(changeLog).where(eq(changeLog.tableName, 'publication')).limit(1),
    );
    const after = published?.after as Record<string, unknown> | undefined;
    expect(after?.action).toBe('publish');
    expect(after?.fiscalYear).toBe(demo.fiscalYear);
    expect(after?.snapshot).toBe(KEPT_IN_PLACE_MARK);
    const year = await asCity((tx) => publishedYear(tx, demo.fiscalYear));
    expect(year?.snapshot.fiscalYear).toBe(demo.fiscalYear);
  });

  it('refuses a year that is not closed, and a republication without changes', async () => {
    await expect(
      asCity((tx) =>
        publishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear + 1, reason: '' }),
      ),
    ).rejects.toThrow('確定していない');
    await expect(
      asCity((tx) =>
        publishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '再公開' }),
      ),
    ).rejects.toThrow('変更はありません');
  });

  it('keeps the snapshot when data changes, and a correction lists what changed', async () => {
    const before = await asCity((tx) => publishedYear(tx, demo.fiscalYear));
    const first = before?.snapshot.inputs.kpiSets[0]?.kpis[0];
    const kpiId = kpiIdOf(first?.kpi ?? {});
    await asCity(async (tx) => {
      const [row] = await tx.select().from(kpi).where(eq(kpi.id, kpiId));
      if (!row) throw new Error('no KPI');
      await updateLogged(tx, kpi, 'kpi', row, { name: `${row.name}（訂正）` }, ctx());
      const [record] = await tx
        .select()
        .from(progressRecord)
        .where(and(eq(progressRecord.fiscalYear, demo.fiscalYear)))
        .limit(1);
      if (!record) throw new Error('no record');
      await updateLogged(tx, progressRecord, 'progress_record', record, { results: ['訂正後の実績'] }, ctx());
    });
    const still = await asCity((tx) => publishedYear(tx, demo.fiscalYear));
    expect(still?.snapshot).toEqual(before?.snapshot);

    await expect(
      asCity((tx) =>
        publishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '' }),
      ),
    ).rejects.toThrow('理由');
    const event = await asCity((tx) =>
      publishYear(tx, ctx(), {
        planId: demo.planId,
        fiscalYear: demo.fiscalYear,
        reason: '指標名の誤記を訂正',
      }),
    );
    expect(event.revision).toBe(2);
    expect(event.changes).toContain(`指標名を「${first?.kpi.name}」から「${first?.kpi.name}（訂正）」に変更`);
    expect(event.changes.some((c) => c.includes('主な取組内容'))).toBe(true);
    const now = await asCity((tx) => publishedYear(tx, demo.fiscalYear));
    expect(now?.revision).toBe(2);
    expect(now?.history.map((h) => h.revision)).toEqual([2, 1]);
  });

  it('unpublishes with a reason; the year is then not public', async () => {
    await expect(
      asCity((tx) =>
        unpublishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: ' ' }),
      ),
    ).rejects.toThrow('理由');
    await asCity((tx) =>
      unpublishYear(tx, ctx(), {
        planId: demo.planId,
        fiscalYear: demo.fiscalYear,
        reason: '確認のため一時取り下げ',
      }),
    );
    expect(await asCity((tx) => publishedYear(tx, demo.fiscalYear))).toBeNull();
    const list = await asCity((tx) => listPublications(tx, demo.planId, demo.localGovCode));
    const year = list.years.find((y) => y.fiscalYear === demo.fiscalYear);
    expect(year?.published).toBe(false);
    expect(year?.events[0]).toMatchObject({ action: 'unpublish', reason: '確認のため一時取り下げ' });
    // Publishing again after a withdrawal needs a reason but no change.
    const again = await asCity((tx) =>
      publishYear(tx, ctx(), {
        planId: demo.planId,
        fiscalYear: demo.fiscalYear,
        reason: '確認を終えて再公開',
      }),
    );
    expect(again.revision).toBe(4);
  });

  it('refuses to change or delete a publication, even as the request role', async () => {
    await expect(asCity((tx) => tx.execute(sql`update publication set reason = 'x'`))).rejects.toThrow();
    await expect(asCity((tx) => tx.execute(sql`delete from publication`))).rejects.toThrow();
    const refusal = (e: unknown) => {
      const error = e as Error & { cause?: Error };
      return `${error.message} ${error.cause?.message ?? ''}`.includes('追記のみ');
    };
    await expect(demo.handle.db.execute(sql`update publication set reason = 'x'`)).rejects.toSatisfy(refusal);
    await expect(demo.handle.db.execute(sql`truncate publication`)).rejects.toSatisfy(refusal);
    const [cycle] = await demo.handle.db
      .select()
      .from(fiscalCycle)
      .where(eq(fiscalCycle.planId, demo.planId));
    expect(cycle?.state).toBe('closed');
  });
});
