/**
 * The council over HTTP on both backends: meetings kept by the planning division, comments written
 * by 審議会委員 (never by a department), answers recorded by the planning division with a notice to
 * the author, another municipality's meetings and comments out of reach (404), and the report built
 * with the meeting on its cover, the section 審議会からの意見と対応 and 「案」 while the year is open.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import {
  appUser,
  changeLog,
  councilComment,
  councilMeeting,
  fiscalCycle,
  kpi,
  municipality,
  notice,
  plan,
  planNode,
} from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importKpiTable } from '../kpi-table/import.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe.each(testBackends())('council on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let planner: TestClient;
  let member: TestClient;
  let otherMember: TestClient;
  let department: TestClient;
  let planId = 0;
  let policyId = 0;
  let kpiId = 0;
  let otherMeetingId = 0;
  let otherCommentId = 0;
  let otherNodeId = 0;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const { db } = handle;
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
    planner = await signedIn(app, db, { role: 'planning' });
    member = await signedIn(app, db, { role: 'council', username: 'iin-a' });
    otherMember = await signedIn(app, db, { role: 'council', username: 'iin-b' });
    department = await signedIn(app, db, { role: 'department', department: '観光政策課' });
    const [mine] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const [p] = await db
      .select()
      .from(plan)
      .where(and(eq(plan.municipalityId, mine?.id ?? 0), eq(plan.kind, 'plan')))
      .orderBy(asc(plan.id));
    planId = p?.id ?? 0;
    const [policy] = await db
      .select()
      .from(planNode)
      .where(and(eq(planNode.planId, planId), eq(planNode.path, '1.1')));
    policyId = policy?.id ?? 0;
    const [k] = await db.select().from(kpi).where(eq(kpi.name, '観光客数'));
    kpiId = k?.id ?? 0;
    // Another city's meeting and comment, written straight into the database.
    const [chiyoda] = await db.select().from(municipality).where(eq(municipality.localGovCode, '131016'));
    const [chiyodaPlan] = await db
      .select()
      .from(plan)
      .where(eq(plan.municipalityId, chiyoda?.id ?? 0));
    const [chiyodaNode] = await db
      .select()
      .from(planNode)
      .where(eq(planNode.planId, chiyodaPlan?.id ?? 0));
    otherNodeId = chiyodaNode?.id ?? 0;
    const [chiyodaUser] = await db
      .insert(appUser)
      .values({
        municipalityId: chiyoda?.id ?? 0,
        username: 'chiyoda-iin',
        displayName: '千代田 委員',
        role: 'council',
      })
      .returning();
    const [meeting] = await db
      .insert(councilMeeting)
      .values({
        municipalityId: chiyoda?.id ?? 0,
        planId: chiyodaPlan?.id ?? 0,
        fiscalYear: 2023,
        number: 3,
        heldOn: '2024-11-01',
        councilName: '千代田区審議会',
      })
      .returning();
    otherMeetingId = meeting?.id ?? 0;
    const [comment] = await db
      .insert(councilComment)
      .values({
        municipalityId: chiyoda?.id ?? 0,
        planId: chiyodaPlan?.id ?? 0,
        fiscalYear: 2023,
        nodeId: otherNodeId,
        authorId: chiyodaUser?.id ?? 0,
        authorName: '千代田 委員',
        body: '防災の意見',
      })
      .returning();
    otherCommentId = comment?.id ?? 0;
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  const reportText = async (client: TestClient, format: 'md' | 'html', query = '') =>
    (await client.request(`/api/reports/2023/file?format=${format}&plan=${planId}${query}`)).text();

  it('keeps the seed report as imported while no meeting is recorded', async () => {
    const md = await reportText(member, 'md');
    expect(md).toContain('第6回美祢市総合計画審議会');
    expect(md).not.toContain('審議会からの意見と対応');
    expect(md).not.toContain('［案］');
    const status = await (await member.request(`/api/reports/2023/status?plan=${planId}`)).json();
    expect(status).toMatchObject({ cycle: 'none', draft: false, councilMeeting: null, councilComments: 0 });
  });

  it('lets the planning division record, correct and delete meetings; others only read them', async () => {
    const input = { fiscalYear: 2023, number: 7, heldOn: '2024-12-20', councilName: '総合計画審議会' };
    expect((await member.request(`/api/plans/${planId}/council-meetings`, json('POST', input))).status).toBe(
      403,
    );
    const created = await planner.request(`/api/plans/${planId}/council-meetings`, json('POST', input));
    expect(created.status).toBe(201);
    const meeting = await created.json();
    expect(meeting).toMatchObject({
      label: '第7回 総合計画審議会',
      heldOnLabel: '令和6年12月20日',
      version: 1,
    });
    // The same 第N回 twice: 409.
    const twice = await planner.request(`/api/plans/${planId}/council-meetings`, json('POST', input));
    expect(twice.status).toBe(409);
    const bad = await planner.request(
      `/api/plans/${planId}/council-meetings`,
      json('POST', { ...input, number: 8, heldOn: '2024-02-30' }),
    );
    expect(bad.status).toBe(400);
    const earlier = await planner.request(
      `/api/plans/${planId}/council-meetings`,
      json('POST', { ...input, number: 5, heldOn: '2024-08-01' }),
    );
    expect(earlier.status).toBe(201);
    const corrected = await planner.request(
      `/api/council-meetings/${meeting.id}`,
      json('PUT', { ...input, councilName: '美祢市総合計画審議会', version: 1 }),
    );
    expect(corrected.status).toBe(200);
    const stale = await planner.request(
      `/api/council-meetings/${meeting.id}`,
      json('PUT', { ...input, councilName: '古い名前', version: 1 }),
    );
    expect(stale.status).toBe(409);
    const earlierId = (await earlier.json()).id;
    expect(
      (await planner.request(`/api/council-meetings/${earlierId}?version=1`, { method: 'DELETE' })).status,
    ).toBe(204);
    const list = await (await department.request(`/api/plans/${planId}/council-meetings?year=2023`)).json();
    expect(list.meetings.map((m: { label: string }) => m.label)).toEqual(['第7回 美祢市総合計画審議会']);
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'council_meeting'));
    expect(log.map((l) => l.action)).toEqual(['insert', 'insert', 'update', 'delete']);
    expect(log[0]?.actor).toBe(planner.actor);
  });

  it('puts the meeting on the cover and in the running heads, the date in wareki', async () => {
    const md = await reportText(member, 'md');
    expect(md).toContain('\n令和6年12月20日\n');
    expect(md).toContain('\n第7回 美祢市総合計画審議会\n');
    expect(md).not.toContain('第6回美祢市総合計画審議会');
    const html = await reportText(member, 'html');
    expect(html).toContain('<p class="cover-meta">令和6年12月20日<br>第7回 美祢市総合計画審議会</p>');
    expect(html).toContain('美祢市　第7回 美祢市総合計画審議会</span>');
  });

  it('lets a council member comment on a policy and a KPI, as themself; not a department', async () => {
    const refused = await department.request(
      `/api/nodes/${policyId}/council-comments`,
      json('POST', { fiscalYear: 2023, body: '担当課の意見' }),
    );
    expect(refused.status).toBe(403);
    const res = await member.request(
      `/api/nodes/${policyId}/council-comments`,
      json('POST', { fiscalYear: 2023, body: '  観光客数の伸びの理由を分析してください。  ', authorId: 1 }),
    );
    expect(res.status).toBe(201);
    const comment = await res.json();
    expect(comment).toMatchObject({
      body: '観光客数の伸びの理由を分析してください。',
      authorName: 'テスト iin-a',
      response: null,
      statusLabel: '対応を検討中',
      mayEdit: true,
      mayAnswer: false,
      subject: { kind: 'node', nodeId: policyId },
    });
    const [user] = await handle.db.select().from(appUser).where(eq(appUser.username, 'iin-a'));
    expect(comment.authorId).toBe(user?.id);
    const onKpi = await otherMember.request(
      `/api/kpis/${kpiId}/council-comments`,
      json('POST', { fiscalYear: 2023, body: '目標値の根拠を示してください。' }),
    );
    expect(onKpi.status).toBe(201);
    expect((await onKpi.json()).subject).toMatchObject({ kind: 'kpi', label: '指標「観光客数」' });
    // A year the plan has no report for would never be seen or answered.
    const farYear = await member.request(
      `/api/nodes/${policyId}/council-comments`,
      json('POST', { fiscalYear: 2099, body: '遠い年度の意見' }),
    );
    expect(farYear.status).toBe(400);
    expect((await farYear.json()).error).toMatch(
      /^令和81年度はこの計画の報告の年度ではありません（意見を書ける年度: .*令和5年度/u,
    );
    for (const body of ['   ', 'a\u0000b', 'あ'.repeat(2001)]) {
      const bad = await member.request(
        `/api/nodes/${policyId}/council-comments`,
        json('POST', { fiscalYear: 2023, body }),
      );
      expect([body.length, bad.status]).toEqual([body.length, 400]);
    }
    const list = await (await department.request(`/api/nodes/${policyId}/council-comments?year=2023`)).json();
    expect(list.comments).toHaveLength(1);
    expect(list.mayComment).toBe(false);
    const all = await (await planner.request(`/api/plans/${planId}/council-comments?year=2023`)).json();
    expect(all.comments).toHaveLength(2);
    expect(all.comments.every((c: { mayAnswer: boolean }) => c.mayAnswer)).toBe(true);
  });

  it('lets the author alone edit or withdraw an unanswered comment', async () => {
    const all = await (await member.request(`/api/plans/${planId}/council-comments?year=2023`)).json();
    const own = all.comments.find((c: { authorName: string }) => c.authorName === 'テスト iin-a');
    const foreign = await otherMember.request(
      `/api/council-comments/${own.id}`,
      json('PUT', { body: '書き換え', version: own.version }),
    );
    expect(foreign.status).toBe(403);
    const edited = await member.request(
      `/api/council-comments/${own.id}`,
      json('PUT', { body: '観光客数の伸びの理由を分析し、示してください。', version: own.version }),
    );
    expect(edited.status).toBe(200);
    const extra = await (
      await member.request(
        `/api/kpis/${kpiId}/council-comments`,
        json('POST', { fiscalYear: 2023, body: '取り下げる' }),
      )
    ).json();
    expect(
      (await otherMember.request(`/api/council-comments/${extra.id}?version=1`, { method: 'DELETE' })).status,
    ).toBe(403);
    expect(
      (await member.request(`/api/council-comments/${extra.id}?version=1`, { method: 'DELETE' })).status,
    ).toBe(204);
  });

  it('lets the planning division answer, versioned and logged, and tells the author', async () => {
    const all = await (await planner.request(`/api/plans/${planId}/council-comments?year=2023`)).json();
    const own = all.comments.find((c: { subject: { kind: string } }) => c.subject.kind === 'node');
    expect(
      (
        await member.request(
          `/api/council-comments/${own.id}/response`,
          json('PUT', { response: 'x', version: 2 }),
        )
      ).status,
    ).toBe(403);
    const answered = await planner.request(
      `/api/council-comments/${own.id}/response`,
      json('PUT', { response: '令和6年度に来訪者調査を行い、次回報告します。', version: own.version }),
    );
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ statusLabel: '対応済', respondedBy: planner.actor });
    const stale = await planner.request(
      `/api/council-comments/${own.id}/response`,
      json('PUT', { response: '別の対応', version: own.version }),
    );
    expect(stale.status).toBe(409);
    const [author] = await handle.db.select().from(appUser).where(eq(appUser.username, 'iin-a'));
    const notices = await handle.db
      .select()
      .from(notice)
      .where(eq(notice.userId, author?.id ?? 0));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'comment-answered' });
    expect(notices[0]?.message).toContain('対応が記入されました');
    // Answered: the author may no longer change it.
    const late = await member.request(
      `/api/council-comments/${own.id}`,
      json('PUT', { body: '変更', version: own.version + 1 }),
    );
    expect(late.status).toBe(403);
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'council_comment'));
    expect(log.at(-1)).toMatchObject({ action: 'update', actor: planner.actor });
  });

  it('prints 審議会からの意見と対応 in the report, and leaves it out when asked', async () => {
    const md = await reportText(member, 'md');
    expect(md).toContain('# 審議会からの意見と対応');
    expect(md).toContain('基本方針1');
    expect(md).toContain('**意見**：観光客数の伸びの理由を分析し、示してください。');
    expect(md).toContain('**対応**：令和6年度に来訪者調査を行い、次回報告します。');
    expect(md).toContain('**対応**：（対応を検討中）');
    expect(md).toContain('指標「観光客数」');
    const html = await reportText(member, 'html');
    expect(html).toContain('審議会からの意見と対応');
    expect(html).toContain('令和6年度に来訪者調査を行い、次回報告します。');
    const without = await reportText(member, 'md', '&councilComments=false');
    expect(without).not.toContain('審議会からの意見と対応');
    const status = await (await member.request(`/api/reports/2023/status?plan=${planId}`)).json();
    expect(status).toMatchObject({ councilComments: 2, answeredComments: 1 });
  });

  it('marks the report 案 while the year is open, and not once it is closed', async () => {
    const [mine] = await handle.db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const [cycle] = await handle.db
      .insert(fiscalCycle)
      .values({ municipalityId: mine?.id ?? 0, planId, fiscalYear: 2023, deadline: '2024-10-31' })
      .returning();
    const open = await (await member.request(`/api/reports/2023/status?plan=${planId}`)).json();
    expect(open).toMatchObject({ cycle: 'open', draft: true, basisLabel: '案（年度未確定）' });
    expect((await reportText(member, 'md')).split('\n')[0]).toMatch(/^［案］/);
    expect(await reportText(member, 'html')).toContain('class="draft-mark"');
    await handle.db
      .update(fiscalCycle)
      .set({ state: 'closed' })
      .where(eq(fiscalCycle.id, cycle?.id ?? 0));
    const closed = await (await member.request(`/api/reports/2023/status?plan=${planId}`)).json();
    expect(closed).toMatchObject({
      cycle: 'closed',
      draft: false,
      basisLabel: '確定した年度のデータから作成',
    });
    expect(await reportText(member, 'html')).not.toContain('draft-mark');
  });

  it("answers 404 for another municipality's meetings, comments, plans and nodes, and changes nothing", async () => {
    const before = await handle.db.select().from(councilComment).where(eq(councilComment.id, otherCommentId));
    const attempts: Array<[TestClient, string, RequestInit | undefined]> = [
      [
        planner,
        `/api/council-meetings/${otherMeetingId}`,
        json('PUT', { fiscalYear: 2023, number: 3, heldOn: '2024-11-01', councilName: 'x', version: 1 }),
      ],
      [planner, `/api/council-meetings/${otherMeetingId}?version=1`, { method: 'DELETE' }],
      [
        planner,
        `/api/council-comments/${otherCommentId}/response`,
        json('PUT', { response: 'x', version: 1 }),
      ],
      [member, `/api/council-comments/${otherCommentId}`, json('PUT', { body: 'x', version: 1 })],
      [member, `/api/council-comments/${otherCommentId}?version=1`, { method: 'DELETE' }],
      [member, `/api/nodes/${otherNodeId}/council-comments`, json('POST', { fiscalYear: 2023, body: 'x' })],
      [member, `/api/nodes/${otherNodeId}/council-comments?year=2023`, undefined],
    ];
    for (const [client, path, init] of attempts) {
      const res = await client.request(path, init);
      const body = await res.text();
      expect([path, res.status]).toEqual([path, 404]);
      expect(body).not.toMatch(/千代田|防災/);
    }
    expect(
      await handle.db.select().from(councilComment).where(eq(councilComment.id, otherCommentId)),
    ).toEqual(before);
  });
});
