/**
 * GET /api/reports/{year}/file?format=pdf printed by Debian's Chromium (a browser per request, as
 * an API without the server's shared printer does): needs chromium and poppler-utils.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { createApi } from '../../http/app.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { signedIn } from '../../test-support/signed-in.ts';

const run = promisify(execFile);
const fileName = '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績.pdf';

describe('GET /api/reports/{year}/file?format=pdf with Chromium', () => {
  let handle: DatabaseHandle;
  let dir: string;
  beforeAll(async () => {
    handle = await openWithSeed(() => openDatabase({ dataDir: 'memory://' }));
    dir = await mkdtemp(join(tmpdir(), 'hoshin-http-pdf-'));
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers a PDF of the report as a download', async () => {
    const res = await (await signedIn(createApi(handle.db), handle.db)).request(
      '/api/reports/2023/file?format=pdf',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="hoshin-report-2023.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const file = join(dir, 'report.pdf');
    await writeFile(file, bytes);
    const { stdout: info } = await run('pdfinfo', [file]);
    // Cover, legend and a page per policy (15) at the least.
    expect(Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1])).toBeGreaterThanOrEqual(17);
    const { stdout: text } = await run('pdftotext', [file, '-']);
    expect(text.replace(/\s+/g, '')).toContain('第二次美祢市総合計画前期計画の進捗状況について');
  });
});
