/**
 * @module App
 * The signed-in app. Screens, chosen in the header: 進捗状況 — the plan tree beside (on a phone:
 * above) the progress of the selected 基本方針 —, 報告書を作成, and for the roles that may, 担当課
 * (企画) and ユーザー管理 (管理者). The header also names who is signed in, with 「ログアウト」.
 * A 総合戦略 (kind 'strategy') has no progress records: its main pane shows the linked plan
 * measures instead (StrategyView), and a plan measure shows the strategy measures linked to it;
 * either link switches plan and node.
 * Every view has its own address (selection.ts): screen, plan, node, fiscal year and open KPI. A
 * choice that changes what is shown pushes a history entry, and Back and Forward restore it, so the
 * app behaves like web pages; the address is only replaced to spell out what was shown by default.
 * A move away from a form with unsaved input asks first (unsaved-changes.ts).
 * Data comes from the JSON API (api.ts).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Permission } from '../features/auth/roles.ts';
import { AccountBar } from './AccountBar.tsx';
import { fetchPlans, fetchPlanTree, type NodeLink, type Plan, type PlanNode } from './api.ts';
import { CouncilScreen } from './CouncilScreen.tsx';
import { CycleScreen } from './CycleScreen.tsx';
import { DepartmentsScreen } from './DepartmentsScreen.tsx';
import { KpiSection } from './KpiPanel.tsx';
import { LinkedNodes } from './LinkedNodes.tsx';
import { ErrorNotice, Loading } from './Notice.tsx';
import { PlanTree } from './PlanTree.tsx';
import { ProgressView } from './ProgressView.tsx';
import { PublicationScreen } from './PublicationScreen.tsx';
import { ReportScreen } from './ReportScreen.tsx';
import { StrategyView } from './StrategyView.tsx';
import { type Address, readAddress, selectionSearch } from './selection.ts';
import { useSession } from './session-context.ts';
import { nodeName, pathTo } from './tree.ts';
import { UploadScreen } from './UploadScreen.tsx';
import { UsersScreen } from './UsersScreen.tsx';
import { confirmLeave } from './unsaved-changes.ts';
import { type Loadable, useLoad } from './useLoad.ts';

const STRATEGY_LINKS_HEADING = '総合戦略での位置づけ';

const KIND_GROUPS = [
  { kind: 'plan', label: '総合計画' },
  { kind: 'strategy', label: '総合戦略' },
] as const;

/** The screens of the header's navigation, and the permission each needs beyond reading. */
const SCREENS = [
  { view: 'progress', label: '進捗状況' },
  { view: 'report', label: '報告書を作成' },
  { view: 'cycle', label: '進捗調査' },
  { view: 'upload', label: 'ファイル取込', needs: 'write-data' },
  { view: 'council', label: '審議会' },
  { view: 'publication', label: '公開' },
  { view: 'departments', label: '担当課', needs: 'manage-plan' },
  { view: 'users', label: 'ユーザー管理', needs: 'manage-users' },
] as const satisfies ReadonlyArray<{ view: string; label: string; needs?: Permission }>;
type View = (typeof SCREENS)[number]['view'];

const strategyMarker = {
  text: '戦略',
  description: '総合戦略の施策に関連づけられています',
  applies: (node: PlanNode) => node.links.some((link) => link.planKind === 'strategy'),
};

/**
 * The plans, reloaded quietly: while a reload runs the last list stays on screen, so a year just
 * opened or given its first actual joins the year list without the page going blank.
 */
function usePlans(): [Loadable<Plan[]>, () => void] {
  const [plans, reload] = useLoad(fetchPlans, []);
  const last = useRef<Plan[] | null>(null);
  if (plans.status === 'ready') last.current = plans.value;
  const shown: Loadable<Plan[]> =
    plans.status === 'ready' || last.current === null ? plans : { status: 'ready', value: last.current };
  return [shown, reload];
}

/** The address of the page as the app reads it. */
const currentAddress = () => readAddress(window.location.search);

export function App() {
  const { may } = useSession();
  const screens = SCREENS.filter((screen) => !('needs' in screen) || may(screen.needs));
  const [plans, reloadPlans] = usePlans();
  // What is shown is what the address says; Back and Forward change the address, then the view.
  const [address, setAddress] = useState<Address>(currentAddress);
  const { planId, nodeId, fiscalYear: year, kpiId } = address;
  // The address of what is on screen, to go back to when Back or Forward is cancelled.
  const onScreen = useRef(window.location.search);
  useEffect(() => {
    const restore = () => {
      // The address has already changed: a move the person cancels (unsaved input) puts it back.
      if (!confirmLeave()) {
        window.history.pushState(null, '', `${window.location.pathname}${onScreen.current}`);
        return;
      }
      setAddress(currentAddress());
    };
    window.addEventListener('popstate', restore);
    return () => window.removeEventListener('popstate', restore);
  }, []);
  // A screen the role may not open is 進捗状況.
  const view: View = screens.find((screen) => screen.view === address.view)?.view ?? 'progress';

  // Without a (valid) choice, the first 総合計画 is shown.
  const plan: Plan | undefined =
    plans.status === 'ready'
      ? (plans.value.find((p) => p.id === planId) ??
        plans.value.find((p) => p.kind === 'plan') ??
        plans.value[0])
      : undefined;
  const isStrategy = plan?.kind === 'strategy';
  // The plan a strategy belongs to: its council report is the one the strategy's KPIs join.
  const linkedPlan =
    plans.status === 'ready' && plan?.linkedPlanId != null
      ? (plans.value.find((p) => p.id === plan.linkedPlanId) ?? null)
      : null;
  const reportPlan = isStrategy && linkedPlan ? linkedPlan : plan;
  const [tree, reloadTree] = useLoad(plan ? (signal) => fetchPlanTree(plan.id, signal) : null, [plan?.id]);
  const fiscalYear = plan
    ? (plan.fiscalYears.find((y) => y.fiscalYear === year) ?? plan.fiscalYears.at(-1) ?? null)
    : null;
  const reportYear = reportPlan
    ? (reportPlan.reportYears.find((y) => y.fiscalYear === year) ?? reportPlan.reportYears.at(-1) ?? null)
    : null;
  // Until another plan's tree arrives, the last one is no guide to which node is selected.
  const treeReady = tree.status === 'ready' && tree.value.planId === plan?.id;
  const path = treeReady && nodeId !== null ? pathTo(tree.value.nodes, nodeId) : null;
  const selectedNode = path?.at(-1) ?? null;
  const selectedId = selectedNode?.id ?? null;
  // The report and the council look at a year with a report; the other screens at any year with data.
  const shownYear = view === 'report' || view === 'council' ? reportYear : fiscalYear;

  // What is shown, spelled out: the defaults (first plan, latest year) made explicit, a node that is
  // not in the plan dropped, a KPI only under a node of 進捗状況.
  const shown: Address | null =
    plan && treeReady
      ? {
          planId: plan.id,
          nodeId: selectedId,
          fiscalYear: shownYear?.fiscalYear ?? null,
          kpiId: view === 'progress' && selectedId !== null ? kpiId : null,
          view: view === 'progress' ? null : view,
        }
      : null;
  const shownSearch = shown ? selectionSearch(shown) : null;

  // The address says what is shown: replaced (not pushed) when only the defaults were spelled out,
  // so Back does not stop on the same view twice.
  useEffect(() => {
    if (shownSearch === null || shownSearch === window.location.search) return;
    window.history.replaceState(null, '', `${window.location.pathname}${shownSearch}`);
  }, [shownSearch]);
  useEffect(() => {
    onScreen.current = window.location.search;
  });

  /** Shows another view: a new history entry, so Back returns to this one. */
  const navigate = useCallback(
    (change: Partial<Address>) => {
      // Unsaved input (取組・方向性, an actual) is not dropped without asking.
      if (!confirmLeave()) return;
      const base: Address = shown ?? { ...address, view: view === 'progress' ? null : view };
      const next: Address = { ...base, ...change };
      const search = selectionSearch(next);
      if (search !== window.location.search) {
        window.history.pushState(null, '', `${window.location.pathname}${search}`);
      }
      setAddress(next);
      // A plan list that grew since (a cycle opened, a first actual entered) is read again.
      if (change.view !== undefined && change.view !== base.view) reloadPlans();
    },
    [shown, address, view, reloadPlans],
  );

  // A choice made in the main pane replaces the content under the focus: move focus to the new heading.
  const focusHeading = useRef(false);
  useEffect(() => {
    if (!focusHeading.current || selectedId === null) return;
    focusHeading.current = false;
    document.getElementById('main-heading')?.focus();
  }, [selectedId]);

  const yearSelectId = useId();
  const planSelectId = useId();

  // A linked node of another plan (総合戦略 ⇔ 総合計画): show that plan with the node selected.
  const navigateTo = (link: NodeLink) => {
    focusHeading.current = true;
    navigate({ planId: link.planId, nodeId: link.nodeId, kpiId: null });
  };
  const selectInMain = (id: number) => {
    focusHeading.current = true;
    navigate({ nodeId: id, kpiId: null });
  };
  const selectInTree = (id: number) => {
    if (id !== selectedId || kpiId !== null) navigate({ nodeId: id, kpiId: null });
  };
  const strategyLinks = selectedNode?.links.filter((link) => link.planKind === 'strategy') ?? [];
  const planOptions = (list: Plan[]) =>
    list.map((p) => (
      <option key={p.id} value={p.id}>
        {p.name}
      </option>
    ));

  return (
    <>
      <a className="skip-link" href="#main">
        本文へ移動
      </a>
      <header className="site-header">
        <div className="brand">
          <p className="app-name">
            <span lang="en">Hoshin</span> 方針<span className="app-subtitle">総合計画 進行管理</span>
          </p>
          <h1>
            {plan ? (
              <>
                <span className="municipality">{plan.municipality.name}</span>
                <span className="plan-name">{plan.name}</span>
              </>
            ) : (
              '総合計画 進行管理'
            )}
          </h1>
        </div>
        <nav className="screen-nav" aria-label="画面">
          {screens.map((screen) => (
            <button
              key={screen.view}
              type="button"
              aria-current={view === screen.view ? 'page' : undefined}
              onClick={() => {
                if (screen.view !== view) navigate({ view: screen.view === 'progress' ? null : screen.view });
              }}
            >
              {screen.label}
            </button>
          ))}
        </nav>
        {plan && (view === 'progress' || view === 'report') && (
          <div className="toolbar">
            {plans.status === 'ready' && plans.value.length > 1 && (
              <div className="field">
                <label htmlFor={planSelectId}>計画</label>
                <select
                  id={planSelectId}
                  value={plan.id}
                  onChange={(event) =>
                    navigate({ planId: Number(event.target.value), nodeId: null, kpiId: null })
                  }
                >
                  {plans.value.every((p) => p.kind === 'plan')
                    ? planOptions(plans.value)
                    : KIND_GROUPS.map(({ kind, label }) => {
                        const group = plans.value.filter((p) => p.kind === kind);
                        return (
                          group.length > 0 && (
                            <optgroup key={kind} label={label}>
                              {planOptions(group)}
                            </optgroup>
                          )
                        );
                      })}
                </select>
              </div>
            )}
            <div className="field" hidden={view === 'report'}>
              <label htmlFor={yearSelectId}>年度</label>
              {fiscalYear ? (
                <select
                  id={yearSelectId}
                  value={fiscalYear.fiscalYear}
                  onChange={(event) => navigate({ fiscalYear: Number(event.target.value) })}
                >
                  {plan.fiscalYears.map((y) => (
                    <option key={y.fiscalYear} value={y.fiscalYear}>
                      {y.fiscalYearLabel}
                    </option>
                  ))}
                </select>
              ) : (
                <select id={yearSelectId} disabled>
                  <option>登録された年度はありません</option>
                </select>
              )}
            </div>
          </div>
        )}
        <AccountBar />
      </header>

      {view === 'users' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <UsersScreen />
        </main>
      ) : view === 'departments' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <DepartmentsScreen />
        </main>
      ) : plans.status === 'loading' ? (
        <main id="main" className="main-only" tabIndex={-1}>
          <Loading />
        </main>
      ) : plans.status === 'error' ? (
        <main id="main" className="main-only" tabIndex={-1}>
          <ErrorNotice message={plans.message} onRetry={reloadPlans} />
        </main>
      ) : !plan ? (
        <main id="main" className="main-only" tabIndex={-1}>
          <p className="notice notice-empty">登録された総合計画はありません。</p>
        </main>
      ) : view === 'cycle' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <CycleScreen planId={(reportPlan ?? plan).id} />
        </main>
      ) : view === 'upload' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <UploadScreen planId={plan.id} fiscalYear={fiscalYear?.fiscalYear ?? null} />
        </main>
      ) : view === 'publication' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <PublicationScreen planId={(reportPlan ?? plan).id} />
        </main>
      ) : view === 'council' ? (
        <main id="main" className="main-only admin-main" tabIndex={-1}>
          <CouncilScreen planId={(reportPlan ?? plan).id} fiscalYear={reportYear?.fiscalYear ?? null} />
        </main>
      ) : view === 'report' ? (
        <main id="main" className="main-only report-main" tabIndex={-1}>
          <ReportScreen
            plan={{ ...(reportPlan ?? plan), fiscalYears: (reportPlan ?? plan).reportYears }}
            fiscalYear={reportYear}
            onYearChange={(fiscalYear) => navigate({ fiscalYear })}
          />
        </main>
      ) : (
        <div className="layout">
          <nav className="sidebar" aria-labelledby="tree-heading">
            <h2 id="tree-heading">施策体系</h2>
            {tree.status === 'loading' ? (
              <Loading />
            ) : tree.status === 'error' ? (
              <ErrorNotice message={tree.message} onRetry={reloadTree} />
            ) : (
              <PlanTree
                nodes={tree.value.nodes}
                levels={plan.levels}
                selectedId={selectedId}
                onSelect={selectInTree}
                label="施策体系"
                {...(isStrategy ? {} : { marker: strategyMarker })}
              />
            )}
          </nav>
          <main id="main" className="content" tabIndex={-1}>
            {tree.status === 'ready' &&
              (isStrategy ? (
                <StrategyView
                  strategy={plan}
                  linkedPlan={linkedPlan}
                  path={path}
                  fiscalYear={fiscalYear?.fiscalYear ?? null}
                  onSelect={selectInMain}
                  onNavigate={navigateTo}
                />
              ) : (
                <ProgressView
                  plan={plan}
                  onPlanChanged={reloadTree}
                  path={path}
                  fiscalYear={fiscalYear}
                  onSelect={selectInMain}
                  related={
                    selectedNode &&
                    strategyLinks.length > 0 && (
                      <LinkedNodes
                        heading={STRATEGY_LINKS_HEADING}
                        intro={`「${nodeName(selectedNode, plan.levels)}」は、次の総合戦略の施策に関連づけられています。`}
                        links={strategyLinks}
                        empty="関連する総合戦略の施策はありません。"
                        fiscalYear={fiscalYear?.fiscalYear ?? null}
                        onNavigate={navigateTo}
                      />
                    )
                  }
                />
              ))}
            {tree.status === 'ready' && (
              <KpiSection
                plan={plan}
                node={selectedNode}
                fiscalYear={fiscalYear}
                openKpiId={shown?.kpiId ?? null}
                onOpenKpi={(id) => navigate({ kpiId: id })}
                onActualSaved={reloadPlans}
              />
            )}
          </main>
        </div>
      )}
    </>
  );
}
