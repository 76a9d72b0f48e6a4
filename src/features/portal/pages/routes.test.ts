/**
 * The public pages over the published demo, on PGlite and PostgreSQL: every page type answers with
 * its content from the snapshot, without script, in Japanese, with headings in order; the first
 * page is small; unknown, unpublished or malformed addresses answer the Japanese 404 page; search
 * finds KPIs and items; a correction republished shows in the 更新履歴, with every text escaped.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLogged, updateLogged } from '../../../db/history.ts';
import { fiscalCycle, kpi } from '../../../db/schema.ts';
import { withTenant } from '../../../db/tenant.ts';
import { testBackends } from '../../../db/test-backends.ts';
import { createApi } from '../../../http/app.ts';
import { openWithPublishedDemo, type PublishedDemo } from '../../../test-support/published-demo.ts';
import {
  type PublishedYear,
  publishedYear,
  publishYear,
  unpublishYear,
} from '../../publication/publication.ts';
import { ensureYearReport } from '../../report/year-report.ts';
import { PORTAL_CSS } from './assets.ts';
import { kpisOf, policiesOf } from './snapshot-view.ts';

/** Every heading level in document order. */
const headings = (page: string) => [...page.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));

/** The structural checks every public page passes. */
function expectWellFormedPage(page: string) {
  expect(page.startsWith('<!doctype html><html lang="ja">')).toBe(true);
  expect(page.toLowerCase()).not.toContain('<script');
  const levels = headings(page);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0)
      expect(level, `heading ${i} (h${level}) after h${levels[i - 1]}`).toBeLessThanOrEqual(
        (levels[i - 1] ?? 1) + 1,
      );
  });
  for (const landmark of ['<header', '<nav', '<main id="main"', '<footer', 'href="#main"']) {
    expect(page).toContain(landmark);
  }
  const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size, 'ids are unique').toBe(ids.length);
  expect(page).toMatch(/<meta property="og:title" content="[^"]+">/);
  expect(page).toMatch(/<meta property="og:url" content="http:\/\/localhost\/public\//);
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

describe.each(testBackends())('public pages on $name', ({ open }) => {
  let demo: PublishedDemo;
  let app: ReturnType<typeof createApi>;
  let year: PublishedYear;
  const get = (path: string) => app.request(`http://localhost${path}`);
  const code = () => demo.localGovCode;

  beforeAll(async () => {
    demo = await openWithPublishedDemo(open);
    app = createApi(demo.handle.db);
    const published = await withTenant(demo.handle.db, demo.municipalityId, (tx) =>
      publishedYear(tx, demo.fiscalYear),
    );
    if (!published) throw new Error('the demo year is not published');
    year = published;
  }, 180_000);
  afterAll(async () => {
    await demo?.handle.close();
  });

  it('serves the stylesheet with cache headers, and the index with the published years', async () => {
    const css = await get('/public/assets/portal.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('max-age');
    const etag = css.headers.get('etag') ?? '';
    expect(
      (await app.request('http://localhost/public/assets/portal.css', { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304);

    const res = await get(`/public/${code()}/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expectWellFormedPage(page);
    expect(page).toContain('美祢市');
    expect(page).toContain(`href="/public/${code()}/${demo.fiscalYear}/"`);
    expect(page).toContain(`href="/public/${code()}/data/"`);
    expect(page).toContain(`href="/public/${code()}/accessibility"`);
    expect(byteLength(page) + byteLength(PORTAL_CSS)).toBeLessThan(50_000);
  });

  it("names its own addresses by the configured public origin (HOSHIN_ORIGIN), else the request's", async () => {
    const origin = 'https://hoshin.city.example.lg.jp';
    const proxied = createApi(demo.handle.db, { publicOrigin: origin });
    const page = await (
      await proxied.request(`http://127.0.0.1:8080/public/${code()}/${demo.fiscalYear}/`)
    ).text();
    expect(page).toContain(
      `<meta property="og:url" content="${origin}/public/${code()}/${demo.fiscalYear}/">`,
    );
    expect(page).not.toContain('127.0.0.1');
    const index = await (
      await proxied.request(`http://127.0.0.1:8080/public/${code()}/data/datapackage.json`)
    ).text();
    expect(index).toContain(`${origin}/public/${code()}/data/${demo.fiscalYear}/`);
    expect(index).not.toContain('127.0.0.1');
    const own = await (await get(`/public/${code()}/${demo.fiscalYear}/`)).text();
    expect(own).toContain(
      `<meta property="og:url" content="http://localhost/public/${code()}/${demo.fiscalYear}/">`,
    );
  });

  it('says where the values are invented (架空のデモ値), and only there', async () => {
    const kpis = kpisOf(year.snapshot);
    const invented = kpis.find((k) => k.entry.kpi.illustrative);
    expect(invented).toBeDefined();
    const notice = '架空のデモ値';
    expect(await (await get(`/public/${code()}/${demo.fiscalYear}/`)).text()).toContain(notice);
    expect(await (await get(`/public/${code()}/${demo.fiscalYear}/kpis/${invented?.id}`)).text()).toContain(
      notice,
    );
    const real = kpis.find((k) => !k.entry.kpi.illustrative);
    if (real) {
      expect(await (await get(`/public/${code()}/${demo.fiscalYear}/kpis/${real.id}`)).text()).not.toContain(
        notice,
      );
    }
  });

  it('shows the year at a glance: goals, policies, grade distribution with its table, revision and date', async () => {
    const res = await get(`/public/${code()}/${demo.fiscalYear}/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expectWellFormedPage(page);
    expect(byteLength(page) + byteLength(PORTAL_CSS)).toBeLessThan(50_000);
    const { model } = year.snapshot;
    for (const policy of policiesOf(year.snapshot)) {
      expect(page).toContain(`href="/public/${code()}/${demo.fiscalYear}/policies/${policy.key}"`);
    }
    for (const set of model.kpiSection.sets) {
      for (const row of set.rows) expect(page).toContain(row.title.replaceAll('"', '&quot;'));
    }
    expect(page).toContain('<svg class="dist"');
    expect(page).toContain('role="img"');
    expect(page).toContain('<li>A 目標達成：');
    expect(page).toMatch(/<span class="grade"[^>]*>[A-D] [^<]+<\/span>/);
    expect(page).toContain(`第${year.revision}版`);
    expect(page).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">令和\d+年\d+月\d+日<\/time>/);
    expect(page).toContain(`/public/${code()}/${demo.fiscalYear}/history`);
    expect(page).toMatch(
      /<meta property="og:image" content="http:\/\/localhost\/public\/352136\/2023\/kpis\/\d+\/chart\.svg">/,
    );
  });

  it("links every published KPI from the year page or a policy page (a 基本目標's KPI too)", async () => {
    const base = `/public/${code()}/${demo.fiscalYear}`;
    const pages = [
      await (await get(`${base}/`)).text(),
      ...(await Promise.all(
        policiesOf(year.snapshot).map(async (p) => (await get(`${base}/policies/${p.key}`)).text()),
      )),
    ];
    const linked = new Set(
      pages.flatMap((page) => [...page.matchAll(/\/kpis\/(\d+)"/gu)].map((m) => Number(m[1]))),
    );
    const unreachable = kpisOf(year.snapshot).filter((k) => !linked.has(k.id));
    expect(unreachable.map((k) => k.entry.kpi.name)).toEqual([]);
  });

  it('shows a policy with its measures, results, directions, KPIs and 総合評価', async () => {
    const [policy] = policiesOf(year.snapshot);
    if (!policy) throw new Error('no policy');
    const res = await get(`/public/${code()}/${demo.fiscalYear}/policies/${policy.key}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expectWellFormedPage(page);
    expect(page).toContain(policy.page.policyTitle);
    for (const m of policy.page.measures) expect(page).toContain(m.title);
    for (const item of [...policy.page.results, ...policy.page.directions]) expect(page).toContain(item);
    const kpis = kpisOf(year.snapshot);
    for (const row of policy.page.kpis) {
      const id = kpis.find((k) => k.row?.code === row.code)?.id;
      expect(page).toContain(`href="/public/${code()}/${demo.fiscalYear}/kpis/${id}">${row.name}</a>`);
    }
    expect(page).toContain('この基本方針の総合評価');
    expect(page).toContain(policy.page.rollUps[0]?.basis ?? '');
  });

  it('shows a KPI with its values, chart, data table and its evaluation in words', async () => {
    const all = kpisOf(year.snapshot);
    const graded = all.find((k) => k.entry.evaluation.kind === 'performance' && !k.entry.evaluation.achieved);
    if (!graded) throw new Error('no graded KPI');
    const res = await get(`/public/${code()}/${demo.fiscalYear}/kpis/${graded.id}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expectWellFormedPage(page);
    const { kpi: k, evaluation } = graded.entry;
    expect(page).toContain(`<h1>${k.name}</h1>`);
    expect(page).toContain('<svg class="kpi-chart"');
    expect(page).toContain('<caption>');
    expect(page).toContain('達成率 = 実績値 ÷ 目標値 × 100');
    expect(page).toContain(`達成率は ${evaluation.rate?.toFixed(1)}% です。`);
    expect(page).toContain(`ときは ${evaluation.symbol} ${evaluation.label} です。`);
    expect(page).toContain(`href="/public/${code()}/embed/${demo.fiscalYear}/kpis/${graded.id}"`);
    expect(page).toContain('このグラフを埋め込む');
    expect(page).toContain(
      `content="http://localhost/public/${code()}/${demo.fiscalYear}/kpis/${graded.id}/chart.svg"`,
    );

    const provisional = all.find((x) => x.entry.kpi.actuals.some((a) => a.status === 'provisional'));
    if (provisional) {
      const text = await (await get(`/public/${code()}/${demo.fiscalYear}/kpis/${provisional.id}`)).text();
      expect(text).toContain('見込（確定前の値）');
      expect(text).toContain('<td>実績（見込）</td>');
    }
  });

  it('searches KPI names and items (NFKC, case-insensitive), and shows only the form for an empty query', async () => {
    const [first] = kpisOf(year.snapshot);
    const name = first?.entry.kpi.name ?? '';
    const byName = await (
      await get(`/public/${code()}/${demo.fiscalYear}/search?q=${encodeURIComponent(name)}`)
    ).text();
    expectWellFormedPage(byName);
    expect(byName).toContain(`href="/public/${code()}/${demo.fiscalYear}/kpis/${first?.id}">${name}</a>`);

    const item = policiesOf(year.snapshot).flatMap((p) => p.page.results)[0] ?? '';
    const word = item.slice(2, 6);
    const byWord = await (
      await get(`/public/${code()}/${demo.fiscalYear}/search?q=${encodeURIComponent(word)}`)
    ).text();
    expect(byWord).toContain('主な取組内容／実績：');
    expect(byWord).toContain(item);

    // Words apart (a full-width space too) must all be in one text, in any order.
    const [head, tail] = [name.slice(0, 2), name.slice(2)];
    for (const query of [`${head} ${tail}`, `${tail}\u3000${head}`]) {
      const byWords = await (
        await get(`/public/${code()}/${demo.fiscalYear}/search?q=${encodeURIComponent(query)}`)
      ).text();
      expect(byWords, query).toContain(`/kpis/${first?.id}">${name}</a>`);
    }
    const unrelated = await (
      await get(
        `/public/${code()}/${demo.fiscalYear}/search?q=${encodeURIComponent(`${head} 該当しない語句`)}`,
      )
    ).text();
    expect(unrelated).not.toContain(`/kpis/${first?.id}"`);

    const empty = await (await get(`/public/${code()}/${demo.fiscalYear}/search?q=`)).text();
    expectWellFormedPage(empty);
    expect(empty).toContain('<label for="q">');
    expect(empty).not.toContain('の検索結果');

    const long = await get(`/public/${code()}/${demo.fiscalYear}/search?q=${'あ'.repeat(500)}`);
    expect(long.status).toBe(200);
    expect(await long.text()).toContain(`value="${'あ'.repeat(100)}"`);
  });

  it('shows the history and the accessibility pages', async () => {
    const history = await (await get(`/public/${code()}/${demo.fiscalYear}/history`)).text();
    expectWellFormedPage(history);
    expect(history).toContain(`第${year.revision}版`);
    expect(history).toContain('公開');

    const policy = await (await get(`/public/${code()}/accessibility`)).text();
    expectWellFormedPage(policy);
    expect(policy).toContain('JIS X 8341-3:2016');
    expect(policy).toContain('令和8年12月6日');

    const results = await (await get(`/public/${code()}/accessibility/results`)).text();
    expectWellFormedPage(results);
    expect(results).toMatch(/この版ではまだ自動試験の結果がありません|試験日/);
  });

  it('answers the Japanese 404 page for anything unpublished, unknown or malformed', async () => {
    const y = demo.fiscalYear;
    for (const path of [
      `/public/${code()}/${y - 1}/`,
      `/public/${code()}/${y + 1}/kpis/1`,
      `/public/${code()}/abcd/`,
      `/public/${code()}/99999/`,
      `/public/${code()}/${y}/policies/9-9`,
      `/public/${code()}/${y}/policies/x`,
      `/public/${code()}/${y}/policies/1-1-1-1-1-1-1`,
      `/public/${code()}/${y}/kpis/999999`,
      `/public/${code()}/${y}/kpis/0`,
      `/public/${code()}/${y}/kpis/1e3`,
      `/public/${code()}/${y}/kpis/%3Cscript%3E`,
      `/public/${code()}/${y - 1}/history`,
      `/public/${code()}/${y - 1}/search?q=a`,
      `/public/131016/${y}/`,
      '/public/131016/',
      '/public/abc/',
      // No city named: not the staff sign-in screen (with its demo accounts).
      '/public',
      '/public/',
      // Deeper than any page: the portal's own 404, never the staff app.
      `/public/${code()}/${y}/kpis/1/nothing`,
      `/public/${code()}/a/b/c/d`,
      // A literal '*' once made the router run the portal's middleware twice: a second transaction
      // inside the first, which on PGlite stopped this and every later request.
      `/public/${code()}/*`,
      `/public/${code()}/${y}/*`,
      '/public/*',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const page = await res.text();
      expect(page, path).toContain('ページが見つかりません');
      expect(page).not.toContain('<script');
    }
    const unslashed = await get(`/public/${code()}/${y}`);
    expect(unslashed.status).toBe(301);
    expect(unslashed.headers.get('location')).toBe(`/public/${code()}/${y}/`);
    const stray = await get(`/public/${code()}/nothing-here`);
    expect(stray.status).toBe(404);
    expect(await stray.text()).toContain('ページが見つかりません');
    // The city's published year is untouched by the misses.
    expect((await get(`/public/${code()}/${y}/`)).status).toBe(200);
  });

  it('escapes text from the snapshot, and a correction shows in the 更新履歴 once republished', async () => {
    const target = kpisOf(year.snapshot)[0];
    if (!target) throw new Error('no KPI');
    const evil = '<script>alert(1)</script>"観光\'';
    await withTenant(demo.handle.db, demo.municipalityId, async (tx) => {
      const [row] = await tx.select().from(kpi).where(eq(kpi.id, target.id));
      if (!row) throw new Error('no KPI row');
      await updateLogged(
        tx,
        kpi,
        'kpi',
        row,
        { name: evil },
        { municipalityId: demo.municipalityId, actor: 'kikaku' },
      );
    });
    const kpiPath = `/public/${code()}/${demo.fiscalYear}/kpis/${target.id}`;
    // Not public until published again.
    expect(await (await get(kpiPath)).text()).not.toContain('alert(1)');
    await withTenant(demo.handle.db, demo.municipalityId, (tx) =>
      publishYear(
        tx,
        { municipalityId: demo.municipalityId, actor: 'kikaku' },
        {
          planId: demo.planId,
          fiscalYear: demo.fiscalYear,
          reason: '指標名の訂正 <b>太字</b>',
        },
      ),
    );
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;観光&#39;';
    for (const path of [
      kpiPath,
      `/public/${code()}/${demo.fiscalYear}/`,
      `/public/${code()}/${demo.fiscalYear}/policies/${policiesOf(year.snapshot)[0]?.key}`,
      `/public/${code()}/${demo.fiscalYear}/search?q=${encodeURIComponent('<script>')}`,
      `/public/${code()}/${demo.fiscalYear}/history`,
    ]) {
      const page = await (await get(path)).text();
      expect(page.toLowerCase(), path).not.toContain('<script');
      expectWellFormedPage(page);
      if (!path.endsWith('/')) expect(page, path).toContain(escaped);
    }
    const history = await (await get(`/public/${code()}/${demo.fiscalYear}/history`)).text();
    expect(history).toContain(`第${year.revision + 1}版`);
    expect(history).toContain('指標名の訂正 &lt;b&gt;太字&lt;/b&gt;');
    expect(history).toContain('指標名を');
  });

  // On PGlite (one connection) a second portal transaction inside the first would wait forever:
  // this address is matched by the one '/:code/*' middleware only (features/portal/routes.ts).
  it('redirects the address without the slash', async () => {
    const bare = await get(`/public/${code()}`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(`/public/${code()}/`);
  });

  it("keeps a policy's or a KPI's page when the year switcher leads to another year that has it", async () => {
    const earlier = demo.fiscalYear - 1;
    const ctx = { municipalityId: demo.municipalityId, actor: 'kikaku' };
    await withTenant(demo.handle.db, demo.municipalityId, async (tx) => {
      await insertLogged(
        tx,
        fiscalCycle,
        'fiscal_cycle',
        {
          municipalityId: demo.municipalityId,
          planId: demo.planId,
          fiscalYear: earlier,
          deadline: `${earlier + 1}-05-31`,
          state: 'closed',
          closedAt: new Date(),
        },
        ctx,
      );
      await ensureYearReport(tx, ctx, demo.planId, earlier);
      await publishYear(tx, ctx, { planId: demo.planId, fiscalYear: earlier, reason: '' });
    });
    const policy = policiesOf(year.snapshot)[0]?.key ?? '';
    const policyPage = await (await get(`/public/${code()}/${demo.fiscalYear}/policies/${policy}`)).text();
    expect(policyPage).toContain(`href="/public/${code()}/${earlier}/policies/${policy}"`);
    const kpiId = kpisOf(year.snapshot)[0]?.id ?? 0;
    const kpiPage = await (await get(`/public/${code()}/${earlier}/kpis/${kpiId}`)).text();
    expect(kpiPage).toContain(`href="/public/${code()}/${demo.fiscalYear}/kpis/${kpiId}"`);
    // A KPI the earlier year's publication does not have: its year leads to the overview.
    const added = await withTenant(demo.handle.db, demo.municipalityId, async (tx) => {
      const [source] = await tx.select().from(kpi).where(eq(kpi.id, kpiId));
      if (!source) throw new Error('no KPI row');
      const { id: _id, version: _version, ...copy } = source;
      const row = await insertLogged(
        tx,
        kpi,
        'kpi',
        { ...copy, code: `${copy.code}-追加`, name: '追加した指標' },
        ctx,
      );
      await publishYear(tx, ctx, { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '指標の追加' });
      return row;
    });
    const addedPage = await (await get(`/public/${code()}/${demo.fiscalYear}/kpis/${added.id}`)).text();
    expect(addedPage).toContain('追加した指標');
    expect(addedPage).toContain(`href="/public/${code()}/${earlier}/"`);
    expect(addedPage).not.toContain(`/public/${code()}/${earlier}/kpis/`);
    // The next test withdraws the demo's year and expects nothing left published.
    await withTenant(demo.handle.db, demo.municipalityId, (tx) =>
      unpublishYear(tx, ctx, { planId: demo.planId, fiscalYear: earlier, reason: '試験のため取下げ' }),
    );
    // Its addresses now say that, when and why it was withdrawn, not a bare 404.
    for (const path of [`/public/${code()}/${earlier}/`, `/public/${code()}/${earlier}/kpis/${kpiId}`]) {
      const gone = await get(path);
      expect(gone.status, path).toBe(410);
      const text = await gone.text();
      expectWellFormedPage(text);
      expect(text).toContain('令和4年度の公開は取り下げられています');
      expect(text).toContain('取り下げの理由：試験のため取下げ');
      expect(text).toContain(`href="/public/${code()}/"`);
    }
    expect((await get(`/public/${code()}/${earlier - 1}/`)).status).toBe(404);
  });

  it('shows nothing of a city whose every year is withdrawn, not even its name', async () => {
    await withTenant(demo.handle.db, demo.municipalityId, (tx) =>
      unpublishYear(
        tx,
        { municipalityId: demo.municipalityId, actor: 'kikaku' },
        {
          planId: demo.planId,
          fiscalYear: demo.fiscalYear,
          reason: '確認のため取下げ',
        },
      ),
    );
    for (const path of [
      `/public/${code()}/`,
      `/public/${code()}/accessibility`,
      `/public/${code()}/accessibility/results`,
      `/public/${code()}/${demo.fiscalYear}/`,
      `/public/${code()}/${demo.fiscalYear}/history`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const page = await res.text();
      expect(page).toContain('ページが見つかりません');
      expect(page, path).not.toContain('美祢');
    }
  });
});
