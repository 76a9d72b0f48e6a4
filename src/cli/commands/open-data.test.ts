/**
 * `hoshin export open-data`: the portal's files of a published year from the command line (the
 * same bytes as over HTTP), to a file or standard output; an unpublished year is refused in Japanese
 * with exit code 1, bad arguments with 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { createApi } from '../../http/app.ts';
import { openWithPublishedDemo } from '../../test-support/published-demo.ts';
import { hoshin, useTempDataDir } from '../test-support.ts';

describe('hoshin export open-data', () => {
  const dir = useTempDataDir('hoshin-open-data-');
  const served = new Map<string, Uint8Array>();

  beforeAll(async () => {
    const demo = await openWithPublishedDemo(() =>
      openDatabase({ dataDir: process.env.HOSHIN_DATA_DIR ?? '' }),
    );
    try {
      const app = createApi(demo.handle.db);
      for (const file of ['kpis.csv', 'kpis-bom.csv', 'policies.json', 'kpis.schema.json', 'schema.json']) {
        served.set(
          file,
          new Uint8Array(await (await app.request(`/public/352136/data/2023/${file}`)).arrayBuffer()),
        );
      }
    } finally {
      await demo.handle.close();
    }
  }, 180_000);

  it('writes the same files the portal serves, to a file or standard output', async () => {
    const bom = join(dir, 'kpis-bom.csv');
    const written = await hoshin(
      'export',
      'open-data',
      '--year',
      '2023',
      '--dataset',
      'kpis',
      '--format',
      'csv-bom',
      '-o',
      bom,
    );
    expect(written).toMatchObject({ code: 0, out: '' });
    expect(written.err).toContain('美祢市 令和5年度 第1版');
    expect(new Uint8Array(readFileSync(bom))).toEqual(served.get('kpis-bom.csv'));

    const csv = await hoshin('export', 'open-data', '--year', '2023', '--dataset', 'kpis', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(new TextEncoder().encode(csv.out)).toEqual(served.get('kpis.csv'));
    expect(csv.out.split('\r\n')[1]).toMatch(/^352136,美祢市,/u);

    const json = await hoshin(
      'export',
      'open-data',
      '--year',
      '2023',
      '--dataset',
      'policies',
      '--format',
      'json',
      '--municipality',
      '352136',
    );
    expect(new TextEncoder().encode(json.out)).toEqual(served.get('policies.json'));
    const schema = await hoshin(
      'export',
      'open-data',
      '--year',
      '2023',
      '--dataset',
      'kpis',
      '--format',
      'schema',
    );
    expect(new TextEncoder().encode(schema.out)).toEqual(served.get('kpis.schema.json'));
    const document = await hoshin('export', 'open-data', '--year', '2023', '--format', 'schema-document');
    expect(new TextEncoder().encode(document.out)).toEqual(served.get('schema.json'));
  }, 60_000);

  it('refuses an unpublished year (1) and bad arguments (2) in Japanese', async () => {
    const unpublished = await hoshin('export', 'open-data', '--year', '2022', '--dataset', 'kpis');
    expect(unpublished.code).toBe(1);
    expect(unpublished.err).toContain('美祢市の令和4年度は公開されていません');
    expect(unpublished.out).toBe('');

    const noYear = await hoshin('export', 'open-data', '--dataset', 'kpis');
    expect(noYear.code).toBe(2);
    expect(noYear.err).toContain('--year に公開済みの年度');
    const badDataset = await hoshin('export', 'open-data', '--year', '2023', '--dataset', 'budget');
    expect(badDataset.code).toBe(2);
    expect(badDataset.err).toContain('「budget」は未対応');
    const badFormat = await hoshin(
      'export',
      'open-data',
      '--year',
      '2023',
      '--dataset',
      'kpis',
      '--format',
      'xlsx',
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('未対応の形式です: xlsx');
    const otherCity = await hoshin(
      'export',
      'open-data',
      '--year',
      '2023',
      '--dataset',
      'kpis',
      '--municipality',
      '131016',
    );
    expect(otherCity.code).toBe(1);
  }, 60_000);
});
