import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { testBackends } from '../../db/test-backends.ts';
import { NotFoundError } from '../../errors.ts';
import { buildReportModel } from '../../report/build.ts';
import { loadDemo } from '../../services/demo.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { loadReportInputs } from './load.ts';

describe.each(testBackends())('report inputs on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('reads the report, its plan, the linked strategy and the links as plain data', async () => {
    await loadDemo(handle.db);
    const inputs = await loadReportInputs(handle.db, { municipalityId: 1, fiscalYear: 2023 });
    expect(inputs).toMatchObject({
      fiscalYear: 2023,
      municipality: { name: '美祢市', localGovCode: '352136' },
      document: { plan: { name: '第二次美祢市総合計画' }, report: { fiscalYear: 2023 } },
    });
    expect(inputs.kpiSets.map((s) => s.set.name)).toEqual(['基本計画', '総合戦略']);
    const strategyId = inputs.kpiSets[1]?.plan.id;
    expect(strategyId).not.toBe(inputs.planId);
    expect(new Set(inputs.planNodes.map((n) => n.planId))).toEqual(new Set([inputs.planId, strategyId]));
    const strategyNodes = new Set(inputs.planNodes.filter((n) => n.planId === strategyId).map((n) => n.id));
    expect(inputs.nodeLinks.length).toBeGreaterThan(0);
    expect(inputs.nodeLinks.every((l) => strategyNodes.has(l.linkedNodeId))).toBe(true);
    // Nothing but values: the same model from a copy that went through JSON.
    const copy = JSON.parse(JSON.stringify(inputs));
    expect(buildReportModel(copy)).toEqual(buildReportModel(inputs));
  });

  it('says in Japanese when the year has no report, or not on that plan', async () => {
    const load = (key: { fiscalYear: number; planId?: number }) =>
      loadReportInputs(handle.db, { municipalityId: 1, ...key });
    await expect(load({ fiscalYear: 2022 })).rejects.toThrow(
      new NotFoundError('令和4年度（実績）の進捗報告書はありません'),
    );
    await expect(load({ fiscalYear: 2023, planId: 9999 })).rejects.toBeInstanceOf(NotFoundError);
  });
});
