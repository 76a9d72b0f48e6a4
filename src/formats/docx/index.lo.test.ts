/**
 * Opens the Word document in LibreOffice Writer (headless, converted to PDF): slow, needs
 * LibreOffice and the Noto CJK fonts it substitutes for 游ゴシック and メイリオ.
 */
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { convertWithLibreOffice, sampleReportModel } from '../report-xlsx/test-support.ts';
import { ANNEX_HEADING, renderReportDocx } from './index.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

async function pdfPages(model: ReportModel): Promise<string[]> {
  const pdf = await convertWithLibreOffice(await renderReportDocx(model), 'report.docx');
  try {
    expect(pdf.pdfBytes).toBeGreaterThan(1000);
    return pdf.text.split('\f').map(squeeze);
  } finally {
    await pdf.cleanup();
  }
}

describe('report document in LibreOffice', () => {
  it('converts the demo year to a PDF with every policy, each on a page of its own', {
    timeout: 240_000,
  }, async () => {
    const model = await demoReportModel();
    const pages = await pdfPages(model);
    const text = pages.join('');
    expect(text).toContain(squeeze(model.cover.title));
    expect(text).toContain(squeeze(model.kpiSection.heading));
    expect(text).toContain(squeeze(ANNEX_HEADING));
    for (const page of model.policies) {
      const heading = squeeze(`${page.policyLabel} ${page.policyTitle}`);
      // The goal heading may come first on the page, nothing else.
      const starts = pages.some(
        (p) =>
          p.startsWith(heading) || p.startsWith(squeeze(`${page.goalLabel} ${page.goalTitle}`) + heading),
      );
      expect(starts, heading).toBe(true);
      for (const item of [...page.results, ...page.directions]) expect(text).toContain(squeeze(item));
    }
  });

  it('converts a report with many KPIs, showing their names, values and grades', {
    timeout: 240_000,
  }, async () => {
    const model = sampleReportModel({ kpisPerPolicy: 8 });
    const text = (await pdfPages(model)).join('');
    for (const page of model.policies) expect(text).toContain(squeeze(page.policyTitle));
    expect(text).toContain(squeeze('市内の宿泊施設における年間延べ宿泊者数'));
    expect(text).toContain('1,481,250');
    expect(text).toContain('A目標達成');
    expect(text).toContain('計画-048');
    // Each policy's 総合評価 per KPI set, with its basis.
    const [first] = model.policies;
    expect(text).toContain(squeeze(`${first?.policyLabel}の総合評価`));
    expect(text).toContain(squeeze(first?.rollUps[0]?.basis ?? '—'));
    expect(text).toContain(squeeze('総合評価（平均点方式）'));
  });
});
