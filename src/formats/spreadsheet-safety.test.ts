import { describe, expect, it } from 'vitest';
import type { KpiTableExport } from './kpi-table/model.ts';
import { kpiTableToXlsx } from './kpi-table/write.ts';
import { readZipText } from './office-test-support.ts';
import { renderReportXlsx } from './report-xlsx/index.ts';
import { sampleReportModel } from './report-xlsx/test-support.ts';
import { neutraliseCell, neutraliseText, restoreText } from './spreadsheet-safety.ts';
import { strategyTableToXlsx } from './strategy-table/write.ts';

const DANGEROUS = ['=1+2', '=HYPERLINK("http://x","y")', '+81', '-3 から改善', '@SUM(A1)', '\tx', '\rx'];

describe('spreadsheet safety', () => {
  it('prefixes text a spreadsheet would run with a single quote', () => {
    for (const text of DANGEROUS) expect(neutraliseText(text)).toBe(`'${text}`);
  });

  it('leaves other text, numbers and empty cells alone', () => {
    expect(neutraliseText('人口 = 住民基本台帳')).toBe('人口 = 住民基本台帳');
    expect(neutraliseText("'確定")).toBe("'確定");
    expect(neutraliseCell(-3)).toBe('-3');
    expect(neutraliseCell(1.5)).toBe('1.5');
    expect(neutraliseCell(null)).toBe('');
  });

  it('reads every neutralised text back exactly, quotes typed by a person included', () => {
    const texts = [...DANGEROUS, "'=a", "''+b", "'", "'確定", '', '普通の文', "a'=b"];
    for (const text of texts) expect(restoreText(neutraliseText(text))).toBe(text);
    expect(neutraliseText("'=a")).toBe("''=a");
  });
});

/** Formula elements (`<f>`) in the worksheets of an xlsx: none may come from text. */
async function formulas(bytes: Uint8Array): Promise<string[]> {
  const parts = await readZipText(bytes);
  return [...parts.entries()]
    .filter(([name]) => name.startsWith('xl/worksheets/'))
    .flatMap(([, xml]) => xml.match(/<f[ >][^<]*<\/f>/gu) ?? []);
}

describe('xlsx exports with formula-like text', () => {
  const LINK = '=HYPERLINK("http://x","y")';

  it('write the KPI table and a department sheet (進捗状況) as strings, never formulas', async () => {
    const table: KpiTableExport = {
      planName: '計画',
      levelNames: ['基本目標'],
      fiscalYear: 2023,
      records: [
        {
          hierarchy: ['=1+2'],
          set: '基本計画',
          code: '@A',
          name: LINK,
          unit: '+',
          direction: 'increase',
          baseline: { value: -1, fiscalYear: 2020 },
          target: null,
          department: null,
          administrativeStatus: null,
          definition: '-定義',
          dataSource: null,
          kind: null,
          cumulative: false,
          illustrative: false,
          annualTargets: [],
          actuals: [{ fiscalYear: 2023, value: 1, status: 'final', note: '=1+2' }],
        },
      ],
    };
    const bytes = await kpiTableToXlsx(table, {
      progress: {
        levelName: '基本目標',
        rows: [
          {
            path: '1',
            title: LINK,
            fiscalYear: 2023,
            previousDirections: ['=1'],
            results: ['+2'],
            directions: ['@3'],
          },
        ],
      },
    });
    expect(await formulas(bytes)).toEqual([]);
    const strings = (await readZipText(bytes)).get('xl/sharedStrings.xml') ?? '';
    expect(strings).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
  });

  it('write the strategy table and the report workbook without formulas', async () => {
    const strategy = await strategyTableToXlsx({
      strategyName: '戦略',
      planName: '計画',
      levelNames: ['基本目標'],
      rows: [{ cells: [LINK], links: ['=1+2'] }],
    });
    expect(await formulas(strategy)).toEqual([]);
    const model = sampleReportModel({ kpisPerPolicy: 1 });
    const policy = model.policies[0];
    if (policy) {
      policy.policyTitle = LINK;
      policy.results = ['=1+2', '@SUM(A1)'];
      const kpi = policy.kpis[0];
      if (kpi) kpi.name = '+81';
    }
    expect(await formulas(await renderReportXlsx(model))).toEqual([]);
  });
});
