/**
 * @module Progress report import and export
 * The use cases behind `hoshin import report` / `hoshin export report` and the HTTP routes:
 * parse → save in one transaction; load → render.
 */
import type { Database } from '../db/client.ts';
import { type ImportSummary, loadProgressReport, saveProgressReport } from '../db/report-store.ts';
import { parseProgressReport, renderProgressReport } from '../formats/seed-markdown/index.ts';
import { resolveMunicipality, UserError } from './municipality.ts';

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
      { localGovCode: options.localGovCode, name: options.municipalityName },
      options.actor,
    );
    return saveProgressReport(tx, doc, { municipalityId: owner.id, actor: options.actor });
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
  if (!doc) throw new UserError(`${options.fiscalYear}年度（実績）の進捗報告書はありません`);
  return renderProgressReport(doc);
}
