/**
 * Opens the workbook in LibreOffice Calc (headless, converted to PDF): slow, needs LibreOffice and
 * poppler-utils (pdfinfo, pdftotext).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reportLevelNames } from '../../report/levels.ts';
import type { KpiRow, ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { ACTIVITIES_SHEET, kpiColumns, renderReportXlsx, SUMMARY_SHEET } from './index.ts';
import { gradeText } from './kpi-sheet.ts';
import { decimalsOf } from './style.ts';
import { convertWithLibreOffice, sampleReportModel } from './test-support.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

interface PrintedPage {
  text: string;
  /** Its lines as pdftotext reads them, trimmed. */
  lines: string[];
  /** The sheet it prints, told by the page header's right part (the summary has none). */
  sheet: string;
}

/**
 * Converts the workbook; returns its pages as text without white space, each with its sheet, checked
 * against pdfinfo's page count.
 */
async function printedPages(model: ReportModel): Promise<PrintedPage[]> {
  const pdf = await convertWithLibreOffice(await renderReportXlsx(model), 'report.xlsx');
  try {
    expect(pdf.pdfBytes).toBeGreaterThan(1000);
    // pdftotext ends every page with a form feed.
    const pages = pdf.text.split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    expect(pages).toHaveLength(pdf.pageCount);
    return pages.map((raw) => {
      const text = squeeze(raw);
      const set = model.annex.find((s) => text.includes(squeeze(`${s.name} 指標一覧`)));
      return {
        text,
        lines: raw.split('\n').map((line) => line.trim()),
        sheet: text.includes(ACTIVITIES_SHEET) ? ACTIVITIES_SHEET : (set?.name ?? SUMMARY_SHEET),
      };
    });
  } finally {
    await pdf.cleanup();
  }
}

/** A value as its cell's number format shows it: the KPI's decimals, thousands separated. */
function shown(value: number, kpi: KpiRow): string {
  const decimals = Math.max(
    decimalsOf(kpi.baseline?.value),
    decimalsOf(kpi.target?.value),
    decimalsOf(kpi.latest?.value),
  );
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** The runs of consecutive pages per sheet, in order. */
function sheetRuns(pages: PrintedPage[]): Array<{ sheet: string; pages: PrintedPage[] }> {
  const runs: Array<{ sheet: string; pages: PrintedPage[] }> = [];
  for (const page of pages) {
    const last = runs.at(-1);
    if (last?.sheet === page.sheet) last.pages.push(page);
    else runs.push({ sheet: page.sheet, pages: [page] });
  }
  return runs;
}

describe('report workbook of the demo year in LibreOffice', () => {
  let model: ReportModel;
  let pages: PrintedPage[];
  beforeAll(async () => {
    model = await demoReportModel();
    pages = await printedPages(model);
  }, 240_000);

  const ownText = (sheet: string) =>
    pages
      .filter((p) => p.sheet === sheet)
      .map((p) => p.text)
      .join('');

  it('prints each sheet on pages of its own, in order, numbered n / N, the header row on every page', () => {
    const runs = sheetRuns(pages);
    expect(runs.map((r) => r.sheet)).toEqual([
      SUMMARY_SHEET,
      ...model.annex.map((s) => s.name),
      ACTIVITIES_SHEET,
    ]);
    const title = squeeze(`${model.cover.title} ${model.cover.subtitle}`);
    pages.forEach((page, i) => {
      expect(page.text.startsWith(title), `page ${i + 1}`).toBe(true);
      expect(page.lines, `page ${i + 1}`).toContain(`${i + 1}/${pages.length}`);
    });
    const { goal, policy } = reportLevelNames(model);
    for (const run of runs) {
      const headers =
        run.sheet === SUMMARY_SHEET
          ? []
          : run.sheet === ACTIVITIES_SHEET
            ? [goal, policy, '区分', '順', '内容']
            : kpiColumns(goal).map((c) => c.header);
      for (const [i, page] of run.pages.entries()) {
        for (const header of headers)
          expect(page.text, `${run.sheet} p.${i + 1} ${header}`).toContain(header);
      }
    }
  });

  it('takes as many pages as its rows need: one page wide, never squeezed onto one page high', () => {
    const runs = new Map(sheetRuns(pages).map((r) => [r.sheet, r.pages.length]));
    // Scaled to one page wide, a landscape page holds at least 10 KPI rows (19 narrow columns), 13
    // activity rows (a wide, wrapping 内容 column) and 20 summary rows; and at most 40 activity rows.
    const items = model.policies.reduce((n, p) => n + p.results.length + p.directions.length, 0);
    expect(items).toBe(81);
    const activities = runs.get(ACTIVITIES_SHEET) ?? 0;
    expect(activities).toBeGreaterThanOrEqual(Math.ceil((items + 1) / 40));
    expect(activities).toBeLessThanOrEqual(Math.ceil((items + 1) / 13));
    for (const set of model.annex) {
      const kpis = set.groups.reduce((n, g) => n + g.kpis.length, 0);
      expect(runs.get(set.name), set.name).toBeLessThanOrEqual(Math.max(1, Math.ceil((kpis + 1) / 10)));
    }
    const summaryRows = model.kpiSection.sets.reduce(
      (n, set) => n + 6 + set.rows.length + 3 + model.policies.length,
      2,
    );
    expect(runs.get(SUMMARY_SHEET)).toBeLessThanOrEqual(Math.ceil(summaryRows / 20));
    // The demo year: 63 KPIs, 81 activities, 15 policies.
    expect(pages.length).toBeGreaterThanOrEqual(2 + model.annex.length + 1);
    expect(pages.length).toBeLessThanOrEqual(20);
  });

  it('shows every policy with its results and directions on 取組内容', () => {
    const text = ownText(ACTIVITIES_SHEET);
    for (const page of model.policies) {
      expect(text).toContain(squeeze(`${page.policyLabel} ${page.policyTitle}`));
      expect(text).toContain(squeeze(`${page.goalLabel} ${page.goalTitle}`));
      for (const item of [...page.results, ...page.directions])
        expect(text, page.policyTitle).toContain(squeeze(item));
    }
  });

  it('shows each 基本方針’s 総合評価 and the counts per 基本目標 on 達成状況', () => {
    const text = ownText(SUMMARY_SHEET);
    expect(text).toContain(squeeze(model.kpiSection.heading));
    // Cells one by one: pdftotext reads the cells of rows side by side in no fixed order.
    for (const set of model.kpiSection.sets) {
      expect(text).toContain(squeeze(`${set.name}（架空のデモ値を含みます）`));
      expect(text).toContain(squeeze(`${set.name}：${reportLevelNames(model).policy}の総合評価`));
      for (const row of set.rows) {
        for (const cell of [row.label, row.title, gradeText(row.rollUp.grade), row.rollUp.basis]) {
          expect(text, `${set.name} ${row.label}`).toContain(squeeze(cell));
        }
      }
    }
    for (const page of model.policies) {
      expect(text).toContain(squeeze(`${page.goalLabel} ${page.policyLabel}`));
      expect(text).toContain(squeeze(page.policyTitle));
      for (const rollUp of page.rollUps) expect(text, page.policyTitle).toContain(squeeze(rollUp.basis));
    }
  });

  it('lists every KPI of a set on its sheet: code, name, latest value, rate and grade', () => {
    for (const set of model.annex) {
      const text = ownText(set.name);
      for (const kpi of set.groups.flatMap((g) => g.kpis)) {
        const where = `${set.name} ${kpi.code}`;
        expect(text, where).toContain(squeeze(kpi.code));
        expect(text, where).toContain(squeeze(kpi.name));
        expect(text, where).toContain(squeeze(gradeText(kpi.grade)));
        if (kpi.latest) expect(text, where).toContain(shown(kpi.latest.value, kpi));
        if (kpi.rate !== null) expect(text, where).toContain(`${kpi.rate.toFixed(1)}%`);
      }
    }
  });
});

describe('report workbook with many KPIs in LibreOffice', () => {
  it('converts to a PDF that shows the sheet headings and the KPIs', { timeout: 240_000 }, async () => {
    const model = sampleReportModel({ kpisPerPolicy: 8 });
    const text = (await printedPages(model)).map((p) => p.text).join('');
    expect(text).toContain(squeeze(model.kpiSection.heading));
    expect(text).toContain('指標コード');
    expect(text).toContain(squeeze('市内の宿泊施設における年間延べ宿泊者数'));
    expect(text).toContain('A目標達成');
    expect(text).toContain('1,481,250');
    expect(text).toContain('110.0%');
    // 総合評価: per 基本目標 and per 基本方針, with what it was computed from.
    expect(text).toContain(squeeze('総合評価（平均点方式）'));
    expect(text).toContain(squeeze('基本計画：基本方針の総合評価'));
    expect(text).toContain(squeeze(model.policies[0]?.rollUps[0]?.basis ?? '—'));
  });
});
