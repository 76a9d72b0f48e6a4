/**
 * @module Snapshot view
 * What the pages look up in a published snapshot: each 基本方針 with its address key (`1-2` for
 * 基本目標 1, 基本方針 2, from the plan's numbering), each KPI by its id with its set and printed
 * row, and the search over titles, KPI names and items. Pure: the snapshot in, plain values out.
 */
import type { ReportEvaluatedKpi, ReportKpiSet } from '../../../report/inputs.ts';
import type { KpiRow, PolicyPage } from '../../../report/model.ts';
import type { PublishedSnapshot } from '../../publication/snapshot.ts';
import { kpiIdOf } from '../../publication/snapshot.ts';

export interface PolicyEntry {
  /** Address key, e.g. '1-2'. */
  key: string;
  /** Dotted path in the plan, e.g. '1.2'. */
  path: string;
  page: PolicyPage;
}

export interface KpiEntry {
  id: number;
  entry: ReportEvaluatedKpi;
  set: ReportKpiSet;
  /** The row as the report prints it, when the report has one. */
  row: KpiRow | null;
}

interface DocNode {
  level: number;
  number: number;
  children: DocNode[];
}

/**
 * The 基本方針 (progress-level nodes) in report order with their keys: the same walk the report
 * builder makes, so the n-th key belongs to the n-th policy page.
 */
export function policiesOf(snapshot: PublishedSnapshot): PolicyEntry[] {
  const doc = snapshot.inputs.document;
  const progressLevel = doc.plan.progressLevel;
  const paths: string[] = [];
  const walk = (list: DocNode[], prefix: number[]) => {
    for (const node of list) {
      const numbers = [...prefix, node.number];
      if (node.level === progressLevel) paths.push(numbers.join('.'));
      else walk(node.children, numbers);
    }
  };
  walk(doc.nodes as unknown as DocNode[], []);
  return snapshot.model.policies.map((page, i) => {
    const path = paths[i] ?? String(i + 1);
    return { key: path.replaceAll('.', '-'), path, page };
  });
}

const rowKey = (row: Pick<KpiRow, 'code' | 'name' | 'nodeLabel'>) =>
  `${row.code}\u0000${row.name}\u0000${row.nodeLabel}`;

/** Every KPI of the snapshot, in set order, with its printed row (from the annex). */
export function kpisOf(snapshot: PublishedSnapshot): KpiEntry[] {
  const out: KpiEntry[] = [];
  snapshot.inputs.kpiSets.forEach((set, i) => {
    const rows = (snapshot.model.annex[i]?.groups ?? []).flatMap((g) => g.kpis);
    const used = new Set<KpiRow>();
    for (const entry of set.kpis) {
      const row =
        rows.find((r) => !used.has(r) && r.code === entry.kpi.code && r.name === entry.kpi.name) ?? null;
      if (row) used.add(row);
      out.push({ id: kpiIdOf(entry.kpi), entry, set, row });
    }
  });
  return out;
}

/** The KPI id of a printed row (policy pages list rows), or null when it cannot be told. */
export function kpiIdOfRow(kpis: KpiEntry[], row: KpiRow): number | null {
  const key = rowKey(row);
  return kpis.find((k) => k.row && rowKey(k.row) === key)?.id ?? null;
}

/** The policies a KPI appears on (its own node's, and those linked to a 総合戦略 KPI). */
export function policiesOfKpi(policies: PolicyEntry[], kpi: KpiEntry): PolicyEntry[] {
  if (!kpi.row) return [];
  const key = rowKey(kpi.row);
  return policies.filter((p) => p.page.kpis.some((r) => rowKey(r) === key));
}

/** The KPIs no policy page lists (a 総合戦略 KPI of a 基本目標, say); the pages' rows are read once. */
export function kpisOnNoPolicyPage(policies: PolicyEntry[], kpis: KpiEntry[]): KpiEntry[] {
  const listed = new Set(policies.flatMap((p) => p.page.kpis.map(rowKey)));
  return kpis.filter((k) => !k.row || !listed.has(rowKey(k.row)));
}

/** Search text as compared: NFKC (全角英数 = 半角), lower case, spaces collapsed. */
export const normaliseForSearch = (text: string) =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export interface SearchHit {
  kind: 'policy' | 'kpi';
  href: string;
  /** The page's title (policy or KPI). */
  title: string;
  /** Where it belongs, e.g. 基本目標 1 ＞ 基本方針1. */
  context: string;
  /** The texts that matched, with what they are (施策, 主な取組内容／実績, …). */
  matches: Array<{ what: string; text: string }>;
}

/** The maximum length of a search query (longer ones are cut). */
export const MAX_QUERY = 100;

/**
 * Case-insensitive, NFKC-normalised substring search over policy and measure titles, KPI names and
 * the result and direction items. Words separated by spaces (half- or full-width) must all appear in
 * one text, as a search box is commonly used: 「観光 客数」 finds 「観光客数」.
 */
export function searchSnapshot(
  snapshot: PublishedSnapshot,
  query: string,
  hrefs: { policy: (key: string) => string; kpi: (id: number) => string },
): SearchHit[] {
  const words = normaliseForSearch(query).split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [];
  const hit = (text: string) => {
    const normalised = normaliseForSearch(text);
    return words.every((word) => normalised.includes(word));
  };
  const out: SearchHit[] = [];
  for (const { key, page } of policiesOf(snapshot)) {
    const matches: SearchHit['matches'] = [];
    if (hit(page.policyTitle)) matches.push({ what: '基本方針', text: page.policyTitle });
    for (const m of page.measures) {
      if (hit(m.title)) matches.push({ what: '施策', text: `${m.label} ${m.title}` });
    }
    for (const r of page.results) if (hit(r)) matches.push({ what: '主な取組内容／実績', text: r });
    for (const d of page.directions) if (hit(d)) matches.push({ what: '今後の方向性', text: d });
    if (matches.length > 0) {
      out.push({
        kind: 'policy',
        href: hrefs.policy(key),
        title: `${page.policyLabel} ${page.policyTitle}`,
        context: `${page.goalLabel} ${page.goalTitle}`,
        matches,
      });
    }
  }
  for (const k of kpisOf(snapshot)) {
    const { kpi } = k.entry;
    if (hit(kpi.definition === undefined ? kpi.name : `${kpi.name}\n${kpi.definition}`)) {
      out.push({
        kind: 'kpi',
        href: hrefs.kpi(k.id),
        title: kpi.name,
        context: `${k.set.set.name}の指標${k.row ? `（${k.row.nodeLabel}）` : ''}`,
        matches: [{ what: '指標名', text: kpi.name }],
      });
    }
  }
  return out;
}
