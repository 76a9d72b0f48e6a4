import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { testBackends } from '../db/test-backends.ts';
import { importProgressReport } from '../features/progress/progress-report.ts';
import { contentLines } from '../formats/seed-markdown/round-trip.ts';
import { loadDemo } from '../services/demo.ts';
import { signedIn, type TestClient } from '../test-support/signed-in.ts';
import { createApi } from './app.ts';

const seed = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe.each(testBackends())('HTTP API on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: TestClient;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    api = await signedIn(createApi(handle.db), handle.db);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('lists the plan with its municipality and years', async () => {
    const res = await api.request('/api/plans');
    expect(res.status).toBe(200);
    const [plan] = await res.json();
    expect(plan).toMatchObject({
      name: '第二次美祢市総合計画',
      municipality: { name: '美祢市', localGovCode: '352136' },
      kind: 'plan',
      linkedPlanId: null,
      fiscalYears: [{ fiscalYear: 2023, fiscalYearLabel: '令和5年度' }],
      reportYears: [{ fiscalYear: 2023, fiscalYearLabel: '令和5年度' }],
    });
  });

  it('serves the tree: 5 goals, 15 policies, 41 measures with labels', async () => {
    const res = await api.request('/api/plans/1/tree');
    const { nodes } = await res.json();
    expect(nodes).toHaveLength(5);
    expect(nodes[0]).toMatchObject({
      label: '基本目標 1',
      title: '「魅力の創出・交流」の拡大',
      levelName: '基本目標',
    });
    const policies = nodes.flatMap((g: { children: unknown[] }) => g.children);
    expect(policies).toHaveLength(15);
    const measures = policies.flatMap((p: { children: unknown[] }) => p.children);
    expect(measures).toHaveLength(41);
    expect(measures[2]).toMatchObject({ label: '③', title: 'おもてなしの向上' });
  });

  it('serves a policy’s progress for a year, and 404 in Japanese when there is none', async () => {
    const { nodes } = await (await api.request('/api/plans/1/tree')).json();
    const policyId = nodes[0].children[0].id;
    const ok = await api.request(`/api/nodes/${policyId}/progress?year=2023`);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.resultsHeading).toBe('令和5年度 主な取組内容 / 実績');
    expect(body.directions).toContain('台湾観光・交流事務所を拠点とした事業展開');
    const missing = await api.request(`/api/nodes/${policyId}/progress?year=2022`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('令和4年度の進捗状況は登録されていません');
  });

  it('refuses bad input with a message naming the field', async () => {
    const res = await api.request('/api/nodes/1/progress?year=abc');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/year/);
    expect((await api.request('/api/plans/0/tree')).status).toBe(400);
    expect((await api.request('/api/plans/99/tree')).status).toBe(404);
  });

  it('exports the report as Markdown and describes itself in OpenAPI', async () => {
    const md = await api.request('/api/reports/2023/markdown');
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(contentLines(await md.text())).toEqual(contentLines(seed));
    const doc = await (await api.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/plans', '/api/plans/{planId}/tree', '/api/nodes/{nodeId}/progress']),
    );
  });
});

interface LinkJson {
  nodeId: number;
  planId: number;
  planName: string;
  planKind: string;
  pathLabel: string;
  title: string;
}
interface NodeJson {
  id: number;
  label: string;
  title: string;
  links: LinkJson[];
  children: NodeJson[];
}

describe.each(testBackends())('HTTP API with the demo’s 総合戦略 on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: TestClient;
  beforeEach(async () => {
    handle = await open();
    await loadDemo(handle.db);
    api = await signedIn(createApi(handle.db), handle.db);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('lists the plan and the strategy linked to it, each with the years of its records and KPI actuals', async () => {
    const plans = await (await api.request('/api/plans')).json();
    expect(plans).toHaveLength(2);
    const [plan, strategy] = plans;
    expect(plan).toMatchObject({ name: '第二次美祢市総合計画', kind: 'plan', linkedPlanId: null });
    expect(strategy).toMatchObject({
      name: '総合戦略（架空のデモ構成）',
      kind: 'strategy',
      linkedPlanId: plan.id,
      levels: [{ name: '基本目標' }, { name: '具体的な施策' }],
      reportYears: [],
    });
    for (const p of plans) {
      const years: number[] = p.fiscalYears.map((y: { fiscalYear: number }) => y.fiscalYear);
      expect(years).toContain(2023);
      expect(years).toEqual([...new Set(years)].sort((a, b) => a - b));
    }
    expect(strategy.fiscalYears).toContainEqual({ fiscalYear: 2023, fiscalYearLabel: '令和5年度' });
    // The plan's KPI actuals reach back before its only progress report.
    expect(plan.fiscalYears.length).toBeGreaterThan(1);
    expect(plan.reportYears).toEqual([{ fiscalYear: 2023, fiscalYearLabel: '令和5年度' }]);
  });

  it('serves the strategy table as xlsx and CSV in the import layout; 404 for a plan that is no strategy', async () => {
    const [plan, strategy] = await (await api.request('/api/plans')).json();
    const csv = await api.request(`/api/plans/${strategy.id}/strategy-table?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('基本目標,具体的な施策,関連する施策（総合計画）');
    expect(text).toContain('"1-1-① 観光の振興\n1-1-② 国際観光の推進\n2-3-① 地場産業の育成と観光産業の振興"');
    const xlsx = await api.request(`/api/plans/${strategy.id}/strategy-table`);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
    const notStrategy = await api.request(`/api/plans/${plan.id}/strategy-table`);
    expect(notStrategy.status).toBe(404);
    expect((await notStrategy.json()).error).toMatch(/総合戦略（ID \d+）はありません/u);
  });

  it('links a strategy measure to the plan measures, and a plan measure back to it', async () => {
    const [plan, strategy] = await (await api.request('/api/plans')).json();
    const strategyTree = await (await api.request(`/api/plans/${strategy.id}/tree`)).json();
    expect(strategyTree.nodes).toHaveLength(4);
    const goal1: NodeJson = strategyTree.nodes[0];
    expect(goal1.links).toEqual([]);
    const measure = goal1.children[0] as NodeJson;
    expect(measure).toMatchObject({ label: '具体的な施策1', title: '観光・交流による稼ぐ力の強化' });
    expect(measure.links[0]).toEqual({
      nodeId: expect.any(Number),
      planId: plan.id,
      planName: '第二次美祢市総合計画',
      planKind: 'plan',
      pathLabel: '基本目標 1 ＞ 基本方針1 ＞ ①観光の振興',
      title: '観光の振興',
    });
    expect(measure.links.map((l) => l.title)).toEqual([
      '観光の振興',
      '国際観光の推進',
      '地場産業の育成と観光産業の振興',
    ]);

    const planTree = await (await api.request(`/api/plans/${plan.id}/tree`)).json();
    const measure111: NodeJson = planTree.nodes[0].children[0].children[0];
    expect(measure111).toMatchObject({ label: '①', title: '観光の振興' });
    expect(measure111.id).toBe(measure.links[0]?.nodeId);
    expect(measure111.links).toEqual([
      {
        nodeId: measure.id,
        planId: strategy.id,
        planName: '総合戦略（架空のデモ構成）',
        planKind: 'strategy',
        pathLabel: '基本目標 1 ＞ 具体的な施策1 観光・交流による稼ぐ力の強化',
        title: '観光・交流による稼ぐ力の強化',
      },
    ]);
    // おもてなしの向上 (1-1-③) is in no strategy measure.
    expect(planTree.nodes[0].children[0].children[2].links).toEqual([]);

    const doc = await (await api.request('/api/openapi.json')).json();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Plan', 'TreeNode', 'NodeLink']),
    );
    expect(Object.keys(doc.components.schemas.Plan.properties)).toEqual(
      expect.arrayContaining(['kind', 'linkedPlanId', 'fiscalYears', 'reportYears']),
    );
  });
});
