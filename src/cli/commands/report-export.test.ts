import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentLines } from '../../formats/seed-markdown/round-trip.ts';
import { hoshin } from '../test-support.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe('hoshin export report --format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoshin-cli-'));
  const saved = { dataDir: process.env.HOSHIN_DATA_DIR, url: process.env.DATABASE_URL };
  beforeAll(async () => {
    process.env.HOSHIN_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    const seedPath = new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url);
    const imported = await hoshin(
      'import',
      'report',
      fileURLToPath(seedPath),
      '--municipality',
      '352136',
      '--municipality-name',
      '美祢市',
    );
    expect(imported.code).toBe(0);
  }, 60_000);
  afterAll(() => {
    if (saved.dataDir === undefined) delete process.env.HOSHIN_DATA_DIR;
    else process.env.HOSHIN_DATA_DIR = saved.dataDir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes Markdown to the terminal by default (round-trip law: the seed alone has no KPI)', async () => {
    const { code, out } = await hoshin('export', 'report', '--year', '2023');
    expect(code).toBe(0);
    expect(contentLines(out)).toEqual(contentLines(seed));
  });

  it('writes HTML to a file with -o', async () => {
    const file = join(dir, 'report.html');
    const { code, err } = await hoshin('export', 'report', '--year', '2023', '--format', 'html', '-o', file);
    expect(code).toBe(0);
    expect(err).toMatch(/^出力しました: .*report\.html（HTML、\d+ バイト）/);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>\n<html lang="ja">/);
  });

  it('refuses binary formats without -o and unknown formats, naming what is accepted', async () => {
    const pdf = await hoshin('export', 'report', '--year', '2023', '--format', 'pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.err).toContain('PDF（pdf）は端末には出力できません。-o で出力先のファイルを指定してください');
    const unknown = await hoshin('export', 'report', '--year', '2023', '--format', 'odt');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未対応の形式です: odt（対応: html、pdf、pptx、xlsx、docx、md）');
  });

  it('says plainly when the year has no report', async () => {
    const { code, err } = await hoshin('export', 'report', '--year', '2022', '--format', 'html');
    expect(code).toBe(1);
    expect(err).toBe('エラー: 令和4年度（実績）の進捗報告書はありません\n');
  });
});
