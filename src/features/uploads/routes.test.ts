/**
 * The upload screen's routes: a preview writes nothing and shows what applying does; applying equals
 * the CLI's import; bad cells are listed with their addresses and nothing changes; a department's
 * upload takes only its own rows; a closed year is refused; notes entered in the UI survive an
 * export and re-import. On PGlite and PostgreSQL.
 */

import { and, eq, getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed, SEED_MARKDOWN } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { exportKpiTable, importKpiTable } from '../kpi-table/import.ts';
import type { UploadOutcome } from './contract.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const HEADER = '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R4,R5';

/** Every row of every table, for "the database is unchanged". */
async function snapshot(db: Database) {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.values(schema).filter(isTable) as PgTable[]) {
    const name = getTableName(table);
    if (name === 'user_session' || name === 'pending_sign_in') continue;
    out[name] = await db.select().from(table).orderBy(sql`1`);
  }
  return out;
}

describe.each(testBackends())('uploads on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  let tourism: TestClient;
  let planId = 0;
  let tourismId = 0;

  const post = (client: TestClient, path: string, body: Uint8Array | string) =>
    client.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: (typeof body === 'string' ? new TextEncoder().encode(body) : body) as Uint8Array<ArrayBuffer>,
    });
  const kpiUpload = async (
    client: TestClient,
    step: 'preview' | 'apply',
    body: Uint8Array,
    fileName = 'kpi.csv',
  ) => {
    const res = await post(
      client,
      `/api/uploads/kpi-table/${step}?fileName=${fileName}&planId=${planId}`,
      body,
    );
    return { status: res.status, outcome: (await res.json()) as UploadOutcome };
  };
  const actualOf = async (name: string, fiscalYear: number) => {
    const [row] = await handle.db
      .select({ actual: schema.kpiActual })
      .from(schema.kpiActual)
      .innerJoin(schema.kpi, eq(schema.kpi.id, schema.kpiActual.kpiId))
      .where(and(eq(schema.kpi.name, name), eq(schema.kpiActual.fiscalYear, fiscalYear)));
    return row?.actual;
  };

  beforeAll(async () => {
    handle = await openWithSeed(open);
    await importKpiTable(
      handle.db,
      csv([
        HEADER,
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1100',
        '1,1,①,基本計画,移住者数,人,増加,定住促進課,10,12',
      ]),
      { fileName: 'setup.csv', actor: 'test', localGovCode: '352136' },
    );
    const app = createApi(handle.db);
    planner = await signedIn(app, handle.db, { role: 'planning' });
    tourism = await signedIn(app, handle.db, {
      role: 'department',
      username: 'kanko',
      department: '観光政策課',
    });
    const [p] = await handle.db.select().from(schema.plan).where(eq(schema.plan.kind, 'plan'));
    planId = p?.id ?? 0;
    const [d] = await handle.db
      .select()
      .from(schema.department)
      .where(eq(schema.department.name, '観光政策課'));
    tourismId = d?.id ?? 0;
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  it('previews a KPI sheet without writing, then applies exactly what the CLI import writes', async () => {
    const file = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1150']);
    const before = await snapshot(handle.db);
    const preview = await kpiUpload(planner, 'preview', file);
    expect(preview.status).toBe(200);
    expect(preview.outcome).toMatchObject({
      applied: false,
      counts: { added: 0, changed: 1, deleted: 0, unchanged: 0, refused: 0 },
      changed: [
        {
          what: '実績値',
          label: '観光客数 令和5年度',
          fields: [{ field: '値', before: '1100', after: '1150' }],
        },
      ],
    });
    expect(await snapshot(handle.db)).toEqual(before);

    // What the CLI's import would leave (rolled back), against what apply leaves.
    let cli: unknown;
    await handle.db
      .transaction(async (tx) => {
        await importKpiTable(tx, file, { fileName: 'kpi.csv', actor: planner.actor, localGovCode: '352136' });
        cli = await tx.select().from(schema.kpiActual).orderBy(schema.kpiActual.id);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const applied = await kpiUpload(planner, 'apply', file);
    expect(applied.status).toBe(200);
    expect(applied.outcome).toMatchObject({
      applied: true,
      counts: preview.outcome.counts,
      changed: preview.outcome.changed,
    });
    expect(await handle.db.select().from(schema.kpiActual).orderBy(schema.kpiActual.id)).toEqual(cli);
    expect((await actualOf('観光客数', 2023))?.value).toBe(1150);
  });

  it('lists every bad cell with its address and changes nothing, in preview and apply', async () => {
    const file = csv([
      HEADER,
      '1,1,①,基本計画,観光客数,人,増加,観光政策課,たくさん,1200',
      '1,1,①,基本計画,移住者数,人,上がる,定住促進課,10,12',
    ]);
    const before = await snapshot(handle.db);
    for (const step of ['preview', 'apply'] as const) {
      const { status, outcome } = await kpiUpload(planner, step, file);
      expect(status).toBe(step === 'preview' ? 200 : 400);
      expect(outcome.applied).toBe(false);
      expect(outcome.refused.map((r) => r.where)).toEqual(['kpi.csv!I2', 'kpi.csv!G3']);
      expect(outcome.refused[0]?.message).toMatch(/令和4年度の実績には数値を入力してください/);
      expect(outcome.message).toContain('データベースは変更していません');
    }
    expect(await snapshot(handle.db)).toEqual(before);
  });

  it("takes a department's own rows only: another department's row is refused and nothing is applied", async () => {
    const own = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1300']);
    const preview = await kpiUpload(tourism, 'preview', own);
    expect(preview.outcome.counts).toMatchObject({ changed: 1, refused: 0 });
    const mixed = csv([
      HEADER,
      '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1300',
      '1,1,①,基本計画,移住者数,人,増加,定住促進課,10,99',
    ]);
    const before = await snapshot(handle.db);
    const refused = await kpiUpload(tourism, 'preview', mixed);
    expect(refused.outcome.refused).toEqual([
      {
        where: 'kpi.csv!E3',
        message: '指標「移住者数」は定住促進課の指標です。観光政策課の指標の行だけを取り込めます',
      },
    ]);
    expect(refused.outcome.message).toContain('ファイル全体を取り込みません');
    const apply = await kpiUpload(tourism, 'apply', mixed);
    expect(apply.status).toBe(400);
    expect(await snapshot(handle.db)).toEqual(before);
    // A new KPI is the planning division's to add.
    const added = await kpiUpload(
      tourism,
      'preview',
      csv([HEADER, '1,1,①,基本計画,新指標,人,増加,観光政策課,1,2']),
    );
    expect(added.outcome.refused[0]?.message).toMatch(
      /^指標「新指標」は登録されていません。指標の追加は企画課が行います/,
    );
    // So is the definition: a department's sheet may not change a unit (or a target, a name …).
    const redefined = await kpiUpload(
      tourism,
      'preview',
      csv([HEADER, '1,1,①,基本計画,観光客数,千人,増加,観光政策課,1000,1300']),
    );
    expect(redefined.outcome.refused[0]?.message).toMatch(
      /^指標「観光客数」の単位は変えられません。指標の定義の変更は企画課が行います/,
    );
    expect(redefined.outcome.refused[0]?.where).toBe('kpi.csv!F2');
    // Each changed definition cell is named by its own address, not by the row's 指標名 (E2).
    const baseline = await kpiUpload(
      tourism,
      'preview',
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,基準値,基準年度,R4,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,900,R3,1000,1300',
      ]),
    );
    expect(baseline.outcome.refused).toEqual([
      { where: 'kpi.csv!I2', message: expect.stringMatching(/^指標「観光客数」の基準値は変えられません。/) },
      {
        where: 'kpi.csv!J2',
        message: expect.stringMatching(/^指標「観光客数」の基準年度は変えられません。/),
      },
    ]);
    const moved = await kpiUpload(
      tourism,
      'preview',
      csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,定住促進課,1000,1300']),
    );
    expect(moved.outcome.refused).toEqual([
      {
        where: 'kpi.csv!H2',
        message: '担当課を「定住促進課」にはできません。担当課の変更は企画課が行います',
      },
    ]);
    // Strategy and report uploads are the planning division's.
    expect(
      (await post(tourism, '/api/uploads/progress-report/preview?fileName=r.md', SEED_MARKDOWN)).status,
    ).toBe(403);
  });

  it('keeps a note entered in the UI through export and re-import; an old sheet without 備考 keeps it too', async () => {
    const [k] = await handle.db.select().from(schema.kpi).where(eq(schema.kpi.name, '観光客数'));
    const saved = await tourism.request(`/api/kpis/${k?.id}/actuals/2023`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 1234, status: 'provisional', note: '速報値（12月末時点）' }),
    });
    expect(saved.status).toBe(200);
    const before = await snapshot(handle.db);
    for (const format of ['xlsx', 'csv'] as const) {
      const { bytes } = await exportKpiTable(handle.db, { fiscalYear: 2023, format, localGovCode: '352136' });
      const { status, outcome } = await kpiUpload(planner, 'preview', bytes, `export.${format}`);
      expect(status).toBe(200);
      expect(outcome.refused).toEqual([]);
      expect(outcome.counts).toMatchObject({ added: 0, changed: 0, deleted: 0 });
      const applied = await kpiUpload(planner, 'apply', bytes, `export.${format}`);
      expect(applied.outcome).toMatchObject({ applied: true, counts: { added: 0, changed: 0, deleted: 0 } });
      expect(await snapshot(handle.db)).toEqual(before);
    }
    expect(await actualOf('観光客数', 2023)).toMatchObject({ value: 1234, note: '速報値（12月末時点）' });
    // An old sheet (no 備考 column) with a new value: the value changes, the note stays.
    await kpiUpload(
      planner,
      'apply',
      csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1240（見込）']),
    );
    expect(await actualOf('観光客数', 2023)).toMatchObject({ value: 1240, note: '速報値（12月末時点）' });
  });

  it("serves a department its own sheet (KPIs and policies' texts), which uploads back", async () => {
    // The policy 1.1 is the tourism department's.
    const [policy] = await handle.db
      .select()
      .from(schema.planNode)
      .where(and(eq(schema.planNode.planId, planId), eq(schema.planNode.path, '1.1')));
    await handle.db
      .update(schema.planNode)
      .set({ departmentId: tourismId })
      .where(eq(schema.planNode.id, policy?.id ?? 0));
    const res = await tourism.request(`/api/uploads/department-sheet?planId=${planId}&fiscalYear=2024`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const kpis = workbook.getWorksheet('指標');
    const names: unknown[] = [];
    kpis?.eachRow((row, n) => {
      if (n > 1) names.push(row.getCell(6).value);
    });
    expect(names).toEqual(['観光客数']);
    const texts = workbook.getWorksheet('進捗状況');
    expect(texts?.getRow(2).getCell(1).value).toBe('1.1');
    expect(texts?.getRow(2).getCell(3).value).toBe('令和6年度');
    // Another department's sheet is not the department's to take; the planning division names one.
    expect(
      (
        await tourism.request(
          `/api/uploads/department-sheet?planId=${planId}&fiscalYear=2024&departmentId=${tourismId + 1}`,
        )
      ).status,
    ).toBe(403);
    expect(
      (await planner.request(`/api/uploads/department-sheet?planId=${planId}&fiscalYear=2024`)).status,
    ).toBe(400);

    // Filled in offline: results and directions for 令和6年度, and a row of a policy not its own.
    if (!texts) throw new Error('no 進捗状況 sheet');
    texts.getRow(2).getCell(5).value = '・観光案内所を改装した\n・周遊バスを運行した';
    texts.getRow(2).getCell(6).value = '周遊バスを通年運行する';
    const filled = new Uint8Array(await workbook.xlsx.writeBuffer());
    const preview = await kpiUpload(tourism, 'preview', filled, 'sheet.xlsx');
    expect(preview.outcome.refused).toEqual([]);
    expect(preview.outcome.added).toMatchObject([
      { what: '進捗状況', label: `1.1 ${policy?.title} 令和6年度` },
    ]);
    const applied = await kpiUpload(tourism, 'apply', filled, 'sheet.xlsx');
    expect(applied.status).toBe(200);
    const [record] = await handle.db
      .select()
      .from(schema.progressRecord)
      .where(
        and(eq(schema.progressRecord.nodeId, policy?.id ?? 0), eq(schema.progressRecord.fiscalYear, 2024)),
      );
    expect(record).toMatchObject({
      results: ['観光案内所を改装した', '周遊バスを運行した'],
      directions: ['周遊バスを通年運行する'],
    });

    texts.addRow(['1.2', '', '令和6年度', '', '他課の項目', '']);
    const before = await snapshot(handle.db);
    const other = await kpiUpload(
      tourism,
      'apply',
      new Uint8Array(await workbook.xlsx.writeBuffer()),
      'sheet.xlsx',
    );
    expect(other.status).toBe(400);
    expect(other.outcome.refused).toMatchObject([{ where: '進捗状況!A3' }]);
    expect(other.outcome.refused[0]?.message).toMatch(/の項目です。観光政策課の行だけを取り込めます$/);
    expect(await snapshot(handle.db)).toEqual(before);
  });

  it("keeps the order of a node's KPIs when a department's sheet leaves out another department's KPI", async () => {
    // 1.1 ① holds 観光客数 (観光政策課) after 移住者数 (定住促進課): the tourism sheet has only its own row.
    const kpiRow = (name: string) =>
      handle.db
        .select()
        .from(schema.kpi)
        .where(eq(schema.kpi.name, name))
        .then((rows) => rows[0]);
    const tourist = await kpiRow('観光客数');
    const settlers = await kpiRow('移住者数');
    await handle.db
      .update(schema.kpi)
      .set({ position: 1 })
      .where(eq(schema.kpi.id, settlers?.id ?? 0));
    await handle.db
      .update(schema.kpi)
      .set({ position: 2 })
      .where(eq(schema.kpi.id, tourist?.id ?? 0));
    const file = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1310']);
    const preview = await kpiUpload(tourism, 'preview', file);
    expect(preview.outcome.refused).toEqual([]);
    expect(preview.outcome.changed).toMatchObject([{ what: '実績値', label: '観光客数 令和5年度' }]);
    expect(JSON.stringify(preview.outcome)).not.toContain('並び順');
    const applied = await kpiUpload(tourism, 'apply', file);
    expect(applied.outcome.applied).toBe(true);
    expect((await kpiRow('観光客数'))?.position).toBe(2);
    expect((await kpiRow('移住者数'))?.position).toBe(1);
    // The planning division's full sheet still numbers by row (its order is the plan's).
    await kpiUpload(
      planner,
      'apply',
      csv([
        HEADER,
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1310',
        '1,1,①,基本計画,移住者数,人,増加,定住促進課,10,12',
      ]),
    );
    expect((await kpiRow('観光客数'))?.position).toBe(1);
    expect((await kpiRow('移住者数'))?.position).toBe(2);
  });

  it('refuses a closed year with the cell, writing nothing', async () => {
    await handle.db
      .insert(schema.fiscalCycle)
      .values({ municipalityId: 1, planId, fiscalYear: 2022, state: 'closed', deadline: '2023-09-30' });
    const before = await snapshot(handle.db);
    const file = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,999,1240（見込）']);
    for (const step of ['preview', 'apply'] as const) {
      const { outcome } = await kpiUpload(planner, step, file);
      expect(outcome.applied).toBe(false);
      expect(outcome.refused).toEqual([
        { where: 'kpi.csv!I2', message: expect.stringMatching(/^令和4年度は確定済みのため変更できません/) },
      ]);
    }
    expect(await snapshot(handle.db)).toEqual(before);
    // Unchanged values of the closed year are no write: the same sheet with 1000 passes.
    const same = await kpiUpload(
      planner,
      'preview',
      csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1240（見込）']),
    );
    expect(same.outcome.refused).toEqual([]);
    await handle.db.delete(schema.fiscalCycle);
  });

  it("marks a department's part 入力中 on its upload, and refuses it once submitted", async () => {
    const [cycle] = await handle.db
      .insert(schema.fiscalCycle)
      .values({ municipalityId: 1, planId, fiscalYear: 2023, deadline: '2024-09-30' })
      .returning();
    const [part] = await handle.db
      .insert(schema.departmentSubmission)
      .values({ municipalityId: 1, cycleId: cycle?.id ?? 0, departmentId: tourismId })
      .returning();
    const file = (r5: number) => csv([HEADER, `1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,${r5}`]);
    // The part's state is the cycle's bookkeeping: one Japanese line, not a change of the file's data.
    const preview = await kpiUpload(tourism, 'preview', file(1250));
    expect(preview.outcome.counts).toMatchObject({ added: 0, changed: 1, deleted: 0 });
    expect(preview.outcome.changed.map((c) => c.what)).toEqual(['実績値']);
    expect(preview.outcome.message).toContain('提出状況: 未着手 → 入力中');
    expect(preview.outcome.message).toContain('変更 1 件');
    const applied = await kpiUpload(tourism, 'apply', file(1250));
    expect(applied.outcome.counts).toMatchObject({ added: 0, changed: 1, deleted: 0 });
    expect(applied.outcome.changed).toEqual([
      {
        what: '実績値',
        label: '観光客数 令和5年度',
        fields: [{ field: '値', before: expect.any(String), after: '1250' }],
      },
    ]);
    expect(applied.outcome.message).toMatch(/^取り込みました（[^）]*）。提出状況: 未着手 → 入力中。/);
    expect(JSON.stringify(applied.outcome)).not.toMatch(/changedAt|changedBy|in-progress/);
    const stateOf = async () =>
      (
        await handle.db
          .select()
          .from(schema.departmentSubmission)
          .where(eq(schema.departmentSubmission.id, part?.id ?? 0))
      )[0]?.state;
    expect(await stateOf()).toBe('in-progress');
    await handle.db.update(schema.departmentSubmission).set({ state: 'submitted' });
    const refused = await kpiUpload(tourism, 'preview', file(1260));
    expect(refused.outcome.refused).toEqual([
      { where: 'kpi.csv!J2', message: expect.stringMatching(/提出済みのため変更できません/) },
    ]);
    await handle.db.delete(schema.departmentSubmission);
    await handle.db.delete(schema.fiscalCycle);
  });

  it('warns of a 担当課 that is not registered (a new department, or a typo), without refusing it', async () => {
    const before = await snapshot(handle.db);
    const file = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光課,1000,1310']);
    const preview = await kpiUpload(planner, 'preview', file);
    expect(preview.outcome.refused).toEqual([]);
    expect(preview.outcome.added).toMatchObject([{ what: '担当課', label: '観光課' }]);
    expect(preview.outcome.warnings).toEqual([
      '担当課「観光課」は登録されていません。新しい課として追加します（似た名前: 観光政策課）',
    ]);
    // A name already registered is no warning.
    const known = await kpiUpload(
      planner,
      'preview',
      csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1320']),
    );
    expect(known.outcome.warnings).toEqual([]);
    expect(await snapshot(handle.db)).toEqual(before);
  });

  it('counts its own changes even when the log shows a higher id committed by another session', async () => {
    // On PostgreSQL a sequence with CACHE > 1 hands each session its own block of ids, so another
    // session's committed entry can carry an id above the ones this upload will get. Such an entry,
    // by the same user in an earlier transaction, must neither hide this upload's rows nor be counted.
    const [last] = await handle.db.select({ id: sql<string>`max(id)::text` }).from(schema.changeLog);
    await handle.db.insert(schema.changeLog).values({
      id: Number(last?.id ?? 0) + 1_000_000,
      municipalityId: 1,
      tableName: 'kpi_actual',
      rowId: 0,
      action: 'update',
      actor: planner.actor,
      changedAt: new Date('2024-01-01T00:00:00Z'),
      before: { value: 1 },
      after: { value: 2 },
    });
    const file = csv([HEADER, '1,1,①,基本計画,観光客数,人,増加,観光政策課,1000,1330']);
    for (const step of ['preview', 'apply'] as const) {
      const { outcome } = await kpiUpload(planner, step, file);
      expect(outcome.counts).toMatchObject({ added: 0, changed: 1, deleted: 0 });
      expect(outcome.changed).toEqual([
        {
          what: '実績値',
          label: '観光客数 令和5年度',
          fields: [{ field: '値', before: expect.any(String), after: '1330' }],
        },
      ]);
      expect(outcome.message).not.toContain('変更はありません');
    }
    expect((await actualOf('観光客数', 2023))?.value).toBe(1330);
  });

  it('previews and applies the report Markdown and the strategy table (planning division)', async () => {
    const same = await post(
      planner,
      '/api/uploads/progress-report/preview?fileName=report.md',
      SEED_MARKDOWN,
    );
    expect(((await same.json()) as UploadOutcome).counts).toMatchObject({ added: 0, changed: 0, refused: 0 });
    const edited = SEED_MARKDOWN.replace(/^(\s*[-*] )(.+)$/mu, '$1$2（改訂）');
    expect(edited).not.toBe(SEED_MARKDOWN);
    const before = await snapshot(handle.db);
    const preview = (await (
      await post(planner, '/api/uploads/progress-report/preview?fileName=report.md', edited)
    ).json()) as UploadOutcome;
    expect(preview.counts.changed).toBeGreaterThan(0);
    expect(preview.changed[0]?.what).toBe('進捗状況');
    expect(await snapshot(handle.db)).toEqual(before);
    const applied = await post(planner, '/api/uploads/progress-report/apply?fileName=report.md', edited);
    expect(applied.status).toBe(200);
    const bad = (await (
      await post(planner, '/api/uploads/progress-report/preview?fileName=report.md', '# だけ\n')
    ).json()) as UploadOutcome;
    expect(bad.refused.length).toBeGreaterThan(0);
    expect(bad.refused[0]?.where).toMatch(/^\d+行目$/);

    const query = `fileName=s.csv&name=${encodeURIComponent('第2期プレビュー総合戦略')}&levels=${encodeURIComponent('基本目標,具体的な施策')}`;
    const table = csv(['基本目標,具体的な施策', '1 しごと,① 起業支援']);
    const beforeStrategy = await snapshot(handle.db);
    const strategy = (await (
      await post(planner, `/api/uploads/strategy-table/preview?${query}`, table)
    ).json()) as UploadOutcome;
    expect(strategy.counts.added).toBeGreaterThan(0);
    expect(await snapshot(handle.db)).toEqual(beforeStrategy);
    expect((await post(planner, `/api/uploads/strategy-table/apply?${query}`, table)).status).toBe(200);
    const [created] = await handle.db
      .select()
      .from(schema.plan)
      .where(eq(schema.plan.name, '第2期プレビュー総合戦略'));
    expect(created?.kind).toBe('strategy');
  });
});
