import { existsSync } from 'node:fs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatUnavailableError } from '../formats/format-unavailable.ts';
import { demoReportModelWithKpis } from '../formats/report-html/test-support.ts';
import type { ReportModel } from './model.ts';
import {
  BUNDLE_NOTE_NAME,
  DOCUMENT_FORMATS,
  isReportFormat,
  REPORT_FORMAT_INFO,
  REPORT_FORMATS,
  renderReport,
  reportFileName,
} from './render.ts';

const OFFICE_MODULES = {
  pptx: '../formats/pptx/index.ts',
  xlsx: '../formats/report-xlsx/index.ts',
  docx: '../formats/docx/index.ts',
} as const;

describe('report format registry', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
  }, 60_000);

  it('knows six document formats and the zip of all of them, with their MIME types and extensions', () => {
    expect([...DOCUMENT_FORMATS].sort()).toEqual(['docx', 'html', 'md', 'pdf', 'pptx', 'xlsx']);
    expect(REPORT_FORMATS).toEqual([...DOCUMENT_FORMATS, 'zip']);
    expect(REPORT_FORMAT_INFO.zip).toMatchObject({ mimeType: 'application/zip', binary: true });
    expect(isReportFormat('pdf')).toBe(true);
    expect(isReportFormat('exe')).toBe(false);
    expect(REPORT_FORMAT_INFO.pptx.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
  });

  it('renders Markdown and HTML from the model', async () => {
    const md = await renderReport(model, 'md');
    expect(md).toMatchObject({ mimeType: 'text/markdown; charset=utf-8', extension: 'md' });
    expect(new TextDecoder().decode(md.bytes)).toMatch(
      /^# 第二次美祢市総合計画 前期計画の進捗状況について\n/,
    );
    const html = await renderReport(model, 'html');
    expect(html.mimeType).toBe('text/html; charset=utf-8');
    expect(new TextDecoder().decode(html.bytes)).toMatch(/^<!doctype html>/);
  });

  it.each(Object.entries(OFFICE_MODULES))(
    'renders %s as a zip package when its renderer is present, else says it is unavailable',
    async (format, path) => {
      const present = existsSync(new URL(path, import.meta.url));
      const result = renderReport(model, format as keyof typeof OFFICE_MODULES);
      if (present) {
        const { bytes } = await result;
        expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
      } else {
        await expect(result).rejects.toBeInstanceOf(FormatUnavailableError);
      }
    },
    60_000,
  );

  it('names files after the plan, the period and the year of the results', () => {
    expect(reportFileName(model, 'pdf')).toBe('第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績.pdf');
    // A draft (the year still open) says so in its name too.
    expect(reportFileName({ ...model, draft: true }, 'pdf')).toBe(
      '第二次美祢市総合計画_前期計画_進捗状況_令和5年度実績_案.pdf',
    );
    expect(reportFileName(model, 'md')).toMatch(/\.md$/);
  });

  it('puts every document format in one zip, each as its own renderer writes it', async () => {
    // A stand-in printer: the real Chromium is exercised by the PDF tests.
    const printed: string[] = [];
    const printer = {
      print: async (html: string) => {
        printed.push(html);
        return new TextEncoder().encode('%PDF-1.7 stand-in');
      },
      isConnected: () => true,
      close: async () => {},
    };
    const { bytes, mimeType } = await renderReport(model, 'zip', { printer });
    expect(mimeType).toBe('application/zip');
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(DOCUMENT_FORMATS.map((f) => reportFileName(model, f)).sort());
    const html = await zip.file(reportFileName(model, 'html'))?.async('string');
    expect(html).toBe(new TextDecoder().decode((await renderReport(model, 'html')).bytes));
    expect(printed).toEqual([html]);
    expect(await zip.file(reportFileName(model, 'pdf'))?.async('string')).toBe('%PDF-1.7 stand-in');
    for (const f of ['pptx', 'xlsx', 'docx'] as const) {
      const inner = await zip.file(reportFileName(model, f))?.async('uint8array');
      expect(String.fromCharCode(inner?.[0] ?? 0, inner?.[1] ?? 0), f).toBe('PK');
    }
    expect(zip.file(BUNDLE_NOTE_NAME)).toBeNull();
    // Dated on the report's day (the council meeting), not when it was made.
    const dated = zip.file(reportFileName(model, 'pptx'))?.date;
    expect(dated?.toISOString().slice(0, 10)).toBe(model.cover.date);
  }, 120_000);

  it('leaves out a format that cannot be made here and says why in a note; other errors fail the zip', async () => {
    const unavailable = {
      print: async () => {
        throw new FormatUnavailableError('PDF を作成できません: Chromium が見つかりません。', 'chromium');
      },
      isConnected: () => true,
      close: async () => {},
    };
    const zip = await JSZip.loadAsync((await renderReport(model, 'zip', { printer: unavailable })).bytes);
    expect(zip.file(reportFileName(model, 'pdf'))).toBeNull();
    expect(zip.file(reportFileName(model, 'pptx'))).not.toBeNull();
    const note = await zip.file(BUNDLE_NOTE_NAME)?.async('string');
    expect(note).toContain('PDF（pdf）: PDF を作成できません: Chromium が見つかりません。');

    const broken = { ...unavailable, print: async () => Promise.reject(new Error('disk full')) };
    await expect(renderReport(model, 'zip', { printer: broken })).rejects.toThrow('disk full');
  }, 120_000);
});
