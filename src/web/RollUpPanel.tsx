/**
 * @module 総合評価 of a node
 * 「この基本方針の総合評価」: one grade per KPI set rolled up from the KPIs on the selected node and
 * below it by the set's evaluation scheme (平均点方式, 最低評価方式 or 達成割合方式), shown as the
 * grade badge (symbol and label, never colour alone) with what it was computed from
 * (「指標4件の平均点方式」). Sets without any KPI here are left out.
 */
import { useId } from 'react';
import { GradeBadge } from './GradeBadge.tsx';
import type { NodeKpis } from './kpi-api.ts';

export function RollUpPanel({ levelName, rollUps }: Pick<NodeKpis, 'levelName' | 'rollUps'>) {
  const headingId = useId();
  const shown = rollUps.filter((r) => r.rollUp.counted + r.rollUp.excluded > 0);
  if (shown.length === 0) return null;
  return (
    <section className="rollup" aria-labelledby={headingId}>
      <h4 id={headingId}>この{levelName || '項目'}の総合評価</h4>
      <dl className="rollup-list">
        {shown.map(({ kpiSet, rollUp }) => (
          <div key={kpiSet.id} className="rollup-item" data-rollup-set={kpiSet.name}>
            <dt>{kpiSet.name}</dt>
            <dd>
              <GradeBadge grade={rollUp.grade} />
              <span className="rollup-basis">{rollUp.basisLabel}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
