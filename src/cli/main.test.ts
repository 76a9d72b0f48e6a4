/**
 * Every command of the CLI (enumerated from its command table, so a new one cannot escape) answers
 * `--help` with its usage and exit code 0, and refuses an unknown option, a missing value or an
 * extra argument with the reason in Japanese, its usage and exit code 2, before it opens anything.
 * A command that only reads or changes data makes no new database in a folder that has none.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './main.ts';
import { hoshin, useTempDataDir } from './test-support.ts';
import { usageOf } from './usage.ts';

describe('hoshin <command> --help and wrong arguments', () => {
  const dir = useTempDataDir('hoshin-cli-help-');

  it.each(COMMAND_NAMES)('%s --help prints its usage', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await hoshin(...name.split(' '), flag);
      expect(code, `${name} ${flag}: ${err}`).toBe(0);
      expect(out).toMatch(/^使い方: hoshin /u);
      expect(out).toContain(name.split(' ')[0]);
      expect(err).toBe('');
    }
  });

  it.each(COMMAND_NAMES)('%s refuses an unknown option in Japanese', async (name) => {
    const { code, out, err } = await hoshin(...name.split(' '), '--no-such-option');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('引数が正しくありません: --no-such-option というオプションはありません');
    expect(err).toContain('使い方: hoshin ');
    expect(err).not.toMatch(/Unknown option|To specify/u);
  });

  it('names a missing value and an extra argument in Japanese', async () => {
    const missing = await hoshin('export', 'report', '--year');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--year の後に値を指定してください');
    const extra = await hoshin('demo', 'extra');
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('余分な引数があります（extra）');
    const valued = await hoshin('import', 'kpis', 'x.xlsx', '--replace=yes');
    expect(valued.err).toContain('--replace は値をとりません');
  });

  it('lists a group’s commands for `hoshin import --help`, and tells its version', async () => {
    const group = await hoshin('import', '--help');
    expect(group.code).toBe(0);
    for (const name of ['import report', 'import kpis', 'import strategy']) {
      expect(group.out).toContain(`使い方: hoshin ${name} `);
    }
    expect(group.out).not.toContain('export ');
    const bare = await hoshin('user');
    expect(bare.code).toBe(2);
    expect(bare.err.match(/user enable/gu)).toHaveLength(1);
    const version = await hoshin('--version');
    expect(version.out).toMatch(/^hoshin \d+\.\d+\.\d+\n$/u);
  });

  it('makes no database where a command only reads or changes data (a mistyped HOSHIN_DATA_DIR)', async () => {
    for (const argv of [
      ['user', 'list'],
      ['export', 'kpis', '--year', '2023', '--format', 'csv'],
      ['export', 'change-log'],
    ]) {
      const { code, err } = await hoshin(...argv);
      expect(code, argv.join(' ')).toBe(1);
      expect(err).toContain(`データフォルダ ${join(dir, 'data')} にデータベースがありません`);
    }
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('takes a command’s own lines of the overall usage', () => {
    expect(usageOf('import report')).toBe(
      '使い方: hoshin import report FILE [--json]\n        [--municipality CODE] [--municipality-name NAME]\n  進捗報告書（Markdown）を取り込む\n',
    );
    expect(usageOf('user enable')).toContain('ユーザーを無効・有効にする');
    expect(() => usageOf('no such')).toThrow();
  });
});
