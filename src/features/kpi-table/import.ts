/**
 * @module KPI table import and export
 * The use cases behind `hoshin import kpis`, `hoshin export kpis` and the template download: read a
 * workbook or CSV, match every row to its plan node (by number first, then by title) and KPI set,
 * and save it all in one transaction — or refuse it with every bad cell listed and nothing written.
 * Export loads and evaluates a plan's KPIs and writes them in the same layout, so it can be edited and
 * imported again.
 */

import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { ChangeContext } from '../../db/history.ts';
import { insertLogged } from '../../db/history.ts';
import {
  type KpiTableWrite,
  type KpiWrite,
  type KpiWriteCounts,
  saveKpiTable,
  selectRowsJson,
  storedActualsOf,
} from '../../db/kpi-write.ts';
import { department, kpi, kpiSet, plan, planNode, planPeriod } from '../../db/schema.ts';
import { fiscalYearOf, formatFiscalYear, japanDateOf, normalizeWidth } from '../../domain/calendar/index.ts';
import { effectiveDepartments } from '../../domain/plan/effective-department.ts';
import { circled, formatNumber, nodeLabel } from '../../domain/plan/numbering.ts';
import type { PlanLevel } from '../../domain/plan/types.ts';
import { HoshinError, NotFoundError } from '../../errors.ts';
import {
  type CellRef,
  columnNumber,
  type HierarchyLabel,
  KpiTableError,
  type KpiTableExport,
  type KpiTableIssue,
  type KpiTableRecord,
  type KpiTableRow,
  kpiTableToCsv,
  kpiTableToJson,
  kpiTableToXlsx,
  kpiTemplateXlsx,
  parseKpiTable,
  readTableSource,
  titleKey,
  titlesAgree,
} from '../../formats/kpi-table/index.ts';
import { PROGRESS_SHEET, parseProgressSheet } from '../../formats/kpi-table/progress-sheet.ts';
import { resolveMunicipality, UserError } from '../../services/municipality.ts';
import type { Scope } from '../auth/session.ts';
import { beforeYearWrite } from '../cycle/year-lock.ts';
import { evaluatePlanKpis } from '../kpi/kpi-evaluation.ts';
import { ensureDepartmentsByName } from '../users/service.ts';
import {
  DepartmentRows,
  departmentSheetContent,
  refusalCell,
  saveProgressSheet,
} from './department-sheet.ts';

export interface KpiImportOptions {
  /** Shown in messages (the sheet name of a CSV) and in the change log's actor. */
  fileName: string;
  actor: string;
  localGovCode?: string;
  municipalityName?: string;
  /** The plan to import into; default: the municipality's only plan. */
  planName?: string;
  /** Level names of a new plan (created with `planName`): 政策, 施策, … A `:circled` suffix numbers ①②③. */
  levels?: string[];
  /** KPI set (指標の区分) for rows whose 指標の区分 cell is blank. */
  set?: string;
  /** Create plan nodes the plan does not have (always on for a plan created by this import). */
  createNodes?: boolean;
  /** A blank actual cell deletes the stored actual of that year. */
  replace?: boolean;
  /** Mark every imported KPI as invented (架空のデモ値). */
  illustrative?: boolean;
  /**
   * A department editor's upload: only rows of this department's KPIs (and policies) are accepted;
   * any other row is refused with its cell, as are new KPIs and nodes.
   */
  department?: { id: number; name: string };
  /** The signed-in user of an upload: the cycle refuses a submitted part and marks a part 入力中. */
  scope?: Scope;
}

export interface KpiImportSummary extends KpiWriteCounts {
  planId: number;
  planName: string;
  planCreated: boolean;
  rows: number;
  format: 'xlsx' | 'csv';
  encoding?: string;
  /** Header cells that were not read, e.g. 「指標!X1 メモ」. */
  ignoredColumns: string[];
  /** Things the import did as asked but that may not be what was meant. */
  warnings: string[];
  /** The 進捗状況 sheet (a department's sheet): progress records written or left as they were. */
  recordsCreated: number;
  recordsUpdated: number;
  recordsUnchanged: number;
}

type PlanRow = typeof plan.$inferSelect;
type NodeRow = typeof planNode.$inferSelect;
type KpiRow = typeof kpi.$inferSelect;

/**
 * Imports a KPI table (xlsx or CSV in UTF-8 / Shift_JIS). One transaction: throws
 * {@link KpiTableError} listing every bad cell (or UserError for a wrong option) and writes nothing.
 * @example await importKpiTable(db, readFileSync('kpi.xlsx'), { fileName: 'kpi.xlsx', actor: 'import:kpi.xlsx' });
 */
export async function importKpiTable(
  db: Database,
  bytes: Uint8Array,
  options: KpiImportOptions,
): Promise<KpiImportSummary> {
  // The file is read while the transaction reads what is stored (on a PostgreSQL server both run at
  // once). A refusal of the file is awaited below, so it must not count as unhandled meanwhile.
  const reading = readTableSource(bytes, options.fileName);
  reading.catch(() => {});
  return db.transaction(async (tx) => {
    const owner = await resolveMunicipality(
      tx,
      { localGovCode: options.localGovCode, name: options.municipalityName },
      options.actor,
    );
    const ctx: ChangeContext = { municipalityId: owner.id, actor: options.actor };
    const { row: planRow, created } = await resolvePlan(tx, owner.id, options, ctx);
    const levelNames = planRow.levels.map((l) => l.name);
    const nodeRows = await selectRowsJson(tx, planNode, sql`plan_id = ${planRow.id}`);
    const setRows = await tx
      .select()
      .from(kpiSet)
      .where(eq(kpiSet.planId, planRow.id))
      .orderBy(asc(kpiSet.position));
    const storedKpis = await storedKpisOf(tx, setRows);
    const storedActuals = await storedActualsOf(
      tx,
      setRows.map((s) => s.id),
    );

    const source = await reading;
    const parsed = parseKpiTable(source, { levelNames });
    const issues: KpiTableIssue[] = [...parsed.issues];
    const issue = (ref: CellRef, message: string) => issues.push({ ...ref, message });

    const restricted = options.department;
    const nodes = new NodeIndex(
      nodeRows,
      planRow.levels,
      restricted === undefined && (created || options.createNodes === true),
    );
    const departmentOfNode = effectiveDepartments(nodeRows);
    const progressSheet = parseProgressSheet(source);
    if (progressSheet && parsed.rows.length + parsed.rejectedRows.length === 0) {
      // A department's sheet may hold only texts: its empty 指標 sheet is not a problem then.
      const empty = (i: KpiTableIssue) => i.cell === '' && i.message === '指標の行が1行もありません';
      issues.splice(0, issues.length, ...issues.filter((i) => !empty(i)));
    }
    if (progressSheet) issues.push(...progressSheet.issues);
    const sets = new SetIndex(setRows, options.set);
    const storedCodes = codesByName(setRows, nodeRows, storedKpis);

    for (const row of parsed.rejectedRows) {
      nodes.resolve(row.hierarchy, issue);
      sets.resolve(row, issue);
    }
    const departmentRows = restricted
      ? await DepartmentRows.load(
          tx,
          restricted,
          setRows.map((r) => r.id),
          departmentOfNode,
        )
      : undefined;
    // A department's sheet holds only its own KPIs, so a node shared with another department shows
    // fewer rows than it has: numbering them by row would reorder KPIs the department never touched.
    // Its upload keeps every stored position (the order is the planning division's to change).
    const storedPositions = restricted ? positionsByCode(storedKpis) : undefined;
    const writes: KpiWrite[] = [];
    const seen = new Map<string, CellRef>();
    const positions = new Map<string, number>();
    for (const row of parsed.rows) {
      const path = nodes.resolve(row.hierarchy, issue);
      const set = sets.resolve(row, issue);
      if (path === null || set === null) continue;
      const code =
        row.code?.value ??
        storedCodes.get(nameKey(set.code, path, row.name)) ??
        derivedCode(set.code, path, row.name);
      const key = `${set.key}\u0000${code}`;
      const first = seen.get(key);
      if (first) {
        const where = first.sheet === row.ref.sheet ? first.cell : `${first.sheet}!${first.cell}`;
        issue(
          row.code?.ref ?? row.ref,
          row.code
            ? `指標コード「${code}」が ${where} の行と重複しています`
            : `同じ${levelNames[row.hierarchy.length - 1]}に同じ指標名「${row.name}」が ${where} にもあります（指標コードで区別してください）`,
        );
        continue;
      }
      seen.set(key, row.code?.ref ?? row.ref);
      const positionKey = `${set.key}\u0000${path}`;
      const position = (positions.get(positionKey) ?? 0) + 1;
      positions.set(positionKey, position);
      const write = toWrite(row, set.key, path, code, position, options.illustrative === true);
      if (departmentRows) {
        const refusals = departmentRows.refusals(set.id, write, nodes.existingIds());
        if (refusals.length > 0) {
          for (const refusal of refusals) issue(refusalCell(row, refusal), refusal.message);
          continue;
        }
        // (Every KPI taken here is stored: an unknown one is refused above.)
        write.position = storedPositions?.get(`${set.id}\u0000${code}`) ?? write.position;
      }
      writes.push(write);
    }
    if (issues.length > 0)
      throw new KpiTableError(
        sortIssues(
          dedupe(issues),
          source.sheets.map((s) => s.name),
        ),
      );

    // The year lock (and the cycle's rules) for every actual and text that changes: a refusal names
    // its cell, and the whole file is refused.
    const yearChecks = new Map<string, string | null>();
    const checkYear = async (fiscalYear: number, departmentId: number | null, ref: CellRef | undefined) => {
      const key = `${fiscalYear}:${departmentId}`;
      if (!yearChecks.has(key)) {
        try {
          await beforeYearWrite(tx, { planId: planRow.id, fiscalYear, departmentId }, options.scope);
          yearChecks.set(key, null);
        } catch (error) {
          if (!(error instanceof HoshinError)) throw error;
          yearChecks.set(key, error.message);
        }
      }
      const refusal = yearChecks.get(key);
      if (refusal) issue(ref ?? { sheet: source.sheets[0]?.name ?? '', cell: '' }, refusal);
    };
    const input: KpiTableWrite = {
      planId: planRow.id,
      sets: sets.used(),
      newNodes: nodes.newNodes(),
      nodeIds: nodes.existingIds(),
      kpis: writes,
      replaceActuals: options.replace === true,
      storedKpis,
      storedActuals,
      beforeActualWrite: (row, actual) =>
        checkYear(actual.fiscalYear, row.departmentId ?? departmentOfNode(row.nodeId), actual.ref),
    };
    const departmentWarnings = await linkDepartments(tx, ctx, writes);
    const counts = await saveKpiTable(tx, input, ctx);
    const records = progressSheet
      ? await saveProgressSheet(tx, ctx, progressSheet.entries, {
          nodeRows,
          restricted,
          departmentOfNode,
          checkYear,
          issue,
        })
      : { recordsCreated: 0, recordsUpdated: 0, recordsUnchanged: 0 };
    if (issues.length > 0) {
      throw new KpiTableError(
        sortIssues(
          dedupe(issues),
          source.sheets.map((s) => s.name),
        ),
      );
    }
    const warnings = [...departmentWarnings, ...(await strategySetWarnings(tx, planRow, input.sets))];
    return {
      warnings,
      planId: planRow.id,
      planName: planRow.name,
      planCreated: created,
      rows: writes.length,
      format: source.format,
      ...(source.encoding ? { encoding: source.encoding } : {}),
      ignoredColumns: parsed.ignoredColumns.map((c) => `${c.sheet}!${c.cell} ${c.header}`),
      ...counts,
      ...records,
    };
  });
}

/**
 * Rows put into a plan's KPI set when a 総合戦略 linked to the plan has a set of the same name: the KPIs
 * hang on the plan's nodes, which is allowed, but they were more likely meant for the strategy's own.
 */
async function strategySetWarnings(db: Database, planRow: PlanRow, used: SetEntry[]): Promise<string[]> {
  if (planRow.kind !== 'plan' || used.length === 0) return [];
  const strategies = await db
    .select()
    .from(plan)
    .where(and(eq(plan.linkedPlanId, planRow.id), eq(plan.kind, 'strategy')));
  if (strategies.length === 0) return [];
  const strategySets = await db
    .select()
    .from(kpiSet)
    .where(
      inArray(
        kpiSet.planId,
        strategies.map((p) => p.id),
      ),
    );
  return used.flatMap((set) =>
    strategySets
      .filter((s) => s.name === set.name)
      .map((s) => {
        const strategy = strategies.find((p) => p.id === s.planId)?.name ?? '';
        return `指標の区分「${set.name}」の指標を総合計画「${planRow.name}」の項目に登録しました。総合戦略「${strategy}」の項目に付ける指標なら --plan ${strategy} を付けて取り込み直してください`;
      }),
  );
}

function toWrite(
  row: KpiTableRow,
  setKey: string,
  nodePath: string,
  code: string,
  position: number,
  illustrative: boolean,
): KpiWrite {
  const fields: KpiWrite['fields'] = {
    name: row.name,
    direction: row.direction,
    unit: row.unit,
    definition: row.definition,
    dataSource: row.dataSource,
    department: row.department,
    administrativeStatus: row.administrativeStatus,
    kind: row.kind,
    cumulative: row.cumulative,
    illustrative: illustrative || row.illustrative,
  };
  if (row.baseline !== undefined) {
    fields.baselineValue = row.baseline?.value ?? null;
    fields.baselineYear = row.baseline?.fiscalYear ?? null;
  }
  if (row.target !== undefined) {
    fields.targetValue = row.target?.value ?? null;
    fields.targetYear = row.target?.fiscalYear ?? null;
    fields.targetComparator = row.target?.comparator ?? null;
  }
  return {
    setKey,
    nodePath,
    code,
    position,
    fields,
    ...(row.annualTargets ? { annualTargets: row.annualTargets } : {}),
    actuals: row.actuals.map(({ fiscalYear, value, status, note, ref }) => ({
      fiscalYear,
      value,
      status,
      ...(note !== undefined ? { note } : {}),
      ref,
    })),
  };
}

const nameKey = (setCode: string, path: string, name: string) =>
  `${setCode}\u0000${path}\u0000${titleKey(name)}`;

/** The KPIs of the plan's sets, read once for matching rows, positions and the save. */
async function storedKpisOf(db: Database, sets: Array<typeof kpiSet.$inferSelect>): Promise<KpiRow[]> {
  if (sets.length === 0) return [];
  const ids = sql.join(
    sets.map((s) => sql`${s.id}`),
    sql`, `,
  );
  return selectRowsJson(db, kpi, sql`kpi_set_id IN (${ids})`);
}

/** The stored position of every KPI of the plan's sets, by `setId NUL code`. */
function positionsByCode(rows: KpiRow[]): Map<string, number> {
  return new Map(rows.map((r) => [`${r.kpiSetId}\u0000${r.code}`, r.position]));
}

/**
 * Codes of the stored KPIs by set, node and name, so that a row without 指標コード updates the KPI of
 * the same name on the same node (a department's fresh sheet) instead of adding a second one.
 */
function codesByName(
  sets: Array<typeof kpiSet.$inferSelect>,
  nodes: NodeRow[],
  rows: KpiRow[],
): Map<string, string> {
  if (sets.length === 0) return new Map();
  const setCode = new Map(sets.map((s) => [s.id, s.code]));
  const nodePath = new Map(nodes.map((n) => [n.id, n.path]));
  const codes = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const row of rows) {
    const key = nameKey(setCode.get(row.kpiSetId) ?? '', nodePath.get(row.nodeId) ?? '', row.name);
    if (codes.has(key)) ambiguous.add(key);
    codes.set(key, row.code);
  }
  for (const key of ambiguous) codes.delete(key);
  return codes;
}

/**
 * A code for a KPI whose row has none: stable for the same KPI set, node and name, so importing the
 * same sheet again updates in place. The export writes it out, so later renames keep the KPI.
 * @example derivedCode('基本計画', '1.2.3', '観光客数') // '1.2.3-…' (8 hex digits)
 */
export function derivedCode(setCode: string, path: string, name: string): string {
  const hash = createHash('sha1')
    .update(`${setCode}\n${path}\n${titleKey(name)}`)
    .digest('hex');
  return `${path}-${hash.slice(0, 8)}`;
}

function dedupe(issues: KpiTableIssue[]): KpiTableIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.sheet}\u0000${i.cell}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sheet order, then row, then column; problems with a whole sheet first. */
function sortIssues(issues: KpiTableIssue[], sheetOrder: string[]): KpiTableIssue[] {
  const position = (cell: string) => {
    const match = /^(?<letters>[A-Z]+)(?<row>\d+)$/u.exec(cell);
    if (!match?.groups) return [0, 0];
    return [Number(match.groups.row), columnNumber(match.groups.letters ?? '')];
  };
  return issues
    .map((issue, index) => ({
      issue,
      index,
      sheet: sheetOrder.indexOf(issue.sheet),
      at: position(issue.cell),
    }))
    .sort(
      (a, b) =>
        a.sheet - b.sheet ||
        (a.at[0] ?? 0) - (b.at[0] ?? 0) ||
        (a.at[1] ?? 0) - (b.at[1] ?? 0) ||
        a.index - b.index,
    )
    .map((x) => x.issue);
}

/** Level names from `--levels`; a `:circled` (or `:①`) suffix numbers the level ①②③. */
export function parseLevels(names: readonly string[]): PlanLevel[] {
  return names.map((raw) => {
    const [name = '', numbering = ''] = raw.split(/[:：]/u).map((s) => s.trim());
    if (name === '')
      throw new UserError(`--levels の階層名が空です（例: --levels 政策,施策,基本事業,事務事業）`);
    if (numbering !== '' && !['circled', '①', 'arabic', '1'].includes(numbering)) {
      throw new UserError(
        `階層「${name}」の番号の付け方「${numbering}」はわかりません（:circled か :① のみ）`,
      );
    }
    return { name, numbering: numbering === 'circled' || numbering === '①' ? 'circled' : 'arabic' };
  });
}

async function resolvePlan(
  db: Database,
  municipalityId: number,
  options: KpiImportOptions,
  ctx: ChangeContext,
): Promise<{ row: PlanRow; created: boolean }> {
  const plans = await db
    .select()
    .from(plan)
    .where(eq(plan.municipalityId, municipalityId))
    .orderBy(asc(plan.id));
  const levels = options.levels ? parseLevels(options.levels) : undefined;
  const names = (ls: PlanLevel[]) => ls.map((l) => l.name).join('／');
  const registered = plans.map((p) => `「${p.name}」`).join('、') || 'なし';
  if (options.planName) {
    const found = plans.find((p) => p.name === options.planName);
    if (found) {
      if (levels && names(levels) !== names(found.levels)) {
        throw new UserError(
          `計画「${found.name}」の階層は ${names(found.levels)} です（--levels の ${names(levels)} と違います）`,
        );
      }
      return { row: found, created: false };
    }
    if (!levels) {
      throw new UserError(
        `計画「${options.planName}」はありません（登録済み: ${registered}）。新しい計画なら --levels 政策,施策,基本事業 のように階層も指定してください`,
      );
    }
    const row = await insertLogged(
      db,
      plan,
      'plan',
      { municipalityId, name: options.planName, levels, progressLevel: Math.min(2, levels.length) },
      ctx,
    );
    return { row, created: true };
  }
  if (levels) throw new UserError('--levels で新しい計画を作るときは --plan で計画名も指定してください');
  const candidates = plans.filter((p) => p.kind === 'plan');
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only) return { row: only, created: false };
  throw new UserError(
    candidates.length === 0
      ? '計画が登録されていません。--plan 計画名 --levels 基本目標,基本方針,施策 で新しい計画を作って取り込めます'
      : `計画が複数あります（${registered}）。--plan で計画名を指定してください`,
  );
}

interface IndexedNode {
  path: string;
  level: number;
  number: number;
  title: string;
  id?: number;
}

/** A plan's nodes by parent and number / title, plus the nodes this import creates. */
class NodeIndex {
  private readonly children = new Map<string, IndexedNode[]>();
  private readonly created: IndexedNode[] = [];

  constructor(
    rows: NodeRow[],
    private readonly levels: PlanLevel[],
    private readonly createNodes: boolean,
  ) {
    for (const row of rows) {
      this.add({ path: row.path, level: row.level, number: row.number, title: row.title, id: row.id });
    }
  }

  private add(node: IndexedNode) {
    const parent = node.path.split('.').slice(0, -1).join('.');
    const siblings = this.children.get(parent) ?? [];
    siblings.push(node);
    this.children.set(parent, siblings);
  }

  /** The path of the node a row's hierarchy names, or null after reporting why not. */
  resolve(labels: HierarchyLabel[], issue: (ref: CellRef, message: string) => void): string | null {
    let parent: IndexedNode | undefined;
    for (const [index, label] of labels.entries()) {
      const level = this.levels[index] ?? { name: '', numbering: 'arabic' as const };
      const parentPath = parent?.path ?? '';
      const siblings = this.children.get(parentPath) ?? [];
      const number = label.numbers.at(-1);

      // 「2-1」 names the parent too: it must be the one the row is under.
      if (label.numbers.length > 1) {
        const expected = parentPath
          .split('.')
          .map(Number)
          .slice(-(label.numbers.length - 1));
        if (expected.join('.') !== label.numbers.slice(0, -1).join('.')) {
          issue(
            label.ref,
            `「${label.text}」の上位の番号 ${label.numbers.slice(0, -1).join('-')} が、この行の上位（${this.where(parent, index)}）と合いません`,
          );
          return null;
        }
      }

      let node: IndexedNode | undefined;
      if (number !== undefined) {
        node = siblings.find((n) => n.number === number);
        if (node && label.title && !titlesAgree(node.title, label.title)) {
          issue(
            label.ref,
            `${level.name} ${formatNumber(number, level.numbering)} の名称が計画と違います（計画: 「${node.title}」、入力: 「${label.title}」）。番号か名称を直してください`,
          );
          return null;
        }
      } else {
        const key = titleKey(label.title);
        node =
          siblings.find((n) => titleKey(n.title) === key) ??
          onlyOne(siblings.filter((n) => titlesAgree(n.title, label.title)));
      }
      if (!node) {
        if (!this.createNodes) {
          const listed = siblings
            .slice()
            .sort((a, b) => a.number - b.number)
            .slice(0, 12)
            .map((n) => `${formatNumber(n.number, level.numbering)} ${n.title}`)
            .join('、');
          issue(
            label.ref,
            `${level.name}「${label.text}」が${this.where(parent, index)}にありません（登録済み: ${listed || 'なし'}）。登録済みの名称・番号に合わせるか、先に施策体系へ追加してください（コマンドの取り込みでは --create-nodes で作れます）`,
          );
          return null;
        }
        if (!label.title) {
          issue(
            label.ref,
            `新しい${level.name} ${label.text} の名称がありません（「${label.text} 名称」のように入力してください）`,
          );
          return null;
        }
        const newNumber = number ?? Math.max(0, ...siblings.map((n) => n.number)) + 1;
        if (level.numbering === 'circled' && newNumber > 50) {
          issue(label.ref, `${level.name}の番号 ${newNumber} は丸数字で表せません（50まで）`);
          return null;
        }
        node = {
          path: parentPath ? `${parentPath}.${newNumber}` : String(newNumber),
          level: index + 1,
          number: newNumber,
          title: label.title,
        };
        this.add(node);
        this.created.push(node);
      }
      parent = node;
    }
    return parent?.path ?? null;
  }

  /** Where a level's nodes hang, in a message: its parent (「1 安全な暮らし」) or the plan. */
  private where(parent: IndexedNode | undefined, index: number): string {
    if (!parent) return 'この計画';
    const level = this.levels[index - 1] ?? this.levels[index] ?? { name: '', numbering: 'arabic' as const };
    return `${nodeLabel(level, parent.number)} ${parent.title}`.trim();
  }

  newNodes(): KpiTableWrite['newNodes'] {
    return this.created
      .slice()
      .sort((a, b) => a.level - b.level)
      .map(({ path, level, number, title }) => ({ path, level, number, title }));
  }

  existingIds(): Map<string, number> {
    const ids = new Map<string, number>();
    for (const list of this.children.values()) {
      for (const n of list) if (n.id !== undefined) ids.set(n.path, n.id);
    }
    return ids;
  }
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

type SetEntry = KpiTableWrite['sets'][number];

/** The plan's KPI sets by name or code, plus the ones this import creates. */
class SetIndex {
  private readonly entries: SetEntry[];
  private readonly usedKeys = new Set<string>();
  private readonly reportedSheets = new Set<string>();

  constructor(
    private readonly rows: Array<typeof kpiSet.$inferSelect>,
    private readonly defaultName: string | undefined,
  ) {
    this.entries = rows.map((r) => ({
      key: r.code,
      id: r.id,
      code: r.code,
      name: r.name,
      position: r.position,
    }));
  }

  /** Found sets by the name a row gives (every row names one: compared once per name). */
  private readonly found = new Map<string, SetEntry>();

  private find(name: string): SetEntry | undefined {
    const known = this.found.get(name);
    if (known) return known;
    const key = normalizeWidth(name).trim();
    const entry = this.entries.find(
      (e) => normalizeWidth(e.name).trim() === key || normalizeWidth(e.code).trim() === key,
    );
    if (entry) this.found.set(name, entry);
    return entry;
  }

  /**
   * The set of a row: its 指標の区分 cell, else --set, else a set named like the sheet, else the plan's
   * only set.
   */
  resolve(
    row: Pick<KpiTableRow, 'ref' | 'set'>,
    issue: (ref: CellRef, message: string) => void,
  ): SetEntry | null {
    const name =
      row.set?.name ??
      this.defaultName ??
      (this.find(row.ref.sheet) ? row.ref.sheet : undefined) ??
      (this.rows.length === 1 ? this.rows[0]?.name : undefined);
    if (!name) {
      if (!this.reportedSheets.has(row.ref.sheet)) {
        this.reportedSheets.add(row.ref.sheet);
        const known = this.rows.map((r) => r.name).join('、') || 'なし';
        issue(
          { sheet: row.ref.sheet, cell: '' },
          `指標の区分がわかりません。「指標の区分」列に区分の名前を書いてください（この計画の区分: ${known}。コマンドの取り込みでは --set でも指定できます）`,
        );
      }
      return null;
    }
    let entry = this.find(name);
    if (!entry) {
      const trimmed = name.trim();
      entry = {
        key: trimmed,
        code: trimmed,
        name: trimmed,
        position: Math.max(0, ...this.entries.map((e) => e.position)) + 1,
      };
      this.entries.push(entry);
    }
    this.usedKeys.add(entry.key);
    return entry;
  }

  used(): SetEntry[] {
    return this.entries.filter((e) => this.usedKeys.has(e.key));
  }
}

export type KpiExportFormat = 'xlsx' | 'csv' | 'json';

export interface KpiExportOptions {
  /** The fiscal year the 達成率・評価・見通し columns are for. */
  fiscalYear: number;
  format: KpiExportFormat;
  localGovCode?: string;
  planName?: string;
}

/**
 * A plan's KPIs, evaluated for a fiscal year, as xlsx, CSV (UTF-8 with BOM) or JSON. xlsx and CSV
 * can be imported again as they are.
 * @example const { bytes } = await exportKpiTable(db, { fiscalYear: 2023, format: 'xlsx' });
 */
export async function exportKpiTable(
  db: Database,
  options: KpiExportOptions,
): Promise<{ bytes: Uint8Array; mediaType: string; extension: string }> {
  const owner = await resolveMunicipality(db, { localGovCode: options.localGovCode }, 'export');
  const plans = await db.select().from(plan).where(eq(plan.municipalityId, owner.id)).orderBy(asc(plan.id));
  const candidates = options.planName
    ? plans.filter((p) => p.name === options.planName)
    : plans.filter((p) => p.kind === 'plan');
  const planRow = onlyOne(candidates);
  if (!planRow) {
    throw new UserError(
      candidates.length === 0
        ? `計画${options.planName ? `「${options.planName}」` : ''}がありません`
        : '計画が複数あります。--plan で計画名を指定してください',
    );
  }
  const table = await kpiTableOf(db, planRow, options.fiscalYear);
  if (options.format === 'xlsx') {
    return {
      bytes: await kpiTableToXlsx(table),
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
    };
  }
  const text = options.format === 'csv' ? kpiTableToCsv(table) : kpiTableToJson(table);
  return {
    bytes: new TextEncoder().encode(text),
    mediaType: options.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    extension: options.format,
  };
}

/** The evaluated KPI table of a plan for a fiscal year. */
async function kpiTableOf(
  db: Database,
  planRow: PlanRow,
  fiscalYear: number,
  include: (kpiId: number) => boolean = () => true,
): Promise<KpiTableExport> {
  const nodes = new Map(
    (await db.select().from(planNode).where(eq(planNode.planId, planRow.id))).map((n) => [n.path, n]),
  );
  const label = (path: string) => {
    const node = nodes.get(path);
    if (!node) return '';
    const level = planRow.levels[node.level - 1];
    return level?.numbering === 'circled'
      ? `${circled(node.number)}${node.title}`
      : `${node.number} ${node.title}`;
  };
  const records: KpiTableRecord[] = [];
  for (const set of await evaluatePlanKpis(db, { planId: planRow.id, fiscalYear })) {
    for (const { kpi: k, evaluation } of set.kpis) {
      if (!include(k.id)) continue;
      const parts = k.nodePath.split('.');
      records.push({
        hierarchy: planRow.levels.map((_, i) =>
          i < parts.length ? label(parts.slice(0, i + 1).join('.')) : '',
        ),
        set: set.set.name,
        code: k.code,
        name: k.name,
        unit: k.unit,
        direction: k.direction,
        baseline: k.baseline ?? null,
        target: k.target ?? null,
        department: k.department ?? null,
        administrativeStatus: k.administrativeStatus,
        definition: k.definition ?? null,
        dataSource: k.dataSource ?? null,
        kind: k.kind ?? null,
        cumulative: k.cumulative ?? false,
        illustrative: k.illustrative,
        annualTargets: k.annualTargets ?? [],
        actuals: k.actuals.map((a) => ({
          fiscalYear: a.fiscalYear,
          value: a.value,
          status: a.status ?? 'final',
          ...(a.note ? { note: a.note } : {}),
        })),
        evaluation: {
          rate: evaluation.rate,
          grade: evaluation.grade,
          label: evaluation.label,
          projection: evaluation.projection?.label ?? null,
          actualYear: evaluation.actualYear,
          stale: evaluation.stale,
        },
      });
    }
  }
  return { planName: planRow.name, levelNames: planRow.levels.map((l) => l.name), fiscalYear, records };
}

/**
 * The empty KPI workbook for a plan: its level columns, every import column, one column per fiscal
 * year of the current basic-plan period (else the four years before `today`), and instructions.
 * @example const xlsx = await kpiTemplateForPlan(db, 1, '2024-06-01');
 */
export async function kpiTemplateForPlan(
  db: Database,
  planId: number,
  today: string = japanDateOf(new Date()),
): Promise<Uint8Array> {
  const [planRow] = await db.select().from(plan).where(eq(plan.id, planId));
  if (!planRow) throw new NotFoundError(`計画（ID ${planId}）はありません`);
  const current = fiscalYearOf(today);
  const periods = (await db.select().from(planPeriod).where(eq(planPeriod.planId, planId))).filter(
    (p) => p.kind === 'basic-plan' && p.startYear !== null && p.endYear !== null,
  );
  const period =
    periods.find((p) => (p.startYear ?? 0) <= current && current <= (p.endYear ?? 0)) ??
    periods.sort((a, b) => (b.startYear ?? 0) - (a.startYear ?? 0))[0];
  const years: number[] = [];
  if (period?.startYear && period.endYear && period.endYear - period.startYear < 15) {
    for (let y = period.startYear; y <= period.endYear; y++) years.push(y);
  } else {
    for (let y = current - 4; y < current; y++) years.push(y);
  }
  const sets = await db.select().from(kpiSet).where(eq(kpiSet.planId, planId)).orderBy(asc(kpiSet.position));
  return kpiTemplateXlsx({
    planName: planRow.name,
    levelNames: planRow.levels.map((l) => l.name),
    years,
    setNames: sets.map((s) => s.name),
  });
}

/**
 * The 担当課 column names who writes each KPI: departments are data, created when a sheet names one
 * for the first time, and each KPI points at its department row. A department created so is
 * legitimate but may be a typo (観光課 for 観光政策課): it comes back as a warning naming the
 * registered departments it resembles, so the preview shows it before anything is written.
 */
async function linkDepartments(db: Database, ctx: ChangeContext, writes: KpiWrite[]): Promise<string[]> {
  const named = writes.filter((w) => w.fields.department !== undefined);
  if (named.length === 0) return [];
  const registered = (
    await db
      .select({ name: department.name })
      .from(department)
      .where(eq(department.municipalityId, ctx.municipalityId))
      .orderBy(asc(department.name))
  ).map((d) => d.name);
  const warnings = newDepartmentWarnings(
    named.map((w) => w.fields.department ?? ''),
    registered,
  );
  const ids = await ensureDepartmentsByName(
    db,
    ctx,
    named.map((w) => w.fields.department ?? ''),
  );
  for (const w of named) {
    const name = (w.fields.department ?? '').trim();
    w.fields.departmentId = name === '' ? null : (ids.get(name) ?? null);
  }
  return warnings;
}

/** Registered names listed as similar to a new one, at most. */
const SIMILAR_LIMIT = 3;

/**
 * One warning per 担当課 a sheet names that is not registered (it will be created), with the
 * registered names it resembles: one contains the other, or they start with the same two characters.
 * @example newDepartmentWarnings(['観光課'], ['観光政策課'])
 * // ['担当課「観光課」は登録されていません。新しい課として追加します（似た名前: 観光政策課）']
 */
export function newDepartmentWarnings(names: readonly string[], registered: readonly string[]): string[] {
  const known = new Set(registered);
  const fresh = [...new Set(names.map((n) => n.trim()))].filter((n) => n !== '' && !known.has(n));
  const key = (name: string) => normalizeWidth(name).replace(/\s+/gu, '');
  return fresh.map((name) => {
    const a = key(name);
    const similar = registered
      .filter((other) => {
        const b = key(other);
        return (
          a.includes(b) ||
          b.includes(a) ||
          (a.length >= 2 && b.length >= 2 && a.slice(0, 2) === b.slice(0, 2))
        );
      })
      .slice(0, SIMILAR_LIMIT);
    return `担当課「${name}」は登録されていません。新しい課として追加します${similar.length > 0 ? `（似た名前: ${similar.join('、')}）` : ''}`;
  });
}

/**
 * A department's own workbook for a fiscal year: sheet 指標 with its KPIs (effective department) in
 * the KPI sheet's layout, sheet 進捗状況 with its policies' results and directions (last year's
 * directions beside them), and sheet 説明. Filled in offline and uploaded back as it is.
 * @example const { bytes, fileName } = await departmentSheet(db, { planId: 1, fiscalYear: 2024, departmentId: 3 });
 */
export async function departmentSheet(
  db: Database,
  key: { planId: number; fiscalYear: number; departmentId: number },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const content = await departmentSheetContent(db, key);
  const table = await kpiTableOf(db, content.planRow, key.fiscalYear, content.mayIncludeKpi);
  const level = content.planRow.levels[content.planRow.progressLevel - 1]?.name ?? '項目';
  const bytes = await kpiTableToXlsx(table, {
    progress: { levelName: level, rows: content.progressRows },
  });
  return { bytes, fileName: `${content.departmentName}_${formatFiscalYear(key.fiscalYear)}_記入シート.xlsx` };
}

export { PROGRESS_SHEET };
