import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { insertLogged } from '../../db/history.ts';
import { changeLog, kpi, kpiActual, kpiSet, planNode } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { fiscalYearOf } from '../../domain/calendar/index.ts';
import { createApi } from '../../http/app.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importProgressReport } from '../progress/progress-report.ts';
import { evaluatePlanKpis, nodeRollUp } from './kpi-evaluation.ts';
import { setKpiSetScheme } from './kpi-scheme.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

interface Seeded {
  goal1: number;
  policy11: number;
  policy12: number;
  k1: number;
  k2: number;
  k3: number;
  k4: number;
}

/** Four KPIs on the demo plan's nodes: two under 基本方針1 (1.1), one under 1.2, one 総合戦略 KPI on 基本目標 1. */
async function seedKpis(db: Database): Promise<Seeded> {
  const ctx = { municipalityId: 1, actor: 'test' };
  const sets = await db.select().from(kpiSet).orderBy(asc(kpiSet.position));
  const plan = sets.find((s) => s.name === '基本計画');
  const strategy = sets.find((s) => s.name === '総合戦略');
  if (!plan || !strategy) throw new Error('KPI sets missing after the report import');
  const nodes = await db.select().from(planNode);
  const node = (path: string) => {
    const found = nodes.find((n) => n.path === path);
    if (!found) throw new Error(`node ${path} missing`);
    return found.id;
  };
  const base = { municipalityId: 1, kpiSetId: plan.id, unit: '人' };
  const k1 = await insertLogged(
    db,
    kpi,
    'kpi',
    {
      ...base,
      nodeId: node('1.1.1'),
      code: 'K1',
      name: '観光客数',
      direction: 'increase',
      definition: '市内観光施設の入込客数',
      dataSource: '観光動態調査',
      department: '観光政策課',
      baselineValue: 100,
      baselineYear: 2020,
      targetValue: 200,
      targetYear: 2026,
      targetComparator: 'gte',
      kind: 'outcome',
    },
    ctx,
  );
  const k2 = await insertLogged(
    db,
    kpi,
    'kpi',
    {
      ...base,
      nodeId: node('1.1.2'),
      code: 'K2',
      name: '待ち時間',
      unit: '分',
      direction: 'decrease',
      baselineValue: 50,
      baselineYear: 2020,
      targetValue: 30,
      targetYear: 2026,
      targetComparator: 'lte',
    },
    ctx,
  );
  const k3 = await insertLogged(
    db,
    kpi,
    'kpi',
    {
      ...base,
      nodeId: node('1.2.1'),
      code: 'K3',
      name: '交流イベント参加者数',
      direction: 'increase',
      baselineValue: 10,
      baselineYear: 2020,
      targetValue: 40,
      targetYear: 2026,
      annualTargets: [
        { fiscalYear: 2023, value: 25 },
        { fiscalYear: 2024, value: 30 },
      ],
      illustrative: true,
    },
    ctx,
  );
  const k4 = await insertLogged(
    db,
    kpi,
    'kpi',
    {
      ...base,
      kpiSetId: strategy.id,
      nodeId: node('1'),
      code: 'S1',
      name: '観光消費額',
      unit: '百万円',
      direction: 'increase',
      targetValue: 5000,
      targetYear: 2027,
    },
    ctx,
  );
  const actual = (
    kpiId: number,
    fiscalYear: number,
    value: number,
    status: 'final' | 'provisional' = 'final',
  ) =>
    insertLogged(db, kpiActual, 'kpi_actual', { municipalityId: 1, kpiId, fiscalYear, value, status }, ctx);
  await actual(k1.id, 2021, 120);
  await actual(k1.id, 2022, 150);
  await actual(k1.id, 2023, 160, 'provisional');
  await actual(k2.id, 2023, 40);
  await actual(k3.id, 2022, 20);
  return {
    goal1: node('1'),
    policy11: node('1.1'),
    policy12: node('1.2'),
    k1: k1.id,
    k2: k2.id,
    k3: k3.id,
    k4: k4.id,
  };
}

/** What an error must leave untouched: every actual and the length of the change log. */
async function snapshot(db: Database) {
  const actuals = await db.select().from(kpiActual).orderBy(asc(kpiActual.id));
  const log = await db.select({ id: changeLog.id }).from(changeLog);
  return { actuals, logLength: log.length };
}

function put(
  api: TestClient,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    api.request(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe.each(testBackends())('KPI API on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: TestClient;
  let ids: Seeded;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    ids = await seedKpis(handle.db);
    api = await signedIn(createApi(handle.db), handle.db);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('lists the KPIs of a policy and of the nodes below it, evaluated, with labels', async () => {
    const res = await api.request(`/api/nodes/${ids.policy11}/kpis?year=2023`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ nodeId: ids.policy11, fiscalYear: 2023, fiscalYearLabel: '令和5年度' });
    expect(body.kpis.map((k: { code: string }) => k.code)).toEqual(['K1', 'K2']);
    expect(body.kpis[0]).toMatchObject({
      kpiSet: { name: '基本計画' },
      node: { label: '①', title: '観光の振興' },
      name: '観光客数',
      unit: '人',
      direction: 'increase',
      directionLabel: '増加',
      baseline: { value: 100, fiscalYear: 2020, fiscalYearLabel: '令和2年度' },
      target: {
        value: 200,
        fiscalYear: 2026,
        fiscalYearLabel: '令和8年度',
        comparator: 'gte',
        comparatorLabel: '以上',
      },
      latest: {
        value: 160,
        fiscalYear: 2023,
        fiscalYearLabel: '令和5年度',
        status: 'provisional',
        statusLabel: '見込',
      },
      rate: 80,
      achieved: false,
      grade: { grade: 'B', label: '概ね順調', symbol: 'B', color: '#4d8f00', kind: 'performance' },
      stale: false,
      projection: {
        label: '達成見込み',
        targetYear: 2026,
        targetYearLabel: '令和8年度',
        expectedValue: 223.333,
      },
      illustrative: false,
    });
    // 減少: 30 ÷ 40 = 75 % → C
    expect(body.kpis[1]).toMatchObject({
      rate: 75,
      grade: { grade: 'C', label: '遅れ' },
      target: { comparatorLabel: '以下' },
    });

    // A goal takes in everything below it, and its own 総合戦略 KPI, sets in order.
    const goal = await (await api.request(`/api/nodes/${ids.goal1}/kpis?year=2023`)).json();
    expect(goal.kpis.map((k: { code: string }) => k.code)).toEqual(['K1', 'K2', 'K3', 'S1']);
    const k3 = goal.kpis[2];
    expect(k3).toMatchObject({ illustrative: true, stale: true, latest: { fiscalYear: 2022 } });
    expect(goal.kpis[3]).toMatchObject({
      kpiSet: { name: '総合戦略' },
      baseline: null,
      latest: null,
      rate: null,
      grade: { grade: '－', label: '評価不能', symbol: '－', kind: 'no-data' },
    });
  });

  it('serves one KPI in full: definition, actuals with versions, annual targets, projection, entry years', async () => {
    const res = await api.request(`/api/kpis/${ids.k1}?year=2023`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      id: ids.k1,
      definition: '市内観光施設の入込客数',
      dataSource: '観光動態調査',
      department: '観光政策課',
      kind: 'outcome',
      kindLabel: '成果指標',
      scheme: { name: 'default' },
      fiscalYear: 2023,
      projection: { expectedValue: 223.333, method: 'trend', onTrack: true, points: 3 },
      evaluation: { reference: { kind: 'final', value: 200 }, changeFromBaseline: 60, improved: true },
    });
    expect(body.actuals).toEqual([
      {
        value: 120,
        fiscalYear: 2021,
        fiscalYearLabel: '令和3年度',
        status: 'final',
        statusLabel: '確定',
        note: null,
        version: 1,
      },
      {
        value: 150,
        fiscalYear: 2022,
        fiscalYearLabel: '令和4年度',
        status: 'final',
        statusLabel: '確定',
        note: null,
        version: 1,
      },
      {
        value: 160,
        fiscalYear: 2023,
        fiscalYearLabel: '令和5年度',
        status: 'provisional',
        statusLabel: '見込',
        note: null,
        version: 1,
      },
    ]);
    const current = fiscalYearOf(new Date(Date.now() + 9 * 3600_000));
    expect(body.entryYears[0].fiscalYear).toBe(current);
    expect(body.entryYears.at(-1)).toEqual({ fiscalYear: 2020, fiscalYearLabel: '令和2年度' });

    const k3 = await (await api.request(`/api/kpis/${ids.k3}?year=2023`)).json();
    expect(k3.annualTargets).toEqual([
      { value: 25, fiscalYear: 2023, fiscalYearLabel: '令和5年度' },
      { value: 30, fiscalYear: 2024, fiscalYearLabel: '令和6年度' },
    ]);
    expect((await api.request('/api/kpis/9999?year=2023')).status).toBe(404);
    expect((await (await api.request('/api/kpis/9999?year=2023')).json()).error).toBe(
      '指標（ID 9999）はありません',
    );
  });

  it('summarises each KPI set per 基本目標 and in total, with the previous year and the change', async () => {
    const res = await api.request('/api/plans/1/kpi-summary?year=2023');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      fiscalYearLabel: '令和5年度',
      previousFiscalYear: 2022,
      previousFiscalYearLabel: '令和4年度',
    });
    const [plan, strategy] = body.sets;
    expect(plan).toMatchObject({ name: '基本計画', illustrative: true });
    expect(strategy).toMatchObject({ name: '総合戦略', illustrative: false });
    expect(plan.grades.map((g: { symbol: string }) => g.symbol).slice(0, 5)).toEqual([
      'A',
      'B',
      'C',
      'D',
      '－',
    ]);
    expect(plan.grades[0]).toMatchObject({ label: '目標達成', color: '#1a7f37', kind: 'performance' });
    expect(plan.groups).toHaveLength(5);
    expect(plan.groups[0]).toMatchObject({ label: '基本目標 1', title: '「魅力の創出・交流」の拡大' });
    const count = (
      aggregate: { counts: Array<{ grade: string; count: number; share: number }> },
      grade: string,
    ) => aggregate.counts.find((c) => c.grade === grade);
    // 2023: K1 B (160/200), K2 C (30/40), K3 stale 20/40 = 50 % → C
    expect(plan.total.total).toBe(3);
    expect(count(plan.total, 'B')).toEqual({ grade: 'B', count: 1, share: 33.3 });
    expect(count(plan.total, 'C')).toEqual({ grade: 'C', count: 2, share: 66.7 });
    expect(plan.groups[0].aggregate.total).toBe(3);
    expect(plan.groups[1].aggregate.total).toBe(0);
    // 2022: K1 150/200 = 75 % C, K2 no data, K3 C
    expect(count(plan.previousTotal, 'C')?.count).toBe(2);
    expect(count(plan.previousTotal, '－')?.count).toBe(1);
    expect(plan.change.grades.find((g: { grade: string }) => g.grade === 'B')).toEqual({
      grade: 'B',
      delta: 1,
      shareDelta: 33.3,
    });
    expect(strategy.total.total).toBe(1);

    expect((await api.request('/api/plans/99/kpi-summary?year=2023')).status).toBe(404);
    expect((await api.request(`/api/nodes/99999/kpis?year=2023`)).status).toBe(404);
  });

  it('rolls the KPIs up to one grade (総合評価) per set for a node, a goal and each 基本目標', async () => {
    const policy = await (await api.request(`/api/nodes/${ids.policy11}/kpis?year=2023`)).json();
    expect(policy.levelName).toBe('基本方針');
    expect(policy.rollUps.map((r: { kpiSet: { name: string } }) => r.kpiSet.name)).toEqual([
      '基本計画',
      '総合戦略',
    ]);
    // K1 B (score 3) and K2 C (2): mean 2.5, a tie, goes to the better grade.
    expect(policy.rollUps[0]).toEqual({
      kpiSet: { id: expect.any(Number), code: expect.any(String), name: '基本計画' },
      scheme: { name: 'default', label: '標準（達成率 A〜D）' },
      rollUp: {
        grade: { grade: 'B', label: '概ね順調', symbol: 'B', color: '#4d8f00', kind: 'performance' },
        method: 'mean-score',
        methodLabel: '平均点方式',
        basisLabel: '指標2件の平均点方式',
        counted: 2,
        excluded: 0,
        score: 2.5,
        achievedShare: 0,
      },
    });
    // No 総合戦略 KPI on or below 基本方針1: the scheme's no-data grade.
    expect(policy.rollUps[1].rollUp).toMatchObject({
      grade: { grade: '－', label: '評価不能', symbol: '－', kind: 'no-data' },
      basisLabel: '指標なし',
      counted: 0,
      excluded: 0,
      score: null,
      achievedShare: null,
    });

    // The goal takes in every KPI below it: B, C, C → mean 2.33 → C; S1 has no actual.
    const goal = await (await api.request(`/api/nodes/${ids.goal1}/kpis?year=2023`)).json();
    expect(goal.levelName).toBe('基本目標');
    expect(goal.rollUps[0].rollUp).toMatchObject({ grade: { grade: 'C' }, counted: 3, score: 2.33 });
    expect(goal.rollUps[1].rollUp).toMatchObject({
      grade: { grade: '－', kind: 'no-data' },
      counted: 0,
      excluded: 1,
      basisLabel: '評価できる指標なし（評価対象外1件）',
    });

    // The summary carries the same grade per 基本目標, and the service has one for every node.
    const summary = await (await api.request('/api/plans/1/kpi-summary?year=2023')).json();
    expect(summary.sets[0].groups[0].rollUp).toEqual(goal.rollUps[0].rollUp);
    expect(summary.sets[0].groups[1].rollUp).toMatchObject({
      grade: { grade: '－' },
      basisLabel: '指標なし',
    });
    const [planSet] = await evaluatePlanKpis(handle.db, { planId: 1, fiscalYear: 2023 });
    if (!planSet) throw new Error('no KPI set');
    const nodes = await handle.db.select().from(planNode);
    expect(planSet.byNode).toHaveLength(nodes.length);
    expect(planSet.byNode.map((n) => n.path).slice(0, 3)).toEqual(['1', '1.1', '1.1.1']);
    expect(nodeRollUp(planSet, { nodeId: ids.policy11 })?.rollUp).toMatchObject({ grade: 'B', counted: 2 });
    expect(nodeRollUp(planSet, { path: '1.1.2' })?.rollUp).toMatchObject({ grade: 'C', counted: 1 });
    expect(nodeRollUp(planSet, { path: '2' })?.rollUp).toMatchObject({ grade: '－', counted: 0 });

    // The method is the scheme's: with `worst`, 基本方針1 gets its worst KPI's grade.
    await setKpiSetScheme(handle.db, 1, { setName: '基本計画', scheme: { rollup: 'worst' } }, 'test');
    const worst = await (await api.request(`/api/nodes/${ids.policy11}/kpis?year=2023`)).json();
    expect(worst.rollUps[0].rollUp).toMatchObject({
      grade: { grade: 'C', label: '遅れ' },
      method: 'worst',
      methodLabel: '最低評価方式',
      basisLabel: '指標2件の最低評価方式',
      score: null,
    });
  });

  it('saves an actual with its actor, re-evaluates, corrects it by version and deletes it', async () => {
    const created = await put(api, `/api/kpis/${ids.k1}/actuals/2024?year=2024`, {
      value: 210,
      status: 'final',
      note: ' 速報値から修正 ',
      version: 0,
    });
    expect(created.status).toBe(200);
    const body = await created.json();
    expect(body.action).toBe('created');
    expect(body.kpi).toMatchObject({
      fiscalYear: 2024,
      latest: { value: 210, fiscalYear: 2024, status: 'final', statusLabel: '確定' },
      rate: 105,
      achieved: true,
      grade: { grade: 'A', label: '目標達成', symbol: 'A' },
    });
    const row = body.kpi.actuals.find((a: { fiscalYear: number }) => a.fiscalYear === 2024);
    expect(row).toMatchObject({ value: 210, note: '速報値から修正', version: 1 });
    const [log] = await handle.db
      .select()
      .from(changeLog)
      .where(eq(changeLog.tableName, 'kpi_actual'))
      .orderBy(asc(changeLog.id))
      .then((rows) => rows.slice(-1));
    expect(log).toMatchObject({ action: 'insert', actor: api.actor });

    // Without ?year the answer is evaluated for the year entered.
    const updated = await put(api, `/api/kpis/${ids.k1}/actuals/2023`, {
      value: 180,
      status: 'final',
      version: 1,
    });
    expect(updated.status).toBe(200);
    const u = await updated.json();
    expect(u.action).toBe('updated');
    expect(u.kpi).toMatchObject({ fiscalYear: 2023, rate: 90, latest: { value: 180, status: 'final' } });
    expect(u.kpi.actuals.find((a: { fiscalYear: number }) => a.fiscalYear === 2023).version).toBe(2);
    const [updateLog] = await handle.db
      .select()
      .from(changeLog)
      .where(eq(changeLog.tableName, 'kpi_actual'))
      .orderBy(asc(changeLog.id))
      .then((rows) => rows.slice(-1));
    expect(updateLog).toMatchObject({ action: 'update', actor: api.actor });
    expect(updateLog?.before).toMatchObject({ value: 160, status: 'provisional' });
    expect(updateLog?.after).toMatchObject({ value: 180, status: 'final' });

    // Saving the same again changes nothing.
    const same = await put(api, `/api/kpis/${ids.k1}/actuals/2023`, {
      value: 180,
      status: 'final',
      version: 2,
    });
    expect((await same.json()).action).toBe('unchanged');

    const deleted = await put(api, `/api/kpis/${ids.k1}/actuals/2023`, { value: null, version: 2 });
    expect(deleted.status).toBe(200);
    const d = await deleted.json();
    expect(d.action).toBe('deleted');
    expect(d.kpi.latest).toMatchObject({ fiscalYear: 2022, value: 150 });
    expect(d.kpi.stale).toBe(true);
    const rows = await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, ids.k1));
    expect(rows.map((r) => r.fiscalYear).sort()).toEqual([2021, 2022, 2024]);
    const deleteLog = await handle.db.select().from(changeLog).where(eq(changeLog.action, 'delete'));
    expect(deleteLog).toHaveLength(1);
  });

  it('answers 409 in Japanese when someone saved first, and changes nothing', async () => {
    const before = await snapshot(handle.db);
    for (const version of [2, 0]) {
      const res = await put(api, `/api/kpis/${ids.k1}/actuals/2023`, {
        value: 170,
        status: 'final',
        version,
      });
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatch(/^他の人が先に更新しました（令和5年度の実績）。/);
    }
    // Even a save that would change nothing hears of the newer version.
    const same = await put(api, `/api/kpis/${ids.k1}/actuals/2023`, {
      value: 160,
      status: 'provisional',
      version: 3,
    });
    expect(same.status).toBe(409);
    // A year nobody had entered, which another form entered meanwhile.
    const stale = await put(api, `/api/kpis/${ids.k1}/actuals/2022`, { value: null, version: 0 });
    expect(stale.status).toBe(409);
    expect(await snapshot(handle.db)).toEqual(before);

    // Two first entries of the same year at once: one is saved, the other is told.
    const results = await Promise.all(
      [1, 2].map((n) =>
        put(api, `/api/kpis/${ids.k2}/actuals/2022`, { value: 40 + n, status: 'final', version: 0 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, ids.k2));
    expect(rows.filter((r) => r.fiscalYear === 2022)).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const before = await snapshot(handle.db);
    const url = `/api/kpis/${ids.k1}/actuals/2023`;
    const cases: Array<[string, unknown, RegExp]> = [
      [url, { value: 'abc', status: 'final' }, /value/],
      [url, { status: 'final' }, /value/],
      [url, { value: 1, status: 'done' }, /status/],
      [url, { value: 1 }, /status/],
      [url, { value: 1, status: 'final', note: 'あ'.repeat(501) }, /note: 500文字以内/],
      [url, { value: 1, status: 'final', version: -1 }, /version/],
      [url, { value: 1, status: 'final', vaule: 2 }, /vaule/],
      [url, { value: 1e16, status: 'final' }, /value/],
      [url, '{"value": 1, "status": "final"', /JSON/],
      [url, '[1, 2]', /入力/],
      [`/api/kpis/${ids.k1}/actuals/abc`, { value: 1, status: 'final' }, /fiscalYear/],
      [`/api/kpis/${ids.k1}/actuals/1800`, { value: 1, status: 'final' }, /fiscalYear/],
      // after the current fiscal year, and before the baseline year
      [
        `/api/kpis/${ids.k1}/actuals/2150`,
        { value: 1, status: 'final' },
        /fiscalYear.*入力できる年度: 令和2年度〜/,
      ],
      [`/api/kpis/${ids.k1}/actuals/2015`, { value: 1, status: 'final' }, /fiscalYear/],
      [`/api/kpis/0/actuals/2023`, { value: 1, status: 'final' }, /kpiId/],
      [`${url}?year=abc`, { value: 1, status: 'final' }, /year/],
    ];
    for (const [path, body, message] of cases) {
      const res = await put(api, path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const { error } = await res.json();
      expect(error, `${path} ${JSON.stringify(body)}`).toMatch(message);
      expect(error).toMatch(/^入力が正しくありません/);
    }
    // Infinity is no number in JSON: 1e400 parses to it and must not be stored.
    const infinite = await put(api, url, '{"value": 1e400, "status": "final"}');
    expect(infinite.status).toBe(400);
    const notFound = await put(api, '/api/kpis/9999/actuals/2023', { value: 1, status: 'final' });
    expect(notFound.status).toBe(404);
    const textBody = await api.request(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(textBody.status).toBe(400);

    for (const path of [
      `/api/nodes/${ids.policy11}/kpis`,
      `/api/kpis/${ids.k1}?year=20x3`,
      '/api/plans/1/kpi-summary?year=1800',
    ]) {
      const res = await api.request(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error).toMatch(/year/);
    }
    expect(await snapshot(handle.db)).toEqual(before);
  });

  it('sets and clears a KPI’s 評価区分 by version, logged, the grade following', async () => {
    const url = `/api/kpis/${ids.k1}/administrative-status?year=2023`;
    const detail = await (await api.request(`/api/kpis/${ids.k1}?year=2023`)).json();
    expect(detail).toMatchObject({ administrativeStatus: null, administrativeStatusLabel: null, version: 1 });
    expect(detail.administrativeStatuses).toEqual([
      { value: 'not-started', label: '未着手' },
      { value: 'suspended', label: '休止・廃止' },
      { value: 'hard-to-evaluate', label: '評価困難' },
    ]);

    const set = await put(api, url, { administrativeStatus: 'suspended', version: 1 });
    expect(set.status).toBe(200);
    const body = await set.json();
    expect(body.action).toBe('updated');
    expect(body.kpi).toMatchObject({
      fiscalYear: 2023,
      administrativeStatus: 'suspended',
      administrativeStatusLabel: '休止・廃止',
      grade: { grade: '休止・廃止', label: '休止・廃止', kind: 'administrative' },
      rate: 80,
      achieved: false,
      version: 2,
    });
    const [log] = await handle.db
      .select()
      .from(changeLog)
      .where(eq(changeLog.tableName, 'kpi'))
      .orderBy(asc(changeLog.id))
      .then((rows) => rows.slice(-1));
    expect(log).toMatchObject({
      rowId: ids.k1,
      action: 'update',
      actor: api.actor,
      before: { administrativeStatus: null },
      after: { administrativeStatus: 'suspended', version: 2 },
    });
    // The list and the summary show it too.
    const list = await (await api.request(`/api/nodes/${ids.policy11}/kpis?year=2023`)).json();
    expect(list.kpis[0].grade).toMatchObject({ grade: '休止・廃止', kind: 'administrative' });

    const same = await put(api, url, { administrativeStatus: 'suspended', version: 2 });
    expect((await same.json()).action).toBe('unchanged');

    // Without ?year the answer is evaluated for the current fiscal year.
    const cleared = await put(api, `/api/kpis/${ids.k1}/administrative-status`, {
      administrativeStatus: null,
      version: 2,
    });
    expect(cleared.status).toBe(200);
    const c = await cleared.json();
    expect(c).toMatchObject({
      action: 'updated',
      kpi: {
        administrativeStatus: null,
        fiscalYear: fiscalYearOf(new Date(Date.now() + 9 * 3600_000)),
        version: 3,
      },
    });
    expect(c.kpi.grade.kind).not.toBe('administrative');
  });

  it('answers 409 for a 評価区分 saved over someone else’s change, and 400/404 for bad input', async () => {
    const url = `/api/kpis/${ids.k1}/administrative-status?year=2023`;
    const before = await snapshot(handle.db);
    const rows = async () => handle.db.select().from(kpi).where(eq(kpi.id, ids.k1));
    for (const version of [0, 2]) {
      const res = await put(api, url, { administrativeStatus: 'not-started', version });
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatch(/^他の人が先にこの指標を更新しました（評価区分）。/);
    }
    const cases: Array<[string, unknown, RegExp]> = [
      [url, { administrativeStatus: '未着手' }, /administrativeStatus: not-started（未着手）/],
      [url, {}, /administrativeStatus/],
      [url, { administrativeStatus: null, version: -1 }, /version/],
      [url, { administrativeStatus: null, status: 'x' }, /不明な項目があります（status）/],
      [url, '{"administrativeStatus": ', /JSON/],
      [`/api/kpis/abc/administrative-status`, { administrativeStatus: null }, /kpiId/],
      [`${url.replace('2023', '20x3')}`, { administrativeStatus: null }, /year/],
    ];
    for (const [path, body, message] of cases) {
      const res = await put(api, path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect((await res.json()).error, `${path} ${JSON.stringify(body)}`).toMatch(message);
    }
    const missing = await put(api, '/api/kpis/9999/administrative-status', { administrativeStatus: null });
    expect(missing.status).toBe(404);
    expect(await snapshot(handle.db)).toEqual(before);
    expect(await rows()).toMatchObject([{ administrativeStatus: null, version: 1 }]);
  });

  it('describes the KPI routes in OpenAPI', async () => {
    const doc = await (await api.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/plans/{planId}/kpi-summary',
        '/api/nodes/{nodeId}/kpis',
        '/api/kpis/{kpiId}',
        '/api/kpis/{kpiId}/actuals/{fiscalYear}',
        '/api/kpis/{kpiId}/administrative-status',
      ]),
    );
    const statusOp = doc.paths['/api/kpis/{kpiId}/administrative-status'].put;
    expect(Object.keys(statusOp.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    expect(doc.components.schemas.AdministrativeStatusInput).toBeDefined();
    const putOp = doc.paths['/api/kpis/{kpiId}/actuals/{fiscalYear}'].put;
    expect(Object.keys(putOp.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    expect(doc.components.schemas.KpiDetail).toBeDefined();
    expect(doc.components.schemas.RollUp.required).toEqual(
      expect.arrayContaining(['grade', 'method', 'methodLabel', 'basisLabel', 'counted', 'excluded']),
    );
    // The shared contract's .meta() reaches the document: names, descriptions, examples, $refs.
    const detail = doc.components.schemas.KpiDetail;
    expect(detail.properties.mayWrite.description).toMatch(/入力できるか/);
    expect(detail.properties.grade).toEqual({ $ref: '#/components/schemas/Grade' });
    expect(doc.components.schemas.Grade.properties.symbol.example).toBe('B');
    expect(doc.paths['/api/kpis/{kpiId}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/KpiDetail',
    });
    expect(putOp.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:kpiId',
      'path:fiscalYear',
      'query:year',
    ]);
  });
});
