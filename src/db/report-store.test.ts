import { readFileSync } from 'node:fs';
import { count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProgressReport, importProgressReport } from '../features/progress/progress-report.ts';
import { ReportParseError } from '../formats/seed-markdown/index.ts';
import { contentLines } from '../formats/seed-markdown/round-trip.ts';
import { UserError } from '../services/municipality.ts';
import type { DatabaseHandle } from './client.ts';
import { ImportConflictError } from './report-store.ts';
import * as schema from './schema.ts';
import { testBackends } from './test-backends.ts';

const seed = readFileSync(
  new URL('../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);
const mine = { localGovCode: '352136', municipalityName: '美祢市', actor: 'test' };

/** Every row of every table, for "the database is unchanged" assertions. */
async function snapshot({ db }: DatabaseHandle) {
  const tables = {
    municipality: schema.municipality,
    plan: schema.plan,
    planPeriod: schema.planPeriod,
    planNode: schema.planNode,
    progressRecord: schema.progressRecord,
    report: schema.report,
    kpiSet: schema.kpiSet,
    changeLog: schema.changeLog,
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(tables)) {
    out[name] = await db.select().from(table).orderBy(sql`1`);
  }
  return out;
}

describe.each(testBackends())('progress report storage on $name', ({ open }) => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('imports the seed: 5 goals, 15 policies, 41 measures, 81 items', async () => {
    const summary = await importProgressReport(handle.db, seed, mine);
    expect(summary).toMatchObject({ goals: 5, policies: 15, measures: 41, items: 81, fiscalYear: 2023 });
    const { db } = handle;
    const byLevel = await db
      .select({ level: schema.planNode.level, n: count() })
      .from(schema.planNode)
      .groupBy(schema.planNode.level)
      .orderBy(schema.planNode.level);
    expect(byLevel).toEqual([
      { level: 1, n: 5 },
      { level: 2, n: 15 },
      { level: 3, n: 41 },
    ]);
    const records = await db.select().from(schema.progressRecord);
    expect(records.reduce((n, r) => n + r.results.length + r.directions.length, 0)).toBe(81);
    expect(new Set((await db.select().from(schema.plan)).map((p) => p.municipalityId)).size).toBe(1);
  });

  it('exports what it imported (round-trip law)', async () => {
    await importProgressReport(handle.db, seed, mine);
    const markdown = await exportProgressReport(handle.db, { fiscalYear: 2023, format: 'md' });
    expect(contentLines(markdown)).toEqual(contentLines(seed));
  });

  it('re-imports in place: no duplicates, no new versions, nothing logged', async () => {
    await importProgressReport(handle.db, seed, mine);
    const before = await snapshot(handle);
    const summary = await importProgressReport(handle.db, seed, mine);
    expect(summary).toMatchObject({ created: 0, updated: 0 });
    expect(await snapshot(handle)).toEqual(before);
  });

  it('updates a changed item in place, bumps its version and logs before and after', async () => {
    await importProgressReport(handle.db, seed, mine);
    const changed = seed.replace('（637経営体への支援）', '（640経営体への支援）');
    const summary = await importProgressReport(handle.db, changed, { ...mine, actor: 'planner' });
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    const [log] = await handle.db
      .select()
      .from(schema.changeLog)
      .where(eq(schema.changeLog.actor, 'planner'));
    expect(log?.tableName).toBe('progress_record');
    expect(JSON.stringify(log?.before)).toContain('637経営体');
    expect(JSON.stringify(log?.after)).toContain('640経営体');
    const [record] = await handle.db
      .select()
      .from(schema.progressRecord)
      .where(eq(schema.progressRecord.id, log?.rowId ?? -1));
    expect(record?.version).toBe(2);
    expect(await handle.db.select({ n: count() }).from(schema.planNode)).toEqual([{ n: 61 }]);
  });

  it('refuses a truncated report and leaves the database as it was', async () => {
    await importProgressReport(handle.db, seed, mine);
    const before = await snapshot(handle);
    const lines = seed.split('\n');
    const truncated = lines.slice(0, lines.findIndex((l) => l.includes('Mineみらいトーク')) + 1).join('\n');
    await expect(importProgressReport(handle.db, truncated, mine)).rejects.toBeInstanceOf(ReportParseError);
    expect(await snapshot(handle)).toEqual(before);
  });

  it('refuses a report that lacks registered nodes, even when the file itself is well formed', async () => {
    await importProgressReport(handle.db, seed, mine);
    const before = await snapshot(handle);
    const lines = seed.split('\n');
    // Cut at a goal boundary: a valid file on its own, but goal 5 is registered.
    const shorter = lines
      .slice(
        0,
        lines.findIndex((l) => l.startsWith('# 基本目標 5')),
      )
      .join('\n');
    const error = await importProgressReport(handle.db, shorter, mine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportConflictError);
    expect((error as Error).message).toMatch(
      /基本目標「基本目標5 「行財政運営」の強化」がファイルにありません/,
    );
    expect(await snapshot(handle)).toEqual(before);
  });

  it('leaves an empty database empty when the first import fails half-way', async () => {
    const before = await snapshot(handle);
    // A well-formed file refused inside the transaction (invalid municipality code).
    await expect(
      importProgressReport(handle.db, seed, { ...mine, localGovCode: '352137' }),
    ).rejects.toBeInstanceOf(UserError);
    expect(await snapshot(handle)).toEqual(before);
  });

  it('takes the city a report names in its plan name, and refuses one that names another city', async () => {
    await importProgressReport(handle.db, seed, mine);
    // Named by the file itself: no flags needed, and no guess.
    await importProgressReport(handle.db, seed, { actor: 'test' });
    await handle.db.insert(schema.municipality).values({ localGovCode: '131016', name: '千代田区' });
    const before = await snapshot(handle);
    await expect(
      importProgressReport(handle.db, seed, { ...mine, localGovCode: '131016', municipalityName: undefined }),
    ).rejects.toThrow(/美祢市のもので、千代田区（131016）のものではありません/);
    const otherCity = seed.replaceAll('美祢市', '長門市');
    await expect(importProgressReport(handle.db, otherCity, { actor: 'test' })).rejects.toThrow(
      /登録済みの自治体名（.*）がありません。どの自治体の報告書か --municipality/,
    );
    expect(await snapshot(handle)).toEqual(before);
  });

  it('keeps the change log append-only', async () => {
    await importProgressReport(handle.db, seed, mine);
    await expect(handle.db.update(schema.changeLog).set({ actor: 'someone else' })).rejects.toThrow();
    await expect(handle.db.delete(schema.changeLog)).rejects.toThrow();
  });
});
