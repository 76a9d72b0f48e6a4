import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { testBackends } from '../db/test-backends.ts';
import { contentLines } from '../formats/seed-markdown/round-trip.ts';
import { importProgressReport } from '../services/progress-report.ts';
import { createApi } from './app.ts';

const seed = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe.each(testBackends())('HTTP API on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: ReturnType<typeof createApi>;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    api = createApi(handle.db);
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
      fiscalYears: [{ fiscalYear: 2023, fiscalYearLabel: '令和5年度' }],
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
    expect(body.resultsHeading).toBe('令和5年度 主な取組内容／実績');
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
