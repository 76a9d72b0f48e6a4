import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hoshin, useTempDataDir } from '../test-support.ts';

const seed = fileURLToPath(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
);

describe('hoshin import strategy', () => {
  const dir = useTempDataDir('hoshin-strategy-cli-');

  it('refuses a bad file naming the cell, imports a good one, then takes the strategy’s KPIs', async () => {
    expect(
      (await hoshin('import', 'report', seed, '--municipality', '352136', '--municipality-name', '美祢市'))
        .code,
    ).toBe(0);
    const name = ['--name', '第2期テスト総合戦略'];
    expect((await hoshin('import', 'strategy', join(dir, 'x.csv'))).err).toContain(
      '--name で総合戦略の名前を指定してください',
    );

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, '基本目標,具体的な施策,関連する施策\r\n1 しごと,1 観光,8-8-⑧\r\n');
    const refused = await hoshin('import', 'strategy', bad, ...name, '--levels', '基本目標,具体的な施策');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bad.csv を取り込めません（データベースは変更していません）。1 件の問題:');
    expect(refused.err).toContain(
      'bad.csv!C2: 関連する施策「8-8-⑧」の番号が総合計画「第二次美祢市総合計画」にありません',
    );

    const good = join(dir, 'good.csv');
    await writeFile(good, '基本目標,具体的な施策,関連する施策\r\n1 しごと,1 観光,"1-1-①\n1-1-②"\r\n');
    const imported = await hoshin('import', 'strategy', good, ...name, '--levels', '基本目標,具体的な施策');
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toContain(
      '総合戦略「第2期テスト総合戦略」（新規）（総合計画「第二次美祢市総合計画」に関連づけ）',
    );
    expect(imported.out).toContain('項目 新規 2・名称変更 0、関連 追加 2・削除 0');

    const kpis = join(dir, 'kpis.csv');
    await writeFile(
      kpis,
      '基本目標,具体的な施策,指標の区分,指標名,単位,方向,R5\r\n1,1,総合戦略,観光消費額,百万円,増加,4720\r\n',
    );
    const taken = await hoshin('import', 'kpis', kpis, '--plan', '第2期テスト総合戦略');
    expect(taken.code).toBe(0);
    expect(taken.out).toContain('計画「第2期テスト総合戦略」 指標 1 行');

    const exported = await hoshin('export', 'strategy');
    expect(exported.code).toBe(0);
    expect(exported.out).toBe(
      '\uFEFF基本目標,具体的な施策,関連する施策（総合計画）\r\n1 しごと,1 観光,"1-1-① 観光の振興\n1-1-② 国際観光の推進"\r\n',
    );
    const xlsx = join(dir, 'out.xlsx');
    expect((await hoshin('export', 'strategy', '--format', 'xlsx')).err).toContain('xlsx は -o で出力先');
    const written = await hoshin('export', 'strategy', '--format', 'xlsx', '-o', xlsx);
    expect(written.out).toContain('総合戦略「第2期テスト総合戦略」、1 行');
    const reimported = await hoshin('import', 'strategy', xlsx, ...name);
    expect(reimported.out).toContain('項目 新規 0・名称変更 0、関連 追加 0・削除 0');
    // Several CLI processes, each opening its own database: slow on a loaded machine.
  }, 120_000);
});
