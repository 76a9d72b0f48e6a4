import { eq, getTableName, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { changeLog, plan, planNode } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { KpiTableError } from '../../formats/kpi-table/index.ts';
import { strategyTableToCsv, strategyTableToXlsx } from '../../formats/strategy-table/write.ts';
import { loadDemo } from '../../services/demo.ts';
import { openWithSeed } from '../../services/test-support.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import {
  exportStrategyTable,
  importStrategyTable,
  loadNodeLinks,
  type StrategyImportOptions,
} from './import.ts';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const options: StrategyImportOptions = {
  fileName: 'senryaku.csv',
  actor: 'test',
  strategyName: 'テスト総合戦略',
  levels: ['基本目標', '具体的な施策'],
};

async function snapshot({ db }: DatabaseHandle) {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.values(schema).filter(isTable) as PgTable[]) {
    out[getTableName(table)] = await db.select().from(table).orderBy(sql`1`);
  }
  return out;
}

/** Linked plan nodes of each strategy node, as 'strategy path → plan paths'. */
async function linksOf(handle: DatabaseHandle, strategyId: number) {
  const nodes = await handle.db.select().from(planNode).where(eq(planNode.planId, strategyId));
  const links = await loadNodeLinks(handle.db, strategyId);
  return Object.fromEntries(
    nodes
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((n) => [n.path, (links.get(n.id) ?? []).map((l) => l.path)]),
  );
}

describe.each(testBackends())('総合戦略 import on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openWithSeed(open);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('creates a strategy with its own levels, linked to the plan by number, by title and by ①title', async () => {
    const summary = await importStrategyTable(
      handle.db,
      csv([
        '基本目標,具体的な施策,関連する施策（総合計画）,備考',
        '1 しごとをつくる,1 観光・交流で稼ぐ,"1-1-① 観光の振興',
        '②国際観光の推進"',
        ',2 雇用の創出,商工業の振興、2-2-②,',
        '2 ひとの流れをつくる,1 移住・定住の促進,住環境の整備と定住促進,',
      ]),
      options,
    );
    expect(summary).toMatchObject({
      strategyName: 'テスト総合戦略',
      planName: '第二次美祢市総合計画',
      created: true,
      rows: 3,
      nodesCreated: 5,
      linksCreated: 5,
      linksDeleted: 0,
      linksRead: true,
    });
    const [strategy] = await handle.db.select().from(plan).where(eq(plan.id, summary.strategyId));
    expect(strategy).toMatchObject({ kind: 'strategy', linkedPlanId: 1, progressLevel: 2 });
    expect(strategy?.levels.map((l) => l.name)).toEqual(['基本目標', '具体的な施策']);
    expect(await linksOf(handle, summary.strategyId)).toEqual({
      '1': [],
      '1.1': ['1.1.1', '1.1.2'],
      '1.2': ['2.2.1', '2.2.2'],
      '2': [],
      '2.1': ['4.2.1'],
    });
    // The plan side sees the link back, with a readable path.
    const [measure] = await handle.db.select().from(planNode).where(eq(planNode.path, '1.1.1'));
    const back = (await loadNodeLinks(handle.db, 1)).get(measure?.id ?? 0);
    expect(back?.map((l) => [l.planKind, l.pathLabel])).toEqual([
      ['strategy', '基本目標 1 ＞ 具体的な施策1 観光・交流で稼ぐ'],
    ]);
  });

  it('re-imports in place: renames, replaces a node’s links, keeps nodes the file leaves out; logs it all', async () => {
    const first = await importStrategyTable(
      handle.db,
      csv([
        '基本目標,具体的な施策,関連する施策',
        '1 しごと,1 観光,1-1-①',
        '1 しごと,2 雇用,2-2-①',
        '2 ひと,1 移住,4-2-①',
      ]),
      options,
    );
    const before = await snapshot(handle);
    const same = await importStrategyTable(
      handle.db,
      csv([
        '基本目標,具体的な施策,関連する施策',
        '1 しごと,1 観光,1-1-①',
        '1 しごと,2 雇用,2-2-①',
        '2 ひと,1 移住,4-2-①',
      ]),
      { ...options, levels: undefined },
    );
    expect(same).toMatchObject({
      created: false,
      nodesCreated: 0,
      nodesRenamed: 0,
      linksCreated: 0,
      linksDeleted: 0,
    });
    expect(await snapshot(handle)).toEqual(before);

    const again = await importStrategyTable(
      handle.db,
      csv([
        '基本目標,具体的な施策,関連する施策',
        '1 しごと,1 観光と交流,1-1-②',
        '1 しごと,1 観光と交流,1-2-③',
      ]),
      { ...options, levels: undefined },
    );
    expect(again).toMatchObject({ nodesRenamed: 1, linksCreated: 2, linksDeleted: 1, nodesNotInFile: 3 });
    expect(await linksOf(handle, first.strategyId)).toEqual({
      '1': [],
      '1.1': ['1.1.2', '1.2.3'],
      '1.2': ['2.2.1'],
      '2': [],
      '2.1': ['4.2.1'],
    });
    const logged = await handle.db.select().from(changeLog).where(eq(changeLog.tableName, 'plan_node_link'));
    expect(logged.map((l) => l.action).sort()).toEqual([
      'delete',
      'insert',
      'insert',
      'insert',
      'insert',
      'insert',
    ]);
  });

  it('reads a workbook with a title row, merged goal cells and a link cell of several lines', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('施策体系');
    sheet.addRow(['第2期 総合戦略 施策体系（令和7年度）']);
    sheet.addRow(['基本目標', '具体的な施策', '関連施策（総合計画）', '担当課']);
    sheet.addRow([
      '基本目標１　しごとをつくる',
      '(1) 観光・交流で稼ぐ',
      '1-1-①観光の振興\n1-1-②',
      '観光政策課',
    ]);
    sheet.addRow([null, '(2) 雇用の創出', '２－２－①', '商工労働課']);
    sheet.mergeCells('A3:A4');
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const summary = await importStrategyTable(handle.db, bytes, { ...options, fileName: 'taikei.xlsx' });
    expect(summary).toMatchObject({
      rows: 2,
      nodesCreated: 3,
      linksCreated: 3,
      ignoredColumns: ['施策体系!D2 担当課'],
    });
    expect(await linksOf(handle, summary.strategyId)).toEqual({
      '1': [],
      '1.1': ['1.1.1', '1.1.2'],
      '1.2': ['2.2.1'],
    });
  });

  it('names every bad cell and writes nothing', async () => {
    const before = await snapshot(handle);
    const error = await importStrategyTable(
      handle.db,
      csv([
        '基本目標,具体的な施策,関連する施策',
        '1 しごと,1 観光,9-9-⑨',
        '1 しごと,1 観光業,1-1-① 農業等の振興',
        '1 しごと,2,の振興',
        '1 しごと,3 雇用,存在しない施策',
      ]),
      options,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KpiTableError);
    const issues = (error as KpiTableError).issues.map((i) => [i.cell, i.message]);
    expect(issues).toEqual([
      ['C2', expect.stringMatching(/「9-9-⑨」の番号が総合計画「第二次美祢市総合計画」にありません/u)],
      ['B3', expect.stringMatching(/具体的な施策 1 の名称が B2 の「観光」と違います/u)],
      ['B4', expect.stringMatching(/具体的な施策 2 の名称がありません/u)],
      ['C5', expect.stringMatching(/「存在しない施策」が総合計画「第二次美祢市総合計画」にありません/u)],
    ]);
    expect(await snapshot(handle)).toEqual(before);
  });

  it('asks for levels of a new strategy, refuses the plan’s own name, and needs a plan to link to', async () => {
    const file = csv(['基本目標,具体的な施策,関連する施策', '1 しごと,1 観光,1-1-①']);
    await expect(importStrategyTable(handle.db, file, { ...options, levels: undefined })).rejects.toThrow(
      /--levels 基本目標,具体的な施策/u,
    );
    await expect(
      importStrategyTable(handle.db, file, { ...options, strategyName: '第二次美祢市総合計画' }),
    ).rejects.toThrow(/総合計画として登録されています/u);
    await expect(
      importStrategyTable(handle.db, file, {
        ...options,
        localGovCode: '131016',
        municipalityName: '千代田区',
      }),
    ).rejects.toThrow(/総合計画が登録されていません/u);
  });

  it('loads the demo strategy: 4 goals × 2 measures, every measure linked, KPIs on its own nodes', async () => {
    await loadDemo(handle.db);
    const [strategy] = await handle.db.select().from(plan).where(eq(plan.kind, 'strategy'));
    if (!strategy) throw new Error('no demo strategy');
    expect(strategy.name).toMatch(/架空のデモ構成/u);
    const links = await linksOf(handle, strategy.id);
    const measures = Object.entries(links).filter(([path]) => path.includes('.'));
    expect(measures).toHaveLength(8);
    expect(measures.every(([, to]) => to.length > 0 && to.every((p) => p.split('.').length === 3))).toBe(
      true,
    );
    expect(links['1.1']).toEqual(['1.1.1', '1.1.2', '2.3.1']);

    // 総合戦略 KPIs put on the plan's own nodes are taken, with a warning naming the strategy.
    const kpiCsv = (set: string) =>
      csv(['基本目標,基本方針,施策,指標の区分,指標名,単位,方向,R5', `1,1,①,${set},宿泊者数,人,増加,1200`]);
    const onPlan = await importKpiTable(handle.db, kpiCsv('総合戦略'), { fileName: 'k.csv', actor: 'test' });
    expect(onPlan.warnings).toEqual([
      `指標の区分「総合戦略」の指標を総合計画「第二次美祢市総合計画」の項目に登録しました。総合戦略「${strategy.name}」の項目に付ける指標なら --plan ${strategy.name} を付けて取り込み直してください`,
    ]);
    const basic = await importKpiTable(handle.db, kpiCsv('基本計画'), { fileName: 'k.csv', actor: 'test' });
    expect(basic.warnings).toEqual([]);
  });

  it('exports the demo strategy as CSV and xlsx that import again without a single change', async () => {
    await loadDemo(handle.db);
    const table = await exportStrategyTable(handle.db, {});
    expect(table.levelNames).toEqual(['基本目標', '具体的な施策']);
    expect(table.rows[0]).toEqual({
      cells: ['1 稼ぐ地域をつくるとともに、安心して働けるようにする', '1 観光・交流による稼ぐ力の強化'],
      links: ['1-1-① 観光の振興', '1-1-② 国際観光の推進', '2-3-① 地場産業の育成と観光産業の振興'],
    });
    const before = await snapshot(handle);
    const again = { fileName: 'out.csv', actor: 'test', strategyName: table.strategyName };
    const csvResult = await importStrategyTable(
      handle.db,
      new TextEncoder().encode(strategyTableToCsv(table)),
      again,
    );
    const xlsxResult = await importStrategyTable(handle.db, await strategyTableToXlsx(table), {
      ...again,
      fileName: 'out.xlsx',
    });
    for (const result of [csvResult, xlsxResult]) {
      expect(result).toMatchObject({
        rows: 8,
        nodesCreated: 0,
        nodesRenamed: 0,
        linksCreated: 0,
        linksDeleted: 0,
      });
    }
    expect(await snapshot(handle)).toEqual(before);
    await expect(exportStrategyTable(handle.db, { strategyName: 'ない戦略' })).rejects.toThrow(
      /総合戦略「ない戦略」はありません（登録済み: 「総合戦略（架空のデモ構成）」）/u,
    );
  });
});
