/**
 * @module KPI actual entry (実績値の入力)
 * Writes one KPI's actual for one fiscal year from the entry form: create, correct or delete it; and
 * sets or clears a KPI's 評価区分 (未着手, 休止・廃止, 評価困難). Each in one transaction through the
 * history helpers (so every change is in change_log with its actor), with optimistic locking on the
 * row's version. Answers with the KPI re-evaluated.
 */

import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged, VersionConflictError } from '../../db/history.ts';
import { deleteLogged } from '../../db/kpi-write.ts';
import { kpi, kpiActual, kpiSet } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import type { ActualStatus, AdministrativeStatus } from '../../domain/kpi/types.ts';
import { NotFoundError } from '../../errors.ts';
import { UserError } from '../../services/municipality.ts';
import type { Scope } from '../auth/session.ts';
import { beforeYearWrite } from '../cycle/year-lock.ts';
import { departmentOfKpi } from '../users/service.ts';
/** Longest 備考 accepted, in characters. */
import { NOTE_MAX_LENGTH } from './contract.ts';
import { type KpiDetailView, loadKpiDetail } from './kpi-view.ts';

export { NOTE_MAX_LENGTH };
/** Largest magnitude accepted: integers stay exact in a double up to 2^53 ≈ 9.0e15. */
export const VALUE_MAX_MAGNITUDE = 1e15;
/** How far before the target year entry opens when a KPI has no baseline year. */
const YEARS_BEFORE_TARGET = 10;

export interface ActualEntry {
  kpiId: number;
  fiscalYear: number;
  /** The value; null deletes the year's actual. */
  value: number | null;
  status: ActualStatus;
  /** 備考; empty or absent means none (the entry replaces the whole actual). */
  note?: string | null;
  /**
   * The actual's version as the form read it, 0 when it read none for that year. A different stored
   * version means someone else saved in between: {@link VersionConflictError}. Absent: no check.
   */
  version?: number;
}

export interface EntryContext {
  actor: string;
  /** The fiscal year today is in (the caller reads the clock): no actual can be entered after it. */
  currentFiscalYear: number;
  /** The fiscal year to evaluate the KPI for in the answer; default the entry's year. */
  evaluationYear?: number;
  /** Who writes: a 担当課 user's write moves or is refused by its part of the year's cycle. */
  scope?: Scope;
}

export interface EntryResult {
  action: 'created' | 'updated' | 'deleted' | 'unchanged';
  kpi: KpiDetailView;
}

/** No KPI with that id. */
export class KpiNotFoundError extends NotFoundError {
  override name = 'KpiNotFoundError';
  constructor(readonly kpiId: number) {
    super(`指標（ID ${kpiId}）はありません`);
  }
}

/** An entry the KPI refuses; `field` names the input (fiscalYear, value, note). */
export class ActualEntryError extends UserError {
  override name = 'ActualEntryError';
  constructor(
    readonly field: 'fiscalYear' | 'value' | 'note',
    message: string,
  ) {
    super(message);
  }
}

/** What the entry range depends on: the baseline and target years and the years already entered. */
export interface EntryYearBasis {
  baselineYear: number | null;
  targetYear: number | null;
  actualYears: readonly number[];
}

/**
 * The fiscal years whose actual can be entered: from the baseline year (without one, ten years before
 * the target year) up to the current fiscal year — there are no results of a year that has not begun.
 * Years that already have an actual stay open so they can be corrected or deleted.
 * @example entryYearRange({ baselineYear: 2020, targetYear: 2026, actualYears: [] }, 2024) // { from: 2020, to: 2024 }
 */
export function entryYearRange(
  basis: EntryYearBasis,
  currentFiscalYear: number,
): { from: number; to: number } {
  const start = basis.baselineYear ?? (basis.targetYear ?? currentFiscalYear) - YEARS_BEFORE_TARGET;
  const to = Math.max(currentFiscalYear, ...basis.actualYears);
  const from = Math.min(start, to, ...basis.actualYears);
  return { from, to };
}

/**
 * Checks an entry against the KPI; throws {@link ActualEntryError} for the first field in error.
 * Types (a number, a known status) are the caller's boundary check; this checks what depends on the KPI.
 */
export function checkEntry(entry: ActualEntry, range: { from: number; to: number }): void {
  if (!Number.isInteger(entry.fiscalYear) || entry.fiscalYear < range.from || entry.fiscalYear > range.to) {
    const allowed = `${formatFiscalYear(range.from)}〜${formatFiscalYear(range.to)}`;
    throw new ActualEntryError(
      'fiscalYear',
      `年度（fiscalYear）: ${Number.isInteger(entry.fiscalYear) ? formatFiscalYear(entry.fiscalYear) : entry.fiscalYear}の実績はこの指標には入力できません（入力できる年度: ${allowed}）`,
    );
  }
  if (entry.value !== null) {
    if (!Number.isFinite(entry.value))
      throw new ActualEntryError('value', '値（value）: 数値を入力してください');
    if (Math.abs(entry.value) > VALUE_MAX_MAGNITUDE) {
      throw new ActualEntryError('value', '値（value）: 桁数が多すぎます（絶対値 1,000兆 以下）');
    }
  }
  if (entry.note && entry.note.length > NOTE_MAX_LENGTH) {
    throw new ActualEntryError('note', `備考（note）: ${NOTE_MAX_LENGTH}文字以内で入力してください`);
  }
}

/**
 * The year lock for a KPI: its set's plan (the cycle follows the linked 総合計画 for a 総合戦略), the
 * year, and its effective department (its own, else its node's or the nearest ancestor's).
 */
async function beforeKpiYearWrite(
  tx: Database,
  row: typeof kpi.$inferSelect,
  fiscalYear: number,
  scope: Scope | undefined,
): Promise<void> {
  const [set] = await tx.select({ planId: kpiSet.planId }).from(kpiSet).where(eq(kpiSet.id, row.kpiSetId));
  if (!set) return;
  const departmentId = (await departmentOfKpi(tx, row.id)) ?? null;
  await beforeYearWrite(tx, { planId: set.planId, fiscalYear, departmentId }, scope);
}

/** A unique-key violation (PostgreSQL 23505), whether drizzle wraps the driver's error or not. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    if (typeof e === 'object' && 'code' in e && (e as { code: unknown }).code === '23505') return true;
    e = typeof e === 'object' && 'cause' in e ? (e as { cause: unknown }).cause : undefined;
  }
  return false;
}

/**
 * Creates, corrects or deletes (value null) the actual of one KPI for one fiscal year. One transaction:
 * on any error nothing is written. Throws {@link KpiNotFoundError}, {@link ActualEntryError} or
 * {@link VersionConflictError}.
 * @example await saveActual(db, { kpiId: 12, fiscalYear: 2023, value: 1318000, status: 'final', version: 0 }, { actor: '企画政策課 山田', currentFiscalYear: 2024 });
 */
export async function saveActual(
  db: Database,
  entry: ActualEntry,
  context: EntryContext,
): Promise<EntryResult> {
  const note = entry.note?.trim() ? entry.note.trim() : null;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(kpi).where(eq(kpi.id, entry.kpiId));
      if (!row) throw new KpiNotFoundError(entry.kpiId);
      const actualRows = await tx.select().from(kpiActual).where(eq(kpiActual.kpiId, entry.kpiId));
      checkEntry(
        { ...entry, note },
        entryYearRange(
          {
            baselineYear: row.baselineValue === null ? null : row.baselineYear,
            targetYear: row.targetValue === null ? null : row.targetYear,
            actualYears: actualRows.map((a) => a.fiscalYear),
          },
          context.currentFiscalYear,
        ),
      );
      await beforeKpiYearWrite(tx, row, entry.fiscalYear, context.scope);
      const before = actualRows.find((a) => a.fiscalYear === entry.fiscalYear);
      const ctx = { municipalityId: row.municipalityId, actor: context.actor };
      // Checked here as well as in the UPDATE: updateLogged skips the write (and so the check) when
      // nothing differs, and a stale form must hear about the change even then.
      if (entry.version !== undefined && (before?.version ?? 0) !== entry.version) {
        throw new VersionConflictError('kpi_actual', before?.id ?? 0, entry.version);
      }

      let action: EntryResult['action'];
      if (entry.value === null) {
        if (before) await deleteLogged(tx, kpiActual, 'kpi_actual', before, ctx);
        action = before ? 'deleted' : 'unchanged';
      } else if (before) {
        const after = await updateLogged(
          tx,
          kpiActual,
          'kpi_actual',
          before,
          { value: entry.value, status: entry.status, note },
          { ...ctx, expectedVersion: before.version },
        );
        action = after.version === before.version ? 'unchanged' : 'updated';
      } else {
        await insertLogged(
          tx,
          kpiActual,
          'kpi_actual',
          {
            municipalityId: row.municipalityId,
            kpiId: row.id,
            fiscalYear: entry.fiscalYear,
            value: entry.value,
            status: entry.status,
            note,
          },
          ctx,
        );
        action = 'created';
      }
      const detail = await loadKpiDetail(tx, {
        kpiId: row.id,
        fiscalYear: context.evaluationYear ?? entry.fiscalYear,
      });
      if (!detail) throw new KpiNotFoundError(entry.kpiId);
      return { action, kpi: detail };
    });
  } catch (error) {
    // Two first entries of the same year at once: the second INSERT meets the first one's row.
    if (isUniqueViolation(error)) throw new VersionConflictError('kpi_actual', 0, entry.version ?? 0);
    throw error;
  }
}

export interface AdministrativeStatusEntry {
  kpiId: number;
  /** 未着手, 休止・廃止 or 評価困難; null clears it (the KPI is evaluated by its values again). */
  status: AdministrativeStatus | null;
  /**
   * The KPI's version as the form read it. A different stored version means someone else changed the
   * KPI in between (an import, another form): {@link VersionConflictError}. Absent: no check.
   */
  version?: number;
}

export interface AdministrativeStatusContext {
  actor: string;
  /** The fiscal year to evaluate the KPI for in the answer, and whose cycle the status belongs to. */
  evaluationYear: number;
  /** Who writes: a 担当課 user's write moves or is refused by its part of the year's cycle. */
  scope?: Scope;
}

export interface AdministrativeStatusResult {
  action: 'updated' | 'unchanged';
  kpi: KpiDetailView;
}

/**
 * Sets (or, with null, clears) a KPI's 評価区分, which overrides its computed grade. One transaction,
 * logged in change_log as an update of the KPI. Throws {@link KpiNotFoundError} or
 * {@link VersionConflictError}; on any error nothing is written.
 * @example await saveAdministrativeStatus(db, { kpiId: 12, status: 'suspended', version: 3 }, { actor: '企画政策課 山田', evaluationYear: 2023 });
 */
export async function saveAdministrativeStatus(
  db: Database,
  entry: AdministrativeStatusEntry,
  context: AdministrativeStatusContext,
): Promise<AdministrativeStatusResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(kpi).where(eq(kpi.id, entry.kpiId));
    if (!row) throw new KpiNotFoundError(entry.kpiId);
    // Checked here as well as in the UPDATE: updateLogged skips the write when nothing differs.
    if (entry.version !== undefined && row.version !== entry.version) {
      throw new VersionConflictError('kpi', row.id, entry.version);
    }
    await beforeKpiYearWrite(tx, row, context.evaluationYear, context.scope);
    const after = await updateLogged(
      tx,
      kpi,
      'kpi',
      row,
      { administrativeStatus: entry.status },
      { municipalityId: row.municipalityId, actor: context.actor, expectedVersion: row.version },
    );
    const detail = await loadKpiDetail(tx, { kpiId: row.id, fiscalYear: context.evaluationYear });
    if (!detail) throw new KpiNotFoundError(entry.kpiId);
    return { action: after.version === row.version ? 'unchanged' : 'updated', kpi: detail };
  });
}
