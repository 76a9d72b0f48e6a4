/**
 * The server's edges, through a real socket: it listens on 127.0.0.1 unless told otherwise, every
 * response carries the security headers, a request naming another host is refused, and a body over
 * the limit is refused before it is read whole. The OpenAPI document stays readable without sign-in.
 * Only the portal's embed pages may be framed by another site.
 */
import { request } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from './edges.ts';
import { startServer } from './server.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  options: { method?: string; host?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: options.method ?? 'GET',
        headers: { ...(options.host ? { host: options.host } : {}), ...(options.headers ?? {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.end(options.body);
    else req.end();
  });
}

describe('server edges', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dataDir: 'memory://',
      demo: false,
      warmPdfPrinter: false,
      env: {},
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('listens on the loopback address by default', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('sends the security headers on API answers, refusals and pages', async () => {
    for (const path of ['/api/openapi.json', '/api/plans', '/', '/no-such-page']) {
      const res = await send(`${server.url}${path}`);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('keeps the OpenAPI document readable without sign-in, and the data not', async () => {
    const doc = await send(`${server.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(JSON.parse(doc.body).paths['/api/auth/login']).toBeDefined();
    const plans = await send(`${server.url}/api/plans`);
    expect(plans.status).toBe(401);
    expect(JSON.parse(plans.body).error).toBe('ログインしてください。');
  });

  it('refuses a request for another host name (DNS rebinding) with 421', async () => {
    const res = await send(`${server.url}/api/openapi.json`, { host: 'attacker.example:80' });
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body).error).toContain('attacker.example');
    expect((await send(`${server.url}/api/openapi.json`, { host: 'localhost' })).status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 in Japanese', async () => {
    const res = await send(`${server.url}/api/auth/login`, {
      method: 'POST',
      body: Buffer.alloc(2 * 1024 * 1024, 0x61),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toContain('大きすぎます');
  });
});

describe('framing', () => {
  // The real middleware on a stub app: only the portal's embed pages may be framed by another site.
  const app = new Hono();
  app.use('*', securityHeaders());
  app.get('*', (c) => c.text('ok'));

  it('lets any site frame an embed page: frame-ancestors *, no X-Frame-Options', async () => {
    const res = await app.request('/public/352136/embed/2023/kpis/1');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps every other page, file and API answer unframeable', async () => {
    for (const path of [
      '/',
      '/public/352136/',
      '/public/352136/2023/',
      '/public/352136/2023/kpis/1',
      '/public/352136/2023/kpis/1/chart.svg',
      '/public/352136/data/2023/kpis.csv',
      '/public/352136/embedded/2023/kpis/1',
      '/public/x/embed/2023/kpis/1',
      '/api/public/352136/embed/2023',
      '/api/plans',
    ]) {
      const res = await app.request(path);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });
});
