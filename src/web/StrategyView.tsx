/**
 * @module Strategy view
 * The main pane for a 総合戦略 (comprehensive strategy): it has its own 基本目標 and 施策 but no
 * progress records (進捗状況), so a selected node shows its place, what it contains and
 * 「関連する総合計画の施策」 — the plan measures it is linked to, each leading to that measure.
 */
import type { NodeLink, Plan, PlanNode } from './api.ts';
import { LinkedNodes } from './LinkedNodes.tsx';
import { EmptyNotice } from './Notice.tsx';
import { nodeName } from './tree.ts';

export const PLAN_LINKS_HEADING = '関連する総合計画の施策';

interface StrategyViewProps {
  strategy: Plan;
  /** The 総合計画 the strategy belongs to, when listed. */
  linkedPlan: Plan | null;
  /** The selected node and its ancestors, from the root; null when nothing is selected. */
  path: PlanNode[] | null;
  fiscalYear: number | null;
  onSelect: (id: number) => void;
  onNavigate: (link: NodeLink) => void;
}

export function StrategyView({
  strategy,
  linkedPlan,
  path,
  fiscalYear,
  onSelect,
  onNavigate,
}: StrategyViewProps) {
  const selected = path?.at(-1);
  if (!path || !selected) {
    const levelNames = strategy.levels.map((level) => level.name).join('・');
    return (
      <>
        <h2 id="main-heading" tabIndex={-1}>
          {strategy.name}
        </h2>
        {linkedPlan && (
          <p className="plan-kind-note">
            総合戦略です。各施策は「{linkedPlan.name}」の施策に関連づけられています。
          </p>
        )}
        {/* The structure as the import reads it: edit in Excel, then `hoshin import strategy`. */}
        <p className="kpi-template">
          <a href={`/api/plans/${strategy.id}/strategy-table?format=xlsx`} download>
            総合戦略の構成表（関連する施策つき、Excel）をダウンロード
          </a>
        </p>
        <EmptyNotice>
          施策体系から{levelNames || '項目'}を選択すると、関連する総合計画の施策と指標を表示します。
        </EmptyNotice>
      </>
    );
  }

  const ancestors = path.slice(0, -1);
  const childLevelName = strategy.levels[selected.level]?.name ?? '下位の項目';
  const planLinks = selected.links.filter((link) => link.planKind === 'plan');
  const hasChildren = selected.children.length > 0;
  return (
    <>
      {ancestors.length > 0 && (
        <p className="ancestors">{ancestors.map((node) => nodeName(node, strategy.levels)).join(' ＞ ')}</p>
      )}
      <h2 id="main-heading" tabIndex={-1}>
        {nodeName(selected, strategy.levels)}
      </h2>
      {hasChildren && (
        <section className="card" aria-labelledby="children-heading">
          <h3 id="children-heading">{childLevelName}</h3>
          <ul className="link-list">
            {selected.children.map((child) => (
              <li key={child.id}>
                <button type="button" className="link-button" onClick={() => onSelect(child.id)}>
                  {nodeName(child, strategy.levels)}
                  {child.links.length > 0 && `（関連する総合計画の施策 ${child.links.length}件）`}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(planLinks.length > 0 || !hasChildren) && (
        <LinkedNodes
          heading={PLAN_LINKS_HEADING}
          intro={
            linkedPlan
              ? `この${selected.levelName || '項目'}は「${linkedPlan.name}」の次の施策に関連づけられています。`
              : undefined
          }
          links={planLinks}
          empty="関連する総合計画の施策は登録されていません。"
          fiscalYear={fiscalYear}
          onNavigate={onNavigate}
        />
      )}
    </>
  );
}
