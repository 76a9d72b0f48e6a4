import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { insertLogged } from '../db/history.ts';
import { kpi, kpiActual, kpiSet, planNode } from '../db/schema.ts';
import { testBackends } from '../db/test-backends.ts';
import { importProgressReport } from '../services/progress-report.ts';
import { buildReportModel } from './build.ts';

const seed = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe.each(testBackends())('report model on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
  });
  afterEach(async () => {
    await handle.close();
  });

  it('has the cover, the legend and one page per policy in the seed order', async () => {
    const model = await buildReportModel(handle.db, { municipalityId: 1, fiscalYear: 2023 });
    expect(model.cover).toMatchObject({
      planName: '第二次美祢市総合計画',
      periodName: '前期計画',
      subtitle: '令和6年度（令和5年度実績）',
      dateLabel: '令和6年12月19日',
      councilMeeting: '第6回美祢市総合計画審議会',
    });
    expect(model.policies).toHaveLength(15);
    expect(model.policies[0]).toMatchObject({
      goalLabel: '基本目標 1',
      policyLabel: '基本方針1',
      resultsHeading: '令和5年度 主な取組内容／実績',
      directionsHeading: '令和6年度 主な取組／今後の方向性',
    });
    expect(model.policies[0]?.measures.map((m) => `${m.label}${m.title}`)).toEqual([
      '①観光の振興',
      '②国際観光の推進',
      '③おもてなしの向上',
    ]);
    expect(model.kpiSection.sets.map((s) => s.name)).toEqual(['基本計画', '総合戦略']);
  });

  it('counts KPIs per grade per goal and places them on their policy page', async () => {
    const { db } = handle;
    const ctx = { municipalityId: 1, actor: 't' };
    const [set] = await db.select().from(kpiSet).where(eq(kpiSet.name, '基本計画'));
    const [measure] = await db.select().from(planNode).where(eq(planNode.path, '2.1.1'));
    if (!set || !measure) throw new Error('demo structure missing');
    const add = async (code: string, target: number, actual: number | null) => {
      const row = await insertLogged(
        db,
        kpi,
        'kpi',
        {
          municipalityId: 1,
          kpiSetId: set.id,
          nodeId: measure.id,
          code,
          name: `指標${code}`,
          unit: '人',
          direction: 'increase',
          baselineValue: 10,
          baselineYear: 2019,
          targetValue: target,
          targetYear: 2026,
        },
        ctx,
      );
      if (actual !== null) {
        await insertLogged(
          db,
          kpiActual,
          'kpi_actual',
          { municipalityId: 1, kpiId: row.id, fiscalYear: 2023, value: actual },
          ctx,
        );
      }
    };
    await add('K1', 100, 120); // achieved
    await add('K2', 100, 30); // far behind
    await add('K3', 100, null); // no data
    const model = await buildReportModel(db, { municipalityId: 1, fiscalYear: 2023 });
    const basic = model.kpiSection.sets[0];
    expect(basic?.rows.map((r) => r.total)).toEqual([0, 3, 0, 0, 0]);
    expect(basic?.total.total).toBe(3);
    const gradeCount = (grade: string) =>
      basic?.total.counts[basic.grades.findIndex((g) => g.grade === grade)];
    expect(gradeCount('A')).toBe(1);
    expect(gradeCount('D')).toBe(1);
    expect(model.policies[3]?.kpis.map((k) => k.code)).toEqual(['K1', 'K2', 'K3']);
    expect(model.policies[3]?.kpis[0]).toMatchObject({
      rate: 120,
      nodeLabel: '基本目標 2 ＞ 基本方針1 ＞ ①',
    });
    expect(model.annex[0]?.groups[1]?.kpis).toHaveLength(3);
  });
});
