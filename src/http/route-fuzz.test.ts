/**
 * The route fuzz test: every route the router holds gets hostile values in each path parameter,
 * query parameter and JSON body field (ids past PostgreSQL's integer, huge years, NUL bytes, 10 000
 * characters, wrong JSON types), signed in as 企画 and as a 担当課 editor, on PGlite and PostgreSQL.
 * Whatever is sent, the answer is never a 500: a refusal is a 4xx with a Japanese `error`.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { kpi, municipality, plan } from '../db/schema.ts';
import { testBackends } from '../db/test-backends.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { openWithSeed } from '../services/test-support.ts';
import { BODIES, csv, exampleInit, exampleUrl, type Ids } from '../test-support/route-examples.ts';
import { signedIn, type TestClient } from '../test-support/signed-in.ts';
import { ROUTE_ACCESS } from './access.ts';
import { createApi } from './app.ts';

const LONG = 'x'.repeat(10_000);
/** Values for a path segment or a query value, already URL-encoded. */
const HOSTILE_TEXT = [
  '2147483648',
  '99999999999999999999',
  '-1',
  '0',
  '1.5',
  'abc',
  '%00',
  'a%00b',
  '10000000000',
  '1e400',
  encodeURIComponent('　'),
  // A literal '*' once made the router run a middleware twice (a transaction inside a transaction).
  '*',
  LONG,
];
/** Values for a JSON body field. */
const HOSTILE_JSON: unknown[] = [
  2147483648,
  1e20,
  -1,
  0,
  1.5,
  10000000000,
  'abc',
  'a\u0000b',
  LONG,
  '',
  null,
  true,
  [],
  [1, 2],
  {},
  { nested: { deeper: [] } },
];
/** Whole bodies that are not the object a route expects. */
const HOSTILE_BODIES = ['', 'null', '[]', '[{}]', '"text"', '42', '{', '{"a":"\\u0000"}', '\u0000'];

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

interface Case {
  label: string;
  url: string;
  init: RequestInit;
}

/** Every hostile variant of one route's example request. */
function casesOf(key: string, ids: Ids, departmentId: number, queryNames: string[]): Case[] {
  const [method = 'GET', path = ''] = key.split(' ');
  const base = exampleUrl(method, path, ids, departmentId);
  const init = exampleInit(key, departmentId);
  const [pathPart = '', query = ''] = base.split('?');
  const cases: Case[] = [];
  // Path parameters: the segments that were ':name' in the route.
  const routeSegments = path.split('/');
  const segments = pathPart.split('/');
  routeSegments.forEach((segment, i) => {
    if (!segment.startsWith(':')) return;
    for (const value of HOSTILE_TEXT) {
      const spoiled = [...segments];
      spoiled[i] = value;
      cases.push({
        label: `${key} ${segment}=${value.slice(0, 20)}`,
        url: `${spoiled.join('/')}?${query}`,
        init,
      });
    }
  });
  // Query parameters: those of the example and those the OpenAPI document names.
  const params = new URLSearchParams(query);
  for (const name of new Set([...params.keys(), ...queryNames])) {
    for (const value of HOSTILE_TEXT) {
      const spoiled = new URLSearchParams(params);
      spoiled.delete(name);
      const rest = spoiled.toString();
      cases.push({
        label: `${key} ?${name}=${value.slice(0, 20)}`,
        url: `${pathPart}?${rest ? `${rest}&` : ''}${name}=${value}`,
        init,
      });
    }
  }
  // JSON bodies: each field spoiled, then the whole body.
  const isJson =
    (init.headers as Record<string, string> | undefined)?.['content-type'] === 'application/json';
  const body = BODIES[key] ?? (key.endsWith('/department') ? { departmentId, version: 1 } : undefined);
  if (method !== 'GET' && (isJson || init.body === undefined)) {
    const headers = { 'content-type': 'application/json' };
    if (body && typeof body === 'object') {
      for (const field of Object.keys(body)) {
        for (const value of HOSTILE_JSON) {
          cases.push({
            label: `${key} body.${field}=${JSON.stringify(value).slice(0, 20)}`,
            url: base,
            init: { method, headers, body: JSON.stringify({ ...body, [field]: value }) },
          });
        }
      }
    }
    for (const text of HOSTILE_BODIES) {
      cases.push({
        label: `${key} body ${JSON.stringify(text)}`,
        url: base,
        init: { method, headers, body: text },
      });
    }
  }
  return cases;
}

describe.each(testBackends())('route fuzz on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let app: ReturnType<typeof createApi>;
  let own: Ids;
  let departmentId = 0;
  let clients: Record<'planning' | 'department', TestClient>;
  const queryNames = new Map<string, string[]>();

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
    app = createApi(db);
    const [mine] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const [k] = await db
      .select()
      .from(kpi)
      .where(and(eq(kpi.municipalityId, mine?.id ?? 0), eq(kpi.name, '観光客数')));
    const [p] = await db
      .select()
      .from(plan)
      .where(eq(plan.municipalityId, mine?.id ?? 0));
    departmentId = k?.departmentId ?? 0;
    clients = {
      planning: await signedIn(app, db, { role: 'planning' }),
      department: await signedIn(app, db, { role: 'department', department: '観光政策課' }),
    };
    own = { planId: p?.id ?? 0, nodeId: k?.nodeId ?? 0, kpiId: k?.id ?? 0, userId: 1 };
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'fuzz', version: '0' } });
    for (const [docPath, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const parameters =
          (operation as { parameters?: Array<{ in: string; name: string }> }).parameters ?? [];
        const path = docPath.replace(/\{(\w+)\}/g, ':$1');
        queryNames.set(
          `${method.toUpperCase()} ${path}`,
          parameters.filter((p) => p.in === 'query').map((p) => p.name),
        );
      }
    }
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  it.each(['planning', 'department'] as const)(
    'answers hostile values on every route as %s with a 4xx in Japanese, never a 500',
    async (role) => {
      const failures: string[] = [];
      let count = 0;
      const keys = Object.keys(ROUTE_ACCESS).filter((key) => !key.startsWith('POST /api/auth/'));
      for (const key of keys) {
        const cases = casesOf(key, own, departmentId, queryNames.get(key) ?? []);
        // The 担当課 editor walks the path parameters and whole bodies only: the same code, fewer requests.
        const chosen = role === 'planning' ? cases : cases.filter((_, i) => i % 4 === 0);
        for (const c of chosen) {
          count++;
          const res = await clients[role].request(c.url, c.init);
          const text = await res.text();
          if (res.status >= 500) failures.push(`${res.status} ${c.label}: ${text.slice(0, 200)}`);
          else if (res.status >= 400) {
            let error: unknown;
            try {
              error = (JSON.parse(text) as { error?: unknown }).error;
            } catch {
              error = undefined;
            }
            // An upload's preview refuses with its own report (rows refused, each with a message);
            // the public portal answers with a Japanese page.
            const report = /"refused":\[\{/.test(text) && JAPANESE.test(text);
            const page = /^<!doctype html>/i.test(text) && JAPANESE.test(text);
            if (!report && !page && (typeof error !== 'string' || !JAPANESE.test(error))) {
              failures.push(`${res.status} ${c.label}: no Japanese error: ${text.slice(0, 200)}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(count).toBeGreaterThan(500);
    },
    300_000,
  );

  it('refuses a NUL byte in a header or the query string with 400 before any route runs', async () => {
    const cookie = clients.planning.cookie;
    const res = await app.request(`/api/plans/${own.planId}/tree`, { headers: { cookie: `${cookie}%00` } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(JAPANESE);
    const query = await clients.planning.request(`/api/plans?x=%00`);
    expect(query.status).toBe(400);
  });
});
