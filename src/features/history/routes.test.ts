import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import { updateLogged } from '../../db/history.ts';
import { kpi, municipality, planNode, progressRecord } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import type { HistoryPage } from './contract.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends())('history routes on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let planning: TestClient;
  let viewer: TestClient;
  let tourismId: number;
  let policyId: number;
  let otherNodeId: number;
  let otherKpiId: number;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    db = handle.db;
    await importKpiTable(
      db,
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,100',
      ]),
      { fileName: 'mine.csv', actor: 'test', localGovCode: '352136' },
    );
    await importKpiTable(
      db,
      csv([
        '政策,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1 安心,① 防災,基本計画,防災訓練参加者数,人,増加,危機管理課,500',
      ]),
      {
        fileName: 'other.csv',
        actor: 'test',
        localGovCode: '131016',
        municipalityName: '千代田区',
        planName: '千代田区基本計画',
        levels: ['政策', '施策'],
      },
    );
    const app = createApi(db);
    planning = await signedIn(app, db, { role: 'planning' });
    viewer = await signedIn(app, db, { role: 'viewer' });
    const [tourism] = await db.select().from(kpi).where(eq(kpi.name, '観光客数'));
    const [other] = await db.select().from(kpi).where(eq(kpi.name, '防災訓練参加者数'));
    const [mine] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const policies = await db.select().from(planNode).where(eq(planNode.path, '1.1'));
    const policy = policies.find((p) => p.municipalityId === mine?.id);
    tourismId = tourism?.id ?? 0;
    policyId = policy?.id ?? 0;
    otherKpiId = other?.id ?? 0;
    otherNodeId = other?.nodeId ?? 0;
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  it("shows a KPI's changes newest first: who, when, what, before → after", async () => {
    const saved = await planning.request(`/api/kpis/${tourismId}/actuals/2023`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 120, status: 'provisional', note: '速報値' }),
    });
    expect(saved.status).toBe(200);
    const res = await viewer.request(`/api/kpis/${tourismId}/history`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as HistoryPage;
    const [latest] = page.entries;
    expect(latest).toMatchObject({
      actor: planning.actor,
      action: 'update',
      actionLabel: '変更',
      tableLabel: '指標の実績値',
      subjectLabel: '令和5年度',
    });
    expect(latest?.changedAtLabel).toMatch(/^令和\d+年\d+月\d+日 \d{2}:\d{2}$/);
    expect(latest?.changes).toEqual([
      { field: 'value', label: '実績値', before: '100', after: '120' },
      { field: 'status', label: '確定・見込', before: '確定', after: '見込' },
      { field: 'note', label: '備考', before: null, after: '速報値' },
    ]);
    // The KPI's own creation (by the import) is further down, with its name.
    const created = page.entries.find((e) => e.table === 'kpi' && e.action === 'insert');
    expect(created?.changes).toContainEqual({
      field: 'name',
      label: '指標名',
      before: null,
      after: '観光客数',
    });
  });

  it("shows a policy's texts item by item, and pages through older entries", async () => {
    const [record] = await db.select().from(progressRecord).where(eq(progressRecord.nodeId, policyId));
    if (!record) throw new Error('no record of 1.1');
    await updateLogged(
      db,
      progressRecord,
      'progress_record',
      record,
      { results: [...record.results, '追加した取組'] },
      { municipalityId: record.municipalityId, actor: '企画政策課 山田' },
    );
    const page = (await (
      await viewer.request(`/api/nodes/${policyId}/history?limit=1`)
    ).json()) as HistoryPage;
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      actor: '企画政策課 山田',
      tableLabel: '進捗状況',
      subjectLabel: '令和5年度',
    });
    expect(page.entries[0]?.changes).toEqual([
      {
        field: 'results',
        label: '主な取組内容／実績',
        before: record.results,
        after: [...record.results, '追加した取組'],
      },
    ]);
    expect(page.nextBefore).not.toBeNull();
    const older = (await (
      await viewer.request(`/api/nodes/${policyId}/history?before=${page.nextBefore}&limit=200`)
    ).json()) as HistoryPage;
    expect(older.entries.map((e) => e.table)).toContain('plan_node');
    expect(older.entries.every((e) => e.id < (page.nextBefore ?? 0))).toBe(true);
  });

  it("answers 404 for another municipality's node or KPI, naming nothing of it", async () => {
    for (const path of [`/api/nodes/${otherNodeId}/history`, `/api/kpis/${otherKpiId}/history`]) {
      const res = await viewer.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('防災');
    }
  });

  it('builds the report as of a moment through the routes, byte for byte, and refuses the future', async () => {
    const markdownAt = async (query = '') => {
      const res = await viewer.request(`/api/reports/2023/markdown${query}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const fileAt = async (query = '') => {
      const res = await viewer.request(`/api/reports/2023/file?format=md${query}`);
      expect(res.status).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    const firstMarkdown = await markdownAt();
    const firstFile = await fileAt();
    await pause(15);
    const t1 = new Date().toISOString();
    await pause(15);
    const [node] = await db.select().from(planNode).where(eq(planNode.id, policyId));
    if (!node) throw new Error('policy missing');
    await updateLogged(
      db,
      planNode,
      'plan_node',
      node,
      { title: '改称した基本方針' },
      {
        municipalityId: node.municipalityId,
        actor: 'test',
      },
    );
    expect(await markdownAt()).not.toBe(firstMarkdown);
    const asOf = `&asOf=${encodeURIComponent(t1)}`;
    expect(await markdownAt(`?asOf=${encodeURIComponent(t1)}`)).toBe(firstMarkdown);
    expect(await fileAt(asOf)).toEqual(firstFile);
    const future = await viewer.request(`/api/reports/2023/markdown?asOf=2999-01-01`);
    expect(future.status).toBe(400);
    expect((await future.json()).error).toContain('未来の時点');
    const bad = await viewer.request(`/api/reports/2023/file?format=md&asOf=yesterday`);
    expect(bad.status).toBe(400);
  });
});
