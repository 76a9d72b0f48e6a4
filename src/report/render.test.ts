import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormatUnavailableError } from '../formats/format-unavailable.ts';
import { demoReportModelWithKpis } from '../formats/report-html/test-support.ts';
import type { ReportModel } from './model.ts';
import {
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

  it('knows six formats with their MIME types and extensions', () => {
    expect([...REPORT_FORMATS].sort()).toEqual(['docx', 'html', 'md', 'pdf', 'pptx', 'xlsx']);
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
    expect(reportFileName(model, 'md')).toMatch(/\.md$/);
  });
});
