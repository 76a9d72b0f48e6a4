/**
 * @module Plan node departments (施策体系の担当課)
 * For the planning division (企画): every node of a plan, indented as in the tree, with its 担当課 and
 * a choice to change it. A KPI without a department of its own is entered by the department of the
 * nearest node above it, so a node's department reaches all the KPIs below it. Each save is checked
 * against the node's version as read; when someone changed the plan meanwhile (409), the tree is
 * loaded again and the server's message shown.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { fetchPlans, fetchPlanTree, type Plan, type PlanNode } from './api.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { TableScroll } from './KpiList.tsx';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { nodeName, visibleItems } from './tree.ts';
import { useLoad } from './useLoad.ts';
import { assignNodeDepartment, type DepartmentAssignment, type DepartmentView } from './users-api.ts';

/** The select's value for 「（なし）」. */
const NONE = '';

export function NodeDepartments({ departments }: { departments: DepartmentView[] }) {
  const [plans, reloadPlans] = useLoad(fetchPlans, []);
  const [planId, setPlanId] = useState<number | null>(null);
  const headingId = useId();
  const planSelectId = useId();
  const plan =
    plans.status === 'ready'
      ? (plans.value.find((p) => p.id === planId) ??
        plans.value.find((p) => p.kind === 'plan') ??
        plans.value[0])
      : undefined;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>施策体系の担当課</h3>
      <p className="field-hint">
        項目に担当課を割り当てると、その項目と下位の項目の指標のうち、指標自身の担当課がないものを、その課の人（役割「担当課」）が入力できます。
      </p>
      {plans.status === 'loading' ? (
        <Loading />
      ) : plans.status === 'error' ? (
        <ErrorNotice message={plans.message} onRetry={reloadPlans} />
      ) : !plan ? (
        <EmptyNotice>計画は登録されていません。</EmptyNotice>
      ) : (
        <>
          {plans.value.length > 1 && (
            <div className="form-row node-department-plan">
              <label htmlFor={planSelectId}>計画</label>
              <select
                id={planSelectId}
                value={plan.id}
                onChange={(event) => setPlanId(Number(event.target.value))}
              >
                {plans.value.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {/* A new plan starts from its own tree, without the saves of the previous one. */}
          <NodeDepartmentTable key={plan.id} plan={plan} departments={departments} />
        </>
      )}
    </section>
  );
}

function NodeDepartmentTable({ plan, departments }: { plan: Plan; departments: DepartmentView[] }) {
  const [tree, reloadTree] = useLoad((signal) => fetchPlanTree(plan.id, signal), [plan.id]);
  // What this screen saved since the tree was loaded: the node's department and its new version.
  const [saved, setSaved] = useState<ReadonlyMap<number, DepartmentAssignment>>(new Map());
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  // The row last saved, marked beside its button: the status below a long table may be off screen.
  const [lastSaved, setLastSaved] = useState<number | null>(null);

  const nameOf = (departmentId: number | null) =>
    departments.find((d) => d.id === departmentId)?.name ?? null;
  const current = (node: PlanNode): DepartmentAssignment =>
    saved.get(node.id) ?? { departmentId: node.departmentId, version: node.version };

  const save = async (node: PlanNode, departmentId: number | null) => {
    const name = nodeName(node, plan.levels);
    setOutcome({ kind: 'saving' });
    setLastSaved(null);
    try {
      const answer = await assignNodeDepartment(node.id, { departmentId, version: current(node).version });
      setSaved((before) => new Map(before).set(node.id, answer));
      setLastSaved(node.id);
      const department = nameOf(answer.departmentId);
      setOutcome({
        kind: 'saved',
        message: department
          ? `「${name}」の担当課を「${department}」にしました。`
          : `「${name}」の担当課を外しました。`,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setOutcome({
          kind: 'conflict',
          message: `${error.message}（最新の施策体系を読み込み直しました。選び直して保存してください。）`,
        });
        setSaved(new Map());
        reloadTree();
        return;
      }
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '保存できませんでした。',
      });
    }
  };

  return (
    <>
      {tree.status === 'loading' ? (
        <Loading />
      ) : tree.status === 'error' ? (
        <ErrorNotice message={tree.message} onRetry={reloadTree} />
      ) : (
        <NodeRows
          plan={plan}
          nodes={tree.value.nodes}
          departments={departments}
          current={current}
          lastSaved={lastSaved}
          busy={outcome.kind === 'saving'}
          onSave={save}
        />
      )}
      {/* Outside the table, so a conflict's message stays while the tree loads again. */}
      <OutcomeNotice outcome={outcome} />
    </>
  );
}

interface NodeRowsProps {
  plan: Plan;
  nodes: PlanNode[];
  departments: DepartmentView[];
  current: (node: PlanNode) => DepartmentAssignment;
  lastSaved: number | null;
  busy: boolean;
  onSave: (node: PlanNode, departmentId: number | null) => Promise<void>;
}

function NodeRows({ plan, nodes, departments, current, lastSaved, busy, onSave }: NodeRowsProps) {
  const captionId = useId();
  const rows = visibleItems(nodes, new Set(allIds(nodes)));
  if (rows.length === 0) return <EmptyNotice>この計画には項目がありません。</EmptyNotice>;
  // The department each node passes down: its own, else the one it got from above.
  const passedDown = new Map<number, string | null>();
  for (const { node, parentId } of rows) {
    const own = current(node).departmentId;
    const fromAbove = parentId === null ? null : (passedDown.get(parentId) ?? null);
    passedDown.set(node.id, own === null ? fromAbove : (departments.find((d) => d.id === own)?.name ?? null));
  }
  return (
    <TableScroll labelledBy={captionId}>
      <table className="kpi-table admin-table node-department-table">
        <caption id={captionId}>
          {plan.name}の項目（{rows.length}件）
        </caption>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">担当課</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, depth, parentId }) => (
            <NodeDepartmentRow
              key={node.id}
              name={nodeName(node, plan.levels)}
              depth={depth}
              stored={current(node).departmentId}
              inherited={parentId === null ? null : (passedDown.get(parentId) ?? null)}
              departments={departments}
              justSaved={lastSaved === node.id}
              busy={busy}
              onSave={(departmentId) => onSave(node, departmentId)}
            />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

interface NodeDepartmentRowProps {
  name: string;
  depth: number;
  /** The node's own department (null: none). */
  stored: number | null;
  /** The department it takes from the nodes above when it has none. */
  inherited: string | null;
  departments: DepartmentView[];
  /** Saved last: 「保存しました」 beside the button (the status itself is announced below the table). */
  justSaved: boolean;
  busy: boolean;
  onSave: (departmentId: number | null) => Promise<void>;
}

function NodeDepartmentRow({
  name,
  depth,
  stored,
  inherited,
  departments,
  justSaved,
  busy,
  onSave,
}: NodeDepartmentRowProps) {
  const storedValue = stored === null ? NONE : String(stored);
  const [choice, setChoice] = useState(storedValue);
  const noteId = useId();
  // Back to what is stored whenever that changes (a save, or the tree loaded again).
  useEffect(() => {
    setChoice(storedValue);
  }, [storedValue]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void onSave(choice === NONE ? null : Number(choice));
  };

  return (
    <tr>
      <th scope="row">
        <span className="node-department-name" style={{ paddingInlineStart: `${(depth - 1) * 1.5}rem` }}>
          {name}
        </span>
      </th>
      <td>
        <form className="node-department-form" onSubmit={onSubmit}>
          <select
            value={choice}
            aria-label={`${name}の担当課`}
            {...(stored === null && inherited ? { 'aria-describedby': noteId } : {})}
            onChange={(event) => setChoice(event.target.value)}
          >
            <option value={NONE}>（なし）</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="button button-secondary"
            aria-label={`${name}の担当課を保存`}
            disabled={busy || choice === storedValue}
          >
            保存
          </button>
          {justSaved && choice === storedValue && <span className="node-department-saved">保存しました</span>}
          {stored === null && inherited && (
            <span id={noteId} className="field-hint">
              上位の項目から: {inherited}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

function allIds(nodes: PlanNode[]): number[] {
  return nodes.flatMap((node) => [node.id, ...allIds(node.children)]);
}
