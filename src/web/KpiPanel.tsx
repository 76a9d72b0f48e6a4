/**
 * @module KPI panel
 * What the main pane shows of KPIs below the progress view: for a selected node (基本目標, 基本方針,
 * 施策) its 総合評価 per KPI set and its KPIs, and a KPI's page when one is opened; with nothing
 * selected, the achievement summary of every KPI set. Saving an actual refreshes the KPI and the list.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, type Plan, type PlanFiscalYear, type PlanNode } from './api.ts';
import { KpiDetail } from './KpiDetail.tsx';
import { KpiList } from './KpiList.tsx';
import { KpiSummary } from './KpiSummary.tsx';
import { fetchKpi, fetchNodeKpis, type KpiDetail as KpiDetailData } from './kpi-api.ts';
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
}

export function KpiSection({ plan, node, fiscalYear }: KpiSectionProps) {
  if (!fiscalYear) {
    return <EmptyNotice>年度が登録されていないため、指標の評価は表示できません。</EmptyNotice>;
  }
  if (!node) return <KpiSummary plan={plan} fiscalYear={fiscalYear} />;
  // A new node starts on its list, not on the KPI page opened for the previous one.
  return <KpiPanel key={node.id} plan={plan} node={node} fiscalYear={fiscalYear} />;
}

function KpiPanel({ plan, node, fiscalYear }: { plan: Plan; node: PlanNode; fiscalYear: PlanFiscalYear }) {
  const year = fiscalYear.fiscalYear;
  const [openId, setOpenId] = useState<number | null>(null);
  const [list, reloadList] = useLoad((signal) => fetchNodeKpis(node.id, year, signal), [node.id, year]);
  const [detail, reloadDetail] = useKpiDetail(openId, year);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<number | null>(null);
  const detailShown = detail.status === 'ready';
  useEffect(() => {
    if (detailShown) headingRef.current?.focus();
  }, [detailShown]);
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
            onBack={() => {
              returnTo.current = openId;
              setOpenId(null);
            }}
            onSaved={(result) => {
              reloadDetail(result.kpi);
              reloadList();
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
      ) : list.value.kpis.length === 0 ? (
        <EmptyNotice>
          {nodeName(node, plan.levels)}とその下位の項目には、指標が登録されていません。
        </EmptyNotice>
      ) : (
        <>
          <RollUpPanel levelName={list.value.levelName} rollUps={list.value.rollUps} />
          <KpiList kpis={list.value.kpis} nodeId={node.id} onOpen={setOpenId} />
        </>
      )}
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
