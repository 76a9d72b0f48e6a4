/**
 * The route matrix: every route the router holds, for no session and for each role, against PGlite
 * and PostgreSQL — what it may do, what it may not, and that nothing of another municipality is
 * reachable. Routes are enumerated from the app itself, so a route added later is covered (and
 * fails here until ROUTE_ACCESS names it).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import {
  appUser,
  changeLog,
  fiscalCycle,
  kpi,
  kpiActual,
  municipality,
  plan,
  planNode,
} from '../db/schema.ts';
import { withTenant } from '../db/tenant.ts';
import { testBackends } from '../db/test-backends.ts';
import { can, ROLES, type Role } from '../features/auth/roles.ts';
import { importKpiTable } from '../features/kpi-table/import.ts';
import { listPublications, publishYear } from '../features/publication/publication.ts';
import { openWithSeed } from '../services/test-support.ts';
import { csv, exampleInit, exampleUrl, type Ids } from '../test-support/route-examples.ts';
import { signedIn, type TestClient } from '../test-support/signed-in.ts';
import { ROUTE_ACCESS } from './access.ts';
import { createApi } from './app.ts';

/** The department the tests' KPI belongs to: assignments set it again (a no-op that is still allowed). */
let tourismDepartmentId = 0;

const url = (method: string, path: string, ids: Ids) => exampleUrl(method, path, ids, tourismDepartmentId);
const init = (key: string) => exampleInit(key, tourismDepartmentId);

describe.each(testBackends())('route access on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let app: ReturnType<typeof createApi>;
  let own: Ids;
  let other: Ids;
  let clients: Record<Role, TestClient>;
  let otherDepartment: TestClient;

  beforeAll(async () => {
    handle = await openWithSeed(open);
    const { db } = handle;
    // Mine City: two KPIs of two departments on measure ①.
    await importKpiTable(
      db,
      csv([
        '基本目標,基本方針,施策,指標の区分,指標名,単位,方向,担当課,R5',
        '1,1,①,基本計画,観光客数,人,増加,観光政策課,100',
        '1,1,①,基本計画,移住者数,人,増加,定住促進課,10',
      ]),
      { fileName: 'mine.csv', actor: 'test', localGovCode: '352136' },
    );
    // Another city with its own plan, KPI and department.
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
    app = createApi(db);
    const [mine] = await db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const [chiyoda] = await db.select().from(municipality).where(eq(municipality.localGovCode, '131016'));
    const idsOf = async (m: number, kpiName: string): Promise<Ids> => {
      const [k] = await db
        .select()
        .from(kpi)
        .where(and(eq(kpi.municipalityId, m), eq(kpi.name, kpiName)));
      const [p] = await db.select().from(plan).where(eq(plan.municipalityId, m));
      const [n] = await db
        .select()
        .from(planNode)
        .where(eq(planNode.id, k?.nodeId ?? 0));
      return { planId: p?.id ?? 0, nodeId: n?.id ?? 0, kpiId: k?.id ?? 0, userId: 0 };
    };
    own = await idsOf(mine?.id ?? 0, '観光客数');
    const [tourism] = await db.select().from(kpi).where(eq(kpi.id, own.kpiId));
    tourismDepartmentId = tourism?.departmentId ?? 0;
    other = await idsOf(chiyoda?.id ?? 0, '防災訓練参加者数');
    clients = {} as Record<Role, TestClient>;
    for (const role of ROLES) {
      clients[role] = await signedIn(app, db, {
        role,
        ...(role === 'department' ? { department: '観光政策課' } : {}),
      });
    }
    otherDepartment = await signedIn(app, db, {
      role: 'department',
      username: 'teiju',
      department: '定住促進課',
    });
    const [viewer] = await db.select().from(appUser).where(eq(appUser.username, 'test-viewer'));
    own.userId = viewer?.id ?? 0;
    const chiyodaAdmin = await signedIn(app, db, {
      role: 'viewer',
      username: 'chiyoda',
      localGovCode: '131016',
    });
    const [chiyodaUser] = await db.select().from(appUser).where(eq(appUser.username, 'chiyoda'));
    other.userId = chiyodaUser?.id ?? 0;
    expect(chiyodaAdmin.actor).toContain('chiyoda');
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  const apiRoutes = () =>
    createApi(handle.db)
      .routes.filter(
        (r) =>
          r.method !== 'ALL' &&
          (r.path.startsWith('/api/') || r.path === '/public' || r.path.startsWith('/public/')),
      )
      .map((r) => `${r.method} ${r.path}`);

  it('names every route of the router in ROUTE_ACCESS, and nothing that is no route', () => {
    const routes = [...new Set(apiRoutes())].sort();
    expect(routes.filter((r) => !(r in ROUTE_ACCESS))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('refuses every non-public route without a session (401), and answers the public ones', async () => {
    for (const key of Object.keys(ROUTE_ACCESS)) {
      const [method = 'GET', path = ''] = key.split(' ');
      const res = await app.request(url(method, path, own), init(key));
      const open = ROUTE_ACCESS[key] === 'public' || ROUTE_ACCESS[key] === 'published';
      if (open) expect([key, res.status]).not.toEqual([key, 401]);
      else expect([key, res.status]).toEqual([key, 401]);
      expect(res.status, key).toBeLessThan(500);
    }
  });

  it.each(ROLES)('lets %s do exactly what its role grants (403 otherwise), never a 500', async (role) => {
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (access === 'public' || access === 'published') continue;
      const [method = 'GET', path = ''] = key.split(' ');
      const res = await clients[role].request(url(method, path, own), init(key));
      const body = await res.text();
      if (can(role, access)) expect([key, res.status, body]).not.toEqual([key, 403, body]);
      else expect([key, res.status]).toEqual([key, 403]);
      expect([key, res.status]).not.toEqual([key, 401]);
      expect(res.status, `${key}: ${body}`).toBeLessThan(500);
    }
  });

  it("refuses a department editor another department's KPI (403) and leaves it unchanged", async () => {
    const before = await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, own.kpiId));
    const res = await otherDepartment.request(
      `/api/kpis/${own.kpiId}/actuals/2023`,
      init('PUT /api/kpis/:kpiId/actuals/:fiscalYear'),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error).toContain('他の課');
    const status = await otherDepartment.request(`/api/kpis/${own.kpiId}/administrative-status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ administrativeStatus: 'suspended' }),
    });
    expect(status.status).toBe(403);
    expect(await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, own.kpiId))).toEqual(before);
    // Its own department's KPI it may write, logged under its name.
    const [ownKpi] = await handle.db.select().from(kpi).where(eq(kpi.name, '移住者数'));
    const saved = await otherDepartment.request(`/api/kpis/${ownKpi?.id}/actuals/2023`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 12, status: 'final' }),
    });
    expect(saved.status).toBe(200);
    const log = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'kpi_actual'));
    expect(log.at(-1)?.actor).toBe(otherDepartment.actor);
  });

  it('tells the KPI page who writes a KPI and whether the signed-in user may', async () => {
    const detail = async (client: TestClient) =>
      (await client.request(`/api/kpis/${own.kpiId}?year=2023`)).json();
    expect(await detail(clients.department)).toMatchObject({
      responsibleDepartment: { name: '観光政策課' },
      mayWrite: true,
    });
    expect((await detail(otherDepartment)).mayWrite).toBe(false);
    expect((await detail(clients.council)).mayWrite).toBe(false);
    expect((await detail(clients.planning)).mayWrite).toBe(true);
    const tree = await (await clients.viewer.request(`/api/plans/${own.planId}/tree`)).json();
    const first = tree.nodes[0];
    expect(first).toHaveProperty('version');
    expect(first).toHaveProperty('departmentName');
  });

  it.each(ROLES)('gives %s nothing of another municipality: 404 everywhere, no name leaked', async (role) => {
    const before = await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, other.kpiId));
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (access === 'public' || access === 'published' || !/:(planId|nodeId|kpiId|userId)/.test(key))
        continue;
      if (!can(role, access)) continue;
      const [method = 'GET', path = ''] = key.split(' ');
      const res = await clients[role].request(url(method, path, other), init(key));
      const body = await res.text();
      expect([key, res.status]).toEqual([key, 404]);
      for (const secret of ['千代田', '防災', '危機管理']) expect(body, key).not.toContain(secret);
    }
    const plans = await clients[role].request('/api/plans');
    expect(await plans.text()).not.toContain('千代田区基本計画');
    expect(await handle.db.select().from(kpiActual).where(eq(kpiActual.kpiId, other.kpiId))).toEqual(before);
  });

  it('shows the published portal of Mine City to anyone signed out, and nothing of a city that published nothing', async () => {
    // Mine City's FY2023, closed and published (the matrix above left it open, or never opened it).
    const [mine] = await handle.db.select().from(municipality).where(eq(municipality.localGovCode, '352136'));
    const mineId = mine?.id ?? 0;
    await withTenant(handle.db, mineId, async (tx) => {
      const [cycle] = await tx
        .select()
        .from(fiscalCycle)
        .where(and(eq(fiscalCycle.planId, own.planId), eq(fiscalCycle.fiscalYear, 2023)));
      if (cycle) {
        await tx
          .update(fiscalCycle)
          .set({ state: 'closed', closedAt: new Date() })
          .where(eq(fiscalCycle.id, cycle.id));
      } else {
        await tx.insert(fiscalCycle).values({
          municipalityId: mineId,
          planId: own.planId,
          fiscalYear: 2023,
          state: 'closed',
          deadline: '2024-09-30',
          closedAt: new Date(),
        });
      }
      const listed = await listPublications(tx, own.planId, '352136');
      if (!listed.years.find((y) => y.fiscalYear === 2023)?.published) {
        await publishYear(
          tx,
          { municipalityId: mineId, actor: 'test' },
          { planId: own.planId, fiscalYear: 2023, reason: '' },
        );
      }
    });
    const published = Object.keys(ROUTE_ACCESS).filter((key) => ROUTE_ACCESS[key] === 'published');
    expect(published.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const key of published) {
      const [method = 'GET', path = ''] = key.split(' ');
      const mineUrl = url(method, path, own);
      const res = await app.request(mineUrl, init(key));
      // The catch-all answers the portal's 404 page for an address that is no page, by design.
      const answers = path.endsWith('/*') ? [404] : [200, 301];
      if (!answers.includes(res.status)) wrong.push(`${mineUrl}: ${res.status}, not ${answers.join('/')}`);
      // The same address for 千代田区: it exists and has data, but published nothing.
      const otherUrl = url(method, path, other).replace('/public/352136', '/public/131016');
      let refused = await app.request(otherUrl, init(key));
      // A bare /public/{code} only adds its slash; where it leads is what counts.
      const location = refused.headers.get('location');
      if (refused.status === 301 && location) refused = await app.request(location);
      const body = await refused.text();
      if (refused.status !== 404) wrong.push(`${otherUrl}: ${refused.status}, not 404`);
      for (const secret of ['千代田', '防災', '危機管理']) {
        if (body.includes(secret)) wrong.push(`${otherUrl}: names ${secret}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
