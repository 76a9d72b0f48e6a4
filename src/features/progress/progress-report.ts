/**
 * @module Progress report import and export
 * The use cases behind `hoshin import report` / `hoshin export report` and the HTTP routes:
 * parse → save in one transaction; load → render.
 */

import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type ImportSummary, loadProgressReport, saveProgressReport } from '../../db/report-store.ts';
import { municipality, plan } from '../../db/schema.ts';
import type { ProgressReportDocument } from '../../domain/plan/types.ts';
import { NotFoundError } from '../../errors.ts';
import { parseProgressReport, renderProgressReport } from '../../formats/seed-markdown/index.ts';
import { resolveMunicipality, UserError } from '../../services/municipality.ts';
import { beforeYearWrite } from '../cycle/year-lock.ts';

export interface ImportOptions {
  localGovCode?: string;
  municipalityName?: string;
  actor: string;
}

/**
 * Imports a progress report from its Markdown text. Throws ReportParseError (line-numbered) or
 * ImportConflictError; the database is unchanged then.
 */
export async function importProgressReport(
  db: Database,
  markdown: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const doc = parseProgressReport(markdown);
  return db.transaction(async (tx) => {
    const owner = await resolveMunicipality(
      tx,
      {
        localGovCode: options.localGovCode ?? (await municipalityNamedBy(tx, doc))?.localGovCode,
        name: options.municipalityName,
      },
      options.actor,
    );
    await assertDocumentIsOf(tx, doc, owner);
    const summary = await saveProgressReport(tx, doc, { municipalityId: owner.id, actor: options.actor });
    // A closed (確定) year refuses the report's texts; a report that changes nothing is accepted.
    if (summary.created + summary.updated > 0) {
      await beforeYearWrite(tx, {
        planId: summary.planId,
        fiscalYear: summary.fiscalYear,
        departmentId: null,
      });
    }
    return summary;
  });
}

export type ReportFormat = 'md';

export interface ExportOptions {
  fiscalYear: number;
  format: ReportFormat;
  localGovCode?: string;
  planId?: number;
}

/** Builds the progress report of a fiscal year in the given format. */
export async function exportProgressReport(db: Database, options: ExportOptions): Promise<string> {
  const owner = await resolveMunicipality(db, { localGovCode: options.localGovCode }, 'export');
  const doc = await loadProgressReport(db, {
    municipalityId: owner.id,
    fiscalYear: options.fiscalYear,
    ...(options.planId ? { planId: options.planId } : {}),
  });
  if (!doc) throw new NotFoundError(`${options.fiscalYear}年度（実績）の進捗報告書はありません`);
  return renderProgressReport(doc);
}

/** What a report names itself by: its plan's name and its title (第二次美祢市総合計画 …). */
const namesOf = (doc: ProgressReportDocument) => `${doc.plan.name} ${doc.report.title}`;

/**
 * The registered municipality a report names in its plan name or title, when exactly one does; with
 * no municipality named on the command line this is the only way a report picks its city.
 */
async function municipalityNamedBy(db: Database, doc: ProgressReportDocument) {
  const all = await db.select().from(municipality);
  if (all.length === 0) return undefined;
  const named = all.filter((m) => namesOf(doc).includes(m.name));
  if (named.length === 1) return named[0];
  throw new UserError(
    named.length === 0
      ? `報告書の計画名「${doc.plan.name}」に登録済みの自治体名（${all.map((m) => m.name).join('・')}）がありません。どの自治体の報告書か --municipality（自治体コード）で指定してください`
      : `報告書の計画名「${doc.plan.name}」が複数の自治体名（${named.map((m) => m.name).join('・')}）に当てはまります。--municipality で指定してください`,
  );
}

/** Refuses a report that names another registered municipality rather than the one it goes to. */
async function assertDocumentIsOf(
  db: Database,
  doc: ProgressReportDocument,
  owner: typeof municipality.$inferSelect,
): Promise<void> {
  const text = namesOf(doc);
  if (text.includes(owner.name)) return;
  // A city that already has plans takes a report of one of them, or one that names the city.
  const plans = await db.select().from(plan).where(eq(plan.municipalityId, owner.id));
  if (plans.length > 0 && !plans.some((p) => p.name === doc.plan.name)) {
    throw new UserError(
      `報告書の計画「${doc.plan.name}」は${owner.name}（${owner.localGovCode}）の計画（${plans.map((p) => `「${p.name}」`).join('、')}）ではなく、${owner.name}の名前もありません。取り込み先の自治体を確かめてください`,
    );
  }
  const others = (await db.select().from(municipality)).filter(
    (m) => m.id !== owner.id && text.includes(m.name),
  );
  if (others.length > 0) {
    throw new UserError(
      `報告書「${doc.plan.name}」は${others.map((m) => m.name).join('・')}のもので、${owner.name}（${owner.localGovCode}）のものではありません。取り込み先の自治体を確かめてください`,
    );
  }
}
