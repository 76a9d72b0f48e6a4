/**
 * @module Progress view
 * The main pane: for the selected 基本方針 (the plan's progress level) and fiscal year, its 施策,
 * 主な取組内容／実績 and 主な取組／今後の方向性, with the directions written the year before beside the
 * results (PDCA: 前年度の方向性 → 今年度の実績). Those who may write the policy (the server says, per
 * node: 企画, or the 担当課 it belongs to) get the editor — also for a year with nothing saved yet;
 * readers get the texts or 「登録されていません」. Above the progress level it lists the children to
 * pick from; below it (a 施策) it shows the record of the 基本方針 the measure belongs to.
 * `related` (e.g. 「総合戦略での位置づけ」 of the selected node) comes after what the node contains;
 * the council's comments and the history close the policy view, and the planning division gets
 * 「施策体系を編集」 for the selected node.
 */
import { type ReactNode, useState } from 'react';
import type { Plan, PlanFiscalYear, PlanNode } from './api.ts';
import { CouncilComments } from './CouncilComments.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { PlanEditor } from './PlanEditor.tsx';
import { ProgressEditor, SimpleList } from './ProgressEditor.tsx';
import { fetchProgressTexts, type ProgressTexts } from './progress-api.ts';
import { useSession } from './session-context.ts';
import { nodeName } from './tree.ts';
import { useLoad } from './useLoad.ts';
import './progress.css';

export const NO_RECORD_MESSAGE = 'この年度の進捗状況は登録されていません';

interface ProgressViewProps {
  plan: Plan;
  /** The selected node and its ancestors, from the root; null when nothing is selected. */
  path: PlanNode[] | null;
  fiscalYear: PlanFiscalYear | null;
  onSelect: (id: number) => void;
  /** About the selected node, shown after its contents (before the progress record). */
  related?: ReactNode;
  /** Loads the plan tree again after the planning division changed it (施策体系を編集). */
  onPlanChanged?: () => void;
}

export function ProgressView(props: ProgressViewProps) {
  const { may } = useSession();
  const selected = props.path?.at(-1);
  return (
    <>
      <ProgressContent {...props} />
      {selected && may('manage-plan') && (
        <PlanEditor plan={props.plan} node={selected} onPlanChanged={props.onPlanChanged} />
      )}
    </>
  );
}

function ProgressContent({ plan, path, fiscalYear, onSelect, related }: ProgressViewProps) {
  const selected = path?.at(-1);
  if (!path || !selected) {
    const progressLevelName = plan.levels[plan.progressLevel - 1]?.name ?? '項目';
    return (
      <>
        <h2 id="main-heading" tabIndex={-1}>
          進捗状況
        </h2>
        <EmptyNotice>
          施策体系から{progressLevelName}を選択すると、年度ごとの進捗状況を表示します。
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

/** The node's name as the heading says it, with 「廃止」 when it was retired. */
function NodeHeading({ plan, node }: { plan: Plan; node: PlanNode }) {
  return (
    <h2 id="main-heading" tabIndex={-1}>
      {nodeName(node, plan.levels)}
      {node.retired && <span className="retired-mark">廃止</span>}
    </h2>
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
      <NodeHeading plan={plan} node={node} />
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
                {child.retired && <span className="retired-mark">廃止</span>}
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
  const [texts, reload] = useLoad(
    year === null ? null : (signal) => fetchProgressTexts(node.id, year, signal),
    [node.id, year],
  );
  const childLevelName = plan.levels[node.level]?.name ?? '下位の項目';

  return (
    <>
      <Ancestors plan={plan} ancestors={ancestors} />
      <NodeHeading plan={plan} node={node} />

      {node.children.length > 0 && (
        <section className="card" aria-labelledby="measures-heading">
          <h3 id="measures-heading">{childLevelName}</h3>
          <ul className="measure-list">
            {node.children.map((child) => (
              <li key={child.id} aria-current={child.id === currentChildId ? 'true' : undefined}>
                {nodeName(child, plan.levels)}
                {child.retired && <span className="retired-mark">廃止</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {related}

      {year === null ? (
        <EmptyNotice>{NO_RECORD_MESSAGE}</EmptyNotice>
      ) : texts.status === 'loading' ? (
        <Loading />
      ) : texts.status === 'error' ? (
        <ErrorNotice message={texts.message} onRetry={reload} />
      ) : (
        // A new node or year starts from what the server says, not from the previous one's draft.
        <PolicyTexts key={`${node.id}-${year}`} texts={texts.value} />
      )}

      {year !== null && <CouncilComments subject={{ nodeId: node.id }} fiscalYear={year} />}
      <HistoryPanel subject={{ nodeId: node.id }} />
    </>
  );
}

/** 前年度（令和4年度）に示した方向性: what the year before promised, read beside this year's results. */
function PreviousDirections({ texts }: { texts: ProgressTexts }) {
  const previous = texts.previous;
  return (
    <section className="card previous-directions" aria-labelledby="previous-directions-heading">
      <h3 id="previous-directions-heading">
        {previous ? `前年度（${previous.fiscalYearLabel}）に示した方向性` : '前年度に示した方向性'}
      </h3>
      {previous ? (
        <>
          <p className="field-hint">{previous.directionsHeading}（前年度の報告から）</p>
          <SimpleList items={previous.directions} />
        </>
      ) : (
        <p className="field-hint">前年度の進捗状況は登録されていません。</p>
      )}
    </section>
  );
}

/** The year's texts: the editor for those who may write, else the texts (or why there are none). */
function PolicyTexts({ texts: loaded }: { texts: ProgressTexts }) {
  const { may } = useSession();
  const [texts, setTexts] = useState(loaded);
  const previous = <PreviousDirections texts={texts} />;
  if (texts.mayWrite) {
    return (
      <>
        {texts.record === null && (
          <p className="notice notice-empty">
            {texts.fiscalYearLabel}の進捗状況はまだ登録されていません。下の欄に入力して保存してください。
          </p>
        )}
        <ProgressEditor texts={texts} besideResults={previous} onSaved={setTexts} />
      </>
    );
  }
  // Why this person cannot write, for those whose role writes at all (a reader needs no reason).
  const refusal = may('write-data') && texts.writeRefusal && (
    <p className="notice notice-empty">{texts.writeRefusal}</p>
  );
  if (texts.record === null) {
    return (
      <>
        <div className="pdca">
          {previous}
          <EmptyNotice>
            {texts.fiscalYearLabel}：{NO_RECORD_MESSAGE}
          </EmptyNotice>
        </div>
        {refusal}
      </>
    );
  }
  return (
    <>
      <div className="pdca">
        {previous}
        <section className="card" aria-labelledby="results-heading">
          <h3 id="results-heading">{texts.resultsHeading}</h3>
          <ItemList items={texts.record.results} />
        </section>
      </div>
      <section className="card" aria-labelledby="directions-heading">
        <h3 id="directions-heading">{texts.directionsHeading}</h3>
        <ItemList items={texts.record.directions} />
      </section>
      {refusal}
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
