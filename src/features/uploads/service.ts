/**
 * @module Uploads: preview, then apply
 * The three uploads of the upload screen — KPI sheet (xlsx/CSV, also a department's own sheet),
 * 総合戦略 structure table, progress report Markdown — run through the same import functions as the
 * CLI. A preview runs the import in a savepoint, reads what it wrote from change_log, and rolls it
 * back: so it shows exactly what applying would do and writes nothing. Applying runs the same
 * import for real, in one transaction; the client sends the file again and it is validated again.
 * A file with any refused cell is refused whole (nothing half-applied), every cell listed.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { VersionConflictError } from '../../db/history.ts';
import { ImportConflictError } from '../../db/report-store.ts';
import { changeLog, department, kpi, plan, planNode } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { ForbiddenError, HoshinError, NotFoundError } from '../../errors.ts';
import { KpiTableError } from '../../formats/kpi-table/index.ts';
import { ReportParseError } from '../../formats/seed-markdown/index.ts';
import { actorOf, type Scope } from '../auth/session.ts';
import { PART_STATE_LABELS, type PartState } from '../cycle/contract.ts';
import { importKpiTable } from '../kpi-table/import.ts';
import { importProgressReport } from '../progress/progress-report.ts';
import { importStrategyTable } from '../strategy/import.ts';
import type { ChangedRow, RefusedCell, UploadKind, UploadOutcome } from './contract.ts';

/** One upload as the route received it. */
export interface UploadRequest {
  kind: UploadKind;
  fileName: string;
  bytes: Uint8Array;
  /** KPI sheet: the plan (default: the municipality's only plan), --set, --create-nodes, --replace. */
  planId?: number;
  set?: string;
  createNodes?: boolean;
  replace?: boolean;
  /** Strategy table: its name, the levels of a new one, the 総合計画 it links to. */
  strategyName?: string;
  levels?: string[];
  linkedPlanName?: string;
}

/** Rows listed per outcome at most; the counts are always complete. */
const LIST_LIMIT = 300;

class DryRun extends Error {}

/** What the upload would change; nothing is written. */
export function previewUpload(db: Database, scope: Scope, request: UploadRequest): Promise<UploadOutcome> {
  return attempt(db, scope, request, false);
}

/** Applies the upload in one transaction, or refuses it whole (`applied: false`, every cell listed). */
export function applyUpload(db: Database, scope: Scope, request: UploadRequest): Promise<UploadOutcome> {
  return attempt(db, scope, request, true);
}

async function attempt(
  db: Database,
  scope: Scope,
  request: UploadRequest,
  commit: boolean,
): Promise<UploadOutcome> {
  const actor = actorOf(scope);
  const options = await importOptions(db, scope, request);
  let outcome: UploadOutcome | undefined;
  try {
    await db.transaction(async (tx) => {
      const floor = await ownIdFloor(tx);
      const result = await runImport(tx, scope, request, options);
      const entries = await tx
        .select()
        .from(changeLog)
        .where(
          and(
            gt(changeLog.id, floor),
            eq(changeLog.actor, actor),
            // Only this transaction's rows: now() is the transaction's start, the default of changed_at.
            sql`${changeLog.changedAt} = transaction_timestamp()`,
          ),
        )
        .orderBy(changeLog.id);
      outcome = await describe(tx, request, entries, result, commit, options.department !== undefined);
      if (!commit) throw new DryRun();
    });
  } catch (error) {
    if (error instanceof DryRun && outcome) return outcome;
    const refused = refusalsOf(error);
    if (!refused) throw error;
    return refusedOutcome(request, refused, commit, options.department !== undefined);
  }
  if (!outcome) throw new Error('upload produced no outcome');
  return outcome;
}

/**
 * A change_log id below every id this transaction's writes will get. Not `max(id)` of the rows in
 * sight: on PostgreSQL ids are handed out per session (a sequence with CACHE > 1 gives each session
 * its own block, and another session's commit can show a higher id than the ones this session is
 * still to use), so counting rows above the highest visible id could miss every row of the upload
 * and report 「変更はありません」 for a file that changes data. The session's own next value is a
 * bound that holds: a session's values only grow. (It costs one id; the log's ids have gaps anyway.)
 */
async function ownIdFloor(tx: Database): Promise<number> {
  const result = await tx.execute(
    sql`SELECT nextval(pg_get_serial_sequence('change_log', 'id'))::text AS floor`,
  );
  const row = (result as unknown as { rows: Array<{ floor: string }> }).rows[0];
  return Number(row?.floor ?? 0);
}

interface ResolvedOptions {
  planName?: string;
  department?: { id: number; name: string };
}

/** The plan and, for a department editor, its department; unknown ids answer 404 (another city's too). */
async function importOptions(db: Database, scope: Scope, request: UploadRequest): Promise<ResolvedOptions> {
  const out: ResolvedOptions = {};
  if (request.kind !== 'kpi-table') return out;
  if (request.planId !== undefined) {
    const [row] = await db.select({ name: plan.name }).from(plan).where(eq(plan.id, request.planId));
    if (!row) throw new NotFoundError(`計画（ID ${request.planId}）はありません`);
    out.planName = row.name;
  }
  if (scope.role === 'department') {
    if (scope.departmentId === null) throw new ForbiddenError('所属の課が決まっていないため取り込めません');
    const [own] = await db.select().from(department).where(eq(department.id, scope.departmentId));
    if (!own) throw new ForbiddenError('所属の課が見つかりません');
    out.department = { id: own.id, name: own.name };
  } else if (scope.role !== 'planning') {
    throw new ForbiddenError('この役割では取り込めません');
  }
  return out;
}

interface ImportResult {
  /** Rows of the file that change nothing (as near as each import can tell). */
  unchanged: (touched: TouchedRows) => number;
  warnings: string[];
}

interface TouchedRows {
  kpis: Set<number>;
  nodes: Set<number>;
}

async function runImport(
  tx: Database,
  scope: Scope,
  request: UploadRequest,
  options: ResolvedOptions,
): Promise<ImportResult> {
  const actor = actorOf(scope);
  if (request.kind === 'kpi-table') {
    const summary = await importKpiTable(tx, request.bytes, {
      fileName: request.fileName,
      actor,
      localGovCode: scope.localGovCode,
      ...(options.planName ? { planName: options.planName } : {}),
      ...(request.set ? { set: request.set } : {}),
      // A department neither adds nodes nor deletes actuals: those are the planning division's.
      createNodes: options.department === undefined && request.createNodes === true,
      replace: options.department === undefined && request.replace === true,
      ...(options.department ? { department: options.department } : {}),
      scope,
    });
    return {
      unchanged: (touched) => Math.max(0, summary.rows - touched.kpis.size) + summary.recordsUnchanged,
      warnings: summary.warnings,
    };
  }
  if (request.kind === 'strategy-table') {
    const summary = await importStrategyTable(tx, request.bytes, {
      fileName: request.fileName,
      actor,
      strategyName: request.strategyName ?? '',
      localGovCode: scope.localGovCode,
      ...(request.levels ? { levels: request.levels } : {}),
      ...(request.linkedPlanName ? { planName: request.linkedPlanName } : {}),
    });
    return { unchanged: (touched) => Math.max(0, summary.rows - touched.nodes.size), warnings: [] };
  }
  const markdown = new TextDecoder('utf-8', { fatal: false }).decode(request.bytes);
  const summary = await importProgressReport(tx, markdown, { localGovCode: scope.localGovCode, actor });
  return {
    unchanged: (touched) =>
      Math.max(0, summary.goals + summary.policies + summary.measures - touched.nodes.size),
    warnings: [],
  };
}

/** The refusals an import error stands for (every bad cell or line); null for an error that is not one. */
function refusalsOf(error: unknown): RefusedCell[] | null {
  if (error instanceof KpiTableError) {
    return error.issues.map((i) => ({
      where: i.cell ? `${i.sheet}!${i.cell}` : i.sheet,
      message: i.message,
    }));
  }
  if (error instanceof ReportParseError) {
    return error.issues.map((i) => ({ where: `${i.line}行目`, message: i.message }));
  }
  if (error instanceof ImportConflictError) return error.problems.map((message) => ({ where: '', message }));
  if (error instanceof VersionConflictError) return [{ where: '', message: error.message }];
  if (error instanceof HoshinError && !(error instanceof NotFoundError)) {
    return [{ where: '', message: error.message }];
  }
  return null;
}

const DEPARTMENT_RULE =
  '担当課のアップロードでは自課の指標・項目の行だけを取り込みます。他の課の行が1行でもあるとファイル全体を取り込みません（一部だけ反映されることはありません）。';

function refusedOutcome(
  request: UploadRequest,
  refused: RefusedCell[],
  commit: boolean,
  department: boolean,
): UploadOutcome {
  return {
    kind: request.kind,
    fileName: request.fileName,
    applied: false,
    counts: { added: 0, changed: 0, deleted: 0, unchanged: 0, refused: refused.length },
    added: [],
    changed: [],
    deleted: [],
    omitted: 0,
    refused,
    warnings: [],
    message:
      `取り込めないセル・行が ${refused.length} 件あります。${commit ? 'ファイル全体を取り込みませんでした' : '直してからもう一度確認してください'}（データベースは変更していません）。` +
      (department ? DEPARTMENT_RULE : ''),
  };
}

type LogEntry = typeof changeLog.$inferSelect;
type Json = Record<string, unknown>;

const TABLE_LABELS: Record<string, string> = {
  kpi: '指標',
  kpi_actual: '実績値',
  kpi_set: '指標の区分',
  plan: '計画',
  plan_node: '施策体系の項目',
  plan_node_link: '関連する施策',
  plan_period: '計画期間',
  progress_record: '進捗状況',
  report: '報告書',
  department: '担当課',
};

/**
 * The cycle's own bookkeeping, written as a side effect of an upload (a part moves to 入力中, a
 * notice is sent): not data of the file, so neither listed nor counted as a change.
 */
const BOOKKEEPING_TABLES = new Set(['department_submission', 'notice', 'fiscal_cycle']);

/** 「提出状況: 未着手 → 入力中」 for the parts an upload moves (one line per distinct move). */
function submissionLines(entries: LogEntry[]): string[] {
  const moves = new Map<string, string>();
  for (const e of entries) {
    if (e.tableName !== 'department_submission') continue;
    const before = (e.before ?? {}) as Json;
    const after = (e.after ?? {}) as Json;
    if (before.state === after.state) continue;
    const label = (state: unknown) => PART_STATE_LABELS[state as PartState] ?? text(state);
    moves.set(String(e.rowId), `${label(before.state)} → ${label(after.state)}`);
  }
  return [...new Set(moves.values())].map((move) => `提出状況: ${move}`);
}

const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  title: '名称',
  code: 'コード',
  value: '値',
  status: '見込・確定',
  note: '備考',
  unit: '単位',
  direction: '方向',
  baselineValue: '基準値',
  baselineYear: '基準年度',
  targetValue: '目標値',
  targetYear: '目標年度',
  targetComparator: '比較',
  annualTargets: '年度別目標',
  administrativeStatus: '評価区分',
  department: '担当課',
  departmentId: '担当課（ID）',
  definition: '定義',
  dataSource: '出典',
  kind: '指標の種類',
  cumulative: '累計',
  illustrative: '架空のデモ値',
  position: '並び順',
  nodeId: '項目（ID）',
  results: '主な取組内容／実績',
  directions: '主な取組／今後の方向性',
  fiscalYear: '年度',
  path: '番号',
  number: '番号',
  retired: '廃止',
  date: '日付',
  subtitle: '副題',
  councilMeeting: '審議会',
};

const HIDDEN_FIELDS = new Set([
  'id',
  'municipalityId',
  'version',
  'kpiId',
  'kpiSetId',
  'planId',
  'parentId',
  'level',
]);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('／');
  if (typeof value === 'boolean') return value ? '○' : '×';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function fieldsOf(before: Json | null, after: Json | null) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const fields = [];
  for (const key of keys) {
    if (HIDDEN_FIELDS.has(key)) continue;
    const b = text(before?.[key]);
    const a = text(after?.[key]);
    if (b === a) continue;
    fields.push({ field: FIELD_LABELS[key] ?? key, before: b, after: a });
  }
  return fields;
}

async function describe(
  tx: Database,
  request: UploadRequest,
  logged: LogEntry[],
  result: ImportResult,
  commit: boolean,
  department: boolean,
): Promise<UploadOutcome> {
  const bookkeeping = submissionLines(logged);
  const entries = logged.filter((e) => !BOOKKEEPING_TABLES.has(e.tableName));
  const row = (e: LogEntry) => (e.after ?? e.before ?? {}) as Json;
  const kpiIds = new Set<number>();
  const nodeIds = new Set<number>();
  for (const e of entries) {
    const r = row(e);
    if (e.tableName === 'kpi') kpiIds.add(e.rowId);
    if (e.tableName === 'kpi_actual' && typeof r.kpiId === 'number') kpiIds.add(r.kpiId);
    if (e.tableName === 'plan_node') nodeIds.add(e.rowId);
    if (e.tableName === 'progress_record' && typeof r.nodeId === 'number') nodeIds.add(r.nodeId);
    if (e.tableName === 'plan_node_link' && typeof r.fromNodeId === 'number') nodeIds.add(r.fromNodeId);
  }
  const kpiNames = new Map<number, string>();
  if (kpiIds.size) {
    for (const k of await tx
      .select({ id: kpi.id, name: kpi.name })
      .from(kpi)
      .where(inArray(kpi.id, [...kpiIds]))) {
      kpiNames.set(k.id, k.name);
    }
  }
  const nodeLabels = new Map<number, string>();
  const linkNodes = new Set<number>(nodeIds);
  for (const e of entries) {
    const r = row(e);
    if (e.tableName === 'plan_node_link' && typeof r.toNodeId === 'number') linkNodes.add(r.toNodeId);
  }
  if (linkNodes.size) {
    const nodes = await tx
      .select({ id: planNode.id, path: planNode.path, title: planNode.title })
      .from(planNode)
      .where(inArray(planNode.id, [...linkNodes]));
    for (const n of nodes) nodeLabels.set(n.id, `${n.path} ${n.title}`);
  }
  const labelOf = (e: LogEntry): string => {
    const r = row(e);
    const year = typeof r.fiscalYear === 'number' ? ` ${formatFiscalYear(r.fiscalYear)}` : '';
    switch (e.tableName) {
      case 'kpi_actual':
        return `${kpiNames.get(Number(r.kpiId)) ?? `指標 ${r.kpiId}`}${year}`;
      case 'progress_record':
        return `${nodeLabels.get(Number(r.nodeId)) ?? `項目 ${r.nodeId}`}${year}`;
      case 'plan_node':
        return `${text(r.path)} ${text(r.title)}`;
      case 'plan_node_link':
        return `${nodeLabels.get(Number(r.fromNodeId)) ?? r.fromNodeId} → ${nodeLabels.get(Number(r.toNodeId)) ?? r.toNodeId}`;
      case 'report':
        return `${text(r.title)}${year}`;
      default:
        return text(r.name ?? r.title ?? `#${e.rowId}`);
    }
  };
  const lists = { insert: [] as ChangedRow[], update: [] as ChangedRow[], delete: [] as ChangedRow[] };
  let omitted = 0;
  let listed = 0;
  for (const e of entries) {
    if (listed >= LIST_LIMIT) {
      omitted++;
      continue;
    }
    listed++;
    lists[e.action].push({
      what: TABLE_LABELS[e.tableName] ?? e.tableName,
      label: labelOf(e),
      fields: fieldsOf(e.before as Json | null, e.after as Json | null),
    });
  }
  const count = (action: LogEntry['action']) => entries.filter((e) => e.action === action).length;
  const counts = {
    added: count('insert'),
    changed: count('update'),
    deleted: count('delete'),
    unchanged: result.unchanged({ kpis: kpiIds, nodes: nodeIds }),
    refused: 0,
  };
  const tally = `追加 ${counts.added} 件・変更 ${counts.changed} 件・削除 ${counts.deleted} 件・変更なし ${counts.unchanged} 件`;
  // One line for the part's state, after the sentence (not a change of the file's data).
  const status = bookkeeping.length > 0 ? `${bookkeeping.join('、')}。` : '';
  return {
    kind: request.kind,
    fileName: request.fileName,
    applied: commit,
    counts,
    added: lists.insert,
    changed: lists.update,
    deleted: lists.delete,
    omitted,
    refused: [],
    warnings: result.warnings,
    message: commit
      ? `取り込みました（${tally}）。${status}`
      : counts.added + counts.changed + counts.deleted === 0
        ? `このファイルを取り込んでも変更はありません（${tally}）。${status}`
        : `取り込むと次のように変わります（${tally}）。まだ反映していません。「取り込む」で反映します。${status}${department ? DEPARTMENT_RULE : ''}`,
  };
}
