/**
 * @module KPI list
 * The KPIs of the selected node and the nodes below it, one table per KPI set (指標の区分): 指標名,
 * 基準値, 目標値, 最新実績, 達成率, 評価 (badge with symbol and label), 見通し. Invented demo values are
 * marked 「架空のデモ値」. A KPI's name opens its page.
 */
import { type ReactNode, useId } from 'react';
import { GradeBadge } from './GradeBadge.tsx';
import type { KpiListItem } from './kpi-api.ts';
import { formatRate, formatValue, ILLUSTRATIVE_LABEL, NONE } from './kpi-format.ts';

interface KpiListProps {
  kpis: KpiListItem[];
  /** The selected node: KPIs hung on it need no node label (null: every KPI names its node). */
  nodeId: number | null;
  /** Put before each table's caption, e.g. 「総合戦略 KPI：」 for KPIs of another plan. */
  captionPrefix?: string;
  /** Whether the list explains 「架空のデモ値」 (once per page is enough). */
  demoNote?: boolean;
  onOpen: (kpiId: number) => void;
}

/** KPIs grouped by KPI set, keeping the server's order (set, node, position). */
function bySet(kpis: KpiListItem[]): Array<{ id: number; name: string; kpis: KpiListItem[] }> {
  const groups: Array<{ id: number; name: string; kpis: KpiListItem[] }> = [];
  for (const kpi of kpis) {
    const group = groups.find((g) => g.id === kpi.kpiSet.id);
    if (group) group.kpis.push(kpi);
    else groups.push({ id: kpi.kpiSet.id, name: kpi.kpiSet.name, kpis: [kpi] });
  }
  return groups;
}

export function DemoTag() {
  return <span className="demo-tag">{ILLUSTRATIVE_LABEL}</span>;
}

/** The note shown once above anything with invented values. */
export function DemoNote() {
  return (
    <p className="demo-note">
      <DemoTag /> と表示された指標の数値は、画面の説明用に作った架空の値です。実在の統計ではありません。
    </p>
  );
}

export function KpiList({ kpis, nodeId, captionPrefix, demoNote = true, onOpen }: KpiListProps) {
  return (
    <>
      {demoNote && kpis.some((k) => k.illustrative) && <DemoNote />}
      {bySet(kpis).map((set) => (
        <KpiSetTable
          key={set.id}
          name={`${captionPrefix ?? ''}${set.name}`}
          kpis={set.kpis}
          nodeId={nodeId}
          onOpen={onOpen}
        />
      ))}
    </>
  );
}

function KpiSetTable({
  name,
  kpis,
  nodeId,
  onOpen,
}: { name: string; kpis: KpiListItem[] } & Omit<KpiListProps, 'kpis' | 'captionPrefix' | 'demoNote'>) {
  const captionId = useId();
  return (
    // A focusable scroll container so keyboard users can scroll a table wider than the screen.
    <TableScroll labelledBy={captionId}>
      <table className="kpi-table">
        <caption id={captionId}>
          {name}の指標（{kpis.length}件）
        </caption>
        <thead>
          <tr>
            <th scope="col">指標名</th>
            <th scope="col">基準値</th>
            <th scope="col">目標値</th>
            <th scope="col">最新実績</th>
            <th scope="col" className="numeric">
              達成率
            </th>
            <th scope="col">評価</th>
            <th scope="col">見通し</th>
          </tr>
        </thead>
        <tbody>
          {kpis.map((kpi) => (
            <tr key={kpi.id} data-kpi-id={kpi.id}>
              <th scope="row" className="kpi-name">
                <button
                  type="button"
                  className="link-button"
                  data-kpi-link={kpi.id}
                  onClick={() => onOpen(kpi.id)}
                >
                  {kpi.name}
                </button>
                {kpi.illustrative && <DemoTag />}
                {kpi.node.id !== nodeId && (
                  <span className="kpi-node">
                    {kpi.node.label}
                    {kpi.node.label.length > 1 ? ' ' : ''}
                    {kpi.node.title}
                  </span>
                )}
              </th>
              <td>
                <ValueCell
                  value={kpi.baseline ? formatValue(kpi.baseline.value, kpi.unit) : null}
                  year={kpi.baseline?.fiscalYearLabel}
                />
              </td>
              <td>
                <ValueCell
                  value={
                    kpi.target ? formatValue(kpi.target.value, kpi.unit, kpi.target.comparatorLabel) : null
                  }
                  year={kpi.target?.fiscalYearLabel}
                />
              </td>
              <td>
                <ValueCell
                  value={kpi.latest ? formatValue(kpi.latest.value, kpi.unit) : null}
                  year={kpi.latest ? `${kpi.latest.fiscalYearLabel}・${kpi.latest.statusLabel}` : undefined}
                />
                {kpi.stale && <span className="stale-tag">評価年度の実績なし</span>}
              </td>
              <td className="numeric">{formatRate(kpi.rate)}</td>
              <td>
                <GradeBadge grade={kpi.grade} />
              </td>
              <td>{kpi.projection?.label ?? NONE}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ValueCell({ value, year }: { value: string | null; year: string | undefined }) {
  if (value === null) return <>{NONE}</>;
  return (
    <>
      <span className="value">{value}</span>
      {year && <span className="value-year">{year}</span>}
    </>
  );
}

/**
 * A table's scroll container, named by the table's caption. It takes focus so keyboard users can
 * scroll a table wider than the screen (axe: scrollable-region-focusable).
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}
