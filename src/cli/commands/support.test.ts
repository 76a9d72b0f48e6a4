/**
 * A command's output file: a place that cannot be written (no such folder, a folder, no permission)
 * is explained in Japanese instead of a stack trace, and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputWritable, writeOutputFile } from './support.ts';

function recordingIo() {
  const io = { out: '', err: '' };
  return {
    io,
    cli: {
      stdout: (t: string) => {
        io.out += t;
      },
      stderr: (t: string) => {
        io.err += t;
      },
      readStdin: async () => '',
    },
  };
}

describe('output files of CLI commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoshin-output-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const recording = recordingIo();

  it('writes a file where it can', async () => {
    const { io, cli } = recordingIo();
    const file = join(dir, 'out.csv');
    expect(await writeOutputFile(file, '指標,値\n', cli)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('指標,値\n');
    expect(await outputWritable(join(dir, 'next.tar.gz'), cli)).toBe(true);
    expect(io.err).toBe('');
  });

  it.each([
    [
      'a folder that does not exist',
      () => join(dir, 'no-such-folder', 'x.csv'),
      '保存先のフォルダがありません',
    ],
    ['a folder', () => dir, 'フォルダです。ファイル名まで指定してください'],
  ])('explains %s in Japanese', async (_what, place, reason) => {
    const file = place();
    for (const attempt of [
      () => writeOutputFile(file, 'x', recording.cli),
      () => outputWritable(file, recording.cli),
    ]) {
      recording.io.err = '';
      expect(await attempt()).toBe(false);
      expect(recording.io.err).toBe(`エラー: ${file} に書き込めません（${reason}）\n`);
    }
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});
