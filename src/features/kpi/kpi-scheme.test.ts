import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, kpiSet } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { UserError } from '../../services/municipality.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { setKpiSetScheme } from './kpi-scheme.ts';

describe.each(testBackends())('evaluation scheme per KPI set on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('stores a preset or a scheme object on the set and logs the change', async () => {
    const scheme = await setKpiSetScheme(handle.db, 1, { setName: '総合戦略', scheme: 'nagano' }, 'planner');
    expect(scheme.name).toBe('nagano');
    await setKpiSetScheme(
      handle.db,
      1,
      { setName: '基本計画', scheme: { base: 'tama', reference: 'final' } },
      'planner',
    );
    const sets = await handle.db.select().from(kpiSet).orderBy(kpiSet.position);
    expect(sets.map((s) => s.scheme)).toEqual([{ base: 'tama', reference: 'final' }, 'nagano']);
    expect(await handle.db.select().from(changeLog).where(eq(changeLog.actor, 'planner'))).toHaveLength(2);
  });

  it('refuses an unknown preset, an invalid object or an unknown set, changing nothing', async () => {
    const before = await handle.db.select().from(kpiSet);
    await expect(setKpiSetScheme(handle.db, 1, { setName: '基本計画', scheme: 'nope' }, 't')).rejects.toThrow(
      /評価基準「nope」はありません/,
    );
    await expect(
      setKpiSetScheme(handle.db, 1, { setName: '基本計画', scheme: { formula: 'magic' } }, 't'),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      setKpiSetScheme(handle.db, 1, { setName: 'その他', scheme: 'default' }, 't'),
    ).rejects.toThrow(/見つかりません/);
    expect(await handle.db.select().from(kpiSet)).toEqual(before);
  });
});
