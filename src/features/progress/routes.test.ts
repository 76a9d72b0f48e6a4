/** Uploading a progress report to the server: imported as the signed-in planner, or refused by line. */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { planNode, progressRecord } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed, SEED_MARKDOWN } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';

describe.each(testBackends())('progress report upload on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  const upload = (client: TestClient, markdown: string) =>
    client.request('/api/progress-report', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown; charset=utf-8' },
      body: markdown,
    });
  beforeAll(async () => {
    handle = await openWithSeed(open);
    planner = await signedIn(createApi(handle.db), handle.db, { role: 'planning' });
  }, 60_000);
  afterAll(async () => {
    await handle.close();
  });

  it('imports a changed item in place, as the signed-in planner', async () => {
    const changed = SEED_MARKDOWN.replace('観光', '観光（修正）');
    const res = await upload(planner, changed);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fiscalYear: 2023, policies: 15, updated: 1 });
  });

  it('refuses a report that names another city, and one it cannot read (with line numbers), writing nothing', async () => {
    const before = await handle.db.select().from(progressRecord);
    const other = await upload(planner, SEED_MARKDOWN.replaceAll('美祢市', '長門市'));
    expect(other.status).toBe(400);
    expect((await other.json()).error).toContain('長門市');
    const broken = await upload(planner, '# 表題だけ\n');
    expect(broken.status).toBe(400);
    const body = await broken.json();
    expect(body.error).toContain('データベースは変更していません');
    expect(body.issues[0]).toMatch(/^\d+行目: /);
    expect(await handle.db.select().from(progressRecord)).toEqual(before);
    const editor = await signedIn(createApi(handle.db), handle.db, {
      role: 'department',
      department: '観光政策課',
    });
    expect((await upload(editor, SEED_MARKDOWN)).status).toBe(403);
  });

  it('answers 409 with the problems when the plan has a node the file lacks (added in the UI)', async () => {
    const [goal] = await handle.db.select().from(planNode).where(eq(planNode.path, '1'));
    await handle.db.insert(planNode).values({
      municipalityId: goal?.municipalityId ?? 1,
      planId: goal?.planId ?? 1,
      parentId: null,
      path: '99',
      level: 1,
      number: 99,
      title: '画面で追加した基本目標',
    });
    const res = await upload(planner, SEED_MARKDOWN);
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error).toContain('データベースは変更していません');
    expect(body.issues.join('')).toContain('画面で追加した基本目標');
  });
});
