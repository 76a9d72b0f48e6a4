/**
 * @module 総合戦略 (comprehensive strategy) structure import
 * The use case behind `hoshin import strategy`: a strategy is a plan of its own (kind 'strategy') with
 * its own levels and nodes, linked to one 総合計画 (comprehensive plan); each of its nodes names the plan
 * nodes it contributes to (plan_node_link). The file defines the structure: new nodes are created,
 * renamed ones renamed, and a node's links become exactly the ones its rows name. One transaction:
 * every bad cell is listed and nothing is written. Its KPIs are then imported with
 * `hoshin import kpis --plan <strategy>`, and its KPI sets join the plan's council report.
 */

import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type ChangeContext, insertLogged, updateLogged } from '../../db/history.ts';
import { deleteLogged } from '../../db/kpi-write.ts';
import { plan, planNode, planNodeLink } from '../../db/schema.ts';
import { formatNumber, nodeLabel } from '../../domain/plan/numbering.ts';
import type { PlanLevel } from '../../domain/plan/types.ts';
import { NotFoundError } from '../../errors.ts';
import {
  type CellRef,
  KpiTableError,
  type KpiTableIssue,
  readTableSource,
  titleKey,
  titlesAgree,
} from '../../formats/kpi-table/index.ts';
import { type PlanReference, parseStrategyTable } from '../../formats/strategy-table/parse.ts';
import type { StrategyTableExport } from '../../formats/strategy-table/write.ts';
import { resolveMunicipality, UserError } from '../../services/municipality.ts';
import { parseLevels } from '../kpi-table/import.ts';

export interface StrategyImportOptions {
  fileName: string;
  actor: string;
  /** The strategy's name (created when new, with `levels`). */
  strategyName: string;
  /** Level names of a new strategy: 基本目標,具体的な施策 (`:circled` numbers a level ①②③). */
  levels?: string[];
  /** The 総合計画 the strategy links to; default: the municipality's only plan. */
  planName?: string;
  localGovCode?: string;
  municipalityName?: string;
}

export interface StrategyImportSummary {
  strategyId: number;
  strategyName: string;
  planName: string;
  created: boolean;
  rows: number;
  nodesCreated: number;
  nodesRenamed: number;
  /** Stored nodes the file does not mention: kept as they are (they may carry KPIs). */
  nodesNotInFile: number;
  linksCreated: number;
  linksDeleted: number;
  /** Whether the file had a 関連する施策 column (without one, links are left alone). */
  linksRead: boolean;
  ignoredColumns: string[];
}

type PlanRow = typeof plan.$inferSelect;
type NodeRow = typeof planNode.$inferSelect;

interface WantedNode {
  path: string;
  level: number;
  number: number;
  title: string;
  ref: CellRef;
}

/**
 * Imports (or re-imports) a strategy's structure and links from xlsx or CSV.
 * @example await importStrategyTable(db, bytes, { fileName: 'senryaku.xlsx', actor: 'import:senryaku.xlsx', strategyName: '総合戦略', levels: ['基本目標', '具体的な施策'] });
 */
export async function importStrategyTable(
  db: Database,
  bytes: Uint8Array,
  options: StrategyImportOptions,
): Promise<StrategyImportSummary> {
  const source = await readTableSource(bytes, options.fileName);
  return db.transaction(async (tx) => {
    const owner = await resolveMunicipality(
      tx,
      { localGovCode: options.localGovCode, name: options.municipalityName },
      options.actor,
    );
    const ctx: ChangeContext = { municipalityId: owner.id, actor: options.actor };
    const plans = await tx.select().from(plan).where(eq(plan.municipalityId, owner.id)).orderBy(asc(plan.id));
    const basePlan = resolveBasePlan(plans, options.planName);
    const { row: strategy, created } = await resolveStrategy(tx, plans, basePlan, options, ctx);
    const levels = strategy.levels;
    const parsed = parseStrategyTable(source, { levelNames: levels.map((l) => l.name) });
    const issues: KpiTableIssue[] = [...parsed.issues];
    const issue = (ref: CellRef, message: string) => issues.push({ ...ref, message });

    const stored = await tx.select().from(planNode).where(eq(planNode.planId, strategy.id));
    const planNodes = await tx.select().from(planNode).where(eq(planNode.planId, basePlan.id));
    const storedByPath = new Map(stored.map((n) => [n.path, n]));
    const wanted = new Map<string, WantedNode>();
    const wantedLinks = new Map<string, Map<number, CellRef>>();
    const resolver = new PlanReferenceResolver(planNodes, basePlan);

    for (const row of parsed.rows) {
      let parentPath = '';
      let path: string | null = null;
      for (const [index, label] of row.hierarchy.entries()) {
        const level = levels[index] as PlanLevel;
        const number = label.numbers.at(-1);
        if (label.numbers.length > 1) {
          const expected = parentPath.split('.').slice(-(label.numbers.length - 1));
          if (expected.join('.') !== label.numbers.slice(0, -1).join('.')) {
            issue(
              label.ref,
              `「${label.text}」の上位の番号 ${label.numbers.slice(0, -1).join('-')} が、この行の上位と合いません`,
            );
            path = null;
            break;
          }
        }
        const siblings = (map: Iterable<{ path: string; title: string; number: number }>) =>
          [...map].filter((n) => n.path.split('.').slice(0, -1).join('.') === parentPath);
        let own = number;
        if (own === undefined) {
          // No number: the node of that title under the same parent, else the next free number.
          const key = titleKey(label.title);
          const same = [...siblings(wanted.values()), ...siblings(stored)].find(
            (n) => titleKey(n.title) === key,
          );
          own =
            same?.number ??
            Math.max(0, ...[...siblings(wanted.values()), ...siblings(stored)].map((n) => n.number)) + 1;
        }
        if (level.numbering === 'circled' && own > 50) {
          issue(label.ref, `${level.name}の番号 ${own} は丸数字で表せません（50まで）`);
          path = null;
          break;
        }
        const nodePath = parentPath ? `${parentPath}.${own}` : String(own);
        const earlier = wanted.get(nodePath);
        const title = label.title || earlier?.title || storedByPath.get(nodePath)?.title || '';
        if (title === '') {
          issue(
            label.ref,
            `${level.name} ${label.text} の名称がありません（「${label.text} 名称」のように入力してください）`,
          );
          path = null;
          break;
        }
        if (earlier && label.title && titleKey(earlier.title) !== titleKey(label.title)) {
          issue(
            label.ref,
            `${level.name} ${formatNumber(own, level.numbering)} の名称が ${earlier.ref.cell} の「${earlier.title}」と違います（「${label.title}」）`,
          );
          path = null;
          break;
        }
        if (!earlier)
          wanted.set(nodePath, { path: nodePath, level: index + 1, number: own, title, ref: label.ref });
        parentPath = nodePath;
        path = nodePath;
      }
      if (path === null) continue;
      const links = wantedLinks.get(path) ?? new Map<number, CellRef>();
      wantedLinks.set(path, links);
      for (const reference of row.links) {
        const target = resolver.resolve(reference, issue);
        if (target) links.set(target.id, reference.ref);
      }
    }

    if (issues.length > 0) throw new KpiTableError(issues);

    // Nodes: parents first, so each new node finds its parent's id.
    const ids = new Map(stored.map((n) => [n.path, n.id]));
    let nodesCreated = 0;
    let nodesRenamed = 0;
    for (const node of [...wanted.values()].sort((a, b) => a.level - b.level)) {
      const existing = storedByPath.get(node.path);
      if (existing) {
        if (existing.title !== node.title) {
          await updateLogged(tx, planNode, 'plan_node', existing, { title: node.title }, ctx);
          nodesRenamed++;
        }
        continue;
      }
      const parentPath = node.path.split('.').slice(0, -1).join('.');
      const row = await insertLogged(
        tx,
        planNode,
        'plan_node',
        {
          municipalityId: owner.id,
          planId: strategy.id,
          parentId: parentPath ? (ids.get(parentPath) ?? null) : null,
          path: node.path,
          level: node.level,
          number: node.number,
          title: node.title,
        },
        ctx,
      );
      ids.set(node.path, row.id);
      nodesCreated++;
    }

    // Links: a node named in the file gets exactly the links its rows name.
    let linksCreated = 0;
    let linksDeleted = 0;
    if (parsed.hasLinkColumn) {
      const fromIds = [...wantedLinks.keys()]
        .map((p) => ids.get(p))
        .filter((id): id is number => id !== undefined);
      const current =
        fromIds.length === 0
          ? []
          : await tx.select().from(planNodeLink).where(inArray(planNodeLink.fromNodeId, fromIds));
      for (const [path, targets] of wantedLinks) {
        const fromId = ids.get(path);
        if (fromId === undefined) continue;
        const mine = current.filter((l) => l.fromNodeId === fromId);
        for (const link of mine) {
          if (!targets.has(link.toNodeId)) {
            await deleteLogged(tx, planNodeLink, 'plan_node_link', link, ctx);
            linksDeleted++;
          }
        }
        for (const toId of targets.keys()) {
          if (mine.some((l) => l.toNodeId === toId)) continue;
          await insertLogged(
            tx,
            planNodeLink,
            'plan_node_link',
            { municipalityId: owner.id, fromNodeId: fromId, toNodeId: toId },
            ctx,
          );
          linksCreated++;
        }
      }
    }

    return {
      strategyId: strategy.id,
      strategyName: strategy.name,
      planName: basePlan.name,
      created,
      rows: parsed.rows.length,
      nodesCreated,
      nodesRenamed,
      nodesNotInFile: stored.filter((n) => !wanted.has(n.path)).length,
      linksCreated,
      linksDeleted,
      linksRead: parsed.hasLinkColumn,
      ignoredColumns: parsed.ignoredColumns.map((c) => `${c.sheet}!${c.cell} ${c.header}`),
    };
  });
}

function resolveBasePlan(plans: PlanRow[], planName: string | undefined): PlanRow {
  const candidates = plans.filter((p) => p.kind === 'plan');
  const registered = candidates.map((p) => `「${p.name}」`).join('、') || 'なし';
  if (planName) {
    const found = candidates.find((p) => p.name === planName);
    if (!found) throw new UserError(`総合計画「${planName}」はありません（登録済み: ${registered}）`);
    return found;
  }
  const [only, ...rest] = candidates;
  if (!only)
    throw new UserError(
      '総合計画が登録されていません。先に進捗報告書か指標の表で総合計画を取り込んでください',
    );
  if (rest.length > 0)
    throw new UserError(`総合計画が複数あります（${registered}）。--for で総合計画名を指定してください`);
  return only;
}

async function resolveStrategy(
  db: Database,
  plans: PlanRow[],
  basePlan: PlanRow,
  options: StrategyImportOptions,
  ctx: ChangeContext,
): Promise<{ row: PlanRow; created: boolean }> {
  const levels = options.levels ? parseLevels(options.levels) : undefined;
  const names = (ls: PlanLevel[]) => ls.map((l) => l.name).join('／');
  const found = plans.find((p) => p.name === options.strategyName);
  if (found) {
    if (found.kind !== 'strategy') {
      throw new UserError(
        `「${found.name}」は総合計画として登録されています。総合戦略には別の名前を付けてください`,
      );
    }
    if (levels && names(levels) !== names(found.levels)) {
      throw new UserError(
        `総合戦略「${found.name}」の階層は ${names(found.levels)} です（--levels の ${names(levels)} と違います）`,
      );
    }
    if (found.linkedPlanId !== basePlan.id) {
      return {
        row: await updateLogged(db, plan, 'plan', found, { linkedPlanId: basePlan.id }, ctx),
        created: false,
      };
    }
    return { row: found, created: false };
  }
  if (!levels) {
    throw new UserError(
      `総合戦略「${options.strategyName}」はまだありません。新しく作るには --levels 基本目標,具体的な施策 のように階層も指定してください`,
    );
  }
  const row = await insertLogged(
    db,
    plan,
    'plan',
    {
      municipalityId: ctx.municipalityId,
      name: options.strategyName,
      kind: 'strategy',
      linkedPlanId: basePlan.id,
      levels,
      progressLevel: levels.length,
    },
    ctx,
  );
  return { row, created: true };
}

/** Finds the plan node a 関連する施策 reference names: by its numbers, else by a title that is unique. */
class PlanReferenceResolver {
  private readonly byPath: Map<string, NodeRow>;

  constructor(
    private readonly nodes: NodeRow[],
    private readonly basePlan: PlanRow,
  ) {
    this.byPath = new Map(nodes.map((n) => [n.path, n]));
  }

  private label(node: NodeRow): string {
    const parts = node.path.split('.');
    return parts
      .map((n, i) => formatNumber(Number(n), this.basePlan.levels[i]?.numbering ?? 'arabic'))
      .join('-')
      .concat(` ${node.title}`);
  }

  resolve(reference: PlanReference, issue: (ref: CellRef, message: string) => void): NodeRow | null {
    const where = `総合計画「${this.basePlan.name}」`;
    if (reference.numbers.length > 0) {
      const node = this.byPath.get(reference.numbers.join('.'));
      if (node && (!reference.title || titlesAgree(node.title, reference.title))) return node;
      const byTitle = reference.title ? this.byTitle(reference.title) : [];
      // 「①観光の振興」: a measure's own number and its title, without the path above it.
      const own = byTitle.filter((n) => n.number === reference.numbers.at(-1));
      if (reference.numbers.length === 1 && own.length === 1) return own[0] as NodeRow;
      if (node) {
        issue(
          reference.ref,
          `関連する施策「${reference.text}」: ${this.label(node)} の名称と違います。番号か名称を直してください`,
        );
      } else {
        issue(reference.ref, `関連する施策「${reference.text}」の番号が${where}にありません`);
      }
      return null;
    }
    const matches = this.byTitle(reference.title);
    if (matches.length === 1) return matches[0] as NodeRow;
    issue(
      reference.ref,
      matches.length === 0
        ? `関連する施策「${reference.text}」が${where}にありません（「1-1-① 観光の振興」のように番号で書けます）`
        : `関連する施策「${reference.text}」に当たる項目が複数あります（${matches
            .slice(0, 5)
            .map((n) => this.label(n))
            .join('、')}）。番号で指定してください`,
    );
    return null;
  }

  private byTitle(title: string): NodeRow[] {
    const key = titleKey(title);
    const exact = this.nodes.filter((n) => titleKey(n.title) === key);
    return exact.length > 0 ? exact : this.nodes.filter((n) => titlesAgree(n.title, title));
  }
}

/**
 * A strategy's structure and links in the import's layout, for editing and importing again.
 * @example const table = await exportStrategyTable(db, { strategyName: '総合戦略' }); strategyTableToCsv(table)
 */
export async function exportStrategyTable(
  db: Database,
  key: { strategyName?: string; strategyId?: number },
): Promise<StrategyTableExport> {
  const strategies = await db.select().from(plan).where(eq(plan.kind, 'strategy')).orderBy(asc(plan.id));
  const strategy = strategies.find((p) =>
    key.strategyId !== undefined
      ? p.id === key.strategyId
      : key.strategyName
        ? p.name === key.strategyName
        : true,
  );
  if (!strategy || (key.strategyId === undefined && !key.strategyName && strategies.length > 1)) {
    const registered = strategies.map((p) => `「${p.name}」`).join('、') || 'なし';
    throw new (key.strategyName || key.strategyId !== undefined ? NotFoundError : UserError)(
      key.strategyName || key.strategyId !== undefined
        ? `総合戦略${key.strategyName ? `「${key.strategyName}」` : `（ID ${key.strategyId}）`}はありません（登録済み: ${registered}）`
        : `総合戦略が複数あります（${registered}）。名前を指定してください`,
    );
  }
  const [basePlan] = strategy.linkedPlanId
    ? await db.select().from(plan).where(eq(plan.id, strategy.linkedPlanId))
    : [];
  const nodes = await db.select().from(planNode).where(eq(planNode.planId, strategy.id));
  const links = await loadNodeLinks(db, strategy.id);
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const cell = (node: NodeRow) => {
    const numbering = strategy.levels[node.level - 1]?.numbering ?? 'arabic';
    return numbering === 'circled'
      ? `${formatNumber(node.number, numbering)}${node.title}`
      : `${node.number} ${node.title}`;
  };
  const reference = (view: NodeLinkView) => {
    const parts = view.path.split('.').map(Number);
    const numbers = parts.map((n, i) => formatNumber(n, basePlan?.levels[i]?.numbering ?? 'arabic'));
    return `${numbers.join('-')} ${view.title}`;
  };
  const hasChildren = new Set(nodes.map((n) => n.path.split('.').slice(0, -1).join('.')));
  const rows = nodes
    .filter((n) => !hasChildren.has(n.path) || (links.get(n.id)?.length ?? 0) > 0)
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))
    .map((n) => {
      const parts = n.path.split('.');
      const cells = parts.map((_, i) => {
        const ancestor = byPath.get(parts.slice(0, i + 1).join('.'));
        return ancestor ? cell(ancestor) : '';
      });
      return { cells, links: (links.get(n.id) ?? []).map(reference) };
    });
  return {
    strategyName: strategy.name,
    planName: basePlan?.name ?? '',
    levelNames: strategy.levels.map((l) => l.name),
    rows,
  };
}

/** Links of a plan's nodes in both directions, for the tree API and the report. */
export interface NodeLinkView {
  nodeId: number;
  planId: number;
  planName: string;
  planKind: 'plan' | 'strategy';
  /** Dotted numbers within its plan ('1.2.3'). */
  path: string;
  /** 「基本目標 1 ＞ 1 観光・交流による稼ぐ力の強化」 */
  pathLabel: string;
  title: string;
}

/**
 * For every node of a plan, the nodes of other plans linked to it: a strategy node's plan measures, or a
 * plan measure's strategy nodes.
 * @example (await loadNodeLinks(db, planId)).get(nodeId)?.map((l) => l.pathLabel)
 */
export async function loadNodeLinks(db: Database, planId: number): Promise<Map<number, NodeLinkView[]>> {
  const own = await db.select({ id: planNode.id }).from(planNode).where(eq(planNode.planId, planId));
  const ownIds = own.map((n) => n.id);
  const result = new Map<number, NodeLinkView[]>();
  if (ownIds.length === 0) return result;
  const links = [
    ...(await db.select().from(planNodeLink).where(inArray(planNodeLink.fromNodeId, ownIds))),
    ...(await db.select().from(planNodeLink).where(inArray(planNodeLink.toNodeId, ownIds))),
  ];
  if (links.length === 0) return result;
  const ownSet = new Set(ownIds);
  const otherIds = [...new Set(links.map((l) => (ownSet.has(l.fromNodeId) ? l.toNodeId : l.fromNodeId)))];
  const others = await db
    .select({ node: planNode, plan })
    .from(planNode)
    .innerJoin(plan, eq(planNode.planId, plan.id))
    .where(inArray(planNode.id, otherIds));
  const otherPlanIds = [...new Set(others.map((o) => o.plan.id))];
  const ancestors = await db.select().from(planNode).where(inArray(planNode.planId, otherPlanIds));
  const byPlanPath = new Map(ancestors.map((n) => [`${n.planId}\u0000${n.path}`, n]));
  const views = new Map<number, NodeLinkView>();
  for (const { node, plan: p } of others) {
    const parts = node.path.split('.');
    const pathLabel = parts
      .map((_, i) => {
        const n = byPlanPath.get(`${p.id}\u0000${parts.slice(0, i + 1).join('.')}`);
        const level = p.levels[i] ?? { name: '', numbering: 'arabic' as const };
        if (!n) return '';
        const label = nodeLabel(level, n.number, { spaced: i === 0 });
        if (i < parts.length - 1) return label;
        return level.numbering === 'circled' ? `${label}${n.title}` : `${label} ${n.title}`;
      })
      .join(' ＞ ');
    views.set(node.id, {
      nodeId: node.id,
      planId: p.id,
      planName: p.name,
      planKind: p.kind,
      path: node.path,
      pathLabel,
      title: node.title,
    });
  }
  for (const link of links) {
    const mine = ownSet.has(link.fromNodeId) ? link.fromNodeId : link.toNodeId;
    const other = mine === link.fromNodeId ? link.toNodeId : link.fromNodeId;
    const view = views.get(other);
    if (!view) continue;
    const list = result.get(mine) ?? [];
    if (!list.some((v) => v.nodeId === view.nodeId)) list.push(view);
    result.set(mine, list);
  }
  const numbers = (path: string) => path.split('.').map(Number);
  const byPath = (a: NodeLinkView, b: NodeLinkView) => {
    const [x, y] = [numbers(a.path), numbers(b.path)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  for (const list of result.values()) list.sort((a, b) => a.planId - b.planId || byPath(a, b));
  return result;
}
