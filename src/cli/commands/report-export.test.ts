import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeXml } from '../../formats/office-test-support.ts';
import { CHROMIUM_PATH } from '../../formats/report-pdf/index.ts';
import { parseProgressReport } from '../../formats/seed-markdown/index.ts';
import { contentLines } from '../../formats/seed-markdown/round-trip.ts';
import { BUNDLE_NOTE_NAME, REPORT_FORMAT_INFO, REPORT_FORMATS } from '../../report/render.ts';
import { hoshin } from '../test-support.ts';

// Debian's Chromium, hidden from the PDF renderer on demand: how the export behaves without it.
const chromium = vi.hoisted(() => ({ hidden: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const existsSync = (path: Parameters<typeof fs.existsSync>[0]) =>
    chromium.hidden && path === CHROMIUM_PATH ? false : fs.existsSync(path);
  return { ...fs, existsSync, default: { ...fs, existsSync } };
});

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);
const seedDocument = parseProgressReport(seed);
const policyTitles = seedDocument.nodes.flatMap((goal) => goal.children.map((policy) => policy.title));

/** The Office formats: the parts each file must have, its main part's content type and where its text is. */
const OFFICE = [
  {
    format: 'pptx',
    parts: ['[Content_Types].xml', 'ppt/presentation.xml', 'ppt/slides/slide1.xml'],
    mainType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    text: /^ppt\/slides\/slide\d+\.xml$/,
  },
  {
    format: 'xlsx',
    parts: ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/styles.xml'],
    mainType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    text: /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/,
  },
  {
    format: 'docx',
    parts: ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml'],
    mainType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    text: /^word\/document\.xml$/,
  },
] as const;

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

  it.each(OFFICE)(
    'writes $format to a file with -o: a zip with its parts and every policy',
    async (office) => {
      const file = join(dir, `report.${office.format}`);
      const { code, out, err } = await hoshin(
        'export',
        'report',
        '--year',
        '2023',
        '--format',
        office.format,
        '-o',
        file,
      );
      expect(code).toBe(0);
      expect(out).toBe('');
      const bytes = readFileSync(file);
      const label = REPORT_FORMAT_INFO[office.format].label;
      expect(err).toBe(`出力しました: ${file}（${label}、${bytes.byteLength} バイト）\n`);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      const zip = await JSZip.loadAsync(bytes);
      for (const part of office.parts) expect(zip.file(part), part).not.toBeNull();
      expect(await zip.file('[Content_Types].xml')?.async('string')).toContain(office.mainType);
      const names = Object.keys(zip.files).filter((name) => office.text.test(name));
      const text = decodeXml(
        (await Promise.all(names.map((n) => zip.file(n)?.async('string') ?? ''))).join(''),
      );
      expect(policyTitles).toHaveLength(15);
      for (const title of policyTitles) expect(text, `${office.format}: ${title}`).toContain(title);
    },
  );

  it('refuses binary formats without -o and unknown formats, naming what is accepted', async () => {
    for (const format of REPORT_FORMATS.filter((f) => REPORT_FORMAT_INFO[f].binary)) {
      const refused = await hoshin('export', 'report', '--year', '2023', '--format', format);
      expect(refused.code, format).toBe(2);
      expect(refused.out, format).toBe('');
      expect(refused.err, format).toBe(
        `${REPORT_FORMAT_INFO[format].label}（${format}）は端末には出力できません。-o で出力先のファイルを指定してください（例: -o report.${format}）\n`,
      );
    }
    expect(REPORT_FORMATS.filter((f) => REPORT_FORMAT_INFO[f].binary)).toEqual(
      expect.arrayContaining(['pdf', 'pptx', 'xlsx', 'docx']),
    );
    const unknown = await hoshin('export', 'report', '--year', '2023', '--format', 'odt');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(`未対応の形式です: odt（対応: ${REPORT_FORMATS.join('、')}）\n`);
    expect(unknown.err).toContain('html、pdf、pptx、xlsx、docx、md');
  });

  it('says which package to install when Chromium is missing, and writes no PDF', async () => {
    const file = join(dir, 'no-chromium.pdf');
    chromium.hidden = true;
    try {
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
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(
        `エラー: PDF を作成できません: Chromium（${CHROMIUM_PATH}）が見つかりません。Debian／Ubuntu ではパッケージ chromium をインストールしてください（sudo apt-get install chromium）。\n`,
      );
    } finally {
      chromium.hidden = false;
    }
    expect(existsSync(file)).toBe(false);
  });

  it('writes every format in one zip with -o; without Chromium the PDF is left out and the note says why', async () => {
    const file = join(dir, 'report.zip');
    chromium.hidden = true;
    try {
      const { code, err } = await hoshin('export', 'report', '--year', '2023', '--format', 'zip', '-o', file);
      expect(code).toBe(0);
      expect(err).toMatch(/^出力しました: .*report\.zip（すべての形式（ZIP）、\d+ バイト）/);
    } finally {
      chromium.hidden = false;
    }
    const zip = await JSZip.loadAsync(readFileSync(file));
    const base = '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績';
    expect(Object.keys(zip.files).sort()).toEqual(
      [...['html', 'pptx', 'xlsx', 'docx', 'md'].map((ext) => `${base}.${ext}`), BUNDLE_NOTE_NAME].sort(),
    );
    expect(await zip.file(BUNDLE_NOTE_NAME)?.async('string')).toContain('パッケージ chromium をインストール');
    const markdown = (await zip.file(`${base}.md`)?.async('string')) ?? '';
    expect(contentLines(markdown)).toEqual(contentLines(seed));
  });

  it('says plainly when the year has no report', async () => {
    const { code, err } = await hoshin('export', 'report', '--year', '2022', '--format', 'html');
    expect(code).toBe(1);
    expect(err).toBe('エラー: 令和4年度（実績）の進捗報告書はありません\n');
  });
});
