/**
 * @module KPI panel
 * What the main pane shows of KPIs below the progress view: for a selected node (基本目標, 基本方針,
 * 施策) its 総合評価 per KPI set and its KPIs — with the 総合戦略 KPIs linked into it, which the
 * report prints on the policy's page too —, and a KPI's page when one is opened (the open KPI is in
 * the address, `?kpi=`, so Back returns to the list); with nothing selected, the achievement summary
 * of every KPI set. Saving an actual refreshes the KPI and the list.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, type Plan, type PlanFiscalYear, type PlanNode } from './api.ts';
import { KpiDetail } from './KpiDetail.tsx';
import { KpiList } from './KpiList.tsx';
import { KpiSummary } from './KpiSummary.tsx';
import { fetchKpi, fetchNodeKpis, type KpiDetail as KpiDetailData, type NodeKpis } from './kpi-api.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { RollUpPanel } from './RollUpPanel.tsx';
import { nodeName } from './tree.ts';
import { type Loadable, useLoad } from './useLoad.ts';
import './kpi.css';

interface KpiSectionProps {
  plan: Plan;
  /** The selected node, or null for the plan as a whole. */
  node: PlanNode | null;
  fiscalYear: PlanFiscalYear | null;
  /** The KPI whose page is open (from the address), or null for the list. */
  openKpiId: number | null;
  /** Opens a KPI's page, or (null) goes back to the list. */
  onOpenKpi: (kpiId: number | null) => void;
  /** An actual was saved: the years with data may have grown. */
  onActualSaved?: () => void;
}

export function KpiSection({ plan, node, fiscalYear, ...open }: KpiSectionProps) {
  if (!fiscalYear) {
    return <EmptyNotice>年度が登録されていないため、指標の評価は表示できません。</EmptyNotice>;
  }
  if (!node) return <KpiSummary plan={plan} fiscalYear={fiscalYear} />;
  // A new node starts with its own state, not the previous node's.
  return <KpiPanel key={node.id} plan={plan} node={node} fiscalYear={fiscalYear} {...open} />;
}

function KpiPanel({
  plan,
  node,
  fiscalYear,
  openKpiId: openId,
  onOpenKpi,
  onActualSaved,
}: Omit<KpiSectionProps, 'node' | 'fiscalYear'> & { node: PlanNode; fiscalYear: PlanFiscalYear }) {
  const year = fiscalYear.fiscalYear;
  const [list, reloadList] = useLoad((signal) => fetchNodeKpis(node.id, year, signal), [node.id, year]);
  const [detail, reloadDetail] = useKpiDetail(openId, year);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<number | null>(null);
  const detailShown = detail.status === 'ready';
  useEffect(() => {
    if (detailShown) headingRef.current?.focus();
  }, [detailShown]);
  // Leaving a KPI's page (its back button, or the browser's), focus returns to its link in the list.
  const lastOpen = useRef(openId);
  useEffect(() => {
    if (lastOpen.current !== null && openId === null) returnTo.current = lastOpen.current;
    lastOpen.current = openId;
  }, [openId]);
  // Back on the list, focus returns to the KPI that was open.
  useEffect(() => {
    if (openId !== null || returnTo.current === null || list.status !== 'ready') return;
    document.querySelector<HTMLButtonElement>(`[data-kpi-link="${returnTo.current}"]`)?.focus();
    returnTo.current = null;
  }, [openId, list.status]);

  const headingId = `kpis-of-${node.id}`;
  return (
    <section className="card kpi-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        指標（KPI）の評価<span className="heading-note">{fiscalYear.fiscalYearLabel}</span>
      </h3>
      {openId !== null ? (
        detail.status === 'error' ? (
          <ErrorNotice message={detail.message} onRetry={reloadDetail} />
        ) : detail.status === 'loading' ? (
          <Loading />
        ) : (
          <KpiDetail
            kpi={detail.value}
            headingRef={headingRef}
            onBack={() => onOpenKpi(null)}
            onSaved={(result) => {
              reloadDetail(result.kpi);
              reloadList();
              onActualSaved?.();
            }}
            onConflict={() => {
              reloadDetail();
              reloadList();
            }}
            onReload={() => {
              reloadDetail();
              reloadList();
            }}
          />
        )
      ) : list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorNotice message={list.message} onRetry={reloadList} />
      ) : list.value.kpis.length === 0 && list.value.strategyKpis.length === 0 ? (
        <EmptyNotice>
          {nodeName(node, plan.levels)}とその下位の項目には、指標が登録されていません。
        </EmptyNotice>
      ) : (
        <>
          <RollUpPanel
            levelName={list.value.levelName}
            rollUps={[...list.value.rollUps, ...list.value.strategyKpis]}
          />
          <KpiList kpis={list.value.kpis} nodeId={node.id} onOpen={onOpenKpi} />
          {list.value.strategyKpis.length > 0 && (
            <StrategyKpis
              groups={list.value.strategyKpis}
              nodeLabel={nodeName(node, plan.levels)}
              demoNoteShown={list.value.kpis.some((k) => k.illustrative)}
              onOpen={onOpenKpi}
            />
          )}
        </>
      )}
    </section>
  );
}

/**
 * 総合戦略 KPI: the strategy KPIs linked into the node, one table per strategy KPI set, as the report
 * prints them on the policy's page.
 */
function StrategyKpis({
  groups,
  nodeLabel,
  demoNoteShown,
  onOpen,
}: {
  groups: NodeKpis['strategyKpis'];
  nodeLabel: string;
  demoNoteShown: boolean;
  onOpen: (kpiId: number) => void;
}) {
  const headingId = useId();
  // The strategy's name only when the node links into more than one 総合戦略.
  const manyPlans = new Set(groups.map((g) => g.plan.id)).size > 1;
  return (
    <section className="strategy-kpis" aria-labelledby={headingId}>
      <h4 id={headingId}>総合戦略 KPI</h4>
      <p className="strategy-kpis-intro">
        {nodeLabel}に関連づけられた総合戦略の施策の指標です（報告書にも載ります）。
      </p>
      {groups.map((group) => (
        <KpiList
          key={`${group.plan.id}:${group.kpiSet.id}`}
          kpis={group.kpis}
          nodeId={null}
          captionPrefix={manyPlans ? `総合戦略 KPI（${group.plan.name}）：` : '総合戦略 KPI：'}
          demoNote={!demoNoteShown}
          onOpen={onOpen}
        />
      ))}
    </section>
  );
}

/**
 * The open KPI, loaded for the fiscal year. Unlike {@link useLoad}, a reload keeps the KPI on screen
 * until the new one arrives, so the entry form (and its message) stays where it is; a save passes the
 * re-evaluated KPI it got back, which is shown at once.
 */
function useKpiDetail(
  kpiId: number | null,
  year: number,
): [Loadable<KpiDetailData>, (known?: KpiDetailData) => void] {
  // Each state remembers which KPI and year it is for; another one reads as still loading.
  const key = `${kpiId}:${year}`;
  const [state, setState] = useState<{ key: string; loadable: Loadable<KpiDetailData> }>({
    key: '',
    loadable: { status: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for a reload
  useEffect(() => {
    if (kpiId === null) return;
    const controller = new AbortController();
    const forKey = `${kpiId}:${year}`;
    fetchKpi(kpiId, year, controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ key: forKey, loadable: { status: 'ready', value } });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof ApiError ? error.message : 'データを読み込めませんでした。';
        setState({ key: forKey, loadable: { status: 'error', message } });
      },
    );
    return () => controller.abort();
  }, [kpiId, year, attempt]);

  const reload = (known?: KpiDetailData) => {
    if (known)
      setState({ key: `${known.id}:${known.fiscalYear}`, loadable: { status: 'ready', value: known } });
    else setAttempt((n) => n + 1);
  };
  return [state.key === key ? state.loadable : { status: 'loading' }, reload];
}
