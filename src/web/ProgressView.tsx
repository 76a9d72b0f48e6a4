/**
 * @module Progress view
 * The main pane: for the selected 基本方針 (the plan's progress level) and fiscal year, its 施策,
 * 主な取組内容／実績 and 主な取組／今後の方向性. Above the progress level it lists the children to
 * pick from; below it (a 施策) it shows the record of the 基本方針 the measure belongs to.
 * `related` (e.g. 「総合戦略での位置づけ」 of the selected node) comes after what the node contains.
 */
import type { ReactNode } from 'react';
import { fetchProgress, type Plan, type PlanFiscalYear, type PlanNode } from './api.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { nodeName } from './tree.ts';
import { useLoad } from './useLoad.ts';

export const NO_RECORD_MESSAGE = 'この年度の進捗状況は登録されていません';

interface ProgressViewProps {
  plan: Plan;
  /** The selected node and its ancestors, from the root; null when nothing is selected. */
  path: PlanNode[] | null;
  fiscalYear: PlanFiscalYear | null;
  onSelect: (id: number) => void;
  /** About the selected node, shown after its contents (before the progress record). */
  related?: ReactNode;
}

export function ProgressView({ plan, path, fiscalYear, onSelect, related }: ProgressViewProps) {
  const selected = path?.at(-1);
  if (!path || !selected) {
    const progressLevelName = plan.levels[plan.progressLevel - 1]?.name ?? '項目';
    return (
      <>
        <h2 id="main-heading" tabIndex={-1}>
          進捗状況
        </h2>
        <EmptyNotice>
          左の施策体系から{progressLevelName}を選択すると、年度ごとの進捗状況を表示します。
        </EmptyNotice>
      </>
    );
  }

  const progressNode = path[plan.progressLevel - 1];
  if (!progressNode)
    return (
      <Overview
        plan={plan}
        node={selected}
        ancestors={path.slice(0, -1)}
        onSelect={onSelect}
        related={related}
      />
    );

  return (
    <PolicyProgress
      plan={plan}
      node={progressNode}
      ancestors={path.slice(0, plan.progressLevel - 1)}
      currentChildId={path[plan.progressLevel]?.id ?? null}
      fiscalYear={fiscalYear}
      related={related}
    />
  );
}

function Ancestors({ plan, ancestors }: { plan: Plan; ancestors: PlanNode[] }) {
  if (ancestors.length === 0) return null;
  return <p className="ancestors">{ancestors.map((node) => nodeName(node, plan.levels)).join(' ＞ ')}</p>;
}

/** A node above the progress level (基本目標): what it contains, to choose from. */
function Overview({
  plan,
  node,
  ancestors,
  onSelect,
  related,
}: {
  plan: Plan;
  node: PlanNode;
  ancestors: PlanNode[];
  onSelect: (id: number) => void;
  related: ReactNode;
}) {
  const childLevelName = plan.levels[node.level]?.name ?? '下位の項目';
  return (
    <>
      <Ancestors plan={plan} ancestors={ancestors} />
      <h2 id="main-heading" tabIndex={-1}>
        {nodeName(node, plan.levels)}
      </h2>
      <section className="card" aria-labelledby="children-heading">
        <h3 id="children-heading">{childLevelName}</h3>
        {node.children.length === 0 ? (
          <EmptyNotice>{childLevelName}は登録されていません</EmptyNotice>
        ) : (
          <ul className="link-list">
            {node.children.map((child) => (
              <li key={child.id}>
                <button type="button" className="link-button" onClick={() => onSelect(child.id)}>
                  {nodeName(child, plan.levels)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {related}
    </>
  );
}

/** A node at the progress level (基本方針): its measures and its record for the year. */
function PolicyProgress({
  plan,
  node,
  ancestors,
  currentChildId,
  fiscalYear,
  related,
}: {
  plan: Plan;
  node: PlanNode;
  ancestors: PlanNode[];
  currentChildId: number | null;
  fiscalYear: PlanFiscalYear | null;
  related: ReactNode;
}) {
  const year = fiscalYear?.fiscalYear ?? null;
  const [progress, reload] = useLoad(
    year === null ? null : (signal) => fetchProgress(node.id, year, signal),
    [node.id, year],
  );
  const childLevelName = plan.levels[node.level]?.name ?? '下位の項目';

  return (
    <>
      <Ancestors plan={plan} ancestors={ancestors} />
      <h2 id="main-heading" tabIndex={-1}>
        {nodeName(node, plan.levels)}
      </h2>

      {node.children.length > 0 && (
        <section className="card" aria-labelledby="measures-heading">
          <h3 id="measures-heading">{childLevelName}</h3>
          <ul className="measure-list">
            {node.children.map((child) => (
              <li key={child.id} aria-current={child.id === currentChildId ? 'true' : undefined}>
                {nodeName(child, plan.levels)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {related}

      {year === null ? (
        <EmptyNotice>{NO_RECORD_MESSAGE}</EmptyNotice>
      ) : progress.status === 'loading' ? (
        <Loading />
      ) : progress.status === 'error' ? (
        <ErrorNotice message={progress.message} onRetry={reload} />
      ) : progress.value === null ? (
        <EmptyNotice>
          {fiscalYear?.fiscalYearLabel}：{NO_RECORD_MESSAGE}
        </EmptyNotice>
      ) : (
        <>
          <section className="card" aria-labelledby="results-heading">
            <h3 id="results-heading">{progress.value.resultsHeading}</h3>
            <ItemList items={progress.value.results} />
          </section>
          <section className="card" aria-labelledby="directions-heading">
            <h3 id="directions-heading">{progress.value.directionsHeading}</h3>
            <ItemList items={progress.value.directions} />
          </section>
        </>
      )}
    </>
  );
}

function ItemList({ items }: { items: string[] }) {
  if (items.length === 0) return <EmptyNotice>記載はありません</EmptyNotice>;
  return (
    <ul className="item-list">
      {items.map((item, index) => (
        // The list is ordered data from the report; position is its identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: items may repeat and never reorder in place
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}
