import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { testBackends } from '../db/test-backends.ts';
import { contentLines } from '../formats/seed-markdown/round-trip.ts';
import { importProgressReport } from '../services/progress-report.ts';
import { createApi } from './app.ts';

const seed = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);
const fileName = '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績';

describe.each(testBackends())('GET /api/reports/{year}/file on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: ReturnType<typeof createApi>;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    api = createApi(handle.db);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('serves the HTML report as a download with the Japanese file name (RFC 5987)', async () => {
    const res = await api.request('/api/reports/2023/file?format=html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="hoshin-report-2023.html"; filename*=UTF-8''${encodeURIComponent(`${fileName}.html`)}`,
    );
    const html = await res.text();
    expect(html).toContain(
      '<title>第二次美祢市総合計画 前期計画の進捗状況について（令和6年度（令和5年度実績））</title>',
    );
  });

  it('serves it inline for the preview', async () => {
    const res = await api.request(
      '/api/reports/2023/file?format=html&disposition=inline&municipality=352136',
    );
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
  });

  it('serves Markdown that keeps the round-trip law for a year without KPIs', async () => {
    const res = await api.request('/api/reports/2023/file?format=md');
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(contentLines(await res.text())).toEqual(contentLines(seed));
  });

  it('refuses an unknown format (400) and answers 404 for a year without a report, in Japanese', async () => {
    const bad = await api.request('/api/reports/2023/file?format=exe');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(
      /形式（format）は html、pdf、pptx、xlsx、docx、md のいずれかです/,
    );
    const missing = await api.request('/api/reports/2022/file?format=html');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('令和4年度（実績）の進捗報告書はありません');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await api.request('/api/openapi.json')).json();
    const route = doc.paths['/api/reports/{year}/file'];
    expect(route?.get?.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['year', 'format', 'disposition']),
    );
    expect(Object.keys(route.get.responses['200'].content)).toContain('application/pdf');
  });
});
