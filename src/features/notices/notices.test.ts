/**
 * お知らせ over HTTP: one per event to the right users, reminders written once however often the
 * sweep runs, each user reading and marking only their own; and mail through a real SMTP server on
 * loopback (smtp-server), with a failing or missing server never failing the request.
 */
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { appUser, department, notice, plan } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant.ts';
import { testBackends } from '../../db/test-backends.ts';
import { createApi } from '../../http/app.ts';
import { serverSettingsFromEnv } from '../../http/settings.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import type { NoticeList } from './contract.ts';
import { smtpMailer } from './mail.ts';
import { notifyUser } from './notify.ts';
import { runReminderSweep, sendDueReminders } from './reminders.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
/** 2024-09-25 in Japan: five days before the deadline 2024-09-30. */
const NOW = new Date('2024-09-25T03:00:00Z');
const LATER = new Date('2024-10-02T03:00:00Z');

/** A real SMTP server on loopback that wants hoshin / secret and keeps every message. */
async function startSmtp() {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'hoshin' && auth.password === 'secret') callback(null, { user: 'hoshin' });
      else callback(new Error('認証に失敗しました'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor<T>(read: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testBackends())('notices on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let planner: TestClient;
  let tourism: TestClient;
  let teiju: TestClient;
  let viewer: TestClient;
  let planId: number;
  let tourismId: number;
  let municipalityId: number;
  const notices = async (client: TestClient): Promise<NoticeList> => {
    const res = await client.request('/api/notices');
    expect(res.status).toBe(200);
    return res.json();
  };
  const cycles = () => `/api/plans/${planId}/cycles`;

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
    smtp = await startSmtp();
    const mailer = smtpMailer(`smtp://hoshin:secret@127.0.0.1:${smtp.port}`, {
      from: 'hoshin@city.example.lg.jp',
      baseUrl: 'https://hoshin.city.example.lg.jp',
    });
    const app = createApi(db, { now: () => NOW, mailer });
    planner = await signedIn(app, db, { role: 'planning' });
    tourism = await signedIn(app, db, { role: 'department', username: 'kanko', department: '観光政策課' });
    teiju = await signedIn(app, db, { role: 'department', username: 'teiju', department: '定住促進課' });
    viewer = await signedIn(app, db, { role: 'viewer' });
    await db.update(appUser).set({ email: 'kanko@city.example.lg.jp' }).where(eq(appUser.username, 'kanko'));
    const [p] = await db.select().from(plan).where(eq(plan.kind, 'plan'));
    planId = p?.id ?? 0;
    municipalityId = p?.municipalityId ?? 0;
    const [t] = await db.select().from(department).where(eq(department.name, '観光政策課'));
    tourismId = t?.id ?? 0;
  }, 120_000);
  afterAll(async () => {
    await smtp.close();
    await handle.close();
  });

  it('tells every department user that the cycle opened, and mails those with an address', async () => {
    const res = await planner.request(
      cycles(),
      json({ fiscalYear: 2023, deadline: '2024-10-31', note: '早めに' }),
    );
    expect(res.status).toBe(201);
    const mine = await notices(tourism);
    expect(mine.unread).toBe(1);
    expect(mine.notices[0]).toMatchObject({
      kind: 'cycle-opened',
      kindLabel: '進捗調査の開始',
      read: false,
      link: `/?plan=${planId}&year=2023&view=cycle`,
    });
    expect(mine.notices[0]?.message).toContain(
      '令和5年度の進捗調査が始まりました。提出期限は令和6年10月31日です。',
    );
    expect((await notices(teiju)).notices.map((n) => n.kind)).toEqual(['cycle-opened']);
    expect((await notices(viewer)).notices).toEqual([]);
    expect((await notices(planner)).notices).toEqual([]);

    // Only kanko has an address: one mail, Japanese subject and body, the link made absolute.
    const raw = await waitFor(() => smtp.received[0]);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('【Hoshin】進捗調査の開始');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('kanko@city.example.lg.jp');
    expect(mail.text).toContain('令和5年度の進捗調査が始まりました');
    expect(mail.text).toContain('連絡事項: 早めに');
    expect(mail.text).toContain(`https://hoshin.city.example.lg.jp/?plan=${planId}&year=2023&view=cycle`);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received).toHaveLength(1);
  });

  it('tells the department when its part is returned (with the reason) and approved', async () => {
    const part = `${cycles()}/2023/departments/${tourismId}`;
    expect((await tourism.request(`${part}/submit`, { method: 'POST' })).status).toBe(200);
    expect((await planner.request(`${part}/return`, json({ reason: '出典を追記してください' }))).status).toBe(
      200,
    );
    const returned = (await notices(tourism)).notices[0];
    expect(returned).toMatchObject({ kind: 'returned', kindLabel: '差戻し' });
    expect(returned?.message).toContain('理由: 出典を追記してください');
    expect((await notices(teiju)).notices.map((n) => n.kind)).toEqual(['cycle-opened']);
    expect((await tourism.request(`${part}/submit`, { method: 'POST' })).status).toBe(200);
    expect((await planner.request(`${part}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await notices(tourism)).notices[0]).toMatchObject({ kind: 'approved', kindLabel: '承認' });
    const mail = await simpleParser(await waitFor(() => smtp.received[2]));
    expect(mail.subject).toBe('【Hoshin】承認');
  });

  it('marks only your own notice read; another user’s is not found', async () => {
    const before = await notices(tourism);
    const first = before.notices[0];
    const res = await tourism.request(`/api/notices/${first?.id}/read`, { method: 'POST' });
    expect(res.status).toBe(200);
    const after: NoticeList = await res.json();
    expect(after.unread).toBe(before.unread - 1);
    expect(after.notices.find((n) => n.id === first?.id)?.read).toBe(true);
    // Again: no change, no error.
    expect((await tourism.request(`/api/notices/${first?.id}/read`, { method: 'POST' })).status).toBe(200);

    const theirs = (await notices(teiju)).notices[0];
    const refused = await tourism.request(`/api/notices/${theirs?.id}/read`, { method: 'POST' });
    expect(refused.status).toBe(404);
    expect((await notices(teiju)).notices[0]?.read).toBe(false);
    expect((await tourism.request('/api/notices/abc/read', { method: 'POST' })).status).toBe(400);
  });

  it('reminds of the deadline once, 7 days before, and of overdue parts once, however often it runs', async () => {
    await planner.request(cycles(), json({ fiscalYear: 2022, deadline: '2024-09-30' }));
    const near = (list: NoticeList) => list.notices.filter((n) => n.kind === 'deadline-near');
    // Reading the list sweeps: one reminder to 定住促進課, the same after reading again.
    expect(near(await notices(teiju))).toHaveLength(1);
    expect(near(await notices(teiju))).toHaveLength(1);
    expect(near(await notices(teiju))[0]?.message).toContain('令和6年9月30日です（あと5日）');
    expect(await withTenant(handle.db, municipalityId, (tx) => sendDueReminders(tx, '2024-09-25'))).toBe(0);
    // The 2023 cycle's deadline is 36 days away: nothing for it yet; 観光政策課 submitted nothing for 2022.
    expect(near(await notices(tourism))).toHaveLength(1);

    // A week later the deadline has passed: one 期限超過 each, whether the server's sweep or a reader comes first.
    expect(await runReminderSweep(handle.db, LATER)).toBeGreaterThan(0);
    expect(await runReminderSweep(handle.db, LATER)).toBe(0);
    const late = (await notices(teiju)).notices.filter((n) => n.kind === 'overdue');
    expect(late).toHaveLength(1);
    expect(late[0]?.message).toContain('提出期限（令和6年9月30日）を過ぎています');
  });

  it('lets other features notify a user (comment answered)', async () => {
    const [user] = await handle.db.select().from(appUser).where(eq(appUser.username, 'test-viewer'));
    const input = {
      userId: user?.id ?? 0,
      kind: 'comment-answered' as const,
      message: 'ご意見への対応が登録されました。',
      link: '/?view=council',
    };
    expect(await withTenant(handle.db, municipalityId, (tx) => notifyUser(tx, input))).toBe(true);
    expect((await notices(viewer)).notices[0]).toMatchObject({
      kind: 'comment-answered',
      kindLabel: '意見への対応',
    });
    expect(
      await withTenant(handle.db, municipalityId, (tx) => notifyUser(tx, { ...input, userId: 999999 })),
    ).toBe(false);
  });

  it('never fails a request for mail: an unreachable server is logged, no SMTP_URL sends nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const broken = createApi(handle.db, { now: () => NOW, mailer: smtpMailer('smtp://127.0.0.1:1') });
      const client = await signedIn(broken, handle.db, { role: 'planning' });
      const res = await client.request(cycles(), json({ fiscalYear: 2021, deadline: '2024-12-01' }));
      expect(res.status).toBe(201);
      await waitFor(() => (warn.mock.calls.length > 0 ? true : undefined));
      expect(String(warn.mock.calls[0]?.[0])).toContain(
        'メールを送れませんでした（kanko@city.example.lg.jp）',
      );
      const rows = await handle.db.select().from(notice).where(eq(notice.kind, 'cycle-opened'));
      expect(rows.length).toBeGreaterThanOrEqual(4);
    } finally {
      warn.mockRestore();
    }
    expect(serverSettingsFromEnv({}).api.mailer).toBeUndefined();
    expect(serverSettingsFromEnv({ SMTP_URL: 'smtp://127.0.0.1:25' }).api.mailer).toBeDefined();
    expect(() => serverSettingsFromEnv({ SMTP_URL: 'http://mail' })).toThrow('smtp://');
    const plain = createApi(handle.db, { now: () => NOW });
    const client = await signedIn(plain, handle.db, { role: 'planning' });
    expect((await client.request(cycles(), json({ fiscalYear: 2020, deadline: '2024-12-01' }))).status).toBe(
      201,
    );
  });
});
