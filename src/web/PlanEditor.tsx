/**
 * @module Plan editor (施策体系を編集)
 * For the planning division (企画), below the selected node: rename, renumber, move it under another
 * node of the level above, retire (廃止) or restore it, add a node below it, and add or change the
 * KPI definitions hung on it. Each save names the version read (409 when someone changed it
 * first: the message says so and the form keeps what was typed) and is logged on the server.
 * Department assignment stays on the 担当課 screen.
 */
import { type FormEvent, useId, useState } from 'react';
import { fetchPlanTree, type Plan, type PlanNode } from './api.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import {
  addKpi,
  addNode,
  fetchKpiSets,
  fetchNodeKpiDefinitions,
  type KpiDefinition,
  type KpiDefinitionPatch,
  updateKpiDefinition,
  updateNode,
} from './plan-edit-api.ts';
import { nodeName } from './tree.ts';
import { useLoad } from './useLoad.ts';
import './progress.css';

interface PlanEditorProps {
  plan: Plan;
  node: PlanNode;
  /** Loads the tree again after a change; without it the page offers to reload. */
  onPlanChanged?: (() => void) | undefined;
}

const failure = (error: unknown): Outcome => ({
  kind: error instanceof ApiError && error.status === 409 ? 'conflict' : 'error',
  message:
    error instanceof ApiError
      ? error.status === 409
        ? `${error.message}（最新の内容は、ページを再読み込みすると表示されます。）`
        : error.message
      : '保存できませんでした。',
});

export function PlanEditor({ plan, node, onPlanChanged }: PlanEditorProps) {
  const [changed, setChanged] = useState(false);
  const afterChange = () => {
    if (onPlanChanged) onPlanChanged();
    else setChanged(true);
  };
  return (
    <details className="card plan-editor">
      <summary>施策体系を編集（企画）</summary>
      {changed && (
        <p className="notice notice-success">
          変更を保存しました。施策体系の表示は再読み込みすると更新されます。{' '}
          <button type="button" className="link-button" onClick={() => window.location.reload()}>
            再読み込み
          </button>
        </p>
      )}
      {/* The forms start again from what is stored whenever the tree brings a new version. */}
      <NodeForm key={`${node.id}-${node.version}`} plan={plan} node={node} onChanged={afterChange} />
      {node.level < plan.levels.length && !node.retired && (
        <AddChildForm key={`child-${node.id}`} plan={plan} node={node} onChanged={afterChange} />
      )}
      <KpiDefinitions key={`kpis-${node.id}`} plan={plan} node={node} />
    </details>
  );
}

function NodeForm({ plan, node, onChanged }: { plan: Plan; node: PlanNode; onChanged: () => void }) {
  const [title, setTitle] = useState(node.title);
  const [number, setNumber] = useState(String(node.number));
  const [parentId, setParentId] = useState<number | null>(null);
  const [version, setVersion] = useState(node.version);
  const [retired, setRetired] = useState(node.retired === true);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [tree] = useLoad(node.level > 1 ? (signal) => fetchPlanTree(plan.id, signal) : null, [plan.id]);
  const ids = { title: useId(), number: useId(), parent: useId() };
  const name = nodeName(node, plan.levels);
  const parentLevelName = plan.levels[node.level - 2]?.name ?? '上位の項目';
  const candidates = tree.status === 'ready' ? nodesAtLevel(tree.value.nodes, node.level - 1) : [];
  const currentParent = candidates.find((c) => c.children.some((child) => child.id === node.id));

  const save = async (patch: { title?: string; number?: number; parentId?: number; retired?: boolean }) => {
    setOutcome({ kind: 'saving' });
    try {
      const saved = await updateNode(node.id, { version, ...patch });
      setVersion(saved.version);
      setTitle(saved.title);
      setNumber(String(saved.number));
      setRetired(saved.retired);
      setOutcome({ kind: 'saved', message: `「${saved.title}」を保存しました（番号 ${saved.number}）。` });
      onChanged();
    } catch (error) {
      setOutcome(failure(error));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const patch: { title?: string; number?: number; parentId?: number } = {};
    if (title.trim() !== node.title) patch.title = title;
    const n = Number(number);
    if (!Number.isInteger(n) || n < 1) {
      setOutcome({ kind: 'error', message: '番号は1以上の整数で入力してください。' });
      return;
    }
    if (n !== node.number) patch.number = n;
    if (parentId !== null && parentId !== currentParent?.id) patch.parentId = parentId;
    if (Object.keys(patch).length === 0) {
      setOutcome({ kind: 'saved', message: '変更はありません。' });
      return;
    }
    void save(patch);
  };

  const busy = outcome.kind === 'saving';
  return (
    <form onSubmit={onSubmit}>
      <fieldset>
        <legend>
          {name}
          {retired && <span className="retired-mark">廃止</span>}
        </legend>
        <div className="plan-editor-grid">
          <label htmlFor={ids.title}>
            名称
            <input id={ids.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label htmlFor={ids.number}>
            番号
            <input
              id={ids.number}
              type="number"
              min={1}
              inputMode="numeric"
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
          </label>
          {node.level > 1 && (
            <label htmlFor={ids.parent}>
              移動先の{parentLevelName}
              <select
                id={ids.parent}
                value={parentId ?? currentParent?.id ?? ''}
                disabled={tree.status !== 'ready'}
                onChange={(e) => setParentId(Number(e.target.value))}
              >
                {tree.status !== 'ready' && <option value="">読み込み中…</option>}
                {candidates.map((c) => (
                  <option key={c.id} value={c.id} disabled={c.retired === true && c.id !== currentParent?.id}>
                    {nodeName(c, plan.levels)}
                    {c.retired ? '（廃止）' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <p className="field-hint">
          番号や移動先を変えると、この項目と下位の項目の番号の並び（取込で照合に使う path）も付け直します。
        </p>
        <div className="plan-editor-actions">
          <button type="submit" className="button" disabled={busy}>
            保存
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void save({ retired: !retired })}
          >
            {retired ? '廃止を取り消す' : 'この項目を廃止する'}
          </button>
        </div>
        <p className="field-hint">
          廃止した項目は過去の年度の報告書と履歴のために残り、新しい進捗状況の入力は受け付けません。
        </p>
        <OutcomeNotice outcome={outcome} />
      </fieldset>
    </form>
  );
}

function AddChildForm({ plan, node, onChanged }: { plan: Plan; node: PlanNode; onChanged: () => void }) {
  const childLevelName = plan.levels[node.level]?.name ?? '下位の項目';
  const [title, setTitle] = useState('');
  const [number, setNumber] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const ids = { title: useId(), number: useId() };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') {
      setOutcome({ kind: 'error', message: '名称を入力してください。' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const added = await addNode(plan.id, {
        parentId: node.id,
        title,
        ...(number.trim() !== '' ? { number: Number(number) } : {}),
      });
      setTitle('');
      setNumber('');
      setOutcome({
        kind: 'saved',
        message: `${childLevelName}「${added.title}」（番号 ${added.number}）を追加しました。`,
      });
      onChanged();
    } catch (error) {
      setOutcome(failure(error));
    }
  };
  return (
    <form onSubmit={onSubmit}>
      <fieldset>
        <legend>{childLevelName}を追加</legend>
        <div className="plan-editor-grid">
          <label htmlFor={ids.title}>
            名称
            <input id={ids.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label htmlFor={ids.number}>
            番号（空欄なら末尾）
            <input
              id={ids.number}
              type="number"
              min={1}
              inputMode="numeric"
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
          </label>
        </div>
        <div className="plan-editor-actions">
          <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
            追加
          </button>
        </div>
        <OutcomeNotice outcome={outcome} />
      </fieldset>
    </form>
  );
}

function nodesAtLevel(nodes: PlanNode[], level: number): PlanNode[] {
  return nodes.flatMap((n) => (n.level === level ? [n] : nodesAtLevel(n.children, level)));
}

// ── KPI definitions ────────────────────────────────────────────────────────────────────────────────

const DIRECTIONS = [
  { value: 'increase', label: '増加' },
  { value: 'decrease', label: '減少' },
  { value: 'maintain', label: '維持' },
] as const;
const COMPARATORS = [
  { value: '', label: '（なし）' },
  { value: 'gte', label: '以上' },
  { value: 'gt', label: '超' },
  { value: 'lte', label: '以下' },
  { value: 'lt', label: '未満' },
  { value: 'eq', label: '等しい' },
] as const;

function KpiDefinitions({ plan, node }: { plan: Plan; node: PlanNode }) {
  const [list, reload] = useLoad((signal) => fetchNodeKpiDefinitions(node.id, signal), [node.id]);
  return (
    <fieldset>
      <legend>この項目の指標</legend>
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorNotice message={list.message} onRetry={reload} />
      ) : (
        <>
          {list.value.length === 0 ? (
            <p className="field-hint">この項目に直接つながる指標はありません。</p>
          ) : (
            <ul className="kpi-definition-list">
              {list.value.map((k) => (
                <li key={`${k.id}-${k.version}`}>
                  <details>
                    <summary>
                      {k.name}（{k.kpiSet.name}）{k.retired && <span className="retired-mark">廃止</span>}
                    </summary>
                    <KpiDefinitionForm kpi={k} onSaved={reload} />
                  </details>
                </li>
              ))}
            </ul>
          )}
          {!node.retired && <AddKpiForm plan={plan} node={node} onAdded={reload} />}
        </>
      )}
    </fieldset>
  );
}

/** Text of a number input → number, null when empty, undefined when not a number. */
function numberOf(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

const text = (value: number | null) => (value === null ? '' : String(value));

function KpiDefinitionForm({ kpi, onSaved }: { kpi: KpiDefinition; onSaved: () => void }) {
  const [draft, setDraft] = useState({
    name: kpi.name,
    unit: kpi.unit,
    definition: kpi.definition ?? '',
    dataSource: kpi.dataSource ?? '',
    direction: kpi.direction,
    baselineValue: text(kpi.baselineValue),
    baselineYear: text(kpi.baselineYear),
    targetValue: text(kpi.targetValue),
    targetYear: text(kpi.targetYear),
    targetComparator: (kpi.targetComparator ?? '') as NonNullable<KpiDefinition['targetComparator']> | '',
    retired: kpi.retired,
  });
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const id = useId();
  const set = (key: keyof typeof draft) => (value: string | boolean) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const numbers = {
      baselineValue: numberOf(draft.baselineValue),
      baselineYear: numberOf(draft.baselineYear),
      targetValue: numberOf(draft.targetValue),
      targetYear: numberOf(draft.targetYear),
    };
    const bad = Object.entries(numbers).filter(([, v]) => v === undefined);
    if (bad.length > 0) {
      setOutcome({
        kind: 'error',
        message: '基準値・目標値と年度は数字で入力してください（空欄は「なし」）。',
      });
      return;
    }
    const patch: KpiDefinitionPatch = {
      version: kpi.version,
      name: draft.name,
      unit: draft.unit,
      definition: draft.definition.trim() === '' ? null : draft.definition,
      dataSource: draft.dataSource.trim() === '' ? null : draft.dataSource,
      direction: draft.direction,
      baselineValue: numbers.baselineValue ?? null,
      baselineYear: numbers.baselineYear ?? null,
      targetValue: numbers.targetValue ?? null,
      targetYear: numbers.targetYear ?? null,
      targetComparator: draft.targetComparator === '' ? null : draft.targetComparator,
      retired: draft.retired,
    };
    setOutcome({ kind: 'saving' });
    try {
      const saved = await updateKpiDefinition(kpi.id, patch);
      setOutcome({ kind: 'saved', message: `指標「${saved.name}」を保存しました。` });
      onSaved();
    } catch (error) {
      setOutcome(failure(error));
    }
  };

  const field = (
    key: 'name' | 'unit' | 'dataSource' | 'baselineValue' | 'baselineYear' | 'targetValue' | 'targetYear',
    label: string,
  ) => (
    <label htmlFor={`${id}-${key}`}>
      {label}
      <input id={`${id}-${key}`} value={draft[key]} onChange={(e) => set(key)(e.target.value)} />
    </label>
  );
  return (
    <form onSubmit={onSubmit}>
      <div className="plan-editor-grid">
        {field('name', '指標名')}
        {field('unit', '単位')}
        <label htmlFor={`${id}-direction`}>
          方向
          <select
            id={`${id}-direction`}
            value={draft.direction}
            onChange={(e) => set('direction')(e.target.value)}
          >
            {DIRECTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {field('baselineValue', '基準値')}
        {field('baselineYear', '基準値の年度（西暦）')}
        {field('targetValue', '目標値')}
        {field('targetYear', '目標年度（西暦）')}
        <label htmlFor={`${id}-comparator`}>
          目標の比較
          <select
            id={`${id}-comparator`}
            value={draft.targetComparator}
            onChange={(e) => set('targetComparator')(e.target.value)}
          >
            {COMPARATORS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {field('dataSource', '出典')}
        <label htmlFor={`${id}-definition`}>
          定義
          <textarea
            id={`${id}-definition`}
            rows={2}
            value={draft.definition}
            onChange={(e) => set('definition')(e.target.value)}
          />
        </label>
        <label htmlFor={`${id}-retired`} className="checkbox">
          <input
            id={`${id}-retired`}
            type="checkbox"
            checked={draft.retired}
            onChange={(e) => set('retired')(e.target.checked)}
          />
          廃止（実績の入力を求めない）
        </label>
      </div>
      <div className="plan-editor-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          指標を保存
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

function AddKpiForm({ plan, node, onAdded }: { plan: Plan; node: PlanNode; onAdded: () => void }) {
  const [sets] = useLoad((signal) => fetchKpiSets(plan.id, signal), [plan.id]);
  const [kpiSetId, setKpiSetId] = useState('');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [direction, setDirection] = useState<'increase' | 'decrease' | 'maintain'>('increase');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const id = useId();
  if (sets.status !== 'ready' || sets.value.length === 0) return null;
  const chosen = kpiSetId === '' ? sets.value[0]?.id : Number(kpiSetId);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || chosen === undefined) {
      setOutcome({ kind: 'error', message: '指標名を入力してください。' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const added = await addKpi(node.id, { kpiSetId: chosen, name, unit, direction });
      setName('');
      setUnit('');
      setOutcome({
        kind: 'saved',
        message: `指標「${added.name}」を追加しました。目標値などは上の一覧で編集できます。`,
      });
      onAdded();
    } catch (error) {
      setOutcome(failure(error));
    }
  };
  return (
    <form onSubmit={onSubmit}>
      <h4>指標を追加</h4>
      <div className="plan-editor-grid">
        <label htmlFor={`${id}-set`}>
          指標の区分
          <select id={`${id}-set`} value={chosen} onChange={(e) => setKpiSetId(e.target.value)}>
            {sets.value.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-name`}>
          指標名
          <input id={`${id}-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label htmlFor={`${id}-unit`}>
          単位
          <input id={`${id}-unit`} value={unit} maxLength={50} onChange={(e) => setUnit(e.target.value)} />
        </label>
        <label htmlFor={`${id}-direction`}>
          方向
          <select
            id={`${id}-direction`}
            value={direction}
            onChange={(e) => setDirection(e.target.value as typeof direction)}
          >
            {DIRECTIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="plan-editor-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          指標を追加
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}
