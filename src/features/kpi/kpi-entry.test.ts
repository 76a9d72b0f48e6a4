import { readFileSync } from 'node:fs';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { insertLogged, VersionConflictError } from '../../db/history.ts';
import { changeLog, kpi, kpiActual, kpiSet, planNode } from '../../db/schema.ts';
import { testBackends } from '../../db/test-backends.ts';
import { importProgressReport } from '../progress/progress-report.ts';
import {
  ActualEntryError,
  checkEntry,
  entryYearRange,
  KpiNotFoundError,
  saveAdministrativeStatus,
} from './kpi-entry.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

describe('entryYearRange', () => {
  it('runs from the baseline year to the current fiscal year', () => {
    expect(entryYearRange({ baselineYear: 2020, targetYear: 2026, actualYears: [] }, 2024)).toEqual({
      from: 2020,
      to: 2024,
    });
  });

  it('opens ten years before the target without a baseline, or before the current year without either', () => {
    expect(entryYearRange({ baselineYear: null, targetYear: 2027, actualYears: [] }, 2024)).toEqual({
      from: 2017,
      to: 2024,
    });
    expect(entryYearRange({ baselineYear: null, targetYear: null, actualYears: [] }, 2024)).toEqual({
      from: 2014,
      to: 2024,
    });
  });

  it('keeps years already entered open, even outside the range', () => {
    expect(entryYearRange({ baselineYear: 2020, targetYear: 2026, actualYears: [2018, 2027] }, 2024)).toEqual(
      {
        from: 2018,
        to: 2027,
      },
    );
  });

  it('never runs backwards when the baseline lies ahead', () => {
    expect(entryYearRange({ baselineYear: 2030, targetYear: 2035, actualYears: [] }, 2024)).toEqual({
      from: 2024,
      to: 2024,
    });
  });
});

describe('checkEntry', () => {
  const range = { from: 2020, to: 2024 };
  const entry = { kpiId: 1, fiscalYear: 2023, value: 10, status: 'final' as const };
  const fieldOf = (run: () => void) => {
    try {
      run();
      return null;
    } catch (error) {
      return error instanceof ActualEntryError ? error.field : 'other';
    }
  };

  it('accepts a value, a deletion and a note at the limit', () => {
    expect(fieldOf(() => checkEntry(entry, range))).toBeNull();
    expect(fieldOf(() => checkEntry({ ...entry, value: null }, range))).toBeNull();
    expect(fieldOf(() => checkEntry({ ...entry, value: -1e15, note: 'あ'.repeat(500) }, range))).toBeNull();
  });

  it('names the field in error', () => {
    expect(fieldOf(() => checkEntry({ ...entry, fiscalYear: 2025 }, range))).toBe('fiscalYear');
    expect(fieldOf(() => checkEntry({ ...entry, fiscalYear: 2019 }, range))).toBe('fiscalYear');
    expect(fieldOf(() => checkEntry({ ...entry, value: Number.NaN }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, value: Number.POSITIVE_INFINITY }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, value: 2e15 }, range))).toBe('value');
    expect(fieldOf(() => checkEntry({ ...entry, note: 'あ'.repeat(501) }, range))).toBe('note');
  });

  it('says in Japanese which years can be entered', () => {
    expect(() => checkEntry({ ...entry, fiscalYear: 2025 }, range)).toThrow(
      '年度（fiscalYear）: 令和7年度の実績はこの指標には入力できません（入力できる年度: 令和2年度〜令和6年度）',
    );
  });
});

describe.each(testBackends())('saveAdministrativeStatus on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let kpiId: number;
  beforeEach(async () => {
    handle = await open();
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 't',
    });
    const [set] = await handle.db.select().from(kpiSet).where(eq(kpiSet.name, '基本計画'));
    const [node] = await handle.db.select().from(planNode).where(eq(planNode.path, '1.1.1'));
    const ctx = { municipalityId: 1, actor: 'test' };
    const row = await insertLogged(
      handle.db,
      kpi,
      'kpi',
      {
        municipalityId: 1,
        kpiSetId: set?.id ?? -1,
        nodeId: node?.id ?? -1,
        code: 'K1',
        name: '観光客数',
        unit: '人',
        direction: 'increase',
        targetValue: 200,
        targetYear: 2026,
        targetComparator: 'gte',
      },
      ctx,
    );
    await insertLogged(
      handle.db,
      kpiActual,
      'kpi_actual',
      { municipalityId: 1, kpiId: row.id, fiscalYear: 2023, value: 210, status: 'final' },
      ctx,
    );
    kpiId = row.id;
  });
  afterEach(async () => {
    await handle.close();
  });

  const logOf = () =>
    handle.db
      .select()
      .from(changeLog)
      .where(and(eq(changeLog.tableName, 'kpi'), eq(changeLog.rowId, kpiId)))
      .orderBy(asc(changeLog.id));

  it('sets the 評価区分 (the grade follows, the rate stays), logs it, and clears it again', async () => {
    const context = { actor: '企画政策課 山田', evaluationYear: 2023 };
    const set = await saveAdministrativeStatus(
      handle.db,
      { kpiId, status: 'suspended', version: 1 },
      context,
    );
    expect(set.action).toBe('updated');
    expect(set.kpi.kpi).toMatchObject({ administrativeStatus: 'suspended', version: 2 });
    expect(set.kpi.evaluation).toMatchObject({
      grade: '休止・廃止',
      kind: 'administrative',
      rate: 105,
      achieved: false,
    });
    const [, update] = await logOf();
    expect(update).toMatchObject({
      action: 'update',
      actor: '企画政策課 山田',
      before: { administrativeStatus: null, version: 1 },
      after: { administrativeStatus: 'suspended', version: 2 },
    });

    // The same again writes nothing.
    const same = await saveAdministrativeStatus(
      handle.db,
      { kpiId, status: 'suspended', version: 2 },
      context,
    );
    expect(same.action).toBe('unchanged');
    expect(await logOf()).toHaveLength(2);

    const cleared = await saveAdministrativeStatus(handle.db, { kpiId, status: null, version: 2 }, context);
    expect(cleared.action).toBe('updated');
    expect(cleared.kpi.evaluation).toMatchObject({ grade: 'A', achieved: true });
    expect((await logOf()).at(-1)).toMatchObject({
      before: { administrativeStatus: 'suspended' },
      after: { administrativeStatus: null, version: 3 },
    });
  });

  it('refuses a stale version (someone changed the KPI first) and an unknown KPI, writing nothing', async () => {
    const context = { actor: 'test', evaluationYear: 2023 };
    const before = await logOf();
    for (const version of [0, 2]) {
      await expect(
        saveAdministrativeStatus(handle.db, { kpiId, status: 'not-started', version }, context),
      ).rejects.toBeInstanceOf(VersionConflictError);
    }
    // Even a save that would change nothing hears of the newer version.
    await expect(
      saveAdministrativeStatus(handle.db, { kpiId, status: null, version: 5 }, context),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      saveAdministrativeStatus(handle.db, { kpiId: 9999, status: 'not-started' }, context),
    ).rejects.toBeInstanceOf(KpiNotFoundError);
    expect(await logOf()).toEqual(before);
    const [row] = await handle.db.select().from(kpi).where(eq(kpi.id, kpiId));
    expect(row).toMatchObject({ administrativeStatus: null, version: 1 });

    // Two forms that read version 1 save at once: one is saved, the other is told.
    const results = await Promise.allSettled(
      (['not-started', 'hard-to-evaluate'] as const).map((status) =>
        saveAdministrativeStatus(handle.db, { kpiId, status, version: 1 }, context),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(VersionConflictError);
  });
});
