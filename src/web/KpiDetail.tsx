/**
 * @module KPI page
 * One KPI: its grade, rate, latest actual and projection for the selected fiscal year; the chart of its
 * course with the same numbers as a table; its definition, source and department; and the forms to enter
 * an actual and to set its 評価区分 (未着手, 休止・廃止, 評価困難) — for those who may write this KPI;
 * others read why not (閲覧のみ, another department's KPI). Whether the forms show is the server's
 * answer (`mayWrite`); the department named is the KPI's own or, without one, its plan node's. The
 * planning division also assigns its 担当課 here.
 */

import type { Ref } from 'react';
import { ActualForm, AdministrativeStatusForm } from './ActualForm.tsx';
import { CouncilComments } from './CouncilComments.tsx';
import { GradeBadge } from './GradeBadge.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { KpiChart, KpiChartTable } from './KpiChart.tsx';
import { KpiDepartmentForm } from './KpiDepartmentForm.tsx';
import { DemoNote, DemoTag } from './KpiList.tsx';
import type { KpiDetail as KpiDetailData } from './kpi-api.ts';
import { formatRate, formatValue, NONE } from './kpi-format.ts';
import { useSession } from './session-context.ts';
import { kpiWriteRefusal, responsibilityNote } from './write-access.ts';

interface KpiDetailProps {
  kpi: KpiDetailData;
  headingRef: Ref<HTMLHeadingElement>;
  onBack: () => void;
  /** An actual or the 評価区分 was saved: the KPI as the server evaluated it afterwards. */
  onSaved: (result: { kpi: KpiDetailData }) => void;
  onConflict: () => void;
  /** The KPI changed on the server (its 担当課): load it again. */
  onReload: () => void;
}

export function KpiDetail({ kpi, headingRef, onBack, onSaved, onConflict, onReload }: KpiDetailProps) {
  const headingId = `kpi-${kpi.id}-heading`;
  const { session, may } = useSession();
  const refusal = kpiWriteRefusal(session, kpi);
  return (
    <article className="kpi-detail" aria-labelledby={headingId}>
      <button type="button" className="link-button back-link" onClick={onBack}>
        ← 指標の一覧に戻る
      </button>
      <p className="kpi-meta">
        {kpi.kpiSet.name}の指標・{kpi.code}・{kpi.node.label}
        {kpi.node.label.length > 1 ? ' ' : ''}
        {kpi.node.title}
      </p>
      <h4 id={headingId} ref={headingRef} tabIndex={-1} className="kpi-title">
        {kpi.name}
        {kpi.illustrative && <DemoTag />}
      </h4>
      {kpi.illustrative && <DemoNote />}

      <dl className="kpi-facts">
        <div>
          <dt>評価（{kpi.fiscalYearLabel}）</dt>
          <dd>
            <GradeBadge grade={kpi.grade} />
          </dd>
        </div>
        <div>
          <dt>達成率</dt>
          <dd>{formatRate(kpi.rate)}</dd>
        </div>
        <div>
          <dt>最新実績</dt>
          <dd>
            {kpi.latest ? (
              <>
                {formatValue(kpi.latest.value, kpi.unit)}
                <span className="value-year">
                  {kpi.latest.fiscalYearLabel}・{kpi.latest.statusLabel}
                </span>
              </>
            ) : (
              NONE
            )}
          </dd>
        </div>
        <div>
          <dt>目標値</dt>
          <dd>
            {kpi.target ? (
              <>
                {formatValue(kpi.target.value, kpi.unit, kpi.target.comparatorLabel)}
                <span className="value-year">{kpi.target.fiscalYearLabel}</span>
              </>
            ) : (
              NONE
            )}
          </dd>
        </div>
        <div>
          <dt>見通し</dt>
          <dd>
            {kpi.projection ? (
              <>
                {kpi.projection.label}
                {kpi.projection.expectedValue !== null && (
                  <span className="value-year">
                    {kpi.projection.targetYearLabel}に{formatValue(kpi.projection.expectedValue, kpi.unit)}
                    の見込み
                  </span>
                )}
              </>
            ) : (
              NONE
            )}
          </dd>
        </div>
      </dl>
      {kpi.stale && kpi.latest && (
        <p className="field-hint">
          {kpi.fiscalYearLabel}の実績が未登録のため、{kpi.latest.fiscalYearLabel}の実績で評価しています。
        </p>
      )}

      <section className="kpi-subsection" aria-labelledby={`${headingId}-chart`}>
        <h5 id={`${headingId}-chart`}>推移</h5>
        <KpiChart kpi={kpi} />
        <KpiChartTable kpi={kpi} />
      </section>

      {refusal ? (
        <section className="kpi-subsection" aria-labelledby={`${headingId}-entry`}>
          <h5 id={`${headingId}-entry`}>実績値・評価区分の入力</h5>
          <p className="read-only-note">{refusal}</p>
        </section>
      ) : (
        <>
          <section className="kpi-subsection" aria-labelledby={`${headingId}-entry`}>
            <h5 id={`${headingId}-entry`}>実績値の入力</h5>
            <p className="field-hint">{responsibilityNote(kpi)}</p>
            <ActualForm kpi={kpi} evaluationYear={kpi.fiscalYear} onSaved={onSaved} onConflict={onConflict} />
          </section>

          <section className="kpi-subsection" aria-labelledby={`${headingId}-status`}>
            <h5 id={`${headingId}-status`}>評価区分の設定</h5>
            <AdministrativeStatusForm
              kpi={kpi}
              evaluationYear={kpi.fiscalYear}
              onSaved={onSaved}
              onConflict={onConflict}
            />
          </section>
        </>
      )}

      {may('manage-plan') && (
        <section className="kpi-subsection" aria-labelledby={`${headingId}-department`}>
          <h5 id={`${headingId}-department`}>担当課の割り当て</h5>
          <KpiDepartmentForm kpi={kpi} onAssigned={onReload} />
        </section>
      )}

      <section className="kpi-subsection" aria-labelledby={`${headingId}-definition`}>
        <h5 id={`${headingId}-definition`}>指標の定義</h5>
        <dl className="kpi-definition">
          <dt>定義</dt>
          <dd>{kpi.definition ?? '（未登録）'}</dd>
          <dt>出典</dt>
          <dd>{kpi.dataSource ?? '（未登録）'}</dd>
          <dt>担当課</dt>
          <dd>{departmentText(kpi)}</dd>
          <dt>方向</dt>
          <dd>{kpi.directionLabel}</dd>
          <dt>基準値</dt>
          <dd>
            {kpi.baseline
              ? `${formatValue(kpi.baseline.value, kpi.unit)}（${kpi.baseline.fiscalYearLabel}）`
              : '（未登録）'}
          </dd>
          {kpi.kindLabel && (
            <>
              <dt>指標の種類</dt>
              <dd>{kpi.kindLabel}</dd>
            </>
          )}
          {kpi.cumulative && (
            <>
              <dt>集計</dt>
              <dd>累計値</dd>
            </>
          )}
          {kpi.administrativeStatusLabel && (
            <>
              <dt>評価区分</dt>
              <dd>{kpi.administrativeStatusLabel}</dd>
            </>
          )}
          <dt>評価基準</dt>
          <dd>{kpi.scheme.label}</dd>
        </dl>
      </section>
      <CouncilComments subject={{ kpiId: kpi.id }} fiscalYear={kpi.fiscalYear} />
      <HistoryPanel subject={{ kpiId: kpi.id }} />
    </article>
  );
}

/** The responsible department, marked when it comes from the plan node; else the KPI's 担当課 text. */
function departmentText(kpi: KpiDetailData): string {
  const responsible = kpi.responsibleDepartment;
  if (!responsible) return kpi.department ?? '（未登録）';
  return kpi.departmentId === null ? `${responsible.name}（施策体系の項目の担当課）` : responsible.name;
}
