/**
 * `hoshin export report --format pdf -o FILE` printed by Debian's Chromium: needs chromium and
 * poppler-utils (pdfinfo, pdftotext).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProgressReport } from '../../formats/seed-markdown/index.ts';
import { hoshin, useTempDataDir } from '../test-support.ts';

const run = promisify(execFile);
const seedPath = fileURLToPath(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
);
const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('hoshin export report --format pdf', () => {
  const dir = useTempDataDir('hoshin-cli-pdf-');
  beforeAll(async () => {
    const imported = await hoshin(
      'import',
      'report',
      seedPath,
      '--municipality',
      '352136',
      '--municipality-name',
      '美祢市',
    );
    expect(imported.code).toBe(0);
  }, 60_000);

  it('writes a PDF with -o: the cover, the legend and a page for every policy', async () => {
    const file = join(dir, 'report.pdf');
    const { code, out, err } = await hoshin(
      'export',
      'report',
      '--year',
      '2023',
      '--format',
      'pdf',
      '-o',
      file,
    );
    expect(code).toBe(0);
    expect(out).toBe('');
    const bytes = readFileSync(file);
    expect(err).toBe(`出力しました: ${file}（PDF、${bytes.byteLength} バイト）\n`);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { stdout: info } = await run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    const { stdout: text } = await run('pdftotext', [file, '-']);
    const seed = parseProgressReport(readFileSync(seedPath, 'utf8'));
    const policies = seed.nodes.flatMap((goal) => goal.children);
    expect(policies).toHaveLength(15);
    // Cover, legend and one page per policy at the least (the seed alone has no KPIs).
    expect(pages).toBeGreaterThanOrEqual(2 + policies.length);
    expect(text.split('\f').filter((page) => page.trim() !== '')).toHaveLength(pages);
    for (const policy of policies) expect(squeeze(text)).toContain(squeeze(policy.title));
    expect(squeeze(text)).toContain(squeeze(seed.report.title));
  });
});
