import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fiscalCycle, plan, publication } from '../../db/schema.ts';
import { hoshin, inspectDataDir, useTempDataDir } from '../test-support.ts';

const seed = fileURLToPath(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
);

describe('hoshin publish / unpublish', () => {
  useTempDataDir('hoshin-publish-');

  it('publishes a closed year once, refuses an open one or a change-less repeat, and unpublishes with a reason', async () => {
    expect(
      (await hoshin('import', 'report', seed, '--municipality', '352136', '--municipality-name', '美祢市'))
        .code,
    ).toBe(0);
    const open = await hoshin('publish', '--year', '2023');
    expect(open.code).toBe(1);
    expect(open.err).toContain('令和5年度は確定していない');
    expect((await hoshin('publish', '--year', '20x3')).code).toBe(2);

    await inspectDataDir(async (db) => {
      const [p] = await db.select().from(plan);
      await db.insert(fiscalCycle).values({
        municipalityId: p?.municipalityId ?? 0,
        planId: p?.id ?? 0,
        fiscalYear: 2023,
        state: 'closed',
        deadline: '2024-09-30',
      });
    });
    const published = await hoshin('publish', '--year', '2023');
    expect(published.err).toBe('');
    expect(published.code).toBe(0);
    expect(published.out).toContain('令和5年度を公開しました（第1版）: /public/352136/2023/');

    const again = await hoshin('publish', '--year', '2023', '--reason', '念のため');
    expect(again.code).toBe(1);
    expect(again.err).toContain('変更はありません');

    expect((await hoshin('unpublish', '--year', '2023')).err).toContain('理由');
    const withdrawn = await hoshin('unpublish', '--year', '2023', '--reason', '誤りの確認のため');
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.out).toContain('公開を取り下げました（理由: 誤りの確認のため）');

    const rows = await inspectDataDir((db) => db.select().from(publication));
    expect(rows.map((r) => [r.revision, r.action])).toEqual([
      [1, 'publish'],
      [2, 'unpublish'],
    ]);
    expect(rows[0]?.actedBy).toContain('CLI: publish');
  }, 120_000);
});
