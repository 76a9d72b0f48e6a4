import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { insertLogged } from '../db/history.ts';
import { kpi, kpiActual, kpiSet, planNode } from '../db/schema.ts';
import { testBackends } from '../db/test-backends.ts';
import { loadDemo } from '../services/demo.ts';
import { openWithSeed } from '../services/test-support.ts';
import { buildReportModel } from './build.ts';

describe.each(testBackends())('report model on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
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
      resultsHeading: '令和5年度 主な取組内容 / 実績',
      directionsHeading: '令和6年度 主な取組 / 今後の方向性',
    });
    expect(model.policies[0]?.measures.map((m) => `${m.label}${m.title}`)).toEqual([
      '①観光の振興',
      '②国際観光の推進',
      '③おもてなしの向上',
    ]);
    expect(model.kpiSection.sets.map((s) => s.name)).toEqual(['基本計画', '総合戦略']);
    // No KPI yet: no 総合評価 on the policy pages.
    expect(model.policies.every((p) => p.rollUps.length === 0)).toBe(true);
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

    // 総合評価: A (4) and D (1) average 2.5, a tie that goes to the better grade; K3 has no data.
    const rollUp = {
      setName: '基本計画',
      grade: { grade: 'B', label: '概ね順調', symbol: 'B', color: '#4d8f00' },
      methodLabel: '平均点方式',
      counted: 2,
      excluded: 1,
      basis: '指標2件の平均点方式（評価対象外1件を除く）',
    };
    expect(model.policies[3]?.rollUps).toEqual([rollUp]);
    // Only the sets with KPIs on or below the policy; none at all for a policy without KPIs.
    expect(model.policies[0]?.rollUps).toEqual([]);
    expect(basic?.rows[1]?.rollUp).toEqual(rollUp);
    expect(basic?.rows[0]?.rollUp).toMatchObject({
      grade: { grade: '－', label: '評価不能' },
      counted: 0,
      basis: '指標なし',
    });
  });

  it('takes the 総合戦略 set from the linked strategy: counted per strategy goal, on the pages it links into', async () => {
    await loadDemo(handle.db);
    const model = await buildReportModel(handle.db, { municipalityId: 1, fiscalYear: 2023 });
    // The plan's empty 総合戦略 set (named by the report) gives its place to the strategy's.
    expect(model.kpiSection.sets.map((s) => [s.name, s.total.total])).toEqual([
      ['基本計画', 48],
      ['総合戦略', 15],
    ]);
    const strategy = model.kpiSection.sets[1];
    expect(strategy?.rows.map((r) => r.label)).toEqual([
      '基本目標 1',
      '基本目標 2',
      '基本目標 3',
      '基本目標 4',
    ]);
    expect(strategy?.rows[0]?.title).toBe('稼ぐ地域をつくるとともに、安心して働けるようにする');
    expect(model.annex[1]?.groups.map((g) => g.kpis.length)).toEqual([4, 5, 4, 2]);
    // 観光消費額 hangs on strategy measure 1.1, which links to 1-1-①, 1-1-② and 2-3-①.
    const pageOf = (title: string) => model.policies.find((p) => p.policyTitle === title);
    const tourism = pageOf('観光の振興と魅力の創出');
    expect(tourism?.kpis.map((k) => k.name)).toContain('観光消費額');
    expect(tourism?.kpis.find((k) => k.name === '観光消費額')?.nodeLabel).toBe('基本目標 1 ＞ 具体的な施策1');
    expect(pageOf('魅力産業の振興と地域内経済の活性化')?.kpis.map((k) => k.name)).toContain('観光消費額');
    expect(pageOf('自然・文化の保護と活用')?.kpis.map((k) => k.name)).not.toContain('観光消費額');
    expect(tourism?.rollUps.map((r) => r.setName)).toEqual(['基本計画', '総合戦略']);
    // Goal-level strategy KPIs link nowhere: annex only.
    expect(model.policies.flatMap((p) => p.kpis.map((k) => k.name))).not.toContain(
      '社会増減数（転入者数－転出者数）',
    );
  });
});
