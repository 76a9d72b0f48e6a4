/**
 * The portal's promise, tested end to end over HTTP: after a year is published, the planning
 * division changes it (a 基本方針's text, a KPI actual of the year, a KPI name) — and not one public
 * page, open data file, embed or API answer shows the change until the year is published again;
 * then it shows everywhere it belongs, with an 更新履歴 entry naming the reason and what changed;
 * once withdrawn, nothing of the year answers.
 * The public routes are enumerated from ROUTE_ACCESS ('published'), so a page, file or embed added
 * later is covered without touching this test. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.ts';
import { testBackends } from '../../db/test-backends.ts';
import { ROUTE_ACCESS } from '../../http/access.ts';
import { createApi } from '../../http/app.ts';
import { openWithPublishedDemo, type PublishedDemo } from '../../test-support/published-demo.ts';
import { exampleUrl } from '../../test-support/route-examples.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import type { CycleBoard } from '../cycle/contract.ts';
import type { PublicationEvent, PublicationList } from '../publication/contract.ts';
import { publishedYear } from '../publication/publication.ts';
import { kpiIdOf } from '../publication/snapshot.ts';
import { escapeHtml } from './pages/layout.ts';

/** Written after publication. Searches ask for a part only, so an echoed query is no false alarm. */
const TEXT_MARKER = '公開後に書いた実績QX7K';
const TEXT_QUERY = '実績QX7';
const NAME_MARKER = '公開後の指標名ZN4W';
const NAME_QUERY = '指標名ZN4';
const TIMEOUT = 120_000;
const VALUE_MARKER = 8675309;
/** The ways a page or file may print the value. */
const VALUE_TEXTS = ['8675309', '8,675,309'];
const REASON = '公開後に見つかった誤りを訂正しました（漏洩検査）';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

interface Answer {
  key: string;
  url: string;
  status: number;
  contentType: string;
  /** Where a redirect leads. */
  location: string | null;
  body: string;
}

describe.each(testBackends())('a published year after a change, on $name', ({ open }) => {
  let demo: PublishedDemo;
  let app: ReturnType<typeof createApi>;
  let planner: TestClient;
  let kpiId = 0;
  let nodeId = 0;
  /** The 基本方針's address on the portal: goal number-policy number. */
  let policy = '';
  let republished: PublicationEvent;

  const base = () => `/api/plans/${demo.planId}/cycles/${demo.fiscalYear}`;
  const ok = async (res: Response | Promise<Response>, status = 200) => {
    const answer = await res;
    const text = await answer.text();
    expect(answer.status, text).toBe(status);
    return text ? JSON.parse(text) : null;
  };

  /** Every published route, its params filled with the published demo's values. */
  const publishedUrls = (): Array<{ key: string; url: string }> => {
    const keys = [
      ...new Set(
        app.routes
          .filter((r) => r.method !== 'ALL')
          .map((r) => `${r.method} ${r.path}`)
          .filter((key) => ROUTE_ACCESS[key] === 'published'),
      ),
    ].sort();
    const urls: Array<{ key: string; url: string }> = [];
    for (const key of keys) {
      const [method = 'GET', path = ''] = key.split(' ');
      const filled = exampleUrl(
        method,
        path.replace(':policy', policy),
        { planId: demo.planId, nodeId, kpiId, userId: 0 },
        0,
      ).replace(':code', demo.localGovCode);
      expect(filled, `${key}: a param this test cannot fill`).not.toMatch(/\/:[A-Za-z]|\*/);
      if (/\/search(\?|$)/.test(path) || path.endsWith('/search')) {
        for (const q of [TEXT_QUERY, NAME_QUERY]) {
          const url = new URL(filled, 'http://portal.test');
          url.searchParams.set('q', q);
          urls.push({ key, url: `${url.pathname}${url.search}` });
        }
      } else urls.push({ key, url: filled });
    }
    return urls;
  };

  /** What every published route answers now, signed out. */
  const answers = async (): Promise<Answer[]> => {
    const list: Answer[] = [];
    for (const { key, url } of publishedUrls()) {
      const res = await app.request(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      list.push({
        key,
        url,
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        location: res.headers.get('location'),
        body: new TextDecoder().decode(bytes),
      });
    }
    return list;
  };

  const markersIn = (text: string) =>
    [TEXT_MARKER, NAME_MARKER, ...VALUE_TEXTS].filter((marker) => text.includes(marker));

  beforeAll(async () => {
    demo = await openWithPublishedDemo(open);
    const { db } = demo.handle;
    app = createApi(db);
    planner = await signedIn(app, db, { role: 'planning', username: 'kikaku' });
    const year = await withTenant(db, demo.municipalityId, (tx) => publishedYear(tx, demo.fiscalYear));
    if (!year) throw new Error('the demo year is not published');
    // A KPI of the plan's own set (it has a page on the portal).
    const set = year.snapshot.inputs.kpiSets.find((s) => s.plan.id === demo.planId);
    const first = set?.kpis[0];
    kpiId = kpiIdOf(first?.kpi ?? {});
    // The first 基本方針 (level 2) with texts of the year.
    const policies = year.snapshot.inputs.planNodes
      .filter((n) => n.planId === demo.planId && n.level === 2)
      .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    for (const node of policies) {
      const texts = await ok(planner.request(`/api/nodes/${node.id}/progress/${demo.fiscalYear}`));
      if (texts.record && texts.record.results.length > 0) {
        nodeId = node.id;
        policy = node.path.replace('.', '-');
        break;
      }
    }
    expect(kpiId).toBeGreaterThan(0);
    expect(nodeId).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    await demo?.handle.close();
  });

  it(
    'answers every published route before the change, with no marker anywhere',
    async () => {
      const list = await answers();
      expect(list.length).toBeGreaterThan(0);
      for (const answer of list) {
        expect([answer.key, answer.url, answer.status]).not.toEqual([answer.key, answer.url, 500]);
        expect([answer.url, markersIn(answer.body)]).toEqual([answer.url, []]);
      }
    },
    TIMEOUT,
  );

  it(
    'changes the closed year (reopen, text, actual, KPI name, close) and shows none of it publicly',
    async () => {
      // The year is closed: reopening is the only way to write it.
      await ok(planner.request(`${base()}/reopen`, json('POST', { reason: '公開後の訂正のため' })));
      const texts = await ok(planner.request(`/api/nodes/${nodeId}/progress/${demo.fiscalYear}`));
      await ok(
        planner.request(
          `/api/nodes/${nodeId}/progress/${demo.fiscalYear}`,
          json('PUT', {
            results: [TEXT_MARKER, ...texts.record.results],
            directions: texts.record.directions,
            version: texts.record.version,
          }),
        ),
      );
      await ok(
        planner.request(
          `/api/kpis/${kpiId}/actuals/${demo.fiscalYear}`,
          json('PUT', { value: VALUE_MARKER, status: 'final' }),
        ),
      );
      const definition = await ok(planner.request(`/api/kpis/${kpiId}/definition`));
      await ok(
        planner.request(
          `/api/kpis/${kpiId}/definition`,
          json('PATCH', { name: NAME_MARKER, version: definition.version }),
        ),
      );
      // Every part approved again, then the year closed (確定): ready to publish, not yet published.
      const board: CycleBoard = await ok(planner.request(base()));
      for (const part of board.parts.filter((p) => p.state !== 'approved')) {
        if (part.state !== 'submitted') {
          await ok(planner.request(`${base()}/departments/${part.departmentId}/submit`, { method: 'POST' }));
        }
        await ok(planner.request(`${base()}/departments/${part.departmentId}/approve`, { method: 'POST' }));
      }
      await ok(planner.request(`${base()}/close`, { method: 'POST' }));

      // The staff side sees the change (so the markers are real) …
      const live = await planner.request(`/api/kpis/${kpiId}?year=${demo.fiscalYear}`);
      expect(await live.text()).toContain(NAME_MARKER);
      // … the public side does not: no page, file, embed or search result.
      const list = await answers();
      for (const answer of list) {
        expect(answer.status, answer.url).toBeLessThan(500);
        expect([answer.url, markersIn(answer.body)]).toEqual([answer.url, []]);
      }
      // Nor the staff publication API (it carries no snapshot), still at 第1版.
      const publications = await planner.request(`/api/plans/${demo.planId}/publications`);
      const body = await publications.text();
      expect(markersIn(body)).toEqual([]);
      const listed: PublicationList = JSON.parse(body);
      expect(listed.years.find((y) => y.fiscalYear === demo.fiscalYear)).toMatchObject({
        published: true,
        publishedRevision: 1,
      });
    },
    TIMEOUT,
  );

  it(
    'shows the change once published again, with an 更新履歴 entry',
    async () => {
      republished = await ok(
        planner.request(
          `/api/plans/${demo.planId}/publications/${demo.fiscalYear}`,
          json('POST', { reason: REASON }),
        ),
        201,
      );
      expect(republished).toMatchObject({ revision: 2, action: 'publish', reason: REASON });
      expect(republished.changes.length).toBeGreaterThan(0);
      const changes = republished.changes.join('\n');
      expect(changes).toContain(NAME_MARKER);

      const list = await answers();
      for (const answer of list) expect(answer.status, answer.url).toBeLessThan(500);
      const year = `/public/${demo.localGovCode}/${demo.fiscalYear}`;
      const page = (url: string) => {
        const found = list.find((a) => a.url.split('?')[0] === url);
        expect(found, `${url} is not among the published routes`).toBeDefined();
        expect(found?.status, url).toBe(200);
        return found?.body ?? '';
      };
      const policyPage = page(`${year}/policies/${policy}`);
      expect(policyPage).toContain(TEXT_MARKER);
      const kpiPage = page(`${year}/kpis/${kpiId}`);
      expect(kpiPage).toContain(NAME_MARKER);
      expect(
        VALUE_TEXTS.some((text) => kpiPage.includes(text)),
        'the actual on the KPI page',
      ).toBe(true);
      // Search finds the new KPI name and the new text.
      const searches = list.filter((a) => a.key.endsWith('/search'));
      expect(searches.length).toBeGreaterThan(0);
      expect(searches.some((a) => a.body.includes(NAME_MARKER))).toBe(true);
      expect(searches.some((a) => a.body.includes(TEXT_MARKER))).toBe(true);
      // The 更新履歴: the new revision, its reason and what changed.
      const history = page(`${year}/history`);
      expect(history).toContain(REASON);
      expect(history).toContain('第2版');
      for (const sentence of republished.changes) expect(history).toContain(escapeHtml(sentence));

      // Files (open data) and embeds, whichever exist: the new name and value are in them.
      const files = list.filter((a) => a.status === 200 && !a.contentType.includes('text/html'));
      if (files.some((a) => /csv|json/.test(a.contentType))) {
        const data = files.filter(
          (a) => /csv|json/.test(a.contentType) && a.url.includes(`/${demo.fiscalYear}`),
        );
        expect(
          data.some((a) => a.body.includes(NAME_MARKER)),
          'the KPI name in a data file',
        ).toBe(true);
        expect(
          data.some((a) => VALUE_TEXTS.some((text) => a.body.includes(text))),
          'the actual in a data file',
        ).toBe(true);
        expect(
          data.some((a) => a.body.includes(TEXT_MARKER)),
          'the 基本方針 text in a data file',
        ).toBe(true);
      }
      // The chart (SVG) and the embeddable page of the KPI carry its name.
      const embeds = list.filter((a) => a.key.includes('/embed') || a.key.endsWith('.svg'));
      for (const embed of embeds) {
        expect(embed.status, embed.url).toBe(200);
        expect(embed.body, embed.url).toContain(NAME_MARKER);
      }

      // The staff list: 第2版 with the reason and the sentences.
      const listed: PublicationList = await ok(planner.request(`/api/plans/${demo.planId}/publications`));
      const entry = listed.years.find((y) => y.fiscalYear === demo.fiscalYear);
      expect(entry).toMatchObject({ published: true, publishedRevision: 2 });
      expect(entry?.events[0]).toMatchObject({ revision: 2, reason: REASON, changes: republished.changes });
    },
    TIMEOUT,
  );

  it(
    'withdraws the year: every page, file and embed of it answers 404, and nothing of it shows',
    async () => {
      await ok(
        planner.request(
          `/api/plans/${demo.planId}/publications/${demo.fiscalYear}/unpublish`,
          json('POST', { reason: '公開を一時取り下げ（漏洩検査）' }),
        ),
      );
      for (const answer of await answers()) {
        expect(answer.status, answer.url).toBeLessThan(500);
        expect([answer.url, markersIn(answer.body)]).toEqual([answer.url, []]);
        if (!answer.key.includes(':fiscalYear')) continue;
        // An address without its slash only redirects; where it leads is what counts.
        const status =
          answer.status === 301 ? (await app.request(answer.location ?? '')).status : answer.status;
        expect([answer.url, status]).toEqual([answer.url, 404]);
      }
    },
    TIMEOUT,
  );
});
