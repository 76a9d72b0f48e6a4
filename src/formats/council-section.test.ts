/**
 * 審議会からの意見と対応 and the draft mark (案) in every format of the report: the section's
 * comments and answers are in the Markdown, HTML, Excel, Word and PowerPoint files, every page of a
 * draft carries 「案」, and a report without either is written as before.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../report/model.ts';
import { renderReportDocx } from './docx/index.ts';
import { decodeXml, readZipText } from './office-test-support.ts';
import { renderReportPptx } from './pptx/index.ts';
import { planDeck } from './pptx/layout.ts';
import { paginateReport, renderReportHtml } from './report-html/index.ts';
import { COUNCIL_SHEET, renderReportXlsx } from './report-xlsx/index.ts';
import { sampleReportModel } from './report-xlsx/test-support.ts';
import { parseProgressReport, renderReportMarkdown } from './seed-markdown/index.ts';

const COMMENT = '観光客数の伸びが鈍い理由を\n分析してください。';
const RESPONSE = '令和6年度に来訪者調査を行い、結果を次回の審議会で報告します。';

function withCouncil(base: ReportModel, draft: boolean): ReportModel {
  return {
    ...base,
    draft,
    councilComments: {
      heading: '審議会からの意見と対応',
      entries: [
        {
          subject: '基本目標 1 ＞ 基本方針1 観光の振興',
          comment: COMMENT,
          response: RESPONSE,
          answered: true,
        },
        {
          subject: '指標「移住者数」（基本目標 1 ＞ 基本方針2）',
          comment: '目標値の根拠を示してください。',
          response: '（対応を検討中）',
          answered: false,
        },
      ],
    },
  };
}

const texts = (xml: string) =>
  decodeXml([...xml.matchAll(/<(?:w|a):t(?: [^>]*)?>([^<]*)<\/(?:w|a):t>/g)].map((m) => m[1]).join(''));

describe('council section and draft mark', () => {
  const plain = sampleReportModel();
  const model = withCouncil(plain, true);

  it('Markdown: a draft line at the top and the section at the end; the file still imports', () => {
    const md = renderReportMarkdown(model);
    expect(md.split('\n')[0]).toMatch(/^［案］/);
    expect(md).toContain('# 審議会からの意見と対応');
    expect(md).toContain('## 1. 基本目標 1 ＞ 基本方針1 観光の振興');
    expect(md).toContain('**意見**：観光客数の伸びが鈍い理由を  \n分析してください。');
    expect(md).toContain(`**対応**：${RESPONSE}`);
    expect(md).toContain('**対応**：（対応を検討中）');
    const reread = parseProgressReport(md);
    const again = parseProgressReport(renderReportMarkdown(plain));
    expect(reread).toEqual(again);
    // Without comments and not a draft: not a line more.
    expect(renderReportMarkdown(plain)).not.toMatch(/審議会からの意見と対応|［案］/);
  });

  it('HTML: a council page after the policies, and 案 on every page of a draft', () => {
    const html = renderReportHtml(model);
    expect(html).toContain('審議会からの意見と対応');
    expect(html).toContain('<p>観光客数の伸びが鈍い理由を</p><p>分析してください。</p>');
    expect(html).toContain(RESPONSE);
    const pages = paginateReport(model);
    expect(pages.filter((p) => p.kind === 'council')).toHaveLength(1);
    const kinds = pages.map((p) => p.kind);
    expect(kinds.indexOf('council')).toBeGreaterThan(kinds.lastIndexOf('policy'));
    expect(kinds.indexOf('council')).toBeLessThan(kinds.indexOf('annex'));
    const marks = html.match(/<div class="draft-mark"[^>]*>案<\/div>/g) ?? [];
    expect(marks).toHaveLength(pages.length);
    const final = renderReportHtml(withCouncil(plain, false));
    expect(final).not.toContain('draft-mark');
    expect(renderReportHtml(plain)).not.toContain('council-table');
  });

  it('Excel: a 審議会からの意見と対応 sheet, and ［案］ in every sheet header of a draft', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderReportXlsx(model)).buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet(COUNCIL_SHEET);
    expect(sheet).toBeDefined();
    expect(sheet?.getRow(1).values).toEqual([undefined, '番号', '該当箇所', '意見', '対応', '状況']);
    expect(sheet?.getRow(2).getCell(3).value).toBe(COMMENT);
    expect(sheet?.getRow(2).getCell(4).value).toBe(RESPONSE);
    expect(sheet?.getRow(3).getCell(5).value).toBe('検討中');
    for (const ws of workbook.worksheets) expect(ws.headerFooter.oddHeader, ws.name).toContain('［案］');
    const without = new ExcelJS.Workbook();
    await without.xlsx.load((await renderReportXlsx(plain)).buffer as ArrayBuffer);
    expect(without.getWorksheet(COUNCIL_SHEET)).toBeUndefined();
    for (const ws of without.worksheets) expect(ws.headerFooter.oddHeader).not.toContain('案');
  });

  it('Word: the section as a table, and 案 in the header of every section of a draft', async () => {
    const parts = await readZipText(await renderReportDocx(model));
    const body = texts(parts.get('word/document.xml') ?? '');
    expect(body).toContain('審議会からの意見と対応');
    expect(body).toContain('観光客数の伸びが鈍い理由を分析してください。');
    expect(body).toContain(RESPONSE);
    const headers = [...parts.keys()].filter((name) => /^word\/header\d+\.xml$/.test(name));
    expect(headers.length).toBeGreaterThan(0);
    for (const name of headers) expect(texts(parts.get(name) ?? '')).toBe('案');
    const document = parts.get('word/document.xml') ?? '';
    // Every section (cover, body, annex) refers to a header.
    expect((document.match(/<w:sectPr/g) ?? []).length).toBe(
      (document.match(/<w:headerReference/g) ?? []).length,
    );
    const plainParts = await readZipText(await renderReportDocx(plain));
    expect([...plainParts.keys()].some((name) => /^word\/header\d+\.xml$/.test(name))).toBe(false);
  });

  it('PowerPoint: council slides, and 案 on every slide of a draft', async () => {
    const slides = planDeck(model);
    expect(slides.filter((s) => s.kind === 'council').length).toBeGreaterThan(0);
    const parts = await readZipText(await renderReportPptx(model));
    const slideXml = [...parts.keys()].filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
    expect(slideXml).toHaveLength(slides.length);
    const all = slideXml.map((name) => texts(parts.get(name) ?? ''));
    expect(all.some((t) => t.includes('審議会からの意見と対応'))).toBe(true);
    expect(all.some((t) => t.includes(RESPONSE))).toBe(true);
    for (const t of all) expect(t).toContain('案');
    expect(planDeck(plain).some((s) => s.kind === 'council')).toBe(false);
  });

  it('splits a long comment over PowerPoint rows and HTML pages without losing text', () => {
    const long = '長い意見です。'.repeat(300);
    const heavy: ReportModel = {
      ...plain,
      draft: false,
      councilComments: {
        heading: '審議会からの意見と対応',
        entries: Array.from({ length: 12 }, (_, i) => ({
          subject: `基本目標 1 ＞ 基本方針${i + 1}`,
          comment: long,
          response: RESPONSE,
          answered: true,
        })),
      },
    };
    expect(paginateReport(heavy).filter((p) => p.kind === 'council').length).toBeGreaterThan(1);
    const deck = planDeck(heavy).filter((s) => s.kind === 'council');
    const cellText = deck
      .flatMap((s) => s.blocks)
      .flatMap((b) => (b.kind === 'table' ? b.rows : []))
      .filter((r) => r.kind === 'body')
      .map((r) => r.cells[2]?.paragraphs.map((p) => p.text).join('') ?? '')
      .join('');
    expect(cellText).toBe(long.repeat(12));
  });
});
