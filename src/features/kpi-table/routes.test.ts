/** Uploading a KPI table to the server: imported in one transaction under the signed-in user, or refused whole. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, kpi, kpiActual } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const HEADER = '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5';

describe.each(testBackends())('KPI table upload on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  const upload = (client: TestClient, body: Uint8Array, query = 'fileName=kpi.csv') =>
    client.request(`/api/kpi-table?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: body as Uint8Array<ArrayBuffer>,
    });

  beforeAll(async () => {
    handle = await openWithSeed(open);
    planner = await signedIn(createApi(handle.db, { maxUploadBytes: 64 * 1024 }), handle.db, {
      role: 'planning',
    });
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('imports a sheet as the signed-in planner, departments linked from 担当課', async () => {
    const res = await upload(planner, csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1200']));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      planName: '第二次美祢市総合計画',
      kpisCreated: 1,
      actualsCreated: 1,
    });
    const [row] = await handle.db.select().from(kpi).where(eq(kpi.name, '観光客数'));
    expect(row?.departmentId).not.toBeNull();
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'kpi_actual'));
    expect(log.at(-1)?.actor).toBe(planner.actor);
  });

  it('refuses a sheet with bad cells, naming each, and writes nothing', async () => {
    const before = await handle.db.select().from(kpiActual);
    const res = await upload(planner, csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,たくさん']));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toContain('データベースは変更していません');
    expect(body.issues.join('\n')).toMatch(/kpi\.csv!I2: .*数値/);
    expect(await handle.db.select().from(kpiActual)).toEqual(before);
  });

  it('refuses a file over the upload limit with 413, and a department editor with 403', async () => {
    const big = new Uint8Array(65 * 1024).fill(0x2c);
    const res = await upload(planner, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain('ファイルが大きすぎます');
    const editor = await signedIn(createApi(handle.db), handle.db, {
      role: 'department',
      department: '観光政策課',
    });
    expect((await upload(editor, csv([HEADER]))).status).toBe(403);
    expect((await upload(planner, csv([HEADER]), 'fileName=kpi.txt')).status).toBe(400);
  });
});
