import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { fiscalCycle, kpi, kpiActual, kpiSet, planNode, planPeriod } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { UserError } from '../../services/municipality.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { listPlanPeriods, planYears, setPlanPeriod } from './periods.ts';

describe.each(testBackends())('plan periods on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('knows the period named in the report title, then takes its range in era or western years', async () => {
    expect(await listPlanPeriods(handle.db, 1)).toEqual([{ name: '前期計画', kind: 'basic-plan' }]);
    await setPlanPeriod(
      handle.db,
      1,
      { name: '前期計画', kind: 'basic-plan', from: '令和４年度', to: 'R8' },
      't',
    );
    await setPlanPeriod(
      handle.db,
      1,
      { name: '基本構想', kind: 'vision', from: '2022', to: '令和13年度' },
      't',
    );
    expect(await listPlanPeriods(handle.db, 1)).toEqual([
      { name: '前期計画', kind: 'basic-plan', startYear: 2022, endYear: 2026 },
      { name: '基本構想', kind: 'vision', startYear: 2022, endYear: 2031 },
    ]);
  });

  it('refuses unreadable or reversed ranges and changes nothing', async () => {
    const before = await handle.db.select().from(planPeriod);
    await expect(
      setPlanPeriod(handle.db, 1, { name: '後期計画', kind: 'basic-plan', from: 'R9', to: 'R4' }, 't'),
    ).rejects.toThrow(/終了年度/);
    await expect(
      setPlanPeriod(handle.db, 1, { name: '後期計画', kind: 'basic-plan', from: 'いつか', to: 'R4' }, 't'),
    ).rejects.toBeInstanceOf(UserError);
    expect(await handle.db.select().from(planPeriod)).toEqual(before);
  });

  it('offers every year with data or a cycle: a year with only KPI actuals, a year with only a cycle', async () => {
    const { db } = handle;
    // The seed report is 令和5年度 only: its progress records and report row.
    expect(await planYears(db)).toEqual(new Map([[1, { fiscalYears: [2023], reportYears: [2023] }]]));
    const [set] = await db
      .insert(kpiSet)
      .values({ municipalityId: 1, planId: 1, code: 'B', name: '基本計画', position: 0 })
      .returning();
    if (!set) throw new Error('no KPI set');
    const [measure] = await db.select().from(planNode).where(eq(planNode.level, 3)).limit(1);
    if (!measure) throw new Error('no measure');
    const [indicator] = await db
      .insert(kpi)
      .values({
        municipalityId: 1,
        kpiSetId: set.id,
        nodeId: measure.id,
        code: 'B-1',
        name: '観光客数',
        unit: '人',
        direction: 'increase',
      })
      .returning();
    if (!indicator) throw new Error('no KPI');
    await db.insert(kpiActual).values([
      { municipalityId: 1, kpiId: indicator.id, fiscalYear: 2021, value: 1 },
      { municipalityId: 1, kpiId: indicator.id, fiscalYear: 2024, value: 2 },
    ]);
    await db
      .insert(fiscalCycle)
      .values({ municipalityId: 1, planId: 1, fiscalYear: 2025, deadline: '2026-07-31' });
    expect((await planYears(db)).get(1)).toEqual({
      fiscalYears: [2021, 2023, 2024, 2025],
      reportYears: [2023],
    });
  });
});
