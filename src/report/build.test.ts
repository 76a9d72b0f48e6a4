import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../db/client.ts';
import { insertLogged } from '../db/history.ts';
import { kpi, kpiActual, kpiSet, planNode } from '../db/schema.ts';
import { testBackends } from '../db/test-backends.ts';
import { aggregateGrades, DEFAULT_SCHEME, evaluateKpi, rollUp } from '../domain/evaluation/index.ts';
import { loadReportInputs } from '../features/report/load.ts';
import { loadDemo } from '../services/demo.ts';
import { openWithSeed } from '../services/test-support.ts';
import { buildReportModel } from './build.ts';
import type { ReportEvaluatedKpi, ReportInputs, ReportKpi, ReportKpiSet } from './inputs.ts';

/** The model the export builds: inputs read from the database, then the pure builder. */
const buildFromDatabase = async (db: Database) =>
  buildReportModel(await loadReportInputs(db, { municipalityId: 1, fiscalYear: 2023 }));

describe.each(testBackends())('report model on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('has the cover, the legend and one page per policy in the seed order', async () => {
    const model = await buildFromDatabase(handle.db);
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
    const model = await buildFromDatabase(db);
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
    const model = await buildFromDatabase(handle.db);
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

describe('report model from hand-made inputs, without a database', () => {
  const kpiOn = (code: string, nodeId: number, nodePath: string, actual: number): ReportEvaluatedKpi => {
    const kpi: ReportKpi = {
      code,
      name: `指標${code}`,
      unit: '人',
      direction: 'increase',
      baseline: { fiscalYear: 2019, value: 10 },
      target: { fiscalYear: 2026, value: 100, comparator: 'gte' },
      actuals: [{ fiscalYear: 2023, value: actual }],
      nodeId,
      nodePath,
      illustrative: false,
    };
    return { kpi, evaluation: evaluateKpi(kpi, 2023, DEFAULT_SCHEME) };
  };
  /** A set evaluated by the domain's own functions, as the evaluation service does. */
  const kpiSet = (
    name: string,
    plan: ReportKpiSet['plan'],
    top: { path: string; label: string; title: string },
    kpis: ReportEvaluatedKpi[],
  ): ReportKpiSet => {
    const rollUpWithin = (path: string) =>
      rollUp(
        kpis.filter((k) => `${k.kpi.nodePath}.`.startsWith(`${path}.`)).map((k) => k.evaluation),
        DEFAULT_SCHEME,
      );
    // Every node a KPI hangs on or below: 1, 1.1, 1.1.1.
    const paths = new Set(
      kpis.flatMap((k) => k.kpi.nodePath.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))),
    );
    const total = aggregateGrades(
      kpis.map((k) => k.evaluation),
      DEFAULT_SCHEME,
    );
    return {
      set: { name },
      plan,
      scheme: DEFAULT_SCHEME,
      kpis,
      byTopNode: [{ ...top, aggregate: total, rollUp: rollUpWithin(top.path) }],
      byNode: [...paths].map((path) => ({ path, rollUp: rollUpWithin(path) })),
      total,
      previousTotal: aggregateGrades([], DEFAULT_SCHEME),
    };
  };
  const circled = { name: '施策', numbering: 'circled' } as const;
  const inputs: ReportInputs = {
    fiscalYear: 2023,
    municipality: { name: '架空市', localGovCode: '999997' },
    planId: 1,
    document: {
      plan: {
        name: '第一次架空市総合計画',
        levels: [
          { name: '基本目標', numbering: 'arabic' },
          { name: '基本方針', numbering: 'arabic' },
          circled,
        ],
        progressLevel: 2,
      },
      periodName: '前期計画',
      report: {
        title: '第一次架空市総合計画 前期計画の進捗状況について',
        subtitle: '令和6年度（令和5年度実績）',
        fiscalYear: 2023,
        date: '2024-12-19',
        councilMeeting: '第1回架空市総合計画審議会',
        kpiSectionHeading: '',
        kpiSetNames: ['基本計画', '総合戦略'],
        legend: {
          heading: '次ページからの記載事項',
          goalLabel: '基本目標名',
          policyLabel: '基本方針名',
          measuresLabel: '①施策名',
          resultsHeading: '主な取組内容 / 実績',
          resultsDescription: [],
          directionsHeading: '主な取組 / 今後の方向性',
          directionsDescription: [],
        },
      },
      nodes: [
        {
          level: 1,
          number: 1,
          title: '活力あるまち',
          children: [
            {
              level: 2,
              number: 1,
              title: '観光の振興',
              progress: { fiscalYear: 2023, results: ['観光案内所を開設'], directions: ['周遊の促進'] },
              children: [{ level: 3, number: 1, title: '観光地の魅力向上', children: [] }],
            },
            { level: 2, number: 2, title: '農業の振興', children: [] },
          ],
        },
      ],
    },
    kpiSets: [
      kpiSet('基本計画', { id: 1, levels: [] }, { path: '1', label: '基本目標 1', title: '活力あるまち' }, [
        kpiOn('K1', 3, '1.1.1', 120),
      ]),
      kpiSet(
        '総合戦略',
        {
          id: 2,
          levels: [
            { name: '基本目標', numbering: 'arabic' },
            { name: '具体的な施策', numbering: 'arabic' },
          ],
        },
        { path: '1', label: '基本目標 1', title: 'しごとをつくる' },
        [kpiOn('S1', 12, '1.1', 30)],
      ),
    ],
    planNodes: [
      { id: 1, planId: 1, path: '1', level: 1, number: 1 },
      { id: 2, planId: 1, path: '1.1', level: 2, number: 1 },
      { id: 3, planId: 1, path: '1.1.1', level: 3, number: 1 },
      { id: 4, planId: 1, path: '1.2', level: 2, number: 2 },
      { id: 11, planId: 2, path: '1', level: 1, number: 1 },
      { id: 12, planId: 2, path: '1.1', level: 2, number: 1 },
    ],
    // The strategy's measure 1.1 serves 施策 1-1-① of the plan.
    nodeLinks: [{ nodeId: 3, linkedNodeId: 12 }],
  };

  it('prints the cover, the headings and the labels from the inputs alone', () => {
    const model = buildReportModel(inputs);
    expect(model.municipality).toEqual({ name: '架空市', localGovCode: '999997' });
    expect(model.cover).toEqual({
      title: '第一次架空市総合計画 前期計画の進捗状況について',
      planName: '第一次架空市総合計画',
      periodName: '前期計画',
      subtitle: '令和6年度（令和5年度実績）',
      date: '2024-12-19',
      dateLabel: '令和6年12月19日',
      councilMeeting: '第1回架空市総合計画審議会',
    });
    // An empty stored heading falls back to the usual one.
    expect(model.kpiSection.heading).toBe('指標（KPI）の達成状況');
    expect(model.levelNames).toEqual(['基本目標', '基本方針', '施策']);
    expect(model.pageLevelName).toBe('基本方針');
    expect(model.policies.map((p) => `${p.goalLabel}／${p.policyLabel}${p.policyTitle}`)).toEqual([
      '基本目標 1／基本方針1観光の振興',
      '基本目標 1／基本方針2農業の振興',
    ]);
    expect(model.policies[0]).toMatchObject({
      measures: [{ label: '①', title: '観光地の魅力向上' }],
      resultsHeading: '令和5年度 主な取組内容 / 実績',
      directionsHeading: '令和6年度 主な取組 / 今後の方向性',
      results: ['観光案内所を開設'],
      directions: ['周遊の促進'],
    });
    expect(model.policies[1]).toMatchObject({ results: [], directions: [], kpis: [], rollUps: [] });
  });

  it("places the plan's KPIs under their policy and a linked strategy's KPIs on the pages they link into", () => {
    const model = buildReportModel(inputs);
    const [tourism] = model.policies;
    expect(tourism?.kpis.map((k) => [k.code, k.nodeLabel, k.grade.grade, k.rate])).toEqual([
      ['K1', '基本目標 1 ＞ 基本方針1 ＞ ①', 'A', 120],
      ['S1', '基本目標 1 ＞ 具体的な施策1', 'D', 30],
    ]);
    expect(tourism?.kpis[0]).toMatchObject({
      directionLabel: '増加',
      baseline: { value: 10, yearLabel: '令和元年度', yearShort: 'R1' },
      target: { value: 100, yearLabel: '令和8年度', comparatorLabel: '以上' },
      latest: { value: 120, yearLabel: '令和5年度', status: 'final' },
    });
    expect(tourism?.rollUps.map((r) => [r.setName, r.grade.grade, r.counted])).toEqual([
      ['基本計画', 'A', 1],
      ['総合戦略', 'D', 1],
    ]);
    expect(model.kpiSection.sets.map((s) => [s.name, s.total.total, s.rows.map((r) => r.label)])).toEqual([
      ['基本計画', 1, ['基本目標 1']],
      ['総合戦略', 1, ['基本目標 1']],
    ]);
    expect(model.annex.map((a) => [a.name, a.groups.map((g) => g.kpis.map((k) => k.code))])).toEqual([
      ['基本計画', [['K1']]],
      ['総合戦略', [['S1']]],
    ]);
    expect(model.illustrative).toBe(false);
  });

  it('leaves a strategy KPI off every page when no link brings it there', () => {
    const model = buildReportModel({ ...inputs, nodeLinks: [] });
    expect(model.policies.flatMap((p) => p.kpis.map((k) => k.code))).toEqual(['K1']);
    expect(model.annex[1]?.groups[0]?.kpis.map((k) => k.code)).toEqual(['S1']);
  });

  it('gives the same model for the same inputs and leaves them untouched', () => {
    const before = structuredClone(inputs);
    expect(buildReportModel(inputs)).toEqual(buildReportModel(inputs));
    expect(inputs).toEqual(before);
  });
});
