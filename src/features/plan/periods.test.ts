import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { planPeriod } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { UserError } from '../../services/municipality.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { listPlanPeriods, setPlanPeriod } from './periods.ts';

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
});
