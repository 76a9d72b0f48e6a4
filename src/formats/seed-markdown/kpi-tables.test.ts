import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModelWithKpis, seedReportModel } from '../report-html/test-support.ts';
import { documentFromModel, renderReportMarkdown } from './kpi-tables.ts';
import { parseProgressReport } from './parse.ts';
import { contentLines } from './round-trip.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe('Markdown of a year without KPIs', () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = await seedReportModel();
  }, 60_000);

  it('keeps the round-trip law: the same content lines as the seed', () => {
    expect(contentLines(renderReportMarkdown(model, parseProgressReport(seed)))).toEqual(contentLines(seed));
  });

  it('keeps it too when the document is rebuilt from the model alone', () => {
    expect(contentLines(renderReportMarkdown(model))).toEqual(contentLines(seed));
    expect(documentFromModel(model)).toEqual(parseProgressReport(seed));
  });
});

describe('Markdown of a year with KPIs', () => {
  let model: ReportModel;
  let markdown: string;
  beforeAll(async () => {
    model = await demoReportModelWithKpis();
    markdown = renderReportMarkdown(model);
  }, 60_000);

  it('puts a chart placeholder and the table of counts and shares under each KPI set', () => {
    for (const set of model.kpiSection.sets) {
      const at = markdown.indexOf(`\n## ${set.name}\n`);
      expect(at).toBeGreaterThan(0);
      const section = markdown.slice(at).split('\n## ')[1] ?? '';
      expect(section).toContain(`［グラフ］${set.name}：評価別の指標数の割合`);
      expect(section).toContain('（架空のデモ値）');
      expect(section).toContain(
        `| 区分 | 総合評価 | 算出の根拠 | ${set.grades.map((g) => `${g.symbol} ${g.label}`).join(' | ')} | 計 |`,
      );
      const first = set.rows[0];
      if (first) {
        const { grade, basis } = first.rollUp;
        expect(basis).toMatch(/^指標\d+件の平均点方式/);
        expect(section).toContain(
          `| ${first.label} ${first.title} | ${grade.symbol} ${grade.label} | ${basis} | ${first.counts[0]}件（${(first.shares[0] ?? 0).toFixed(1)}%）`,
        );
      }
      expect(section).toContain(`| **合計** |`);
      expect(section).toContain(`| ${set.total.total}件 |`);
    }
  });

  it('adds a table of its KPIs after each policy’s lists', () => {
    const policy = model.policies[0];
    const kpi = policy?.kpis[0];
    if (!policy || !kpi) throw new Error('test data without KPIs');
    const section = markdown.slice(markdown.indexOf(`## ${policy.policyLabel} ${policy.policyTitle}`));
    const lastDirection = section.indexOf(`- ${policy.directions.at(-1)}`);
    const tableAt = section.indexOf(`| 区分 | ${policy.policyLabel}の指標（KPI）`);
    expect(tableAt).toBeGreaterThan(lastDirection);
    expect(section).toContain(`| ${kpi.name} ※架空のデモ値 |`);
    // Its 総合評価 per KPI set, between the lists and the KPI table.
    const rollUpAt = section.indexOf(`| 区分 | ${policy.policyLabel}の総合評価 | 算出の根拠 |`);
    expect(rollUpAt).toBeGreaterThan(lastDirection);
    expect(rollUpAt).toBeLessThan(tableAt);
    for (const r of policy.rollUps) {
      expect(section).toContain(`| ${r.setName} | ${r.grade.symbol} ${r.grade.label} | ${r.basis} |`);
    }
    expect(policy.rollUps.length).toBeGreaterThan(0);
    expect(section).toMatch(/\| \d[\d,.]*人（R1） \|/);
  });

  it('can be imported again: the parser skips the tables and placeholders', () => {
    expect(parseProgressReport(markdown)).toEqual(parseProgressReport(seed));
  });

  it('writes nothing the round-trip law compares besides the tables and placeholders', () => {
    const extra = contentLines(markdown).filter(
      (line) => !line.startsWith('|') && !line.startsWith('［グラフ］'),
    );
    expect(extra).toEqual(contentLines(seed));
  });
});

describe('HTML in KPI names', () => {
  it('is escaped in the KPI tables, so the Markdown renders no HTML', async () => {
    const model = await demoReportModelWithKpis();
    const policy = model.policies.find((p) => p.kpis.length > 0);
    const kpi = policy?.kpis[0];
    if (!policy || !kpi) throw new Error('the demo has KPIs');
    kpi.name = '<img src=x onerror="alert(1)">来訪者数 & <script>x</script>';
    const markdown = renderReportMarkdown(model);
    expect(markdown).not.toMatch(/<img|<script/u);
    expect(markdown).toContain('&lt;img src=x onerror="alert(1)"&gt;来訪者数 &amp; &lt;script&gt;');
    expect(contentLines(markdown).length).toBeGreaterThan(0);
    parseProgressReport(markdown);
  }, 60_000);
});
