import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { decodeXml } from '../office-test-support.ts';
import { sampleReportModel } from '../report-xlsx/test-support.ts';
import { ANNEX_HEADING, renderReportDocx } from './index.ts';

interface Part {
  files: string[];
  document: string;
  styles: string;
  core: string;
  footers: string[];
  paragraphs: Array<{ style: string; text: string; pageBreakBefore: boolean; bullet: boolean }>;
}

async function unzip(bytes: Uint8Array): Promise<Part> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const files = Object.keys(zip.files);
  const document = await read('word/document.xml');
  // Good enough for our own output: paragraphs are not nested except in table cells, which come whole.
  const paragraphs = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '',
    text: decodeXml([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
    pageBreakBefore: p.includes('<w:pageBreakBefore/>'),
    bullet: p.includes('<w:numPr>'),
  }));
  return {
    files,
    document,
    styles: await read('word/styles.xml'),
    core: await read('docProps/core.xml'),
    footers: await Promise.all(files.filter((f) => /^word\/footer\d+\.xml$/.test(f)).map(read)),
    paragraphs,
  };
}

describe('renderReportDocx with the demo year', () => {
  let model: ReportModel;
  let doc: Part;
  beforeAll(async () => {
    model = await demoReportModel();
    doc = await unzip(await renderReportDocx(model));
  }, 60_000);

  it('is a Word document with its properties', () => {
    expect(doc.files).toContain('word/document.xml');
    expect(doc.core).toContain('<dc:creator>Hoshin</dc:creator>');
    expect(doc.core).toContain('第二次美祢市総合計画 前期計画の進捗状況について 令和6年度（令和5年度実績）');
  });

  it('has the cover with the report title, subtitle, date and council meeting', () => {
    const cover = doc.paragraphs.slice(0, 6).map((p) => p.text);
    expect(cover).toEqual(
      expect.arrayContaining([
        model.cover.title,
        model.cover.subtitle,
        model.cover.dateLabel,
        model.cover.councilMeeting,
      ]),
    );
    expect(doc.paragraphs[0]?.style).toBe('Title');
  });

  it('uses Heading 1 for each 基本目標 and Heading 2 for each 基本方針, every title present', () => {
    const h1 = doc.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    const h2 = doc.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text);
    const goals = [...new Set(model.policies.map((p) => `${p.goalLabel} ${p.goalTitle}`))];
    expect(goals).toHaveLength(5);
    expect(h1).toEqual([model.kpiSection.heading, model.legend.heading, ...goals, ANNEX_HEADING]);
    const policies = model.policies.map((p) => `${p.policyLabel} ${p.policyTitle}`);
    expect(policies).toHaveLength(15);
    expect(h2).toEqual(['基本計画', '総合戦略', ...policies, '基本計画', '総合戦略']);
    for (const page of model.policies) expect(doc.document).toContain(page.policyTitle);
  });

  it('starts each goal and each policy on a new page', () => {
    const breaks = doc.paragraphs.filter((p) => p.pageBreakBefore).map((p) => p.text);
    for (const page of model.policies) {
      const goal = `${page.goalLabel} ${page.goalTitle}`;
      const policy = `${page.policyLabel} ${page.policyTitle}`;
      expect(breaks.includes(goal) || breaks.includes(policy)).toBe(true);
    }
  });

  it('writes results and directions as bulleted lists under their headings', () => {
    const bullets = doc.paragraphs.filter((p) => p.bullet).map((p) => p.text);
    const items = model.policies.flatMap((p) => [...p.results, ...p.directions]);
    expect(items).toHaveLength(81);
    const legendItems = [...model.legend.resultsDescription, ...model.legend.directionsDescription];
    expect(bullets).toEqual([...legendItems, ...items]);
    const h3 = doc.paragraphs.filter((p) => p.style === 'Heading3').map((p) => p.text);
    expect(h3).toEqual(
      model.policies.flatMap((p) => [
        p.resultsHeading,
        p.directionsHeading,
        ...(p.rollUps.length > 0 ? [`${p.policyLabel}の総合評価`] : []),
        ...(p.kpis.length > 0 ? ['指標（KPI）'] : []),
      ]),
    );
  });

  it('has a table of contents of headings 1–2, for Word to number when it opens', () => {
    expect(doc.document).toContain('TOC \\h \\o &quot;1-2&quot;');
    expect(doc.document).toContain('<w:fldChar w:fldCharType="begin" w:dirty="true"/>');
    const entries = doc.paragraphs.filter((p) => /^TOC\d$/.test(p.style)).map((p) => p.text);
    const headings = doc.paragraphs
      .filter((p) => p.style === 'Heading1' || p.style === 'Heading2')
      .map((p) => p.text);
    expect(entries).toEqual(headings);
  });

  it('names East Asian fonts, defines the heading styles and numbers the pages', () => {
    expect(doc.styles).toMatch(/w:eastAsia="游ゴシック"/);
    expect(doc.styles).toMatch(/w:eastAsia="メイリオ"/);
    for (const id of ['Heading1', 'Heading2', 'Heading3']) expect(doc.styles).toContain(`w:styleId="${id}"`);
    expect(doc.footers.some((f) => f.includes('PAGE'))).toBe(true);
    // A4 portrait body, landscape annex.
    expect(doc.document).toContain('w:w="11906" w:h="16838"');
    expect(doc.document).toMatch(/w:w="16838" w:h="11906" w:orient="landscape"/);
  });

  it('draws a chart for each set with KPIs and says so for a set without', () => {
    // The demo year's KPIs may or may not be loaded: both cases are checked.
    const charts = doc.files.filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f));
    const withKpis = model.kpiSection.sets.filter((s) => s.total.total > 0);
    expect(charts).toHaveLength(withKpis.length);
    const emptyNotes = doc.paragraphs.filter((p) => p.text === 'この区分の指標はありません。').length;
    const emptyAnnexSets = model.annex.filter((s) => s.groups.every((g) => g.kpis.length === 0)).length;
    expect(emptyNotes).toBe(model.kpiSection.sets.length - withKpis.length + emptyAnnexSets);
  });
});

describe('renderReportDocx with many KPIs', () => {
  let model: ReportModel;
  let bytes: Uint8Array;
  let doc: Part;
  beforeAll(async () => {
    model = sampleReportModel({ kpisPerPolicy: 8 });
    bytes = await renderReportDocx(model);
    doc = await unzip(bytes);
  });

  it('puts on each policy page its KPIs with values, years and grade badges', () => {
    const first = model.policies[0]?.kpis[0];
    if (!first) throw new Error('sample has KPIs');
    expect(doc.document).toContain(first.name);
    expect(doc.document).toContain('1,481,250');
    expect(doc.document).toContain('110.0%');
    expect(doc.document).toContain('(R8) 以上');
    expect(doc.document).toContain('(R5) 見込');
    // The grade colour as the cell fill, with white text on the dark green and black on the light green.
    expect(doc.document).toMatch(
      /<w:shd [^>]*w:fill="1A7F37"[^>]*\/>[\s\S]{0,800}?w:color w:val="FFFFFF"[\s\S]{0,200}?A 目標達成/,
    );
    expect(doc.document).toMatch(
      /<w:shd [^>]*w:fill="B7E07A"[^>]*\/>[\s\S]{0,800}?w:color w:val="000000"[\s\S]{0,200}?B 概ね順調/,
    );
  });

  it('gives each policy its 総合評価 per KPI set and each 基本目標 its 総合評価 in the counts table', () => {
    for (const page of model.policies) {
      expect(page.rollUps.length).toBe(2);
      // The last occurrence: the table of contents names it first.
      const title = doc.document.lastIndexOf(`${page.policyLabel} ${page.policyTitle}</w:t>`);
      const at = doc.document.indexOf(`${page.policyLabel}の総合評価</w:t>`, title);
      expect(at, page.policyTitle).toBeGreaterThan(0);
      const section = decodeXml(doc.document.slice(at, doc.document.indexOf('指標（KPI）</w:t>', at)));
      for (const r of page.rollUps) {
        expect(section).toContain(`>${r.setName}<`);
        expect(section).toContain(`>${r.grade.symbol} ${r.grade.label}<`);
        expect(section).toContain(`>指標${r.counted}件<`);
        expect(section).toContain(`>${r.basis}<`);
        expect(section).toContain(`w:fill="${r.grade.color.slice(1).toUpperCase()}"`);
      }
    }
    const counts = decodeXml(doc.document.slice(0, doc.document.lastIndexOf(model.legend.heading)));
    expect(counts).toContain('>総合評価（平均点方式）<');
    for (const set of model.kpiSection.sets) {
      for (const goal of set.rows) expect(counts).toContain(`>指標${goal.rollUp.counted}件<`);
    }
  });

  it('lists every KPI in the annex, grouped by 基本目標', () => {
    for (const set of model.annex) {
      for (const group of set.groups) {
        expect(doc.paragraphs.some((p) => p.text === `${group.label} ${group.title}`)).toBe(true);
        for (const kpi of group.kpis) expect(doc.document).toContain(kpi.code);
      }
    }
    expect(doc.document).toContain('架空のデモ値');
    expect(doc.document).toContain('古い実績');
  });

  it('draws a stacked bar chart of the grade shares per set, in the grade colours', async () => {
    const charts = doc.files.filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(2);
    const zip = await JSZip.loadAsync(bytes);
    const chart = (await zip.file(charts[0] ?? '')?.async('string')) ?? '';
    expect(chart).toContain('<c:grouping val="stacked"/>');
    expect(chart).toContain('1A7F37');
    expect(chart).toContain('A 目標達成');
    expect(chart).toContain('基本目標 1');
  });
});

describe('renderReportDocx for a plan whose levels are 政策 → 施策 → 基本事業', () => {
  let doc: Part;
  beforeAll(async () => {
    const model = sampleReportModel({ kpisPerPolicy: 2, levelNames: ['政策', '施策', '基本事業'] });
    doc = await unzip(await renderReportDocx(model));
  });

  it('heads the counts table with the plan’s top level and never prints Mine City’s level names', () => {
    const text = decodeXml(doc.document);
    expect(text).toMatch(/>政策<\/w:t>[\s\S]*?>総合評価（平均点方式）<\/w:t>/);
    expect(text).toContain('>施策1の総合評価<');
    expect(text).not.toMatch(/基本目標|基本方針/);
  });
});
