import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hoshin, useTempDataDir } from '../test-support.ts';

describe('hoshin import kpis / export kpis', () => {
  const dir = useTempDataDir('hoshin-kpi-cli-');

  it('prints every bad cell with its address and exits 1; imports a good Shift_JIS CSV; exports it', async () => {
    const header = '政策,施策,指標名,単位,方向,基準値,基準年度,目標値,目標年度,R4,R5';
    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      iconv.encode(
        `${header}\r\n1 まちづくり,1 道路,改良率,％,増加,abc,R1,80%以上,R8,－,集計中\r\n`,
        'cp932',
      ),
    );
    const options = ['--plan', '新市総合計画', '--levels', '政策,施策', '--set', '基本計画'];
    const options2 = ['--municipality', '131016', '--municipality-name', '千代田区'];
    const refused = await hoshin('import', 'kpis', bad, ...options, ...options2);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bad.csv を取り込めません（データベースは変更していません）。2 件の問題:');
    expect(refused.err).toContain('  bad.csv!F2: 「基準値」には数値');
    expect(refused.err).toContain('  bad.csv!K2: 令和5年度の実績には数値を入力してください');

    const good = join(dir, 'good.csv');
    await writeFile(
      good,
      iconv.encode(
        `${header}\r\n1 まちづくり,1 道路,改良率,％,増加,"62.3",R1,80%以上,R8,－,６３．１\r\n`,
        'cp932',
      ),
    );
    const imported = await hoshin('import', 'kpis', good, ...options, ...options2, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({
      planCreated: true,
      encoding: 'Shift_JIS',
      kpisCreated: 1,
      actualsCreated: 1,
      nodesCreated: 2,
    });

    const csv = await hoshin('export', 'kpis', '--year', '2023', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFF政策,施策,指標の区分,指標コード,指標名,単位')).toBe(true);
    expect(csv.out).toContain('1 まちづくり,1 道路,基本計画,1.1-');
    expect(csv.out).toContain(
      ',改良率,%,増加,62.3,令和元年度,80,以上,令和8年度,,63.1,,,78.9,C（遅れ）,達成困難,令和5年度,,',
    );

    const file = join(dir, 'kpi.xlsx');
    expect((await hoshin('export', 'kpis', '--year', '2023', '--format', 'xlsx')).code).toBe(2);
    const xlsx = await hoshin('export', 'kpis', '--year', '2023', '--format', 'xlsx', '-o', file);
    expect(xlsx.code).toBe(0);
    expect((await readFile(file)).subarray(0, 2).toString('latin1')).toBe('PK');
    const again = await hoshin('import', 'kpis', file, '--plan', '新市総合計画');
    expect(again.code).toBe(0);
    expect(again.out).toContain('指標 新規 0・更新 0・変更なし 1、実績 新規 0・更新 0・削除 0');
    // Seven CLI processes, each opening its own database: slow on a loaded machine.
  }, 120_000);

  it('explains its options and refuses unknown ones', async () => {
    expect((await hoshin('import', 'kpis', '--help')).out).toContain('--create-nodes');
    const wrong = await hoshin('import', 'kpis', 'x.csv', '--sheet', 'a');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('引数が正しくありません');
    expect((await hoshin('export', 'kpis', '--year', 'R5')).code).toBe(2);
  });

  it('never guesses the city: a sheet without --plan or --municipality is refused, nothing written', async () => {
    const file = join(dir, 'other-city.csv');
    await writeFile(file, '政策,施策,指標名,単位,方向,R5\r\n1 まちづくり,1 道路,改良率,％,増加,63\r\n');
    const before = await hoshin(
      'export',
      'kpis',
      '--year',
      '2023',
      '--format',
      'json',
      '--municipality',
      '131016',
    );
    const refused = await hoshin('import', 'kpis', file);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      '取り込み先を --plan（計画名）か --municipality（自治体コード）で指定してください',
    );
    const after = await hoshin(
      'export',
      'kpis',
      '--year',
      '2023',
      '--format',
      'json',
      '--municipality',
      '131016',
    );
    expect(after.out).toBe(before.out);
  });
});
