/**
 * Open data of a published year, over HTTP, on PGlite and PostgreSQL: the files answer with their
 * types (a BOM only in the -bom variant), every row names the city (352136 美祢市) with ISO and 和暦
 * dates, the licence travels in the JSON, the schema and a Link header (and follows the settings),
 * a formula-looking KPI name is neutralised in CSV only, the JSON validates against its published
 * JSON Schema (Ajv, draft 2020-12), and the index lists every published year's files, which answer.
 * Unpublished years and other cities answer 404.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateLogged } from '../../../db/history.ts';
import { kpi } from '../../../db/schema.ts';
import { withTenant } from '../../../db/tenant.ts';
import { testBackends } from '../../../db/test-backends.ts';
import { formatWarekiDate, japanDateOf } from '../../../domain/calendar/index.ts';
import { csvRecords } from '../../../formats/fuzz-support.ts';
import { createApi } from '../../../http/app.ts';
import {
  openWithPublishedDemo,
  type PublishedDemo,
  renamePublishedKpi,
} from '../../../test-support/published-demo.ts';
import { publishYear, unpublishYear } from '../../publication/publication.ts';

/** A validator as a reuser would set one up: strict, with the two formats the schemas use. */
function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/u);
  ajv.addFormat('date-time', { validate: (s: string) => !Number.isNaN(Date.parse(s)) && /T/u.test(s) });
  return ajv;
}

describe.each(testBackends())('open data on $name', ({ open }) => {
  let demo: PublishedDemo;
  let app: ReturnType<typeof createApi>;
  let formulaKpiId = 0;
  const base = '/public/352136/data';
  const ctx = () => ({ municipalityId: demo.municipalityId, actor: 'kikaku' });
  const asCity = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(demo.handle.db, demo.municipalityId, work);
  const get = (path: string) => app.request(path);

  beforeAll(async () => {
    demo = await openWithPublishedDemo(open);
    // A KPI name a spreadsheet would compute: KPI names belong to the plan, not to a locked year.
    formulaKpiId = await renamePublishedKpi(demo, '=1+2');
    app = createApi(demo.handle.db);
  }, 180_000);
  afterAll(async () => {
    await demo?.handle.close();
  });

  it('answers each file with its type, a BOM only in the -bom variant, and the licence linked', async () => {
    for (const dataset of ['kpis', 'policies']) {
      const csv = await get(`${base}/2023/${dataset}.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('link')).toBe(
        '<https://creativecommons.org/licenses/by/4.0/deed.ja>; rel="license"',
      );
      expect(csv.headers.get('access-control-allow-origin')).toBe('*');
      const plain = new Uint8Array(await csv.arrayBuffer());
      expect([...plain.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(plain)).toMatch(/^全国地方公共団体コード,地方公共団体名,/u);

      const bom = await get(`${base}/2023/${dataset}-bom.csv`);
      expect(bom.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await bom.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.slice(3)).toEqual(plain);

      const json = await get(`${base}/2023/${dataset}.json`);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const schema = await get(`${base}/2023/${dataset}.schema.json`);
      expect(schema.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
      const table = await get(`${base}/2023/${dataset}.tableschema.json`);
      expect(table.status).toBe(200);
    }
  });

  it('puts the city, ISO and 和暦 dates on every row, and neutralises a formula in CSV only', async () => {
    const publishedOn = japanDateOf(new Date());
    for (const dataset of ['kpis', 'policies']) {
      const rows = csvRecords(new Uint8Array(await (await get(`${base}/2023/${dataset}.csv`)).arrayBuffer()));
      const [header = [], ...records] = rows;
      expect(records.length).toBeGreaterThan(10);
      const col = (name: string) => header.indexOf(name);
      for (const record of records) {
        expect(record.length).toBe(header.length);
        expect(record[col('全国地方公共団体コード')]).toBe('352136');
        expect(record[col('地方公共団体名')]).toBe('美祢市');
        expect(record[col('年度')]).toBe('2023');
        expect(record[col('年度（和暦）')]).toBe('令和5年度');
        expect(record[col('公開日')]).toBe(publishedOn);
        expect(record[col('公開日（和暦）')]).toBe(formatWarekiDate(publishedOn));
        expect(record[col('版')]).toBe('2');
      }
      if (dataset === 'kpis') {
        const formula = records.find((r) => r[col('指標ID')] === String(formulaKpiId));
        expect(formula?.[col('指標名')]).toBe("'=1+2");
        // Numbers stay numbers: no quote, no thousands separator.
        const values = records.map((r) => r[col('基準値')]).filter((v) => v !== '');
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) expect(v).toMatch(/^-?\d+(\.\d+)?$/u);
        expect(records.map((r) => r[col('実績の状態')])).toContain('確定');
        expect(new Set(records.map((r) => r[col('評価コード')])).size).toBeGreaterThan(1);
      }
    }
    const json = await (await get(`${base}/2023/kpis.json`)).json();
    expect(json.records.find((r: { kpiId: number }) => r.kpiId === formulaKpiId).name).toBe('=1+2');
  });

  it('validates each JSON file against its published JSON Schema, which carries the licence', async () => {
    const ajv = validator();
    const overview = await (await get(`${base}/2023/schema.json`)).json();
    expect(overview.license).toMatchObject({ id: 'CC-BY-4.0' });
    expect(overview.attribution).toBe('美祢市');
    for (const dataset of ['kpis', 'policies']) {
      const schema = await (await get(`${base}/2023/${dataset}.schema.json`)).json();
      const data = await (await get(`${base}/2023/${dataset}.json`)).json();
      const validate = ajv.compile(schema);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(data.metadata).toMatchObject({
        localGovCode: '352136',
        municipalityName: '美祢市',
        fiscalYear: 2023,
        fiscalYearLabel: '令和5年度',
        revision: 2,
        license: { id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.ja' },
        attribution: '美祢市',
      });
      expect(data.metadata.notice).toContain('クリエイティブ・コモンズ 表示 4.0 国際');
      expect(schema.properties.metadata.properties.license.properties.id).toEqual({ const: 'CC-BY-4.0' });
      // The overview carries the same schema, and one describing the CSV columns.
      const described = overview.datasets.find((d: { name: string }) => d.name === dataset);
      expect(described.jsonSchema).toEqual(schema);
      const table = await (await get(`${base}/2023/${dataset}.tableschema.json`)).json();
      expect(described.tableSchema).toEqual(table);
      expect(table.fields[0]).toMatchObject({ name: '全国地方公共団体コード', type: 'string' });
      // A record that breaks the schema is refused (the schema is not vacuous).
      const broken = structuredClone(data);
      broken.records[0].localGovCode = '35213';
      expect(validate(broken)).toBe(false);
    }
    const kpiTable = overview.datasets[0].tableSchema;
    const status = kpiTable.fields.find((f: { name: string }) => f.name === '実績の状態コード');
    expect(status.constraints.enum).toEqual(['final', 'provisional']);
    expect(status.description).toContain('provisional＝見込');
  });

  it('follows the licence settings in the files, the schema and the Link header', async () => {
    process.env.HOSHIN_OPEN_DATA_LICENSE = 'CC0-1.0';
    process.env.HOSHIN_OPEN_DATA_ATTRIBUTION = '{地方公共団体名}総合政策部';
    try {
      const csv = await get(`${base}/2023/kpis.csv`);
      expect(csv.headers.get('link')).toContain('publicdomain/zero/1.0');
      const data = await (await get(`${base}/2023/kpis.json`)).json();
      expect(data.metadata.license.id).toBe('CC0-1.0');
      expect(data.metadata.attribution).toBe('美祢市総合政策部');
      const pkg = await (await get(`${base}/datapackage.json`)).json();
      expect(pkg.licenses[0].name).toBe('CC0-1.0');
    } finally {
      delete process.env.HOSHIN_OPEN_DATA_LICENSE;
      delete process.env.HOSHIN_OPEN_DATA_ATTRIBUTION;
    }
  });

  it('lists every published year in datapackage.json, and every file it lists answers', async () => {
    const res = await app.request(`http://hoshin.example${base}/datapackage.json`);
    expect(res.status).toBe(200);
    const pkg = await res.json();
    expect(pkg.licenses).toEqual([
      {
        name: 'CC-BY-4.0',
        title: 'クリエイティブ・コモンズ 表示 4.0 国際',
        path: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
      },
    ]);
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual(
      ['kpis', 'policies'].flatMap((d) =>
        [`${d}.csv`, `${d}-bom.csv`, `${d}.json`].map((f) => `http://hoshin.example${base}/2023/${f}`),
      ),
    );
    for (const resource of pkg.resources) {
      const file = await app.request(resource.path);
      expect(file.status, resource.path).toBe(200);
      expect(file.headers.get('content-type')).toContain(resource.mediatype);
      expect((await file.arrayBuffer()).byteLength).toBe(resource.bytes);
      const schemaUrl = resource.schema ?? resource.jsonSchema;
      expect((await app.request(schemaUrl)).status, schemaUrl).toBe(200);
      expect(resource).toMatchObject({ fiscalYear: 2023, revision: 2 });
    }
    expect(pkg.resources.find((r: { encoding: string }) => r.encoding === 'utf-8-sig').path).toMatch(
      /-bom\.csv$/u,
    );

    const page = await get(`${base}/`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<html lang="ja"');
    expect(text).toContain(`href="${base}/2023/kpis-bom.csv"`);
    expect(text).toContain('クリエイティブ・コモンズ 表示 4.0 国際');
    expect(text).toContain('datapackage.json');
    // A citizen's page: no instructions for the city's administrators.
    expect(text).not.toContain('hoshin export');
    expect((await get(base)).status).toBe(301);
  });

  it('answers 404 for an unpublished year, a malformed year and another city', async () => {
    for (const path of [
      `${base}/2022/kpis.csv`,
      `${base}/2024/schema.json`,
      `${base}/20x3/kpis.json`,
      '/public/131016/data/2023/kpis.csv',
      '/public/131016/data/datapackage.json',
      '/public/131016/data/',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('shows nothing written after publication until the year is published again', async () => {
    await asCity(async (tx) => {
      const [row] = await tx.select().from(kpi).where(eq(kpi.id, formulaKpiId));
      if (!row) throw new Error('no KPI');
      await updateLogged(tx, kpi, 'kpi', row, { name: '未公開の指標名' }, ctx());
    });
    for (const path of [
      `${base}/2023/kpis.csv`,
      `${base}/2023/kpis-bom.csv`,
      `${base}/2023/kpis.json`,
      `/public/352136/2023/kpis/${formulaKpiId}/chart.svg`,
      `/public/352136/embed/2023/kpis/${formulaKpiId}`,
    ]) {
      const text = await (await get(path)).text();
      expect(text, path).not.toContain('未公開の指標名');
    }
    await asCity((tx) =>
      publishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '指標名の再訂正' }),
    );
    const json = await (await get(`${base}/2023/kpis.json`)).json();
    expect(json.metadata.revision).toBe(3);
    expect(json.records.find((r: { kpiId: number }) => r.kpiId === formulaKpiId).name).toBe('未公開の指標名');
    expect(await (await get(`/public/352136/embed/2023/kpis/${formulaKpiId}`)).text()).toContain(
      '未公開の指標名',
    );
  });

  it('withdraws the files and the index when the year is unpublished', async () => {
    await asCity((tx) =>
      unpublishYear(tx, ctx(), { planId: demo.planId, fiscalYear: demo.fiscalYear, reason: '確認のため' }),
    );
    // The demo's only published year: with nothing published, the city has no open data at all.
    for (const path of [
      `${base}/2023/kpis.csv`,
      `${base}/2023/schema.json`,
      `${base}/datapackage.json`,
      `${base}/`,
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});
