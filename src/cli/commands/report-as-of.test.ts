import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { hoshin, useTempDataDir } from '../test-support.ts';

const seedPath = fileURLToPath(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hoshin export report --as-of', () => {
  const dir = useTempDataDir('hoshin-as-of-');
  beforeAll(async () => {
    const imported = await hoshin(
      'import',
      'report',
      seedPath,
      '--municipality',
      '352136',
      '--municipality-name',
      '美祢市',
    );
    expect(imported.code).toBe(0);
  }, 60_000);

  it('prints the report as it was at a moment before a later import, byte for byte', async () => {
    const first = await hoshin('export', 'report', '--year', '2023');
    expect(first.code).toBe(0);
    await pause(15);
    const t1 = new Date().toISOString();
    await pause(15);
    // A later import rewrites the report's first subheading (its cover subtitle).
    const seed = readFileSync(seedPath, 'utf8');
    const changedPath = join(dir, 'changed.md');
    const firstHeading = /^## .+$/m.exec(seed)?.[0] ?? '';
    writeFileSync(changedPath, seed.replace(firstHeading, `${firstHeading}（改）`));
    expect((await hoshin('import', 'report', changedPath, '--municipality', '352136')).code).toBe(0);
    const now = await hoshin('export', 'report', '--year', '2023');
    expect(now.out).not.toBe(first.out);

    const past = await hoshin('export', 'report', '--year', '2023', '--as-of', t1);
    expect(past.code).toBe(0);
    expect(past.out).toBe(first.out);
  }, 60_000);

  it('refuses a moment it cannot read or one in the future, in Japanese', async () => {
    const bad = await hoshin('export', 'report', '--year', '2023', '--as-of', 'きのう');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--as-of: 時点「きのう」を読めません');
    const future = await hoshin('export', 'report', '--year', '2023', '--as-of', '2999-01-01');
    expect(future.code).toBe(1);
    expect(future.err).toContain('未来の時点');
  });
});
