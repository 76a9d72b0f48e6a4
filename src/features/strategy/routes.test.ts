/** Uploading a 総合戦略 structure table to the server: imported as the signed-in planner, or refused by cell. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, plan } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';

const structure = readFileSync(new URL('../../../fixtures/demo/strategy-illustrative.csv', import.meta.url));
const query = (name: string) =>
  `fileName=s.csv&name=${encodeURIComponent(name)}&levels=${encodeURIComponent('基本目標,具体的な施策')}`;

describe.each(testBackends())('strategy table upload on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  const upload = (body: Uint8Array, q: string) =>
    planner.request(`/api/strategy-table?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: body as Uint8Array<ArrayBuffer>,
    });
  beforeAll(async () => {
    handle = await openWithSeed(open);
    planner = await signedIn(createApi(handle.db), handle.db, { role: 'planning' });
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('creates the strategy linked to the plan, logged under the planner', async () => {
    const res = await upload(structure, query('第2期テスト総合戦略'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      strategyName: '第2期テスト総合戦略',
      created: true,
      planName: '第二次美祢市総合計画',
    });
    const log = await handle.db.select().from(changeLog);
    expect(log.at(-1)?.actor).toBe(planner.actor);
  });

  it('refuses a table with an unknown plan measure, naming the cell, and writes nothing', async () => {
    const plansBefore = await handle.db.select().from(plan);
    const bad = new TextEncoder().encode(
      '基本目標,具体的な施策,関連する施策（総合計画）\r\n1 しごと,1 起業,9-9-⑨ ない施策\r\n',
    );
    const res = await upload(bad, query('第3期テスト総合戦略'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toContain('データベースは変更していません');
    expect(body.issues.join('\n')).toMatch(/C2/);
    expect(await handle.db.select().from(plan)).toEqual(plansBefore);
  });
});
