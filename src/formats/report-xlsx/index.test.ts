import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { kpiColumns, renderReportXlsx } from './index.ts';
import { sampleReportModel } from './test-support.ts';

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings want its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
const headers = kpiColumns('基本目標').map((c) => c.header);
const column = (header: string) => headers.indexOf(header) + 1;

describe('renderReportXlsx with the demo year', () => {
  let model: ReportModel;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    model = await demoReportModel();
    workbook = await readBack(await renderReportXlsx(model));
  }, 60_000);

  it('has the summary, one sheet per KPI set and the activities, and its properties', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['達成状況', '基本計画', '総合戦略', '取組内容']);
    expect(workbook.creator).toBe('Hoshin');
    expect(workbook.title).toBe('第二次美祢市総合計画 前期計画の進捗状況について 令和6年度（令和5年度実績）');
  });

  it('gives each KPI sheet the header row, a frozen header and an autofilter', () => {
    for (const name of ['基本計画', '総合戦略']) {
      const ws = sheet(workbook, name);
      expect(rowValues(ws, 1)).toEqual(headers);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
    }
  });

  it('lists every result and direction on 取組内容, one row each, in order', () => {
    const ws = sheet(workbook, '取組内容');
    expect(rowValues(ws, 1)).toEqual(['基本目標', '基本方針', '区分', '順', '内容']);
    const expected = model.policies.flatMap((p) => [
      ...p.results.map((text, i) => [
        `${p.goalLabel} ${p.goalTitle}`,
        `${p.policyLabel} ${p.policyTitle}`,
        '実績',
        i + 1,
        text,
      ]),
      ...p.directions.map((text, i) => [
        `${p.goalLabel} ${p.goalTitle}`,
        `${p.policyLabel} ${p.policyTitle}`,
        '今後の方向性',
        i + 1,
        text,
      ]),
    ]);
    expect(expected).toHaveLength(81);
    expect(ws.rowCount).toBe(82);
    const rows = Array.from({ length: 81 }, (_, i) => rowValues(ws, i + 2));
    expect(rows).toEqual(expected);
    expect(ws.getCell('E2').alignment?.wrapText).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});

describe('renderReportXlsx with many KPIs', () => {
  let model: ReportModel;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    model = sampleReportModel({ kpisPerPolicy: 8 });
    workbook = await readBack(await renderReportXlsx(model));
  });

  it('writes one row per KPI, grouped by 基本目標 in the model order', () => {
    const ws = sheet(workbook, '基本計画');
    const annex = model.annex[0];
    if (!annex) throw new Error('no annex');
    const kpis = annex.groups.flatMap((g) =>
      g.kpis.map((k) => ({ goal: `${g.label} ${g.title}`, code: k.code })),
    );
    expect(kpis).toHaveLength(48);
    expect(ws.rowCount).toBe(49);
    const written = kpis.map((_, i) => ({
      goal: ws.getRow(i + 2).getCell(1).value,
      code: ws.getRow(i + 2).getCell(column('指標コード')).value,
    }));
    expect(written).toEqual(kpis);
    expect(ws.autoFilter).toBe('A1:S49');
  });

  it('writes a KPI row with its values, number formats, grade fill and notes', () => {
    const ws = sheet(workbook, '基本計画');
    const row = ws.getRow(2); // 計画-001 観光客数: illustrative, final, grade A
    const cell = (header: string) => row.getCell(column(header));
    expect(cell('指標名').value).toBe('観光客数');
    expect(cell('体系').value).toBe('基本目標 1 ＞ 基本方針1 ＞ ①');
    expect(cell('単位').value).toBe('人');
    expect(cell('方向').value).toBe('増加');
    expect(cell('基準値').value).toBe(1_000_000);
    expect(cell('基準値').numFmt).toBe('#,##0');
    expect(cell('基準年度').value).toBe('令和元年度');
    expect(cell('目標値').value).toBe(1_437_500);
    expect(cell('比較').value).toBe('以上');
    expect(cell('最新実績').value).toBe(1_481_250);
    expect(cell('状態').value).toBe('確定');
    expect(cell('達成率').value).toBe(110);
    expect(cell('達成率').numFmt).toBe('0.0"%"');
    expect(cell('評価').value).toBe('A 目標達成');
    expect(cell('評価').fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FF1A7F37' },
    });
    expect(cell('評価').font?.color?.argb).toBe('FFFFFFFF');
    expect(cell('備考').value).toBe('架空のデモ値');
    expect(cell('見通し').value).toBe('達成見込み');
    expect(cell('担当課').value).toBe('観光政策課');
  });

  it('uses decimals where the KPI has them, dark text on light grades and marks stale actuals', () => {
    const ws = sheet(workbook, '基本計画');
    const find = (code: string) => {
      for (let r = 2; r <= ws.rowCount; r++) {
        if (ws.getRow(r).getCell(column('指標コード')).value === code) return ws.getRow(r);
      }
      throw new Error(`no ${code}`);
    };
    const birthRate = find('計画-005'); // 合計特殊出生率 1.27 → 1.59, grade B (light), stale
    expect(birthRate.getCell(column('基準値')).numFmt).toBe('#,##0.00');
    expect(birthRate.getCell(column('評価')).value).toBe('B 概ね順調');
    expect(birthRate.getCell(column('評価')).font?.color?.argb).toBe('FF000000');
    expect(birthRate.getCell(column('備考')).value).toBe('古い実績');
    const satisfaction = find('計画-003'); // 市民満足度 53.8 %
    expect(satisfaction.getCell(column('基準値')).numFmt).toBe('#,##0.0');
    const noActual = find('計画-007'); // no actual: empty cells, not zero
    expect(noActual.getCell(column('最新実績')).value).toBeNull();
    expect(noActual.getCell(column('達成率')).value).toBeNull();
    expect(noActual.getCell(column('評価')).value).toBe('－ 評価不能');
  });

  it('writes the counts and shares per grade per 基本目標 on 達成状況', () => {
    const ws = sheet(workbook, '達成状況');
    expect(ws.getCell('A1').value).toBe('基本計画と総合戦略の指標（KPI）の達成状況');
    const values = Array.from({ length: ws.rowCount }, (_, r) => rowValues(ws, r + 1));
    for (const set of model.kpiSection.sets) {
      const captionAt = values.findIndex((v) => v[0] === `${set.name}（架空のデモ値を含みます）`);
      expect(captionAt).toBeGreaterThan(0);
      expect(values[captionAt + 1]?.slice(0, 4)).toEqual([
        '区分',
        '基本目標',
        '総合評価（平均点方式）',
        '算出の根拠',
      ]);
      expect(values[captionAt + 2]?.slice(4)).toEqual([
        ...set.grades.map((g) => `${g.symbol} ${g.label}`),
        '計',
        ...set.grades.map((g) => `${g.symbol} ${g.label}`),
      ]);
      const body = [...set.rows, set.total, set.previousTotal];
      body.forEach((counts, i) => {
        const written = values[captionAt + 3 + i] ?? [];
        expect(written.slice(0, 2)).toEqual([counts.label, counts.title || undefined]);
        expect(written.slice(4)).toEqual([...counts.counts, counts.total, ...counts.shares]);
      });
      // Each 基本目標's 総合評価 on its grade's colour, with its basis; none for the totals.
      set.rows.forEach((goal, i) => {
        const row = ws.getRow(captionAt + 4 + i);
        expect(row.getCell(3).value).toBe(`${goal.rollUp.grade.symbol} ${goal.rollUp.grade.label}`);
        expect(row.getCell(3).fill).toMatchObject({
          fgColor: { argb: `FF${goal.rollUp.grade.color.slice(1).toUpperCase()}` },
        });
        expect(row.getCell(4).value).toBe(goal.rollUp.basis);
      });
      expect(values[captionAt + 3 + set.rows.length]?.slice(2, 4)).toEqual([undefined, undefined]);
    }
  });

  it('lists each 基本方針’s 総合評価 per KPI set on 達成状況', () => {
    const ws = sheet(workbook, '達成状況');
    const values = Array.from({ length: ws.rowCount }, (_, r) => rowValues(ws, r + 1));
    for (const set of model.kpiSection.sets) {
      const captionAt = values.findIndex((v) => v[0] === `${set.name}：基本方針の総合評価`);
      expect(captionAt).toBeGreaterThan(0);
      expect(values[captionAt + 1]).toEqual(['基本方針', '名称', '総合評価', '算出の根拠']);
      model.policies.forEach((policy, i) => {
        const rollUp = policy.rollUps.find((r) => r.setName === set.name);
        if (!rollUp) throw new Error('every sample policy has KPIs in both sets');
        expect(values[captionAt + 2 + i]).toEqual([
          `${policy.goalLabel} ${policy.policyLabel}`,
          policy.policyTitle,
          `${rollUp.grade.symbol} ${rollUp.grade.label}`,
          rollUp.basis,
        ]);
      });
    }
  });

  it('turns KPI set names Excel refuses into valid, distinct sheet names', async () => {
    const strange = sampleReportModel({ kpisPerPolicy: 1 });
    const [first, second] = strange.annex;
    if (!first || !second) throw new Error('two sets expected');
    strange.annex = [
      { ...first, name: '第2期まち・ひと・しごと創生総合戦略[KPI]: 人口ビジョン/重要業績評価指標' },
      { ...second, name: '達成状況' },
    ];
    const names = (await readBack(await renderReportXlsx(strange))).worksheets.map((w) => w.name);
    expect(names).toEqual([
      '達成状況',
      '第2期まち・ひと・しごと創生総合戦略［KPI］： 人口ビジョン',
      '達成状況（2）',
      '取組内容',
    ]);
  });
});

describe('renderReportXlsx for a plan whose levels are 政策 → 施策 → 基本事業', () => {
  let model: ReportModel;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    model = sampleReportModel({ kpisPerPolicy: 2, levelNames: ['政策', '施策', '基本事業'] });
    workbook = await readBack(await renderReportXlsx(model));
  });

  it('heads columns and captions with the plan’s level names', () => {
    expect(rowValues(sheet(workbook, '基本計画'), 1)[0]).toBe('政策');
    expect(rowValues(sheet(workbook, '取組内容'), 1)).toEqual(['政策', '施策', '区分', '順', '内容']);
    const ws = sheet(workbook, '達成状況');
    const values = Array.from({ length: ws.rowCount }, (_, r) => rowValues(ws, r + 1));
    const caption = values.findIndex((v) => v[0] === '基本計画：施策の総合評価');
    expect(caption).toBeGreaterThan(0);
    expect(values[caption + 1]).toEqual(['施策', '名称', '総合評価', '算出の根拠']);
    const counts = values.findIndex((v) => v[0] === '区分');
    expect(values[counts]?.[1]).toBe('政策');
    expect(values[counts + 2]?.slice(0, 2)).toEqual(['政策 1', model.policies[0]?.goalTitle]);
  });

  it('never prints Mine City’s level names', () => {
    const texts = workbook.worksheets.flatMap((ws) =>
      Array.from({ length: ws.rowCount }, (_, r) => rowValues(ws, r + 1))
        .flat()
        .filter((v): v is string => typeof v === 'string'),
    );
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((t) => /基本目標|基本方針/.test(t))).toEqual([]);
  });
});
