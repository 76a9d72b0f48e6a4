/**
 * Opens the workbook in LibreOffice Calc (headless, converted to PDF): slow, needs LibreOffice.
 */
import { describe, expect, it } from 'vitest';
import { renderReportXlsx } from './index.ts';
import { convertWithLibreOffice, sampleReportModel } from './test-support.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('report workbook in LibreOffice', () => {
  it('converts to a PDF that shows the sheet headings and the KPIs', { timeout: 240_000 }, async () => {
    const model = sampleReportModel({ kpisPerPolicy: 8 });
    const pdf = await convertWithLibreOffice(await renderReportXlsx(model), 'report.xlsx');
    try {
      expect(pdf.pdfBytes).toBeGreaterThan(1000);
      const text = squeeze(pdf.text);
      expect(text).toContain(squeeze(model.kpiSection.heading));
      expect(text).toContain('指標コード');
      expect(text).toContain('観光客数');
      expect(text).toContain(squeeze('市内の宿泊施設における年間延べ宿泊者数'));
      expect(text).toContain('A目標達成');
      expect(text).toContain('1,481,250');
      expect(text).toContain('110.0%');
      expect(text).toContain(squeeze(model.policies[0]?.results[0] ?? '—'));
      // 総合評価: per 基本目標 and per 基本方針, with what it was computed from.
      expect(text).toContain(squeeze('総合評価（平均点方式）'));
      expect(text).toContain(squeeze('基本計画：基本方針の総合評価'));
      expect(text).toContain(squeeze(model.policies[0]?.rollUps[0]?.basis ?? '—'));
    } finally {
      await pdf.cleanup();
    }
  });
});
