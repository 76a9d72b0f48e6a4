/**
 * Opens the Word document in LibreOffice Writer (headless, converted to PDF): slow, needs
 * LibreOffice, poppler-utils (pdfinfo, pdftotext) and the Noto CJK fonts it substitutes for
 * 游ゴシック and メイリオ.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyPage, ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { convertWithLibreOffice, sampleReportModel } from '../report-xlsx/test-support.ts';
import { ANNEX_HEADING, renderReportDocx, TOC_HEADING } from './index.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The PDF's pages as text without white space, checked against pdfinfo's page count. */
async function pdfPages(model: ReportModel): Promise<string[]> {
  const pdf = await convertWithLibreOffice(await renderReportDocx(model), 'report.docx');
  try {
    expect(pdf.pdfBytes).toBeGreaterThan(1000);
    // pdftotext ends every page with a form feed.
    const pages = pdf.text.split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    expect(pages).toHaveLength(pdf.pageCount);
    return pages.map(squeeze);
  } finally {
    await pdf.cleanup();
  }
}

/**
 * A KPI name's first characters: pdftotext reads a table row cell by cell, line by line, so a
 * name wrapped in its cell comes with the next cells' first lines in between.
 */
const nameStart = (name: string) => squeeze(name).slice(0, 10);

const policyHeading = (page: PolicyPage) => squeeze(`${page.policyLabel} ${page.policyTitle}`);

/** Whether a PDF page starts with the policy's heading (the goal's heading may come first). */
function startsPolicy(text: string, page: PolicyPage): boolean {
  const goal = squeeze(`${page.goalLabel} ${page.goalTitle}`);
  return text.startsWith(policyHeading(page)) || text.startsWith(goal + policyHeading(page));
}

/**
 * Pages before the policies, one each: the cover, 目次 (a few dozen entries), a page per KPI set
 * (its chart and counts table) and the legend.
 */
function checkFrontPages(pages: string[], model: ReportModel): number {
  const sets = model.kpiSection.sets;
  expect(pages[0]?.startsWith(squeeze(model.cover.title))).toBe(true);
  expect(pages[0]).toContain(squeeze(model.cover.councilMeeting));
  expect(pages[1]?.startsWith(TOC_HEADING)).toBe(true);
  sets.forEach((set, i) => {
    const heading = (i === 0 ? squeeze(model.kpiSection.heading) : '') + squeeze(set.name);
    expect(pages[2 + i]?.startsWith(heading), set.name).toBe(true);
  });
  const legend = 2 + sets.length;
  expect(pages[legend]?.startsWith(squeeze(model.legend.heading))).toBe(true);
  return legend + 1;
}

/** Page index where each policy starts, in model order; every policy starts a page of its own. */
function policyStarts(pages: string[], model: ReportModel, from: number): number[] {
  const starts: number[] = [];
  let at = from;
  for (const page of model.policies) {
    const found = pages.findIndex((text, i) => i >= at && startsPolicy(text, page));
    expect(found, policyHeading(page)).toBeGreaterThanOrEqual(0);
    starts.push(found);
    at = found + 1;
  }
  return starts;
}

/** Pages of the annex, one run per KPI set, each starting a page with the set's name. */
function checkAnnex(pages: string[], model: ReportModel, from: number, maxKpisPerPage: number): void {
  expect(pages[from]?.startsWith(squeeze(ANNEX_HEADING))).toBe(true);
  const starts = model.annex.map((set, i) => {
    const heading = (i === 0 ? squeeze(ANNEX_HEADING) : '') + squeeze(set.name);
    const found = pages.findIndex((text, p) => p >= from && text.startsWith(heading));
    expect(found, set.name).toBeGreaterThanOrEqual(from);
    return found;
  });
  expect(starts[0]).toBe(from);
  model.annex.forEach((set, i) => {
    const end = starts[i + 1] ?? pages.length;
    const own = pages.slice(starts[i], end).join('');
    const kpis = set.groups.flatMap((g) => g.kpis);
    for (const kpi of kpis) expect(own, `${set.name} ${kpi.code}`).toContain(squeeze(kpi.code));
    // Rows never split and run to a line or two: a set takes no more pages than its KPIs need.
    expect(end - (starts[i] ?? 0), set.name).toBeGreaterThanOrEqual(1);
    expect(end - (starts[i] ?? 0), set.name).toBeLessThanOrEqual(
      Math.max(1, Math.ceil(kpis.length / maxKpisPerPage)),
    );
  });
}

describe('report document in LibreOffice', () => {
  it('converts the demo year page by page: cover, contents, KPI sets, legend, a page per policy, annex', {
    timeout: 240_000,
  }, async () => {
    const model = await demoReportModel();
    const pages = await pdfPages(model);
    const front = checkFrontPages(pages, model);
    expect(front).toBe(5);
    // Each demo policy (at most 7 KPIs) fits on its page: policy n is page front + n exactly.
    const starts = policyStarts(pages, model, front);
    expect(model.policies).toHaveLength(15);
    expect(starts).toEqual(model.policies.map((_, i) => front + i));
    // Every policy's texts on its own page.
    model.policies.forEach((page, i) => {
      const text = pages[starts[i] ?? -1] ?? '';
      for (const m of page.measures) expect(text, page.policyTitle).toContain(squeeze(m.title));
      for (const item of [page.resultsHeading, ...page.results, page.directionsHeading, ...page.directions]) {
        expect(text, page.policyTitle).toContain(squeeze(item));
      }
      for (const kpi of page.kpis) expect(text, page.policyTitle).toContain(nameStart(kpi.name));
    });
    const annex = front + model.policies.length;
    checkAnnex(pages, model, annex, 10);
    // 48 + 15 KPIs in landscape: 2 to 7 pages of annex, so 22 to 27 pages in all.
    expect(pages.length).toBeGreaterThanOrEqual(annex + model.annex.length);
    expect(pages.length).toBeLessThanOrEqual(27);
  });

  it('converts a report with many KPIs, showing their names, values and grades', {
    timeout: 240_000,
  }, async () => {
    const model = sampleReportModel({ kpisPerPolicy: 8 });
    const pages = await pdfPages(model);
    const text = pages.join('');
    const front = checkFrontPages(pages, model);
    // Ten KPIs a policy: a policy may run onto a second page, never a third.
    const starts = policyStarts(pages, model, front);
    const ends = [...starts.slice(1), pages.findIndex((p) => p.startsWith(squeeze(ANNEX_HEADING)))];
    model.policies.forEach((page, i) => {
      const [start = 0, end = 0] = [starts[i], ends[i]];
      expect(end - start, page.policyTitle).toBeGreaterThanOrEqual(1);
      expect(end - start, page.policyTitle).toBeLessThanOrEqual(2);
      const own = pages.slice(start, end).join('');
      for (const item of [...page.results, ...page.directions]) expect(own).toContain(squeeze(item));
      for (const kpi of page.kpis) expect(own).toContain(nameStart(kpi.name));
    });
    expect(ends.at(-1)).toBeLessThanOrEqual(front + 2 * model.policies.length);
    checkAnnex(pages, model, ends.at(-1) ?? -1, 8);
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
