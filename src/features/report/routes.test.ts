import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { testBackends } from '../../db/test-backends.ts';
import { FormatUnavailableError } from '../../formats/format-unavailable.ts';
import type { PdfPrinter } from '../../formats/report-pdf/index.ts';
import { contentLines } from '../../formats/seed-markdown/round-trip.ts';
import { createApi } from '../../http/app.ts';
import { REPORT_FORMAT_INFO, REPORT_FORMATS } from '../../report/render.ts';
import { signedIn, type TestClient } from '../../test-support/signed-in.ts';
import { importProgressReport } from '../progress/progress-report.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);
const fileName = '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績';
const disposition = (extension: string) =>
  `attachment; filename="hoshin-report-2023.${extension}"; filename*=UTF-8''${encodeURIComponent(`${fileName}.${extension}`)}`;

/** The Office formats: their Content-Type, a part each must have and where the policy titles are. */
const OFFICE = [
  {
    format: 'pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    part: 'ppt/presentation.xml',
    text: /^ppt\/slides\/slide\d+\.xml$/,
  },
  {
    format: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    part: 'xl/workbook.xml',
    text: /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/,
  },
  {
    format: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    part: 'word/document.xml',
    text: /^word\/document\.xml$/,
  },
] as const;

/** A printer that records the HTML it is given and answers a tiny PDF. */
function fakePrinter(print?: (html: string) => Promise<Uint8Array>) {
  const printed: string[] = [];
  const printer: PdfPrinter = {
    print:
      print ??
      (async (html) => {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7\n%fake\n');
      }),
    isConnected: () => true,
    close: async () => undefined,
  };
  return { printer, printed };
}

describe.each(testBackends())('GET /api/reports/{year}/file on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let api: TestClient;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    api = await signedIn(createApi(handle.db), handle.db);
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

  it.each(OFFICE)(
    'serves $format as a download: its Content-Type, file name and a zip of the report',
    async (office) => {
      const res = await api.request(`/api/reports/2023/file?format=${office.format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(office.contentType);
      expect(res.headers.get('content-type')).toBe(REPORT_FORMAT_INFO[office.format].mimeType);
      expect(res.headers.get('content-disposition')).toBe(disposition(office.format));
      expect(res.headers.get('cache-control')).toBe('no-store');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('PK\x03\x04');
      const zip = await JSZip.loadAsync(bytes);
      expect(zip.file(office.part)).not.toBeNull();
      const names = Object.keys(zip.files).filter((name) => office.text.test(name));
      const text = (await Promise.all(names.map((n) => zip.file(n)?.async('string') ?? ''))).join('');
      for (const title of ['観光の振興と魅力の創出', '市民が主体の協働のまちづくり'])
        expect(text).toContain(title);
    },
  );

  it('serves the PDF the printer made of the HTML report', async () => {
    const { printer, printed } = fakePrinter();
    const res = await (await signedIn(createApi(handle.db, { pdfPrinter: printer }), handle.db)).request(
      '/api/reports/2023/file?format=pdf',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(disposition('pdf'));
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('%PDF-1.7\n%fake\n');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^<!doctype html>/);
    expect(printed[0]).toContain('第二次美祢市総合計画 前期計画の進捗状況について');
  });

  it('answers 503 with the reason when a PDF cannot be made here', async () => {
    const message = 'PDF を作成できません: Chromium（/usr/bin/chromium）が見つかりません。';
    const { printer } = fakePrinter(async () => {
      throw new FormatUnavailableError(message, 'chromium');
    });
    const res = await (await signedIn(createApi(handle.db, { pdfPrinter: printer }), handle.db)).request(
      '/api/reports/2023/file?format=pdf',
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: message });
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
    expect((await bad.json()).error).toContain(
      `形式（format）は ${REPORT_FORMATS.join('、')} のいずれかです`,
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
