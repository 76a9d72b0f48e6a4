/** The yearly cycle over HTTP: opening, the board, each part's moves by who may make them, closing and reopening. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { changeLog, department, fiscalCycle, kpi, plan } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import type { CycleBoard, CycleList } from './contract.ts';
import { loadBoard } from './cycle.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const put = (body: unknown): RequestInit => ({ ...json(body), method: 'PUT' });
/** 2024-09-25 12:00 in Japan: FY2024, five days before the tests' deadline. */
const NOW = new Date('2024-09-25T03:00:00Z');

describe.each(testBackends())('the yearly cycle on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  let tourism: TestClient;
  let teiju: TestClient;
  let council: TestClient;
  let viewer: TestClient;
  let planId: number;
  let tourismId: number;
  let teijuId: number;
  let tourismKpi: number;
  const base = () => `/api/plans/${planId}/cycles`;
  const part = (year: number, departmentId: number, move: string) =>
    `${base()}/${year}/departments/${departmentId}/${move}`;
  const boardOf = async (client: TestClient, year = 2023): Promise<CycleBoard> => {
    const res = await client.request(`${base()}/${year}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const stateOf = (board: CycleBoard, departmentId: number) =>
    board.parts.find((p) => p.departmentId === departmentId);
  const writeActual = (client: TestClient, value: number) =>
    client.request(`/api/kpis/${tourismKpi}/actuals/2023`, put({ value, status: 'final' }));

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const { db } = handle;
    await importKpiTable(
      db,
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,100',
        '1,1,①,基本計画,移住者数,人,増加,定住促進課,10',
      ]),
      { fileName: 'mine.csv', actor: 'test', localGovCode: '352136' },
    );
    const app = createApi(db, { now: () => NOW });
    planner = await signedIn(app, db, { role: 'planning' });
    tourism = await signedIn(app, db, { role: 'department', username: 'kanko', department: '観光政策課' });
    teiju = await signedIn(app, db, { role: 'department', username: 'teiju', department: '定住促進課' });
    council = await signedIn(app, db, { role: 'council' });
    viewer = await signedIn(app, db, { role: 'viewer' });
    const [p] = await db.select().from(plan).where(eq(plan.kind, 'plan'));
    planId = p?.id ?? 0;
    const [t] = await db.select().from(department).where(eq(department.name, '観光政策課'));
    const [s] = await db.select().from(department).where(eq(department.name, '定住促進課'));
    tourismId = t?.id ?? 0;
    teijuId = s?.id ?? 0;
    const [k] = await db.select().from(kpi).where(eq(kpi.name, '観光客数'));
    tourismKpi = k?.id ?? 0;
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  it('opens a year (planning only), with a part 未着手 for every department of the plan', async () => {
    expect((await council.request(base(), json({ fiscalYear: 2023, deadline: '2024-09-30' }))).status).toBe(
      403,
    );
    expect((await tourism.request(base(), json({ fiscalYear: 2023, deadline: '2024-09-30' }))).status).toBe(
      403,
    );
    const bad = await planner.request(base(), json({ fiscalYear: 2023, deadline: '2024-02-30' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('提出期限');
    // A deadline already past (today is 2024-09-25 in Japan) would make every part 期限超過 at once.
    for (const deadline of ['2020-01-01', '2024-09-24']) {
      const past = await planner.request(base(), json({ fiscalYear: 2023, deadline }));
      expect(past.status).toBe(400);
      expect((await past.json()).error).toMatch(
        /^提出期限（令和\d+年\d+月\d+日）が過ぎています。今日（令和6年9月25日）以降の日付を指定してください。$/,
      );
    }
    // Before any cycle: the year that just ended (令和5年度) is offered and chosen.
    const fresh: CycleList = await (await viewer.request(base())).json();
    expect(fresh.cycles).toEqual([]);
    expect(fresh.defaultYear).toBe(2023);
    expect(fresh.openableYears.slice(0, 3)).toEqual([
      { fiscalYear: 2025, fiscalYearLabel: '令和7年度' },
      { fiscalYear: 2024, fiscalYearLabel: '令和6年度' },
      { fiscalYear: 2023, fiscalYearLabel: '令和5年度' },
    ]);

    const res = await planner.request(
      base(),
      json({ fiscalYear: 2023, deadline: '2024-09-30', note: '9月末までに入力してください' }),
    );
    expect(res.status).toBe(201);
    const board: CycleBoard = await res.json();
    expect(board.cycle).toMatchObject({
      fiscalYear: 2023,
      fiscalYearLabel: '令和5年度',
      state: 'open',
      stateLabel: '受付中',
      deadlineLabel: '令和6年9月30日',
      note: '9月末までに入力してください',
      reopenReason: null,
    });
    expect(stateOf(board, tourismId)).toMatchObject({ stateLabel: '未着手', overdue: false });
    expect(stateOf(board, teijuId)).toMatchObject({ stateLabel: '未着手' });
    expect(board.counts.find((c) => c.state === 'not-started')?.count).toBe(board.parts.length);

    const again = await planner.request(base(), json({ fiscalYear: 2023, deadline: '2024-09-30' }));
    expect(again.status).toBe(409);
    expect((await again.json()).error).toContain('令和5年度の進捗調査は既に開始しています');
    const list: CycleList = await (await viewer.request(base())).json();
    expect(list.cycles.map((c) => c.fiscalYear)).toEqual([2023]);
    // 令和5年度 is taken now: no longer offered, and the default moves on to the current year.
    expect(list.openableYears.map((y) => y.fiscalYear)).not.toContain(2023);
    expect(list.openableYears.map((y) => y.fiscalYear)).toEqual(expect.arrayContaining([2025, 2024]));
    expect(list.defaultYear).toBe(2024);
    // Everyone may read the board.
    expect((await boardOf(council)).parts.length).toBe(board.parts.length);
  });

  it('opens a year that has no data yet: that is how a new year starts', async () => {
    const res = await planner.request(base(), json({ fiscalYear: 2030, deadline: '2031-09-30' }));
    expect(res.status).toBe(201);
    expect((await res.json()).cycle.fiscalYearLabel).toBe('令和12年度');
    expect((await planner.request(`${base()}/2031`)).status).toBe(404);
  });

  it("moves a department's part to 入力中 when it writes, and lets only that department submit it", async () => {
    expect((await writeActual(tourism, 120)).status).toBe(200);
    const board = await boardOf(viewer);
    expect(stateOf(board, tourismId)).toMatchObject({ stateLabel: '入力中', changedBy: tourism.actor });
    expect(stateOf(board, teijuId)?.stateLabel).toBe('未着手');

    const other = await teiju.request(part(2023, tourismId, 'submit'), { method: 'POST' });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toContain('自分の課');
    expect((await council.request(part(2023, tourismId, 'submit'), { method: 'POST' })).status).toBe(403);
    expect((await council.request(part(2023, tourismId, 'approve'), { method: 'POST' })).status).toBe(403);
    expect((await tourism.request(part(2023, tourismId, 'approve'), { method: 'POST' })).status).toBe(403);

    const submitted = await tourism.request(part(2023, tourismId, 'submit'), { method: 'POST' });
    expect(submitted.status).toBe(200);
    expect(stateOf(await submitted.json(), tourismId)?.stateLabel).toBe('提出済');
    const twice = await tourism.request(part(2023, tourismId, 'submit'), { method: 'POST' });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error).toContain('既に提出済み');
  });

  it('refuses a submitted part to its department (409), not to the planning division', async () => {
    const refused = await writeActual(tourism, 130);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toContain('観光政策課の令和5年度の分は提出済みのため変更できません');
    const status = await tourism.request(
      `/api/kpis/${tourismKpi}/administrative-status?year=2023`,
      put({ administrativeStatus: 'suspended' }),
    );
    expect(status.status).toBe(409);
    expect((await writeActual(planner, 125)).status).toBe(200);
    expect(stateOf(await boardOf(viewer), tourismId)?.stateLabel).toBe('提出済');
  });

  it('returns with a required reason, approves only what was submitted', async () => {
    const noReason = await planner.request(part(2023, tourismId, 'return'), json({ reason: '  ' }));
    expect(noReason.status).toBe(400);
    const notSubmitted = await planner.request(part(2023, teijuId, 'approve'), { method: 'POST' });
    expect(notSubmitted.status).toBe(409);
    expect((await notSubmitted.json()).error).toContain('未着手のため承認できません');

    const returned = await planner.request(
      part(2023, tourismId, 'return'),
      json({ reason: '実績の出典を追記してください' }),
    );
    expect(returned.status).toBe(200);
    expect(stateOf(await returned.json(), tourismId)).toMatchObject({
      stateLabel: '差戻し',
      reason: '実績の出典を追記してください',
      changedBy: planner.actor,
    });
    expect((await planner.request(part(2023, tourismId, 'approve'), { method: 'POST' })).status).toBe(409);

    // The department corrects (入力中, the reason still shown) and submits again; then it is approved.
    expect((await writeActual(tourism, 131)).status).toBe(200);
    expect(stateOf(await boardOf(tourism), tourismId)).toMatchObject({
      stateLabel: '入力中',
      reason: '実績の出典を追記してください',
    });
    expect((await tourism.request(part(2023, tourismId, 'submit'), { method: 'POST' })).status).toBe(200);
    const approved = await planner.request(part(2023, tourismId, 'approve'), { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(stateOf(await approved.json(), tourismId)).toMatchObject({ stateLabel: '承認済', reason: null });
    expect((await writeActual(tourism, 132)).status).toBe(409);
  });

  it('closes the year only when every part is approved; a closed year refuses writes (423)', async () => {
    const early = await planner.request(`${base()}/2023/close`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toContain('定住促進課（未着手）');
    expect((await council.request(`${base()}/2023/close`, { method: 'POST' })).status).toBe(403);

    // The planning division submits on the department's behalf, approves, and closes.
    expect((await planner.request(part(2023, teijuId, 'submit'), { method: 'POST' })).status).toBe(200);
    expect((await planner.request(part(2023, teijuId, 'approve'), { method: 'POST' })).status).toBe(200);
    const board = await boardOf(viewer);
    for (const p of board.parts.filter((x) => x.state !== 'approved')) {
      await planner.request(part(2023, p.departmentId, 'submit'), { method: 'POST' });
      await planner.request(part(2023, p.departmentId, 'approve'), { method: 'POST' });
    }
    const closed = await planner.request(`${base()}/2023/close`, { method: 'POST' });
    expect(closed.status).toBe(200);
    expect((await closed.json()).cycle).toMatchObject({ state: 'closed', stateLabel: '確定' });

    for (const client of [tourism, planner]) {
      const refused = await writeActual(client, 140);
      expect(refused.status).toBe(423);
      expect((await refused.json()).error).toContain('令和5年度は確定済みのため変更できません');
    }
    const status = await planner.request(
      `/api/kpis/${tourismKpi}/administrative-status?year=2023`,
      put({ administrativeStatus: 'suspended' }),
    );
    expect(status.status).toBe(423);
    expect((await planner.request(part(2023, teijuId, 'return'), json({ reason: 'x' }))).status).toBe(423);
    expect((await planner.request(`${base()}/2023/close`, { method: 'POST' })).status).toBe(409);
  });

  it('reopens a closed year only with a reason, kept on the board and in the history', async () => {
    expect((await planner.request(`${base()}/2023/reopen`, json({ reason: '' }))).status).toBe(400);
    expect((await tourism.request(`${base()}/2023/reopen`, json({ reason: '訂正' }))).status).toBe(403);
    const res = await planner.request(
      `${base()}/2023/reopen`,
      json({ reason: '観光客数の確定値が公表されたため' }),
    );
    expect(res.status).toBe(200);
    const board: CycleBoard = await res.json();
    expect(board.cycle).toMatchObject({
      state: 'open',
      closedAt: null,
      reopenReason: '観光客数の確定値が公表されたため',
    });
    expect(board.cycle.note).toContain('9月末までに入力してください');
    expect(board.cycle.note).toContain('【確定の解除 令和6年9月25日');
    const [cycle] = await handle.db
      .select()
      .from(fiscalCycle)
      .where(and(eq(fiscalCycle.planId, planId), eq(fiscalCycle.fiscalYear, 2023)));
    const log = await handle.db
      .select()
      .from(changeLog)
      .where(and(eq(changeLog.tableName, 'fiscal_cycle'), eq(changeLog.rowId, cycle?.id ?? 0)));
    const reopened = log.at(-1);
    expect(reopened?.actor).toBe(planner.actor);
    expect(reopened?.before).toMatchObject({ state: 'closed' });
    expect(JSON.stringify(reopened?.after)).toContain('観光客数の確定値が公表されたため');
    expect((await planner.request(`${base()}/2023/reopen`, json({ reason: '再度' }))).status).toBe(409);
    // Reopened, the approved parts stay approved: the department asks for a return; planning may write.
    expect((await writeActual(tourism, 150)).status).toBe(409);
    expect((await writeActual(planner, 150)).status).toBe(200);
  });

  it('marks parts past the deadline as overdue, in text as well as by count', async () => {
    // A deadline of today is accepted; the board read a week later shows every part late.
    const opened = await planner.request(base(), json({ fiscalYear: 2022, deadline: '2024-09-25' }));
    expect(opened.status).toBe(201);
    expect((await opened.json()).overdue).toBe(0);
    const later = '2024-10-02';
    const board = await loadBoard(handle.db, planId, 2022, later);
    expect(board.parts.every((p) => p.overdue)).toBe(true);
    expect(board.overdue).toBe(board.parts.length);
    await tourism.request(part(2022, tourismId, 'submit'), { method: 'POST' });
    const after = await loadBoard(handle.db, planId, 2022, later);
    expect(stateOf(after, tourismId)?.overdue).toBe(false);
    expect(after.overdue).toBe(board.parts.length - 1);
  });

  it('answers 404 for a year not opened and a department without a part', async () => {
    expect((await viewer.request(`${base()}/2019`)).status).toBe(404);
    const none = await planner.request(part(2023, 999999, 'approve'), { method: 'POST' });
    expect(none.status).toBe(404);
    expect((await planner.request(`/api/plans/999999/cycles`)).status).toBe(404);
  });

  it('starts a year nobody imported: the year is offered and its report builds, as a draft, with no file', async () => {
    const opened = await planner.request(base(), json({ fiscalYear: 2024, deadline: '2025-09-30' }));
    expect(opened.status).toBe(201);
    const plans: Array<{
      id: number;
      fiscalYears: Array<{ fiscalYear: number }>;
      reportYears: Array<{ fiscalYear: number }>;
    }> = await (await planner.request('/api/plans')).json();
    const mine = plans.find((p) => p.id === planId);
    expect(mine?.fiscalYears.map((y) => y.fiscalYear)).toContain(2024);
    expect(mine?.reportYears.map((y) => y.fiscalYear)).toContain(2024);
    const markdown = await planner.request(`/api/reports/2024/file?format=md&plan=${planId}`);
    expect(markdown.status).toBe(200);
    const text = await markdown.text();
    // The new year's headings and subtitle move on from the imported 令和5年度 report.
    expect(text).toContain('令和6年度 主な取組内容 / 実績');
    expect(text).toContain('令和7年度（令和6年度実績）');
    expect(text).toContain('［案］');
    for (const format of ['html', 'xlsx', 'docx', 'pptx']) {
      const file = await planner.request(`/api/reports/2024/file?format=${format}&plan=${planId}`);
      expect(file.status, format).toBe(200);
    }
  });
});
