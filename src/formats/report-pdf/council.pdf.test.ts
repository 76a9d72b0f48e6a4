/**
 * 審議会からの意見と対応 and the draft mark in the printed PDF, read back with poppler's pdftotext:
 * the section's comment and answer are in the text, and every page of a draft carries 「案」.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { paginateReport } from '../report-html/index.ts';
import { sampleReportModel } from '../report-xlsx/test-support.ts';
import { renderReportPdf } from './index.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('PDF report with council comments, as a draft', () => {
  it('prints the section and 案 on every page', async () => {
    const model: ReportModel = {
      ...sampleReportModel({ kpisPerPolicy: 1 }),
      draft: true,
      councilComments: {
        heading: '審議会からの意見と対応',
        entries: [
          {
            subject: '基本目標 1 ＞ 基本方針1',
            comment: '観光客数の伸びが鈍い理由を分析してください。',
            response: '来訪者調査を行い次回報告します。',
            answered: true,
          },
        ],
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'hoshin-council-pdf-'));
    const file = join(dir, 'council.pdf');
    writeFileSync(file, await renderReportPdf(model));
    const pages = paginateReport(model).length;
    const text = squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
    expect(text).toContain('審議会からの意見と対応');
    expect(text).toContain('観光客数の伸びが鈍い理由を分析してください。');
    expect(text).toContain('来訪者調査を行い次回報告します。');
    for (let page = 1; page <= pages; page++) {
      const one = execFileSync(
        'pdftotext',
        ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'],
        {
          encoding: 'utf8',
        },
      );
      expect([page, one.includes('案')]).toEqual([page, true]);
    }
    // The mark is the draft's: the same report, final, has pages without 案.
    const final = join(dir, 'final.pdf');
    writeFileSync(final, await renderReportPdf({ ...model, draft: false }));
    const finalText = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', final, '-'], {
      encoding: 'utf8',
    });
    expect(finalText).not.toContain('案');
  });
});
