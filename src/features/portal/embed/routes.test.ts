/**
 * A published KPI's chart for other sites, on PGlite and PostgreSQL: the SVG is served as
 * image/svg+xml, well-formed, with the KPI's name escaped; the embed page shows the chart, its
 * numbers and a link back, and is the only answer another site may frame (behind the real security
 * headers: the year page and the API stay DENY). Unpublished years, unknown KPIs and other cities
 * answer 404.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../db/test-backends.ts';
import { createApi } from '../../../http/app.ts';
import { securityHeaders } from '../../../http/edges.ts';
import {
  openWithPublishedDemo,
  type PublishedDemo,
  renamePublishedKpi,
} from '../../../test-support/published-demo.ts';

const HOSTILE_NAME = '<script>alert("x")</script> & 観光客数';

/**
 * Well-formed XML, checked without a parser: every tag closes in order, attribute values are quoted,
 * and `&` only starts one of XML's own entities or a character reference.
 */
function expectWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/u, '');
  const stack: string[] = [];
  const tags = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/gu;
  let last = 0;
  for (const m of body.matchAll(tags)) {
    const between = body.slice(last, m.index);
    expect(between, `text before ${m[0]}`).not.toMatch(/[<>]/u);
    last = (m.index ?? 0) + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, name = '', , selfClosing] = m;
    if (closing) expect(stack.pop(), `</${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(body).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/u);
}

describe.each(testBackends())('embeds on $name', ({ open }) => {
  let demo: PublishedDemo;
  let app: ReturnType<typeof createApi>;
  let kpiId = 0;

  beforeAll(async () => {
    demo = await openWithPublishedDemo(open);
    kpiId = await renamePublishedKpi(demo, HOSTILE_NAME);
    app = createApi(demo.handle.db);
  }, 180_000);
  afterAll(async () => {
    await demo?.handle.close();
  });

  it('serves the chart as a well-formed SVG image with the KPI name escaped', async () => {
    const res = await app.request(`/public/352136/2023/kpis/${kpiId}/chart.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(svg).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/u,
    );
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 観光客数');
    expect(svg).not.toContain('<script');
    expectWellFormedXml(svg);
  });

  it('serves a small embed page: the chart, its numbers and a link back to the KPI page', async () => {
    const res = await app.request(`http://city.example/public/352136/embed/2023/kpis/${kpiId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('<svg class="kpi-chart"');
    expect(page).toContain('<table class="data">');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).toContain(
      `href="http://city.example/public/352136/2023/kpis/${kpiId}" target="_blank" rel="noopener"`,
    );
    expect(page).toContain('出典: 美祢市（クリエイティブ・コモンズ 表示 4.0 国際）');
  });

  it('answers 404 for an unpublished year, an unknown or malformed KPI and another city', async () => {
    for (const path of [
      `/public/352136/2022/kpis/${kpiId}/chart.svg`,
      `/public/352136/embed/2022/kpis/${kpiId}`,
      '/public/352136/2023/kpis/999999/chart.svg',
      '/public/352136/embed/2023/kpis/0',
      '/public/352136/embed/2023/kpis/1e3',
      `/public/131016/2023/kpis/${kpiId}/chart.svg`,
      `/public/131016/embed/2023/kpis/${kpiId}`,
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('lets other sites frame the embed page only: the year page and the API stay DENY', async () => {
    const server = new Hono();
    server.use('*', securityHeaders());
    server.all('*', (c) => app.fetch(c.req.raw));
    const embed = await server.request(`/public/352136/embed/2023/kpis/${kpiId}`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    for (const path of [
      '/public/352136/2023/',
      `/public/352136/2023/kpis/${kpiId}`,
      `/public/352136/2023/kpis/${kpiId}/chart.svg`,
      '/public/352136/data/2023/kpis.csv',
      '/api/plans',
    ]) {
      const res = await server.request(path);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    const svg = await server.request(`/public/352136/2023/kpis/${kpiId}/chart.svg`);
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
    expect(svg.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
