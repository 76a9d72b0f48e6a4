/** Writing a policy's texts in the UI: create, update, conflicts with both texts, departments, closed years. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, department, fiscalCycle, planNode, progressRecord } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';

describe.each(testBackends())('progress texts on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  let tourism: TestClient;
  let settlement: TestClient;
  let council: TestClient;
  /** 基本方針1 (1.1), assigned to 観光政策課 on its 基本目標; the first 基本方針 of 基本目標 2 (2.1) has none. */
  let policy: number;
  let otherPolicy: number;
  let measure: number;
  let planId: number;

  const put = (client: TestClient, nodeId: number, year: number, body: unknown) =>
    client.request(`/api/nodes/${nodeId}/progress/${year}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = async (client: TestClient, nodeId: number, year: number) =>
    (await client.request(`/api/nodes/${nodeId}/progress/${year}`)).json();

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const { db } = handle;
    const app = createApi(db);
    planner = await signedIn(app, db, { role: 'planning' });
    tourism = await signedIn(app, db, { role: 'department', department: '観光政策課' });
    settlement = await signedIn(app, db, { role: 'department', username: 'teiju', department: '定住促進課' });
    council = await signedIn(app, db, { role: 'council' });
    const nodes = await db.select().from(planNode);
    const byPath = (path: string) => {
      const found = nodes.find((n) => n.path === path);
      if (!found) throw new Error(`node ${path} missing`);
      return found;
    };
    policy = byPath('1.1').id;
    otherPolicy = byPath('2.1').id;
    measure = byPath('1.1.1').id;
    planId = byPath('1.1').planId;
    const [d] = await db.select().from(department).where(eq(department.name, '観光政策課'));
    // The goal's department reaches the policies below it.
    await db
      .update(planNode)
      .set({ departmentId: d?.id ?? null })
      .where(eq(planNode.id, byPath('1').id));
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('reads a year without texts as an empty record with last year’s directions, and who may write', async () => {
    const texts = await get(tourism, policy, 2024);
    expect(texts).toMatchObject({
      nodeId: policy,
      fiscalYear: 2024,
      fiscalYearLabel: '令和6年度',
      record: null,
      previous: { fiscalYear: 2023, fiscalYearLabel: '令和5年度' },
      mayWrite: true,
      writeRefusal: null,
      responsibleDepartment: { name: '観光政策課' },
    });
    expect(texts.previous.directions.length).toBeGreaterThan(0);
    const [seeded] = await handle.db
      .select()
      .from(progressRecord)
      .where(and(eq(progressRecord.nodeId, policy), eq(progressRecord.fiscalYear, 2023)));
    expect(texts.previous.directions).toEqual(seeded?.directions);
    expect((await get(settlement, policy, 2024)).writeRefusal).toContain('観光政策課の担当');
    expect((await get(council, policy, 2024)).mayWrite).toBe(false);
    expect((await tourism.request(`/api/nodes/${measure}/progress/2024`)).status).toBe(400);
  });

  it('creates, then updates against the version, each logged under the writer', async () => {
    const created = await put(tourism, policy, 2024, {
      results: ['  観光案内所を開設した  '],
      directions: ['多言語案内を進める'],
      version: null,
    });
    expect(created.status).toBe(200);
    const first = await created.json();
    expect(first.action).toBe('created');
    expect(first.texts.record).toEqual({
      results: ['観光案内所を開設した'],
      directions: ['多言語案内を進める'],
      version: 1,
    });
    const updated = await put(planner, policy, 2024, {
      results: ['観光案内所を開設した', '観光ガイドを育成した'],
      directions: ['多言語案内を進める'],
      version: 1,
    });
    expect(updated.status).toBe(200);
    expect((await updated.json()).texts.record.version).toBe(2);
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'progress_record'));
    expect(log.slice(-2).map((l) => [l.action, l.actor])).toEqual([
      ['insert', tourism.actor],
      ['update', planner.actor],
    ]);
    // The next year shows these directions as its 前年度の方向性.
    expect((await get(tourism, policy, 2025)).previous.directions).toEqual(['多言語案内を進める']);
  });

  it('answers a stale version with 409 and both texts, and changes nothing', async () => {
    const before = await handle.db.select().from(progressRecord);
    const stale = await put(tourism, policy, 2024, {
      results: ['私の実績'],
      directions: [],
      version: 1,
    });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error).toContain('他の人が先に');
    expect(body.saved.results).toEqual(['観光案内所を開設した', '観光ガイドを育成した']);
    expect(body.saved.version).toBe(2);
    expect(body.yours).toEqual({ results: ['私の実績'], directions: [] });
    // Creating what already exists is the same conflict.
    expect((await put(tourism, policy, 2024, { results: ['x'], directions: [], version: null })).status).toBe(
      409,
    );
    expect(await handle.db.select().from(progressRecord)).toEqual(before);
  });

  it("refuses another department's policy (403) and a reader (403)", async () => {
    const body = { results: ['他課の実績'], directions: [], version: null };
    const other = await put(settlement, policy, 2025, body);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toContain('観光政策課の担当');
    const unassigned = await put(tourism, otherPolicy, 2025, body);
    expect(unassigned.status).toBe(403);
    expect((await unassigned.json()).error).toContain('担当課が割り当てられていません');
    expect((await put(council, policy, 2025, body)).status).toBe(403);
  });

  it('refuses bad items with every problem in Japanese (400)', async () => {
    const res = await put(tourism, policy, 2025, {
      results: ['ok', '   '],
      directions: ['x'.repeat(2001)],
      version: null,
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toContain('主な取組内容／実績の2項目目が空です');
    expect(error).toContain('2000文字以内');
    // A NUL never reaches the use case: the guard refuses the whole request.
    const nul = await put(tourism, policy, 2025, { results: ['a\u0000b'], directions: [], version: null });
    expect(nul.status).toBe(400);
    expect((await nul.json()).error).toContain('NUL');
    const tooMany = await put(tourism, policy, 2025, {
      results: Array.from({ length: 101 }, (_, i) => `項目${i}`),
      directions: [],
      version: null,
    });
    expect((await tooMany.json()).error).toContain('100項目まで');
    const notList = await put(tourism, policy, 2025, { results: 'a', directions: [], version: null });
    expect(notList.status).toBe(400);
    const notJson = await tourism.request(`/api/nodes/${policy}/progress/2025`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toContain('JSON');
    expect((await put(tourism, measure, 2025, { results: [], directions: [], version: null })).status).toBe(
      400,
    );
  });

  it('refuses a write to a closed year (423) and says so when reading', async () => {
    const [node] = await handle.db.select().from(planNode).where(eq(planNode.id, policy));
    await handle.db.insert(fiscalCycle).values({
      municipalityId: node?.municipalityId ?? 1,
      planId,
      fiscalYear: 2022,
      state: 'closed',
      deadline: '2023-10-31',
    });
    const res = await put(planner, policy, 2022, { results: ['遅れた実績'], directions: [], version: null });
    expect(res.status).toBe(423);
    expect((await res.json()).error).toContain('確定済み');
    const texts = await get(planner, policy, 2022);
    expect(texts).toMatchObject({ yearClosed: true, mayWrite: false });
  });

  it('refuses texts for a retired policy', async () => {
    await handle.db.update(planNode).set({ retired: true }).where(eq(planNode.id, otherPolicy));
    const res = await put(planner, otherPolicy, 2025, { results: ['x'], directions: [], version: null });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain('廃止');
    expect((await get(planner, otherPolicy, 2025)).retired).toBe(true);
    await handle.db.update(planNode).set({ retired: false }).where(eq(planNode.id, otherPolicy));
  });
});
