/**
 * @module KPI department form (担当課の割り当て)
 * The planning division chooses which department (担当課) enters a KPI's actuals; saved against the
 * KPI's version, so a change made meanwhile by someone else is refused (409) and the KPI reloaded.
 * 「（なし）」 takes the KPI's own department (and its 担当課 text) away: the KPI then follows the
 * department of the nearest plan node above it.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import type { KpiDetail } from './kpi-api.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import { useLoad } from './useLoad.ts';
import { assignKpiDepartment, fetchDepartments } from './users-api.ts';

/** The select's value for 「（なし）」. */
const NONE = '';

interface KpiDepartmentFormProps {
  kpi: KpiDetail;
  /** Saved or refused as outdated: the KPI is loaded again. */
  onAssigned: () => void;
}

export function KpiDepartmentForm({ kpi, onAssigned }: KpiDepartmentFormProps) {
  const [departments, reload] = useLoad(fetchDepartments, []);
  const stored = kpi.departmentId === null ? NONE : String(kpi.departmentId);
  const [choice, setChoice] = useState(stored);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const ids = { select: useId(), hint: useId() };
  // The select shows the stored department, again whenever the KPI is (re)loaded.
  useEffect(() => {
    setChoice(stored);
  }, [stored]);

  if (departments.status === 'loading') return <Loading />;
  if (departments.status === 'error') return <ErrorNotice message={departments.message} onRetry={reload} />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = departments.value.find((d) => String(d.id) === choice) ?? null;
    if (!chosen && choice !== NONE) {
      setOutcome({ kind: 'error', message: '担当課を選んでください。' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      await assignKpiDepartment(kpi.id, { departmentId: chosen?.id ?? null, version: kpi.version });
      setOutcome({
        kind: 'saved',
        message: chosen ? `担当課を「${chosen.name}」にしました。` : '指標自身の担当課を外しました。',
      });
      onAssigned();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setOutcome({
          kind: 'conflict',
          message: '他の人が先にこの指標を更新しました。最新の内容を読み込み直したので、選び直してください。',
        });
        onAssigned();
        return;
      }
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '保存できませんでした。',
      });
    }
  };

  return (
    <form className="actual-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <div className="form-row">
        <label htmlFor={ids.select}>担当課</label>
        <select
          id={ids.select}
          value={choice}
          aria-describedby={ids.hint}
          onChange={(event) => {
            setChoice(event.target.value);
            setOutcome({ kind: 'none' });
          }}
        >
          <option value={NONE}>（なし）</option>
          {departments.value.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        <p id={ids.hint} className="field-hint">
          {storedNote(kpi)}
          担当課の人（役割「担当課」）は、自分の課の指標の実績値を入力できます。
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? '保存中…' : '担当課を保存'}
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

/** What is stored now: the KPI's own department, or none and what it follows. */
function storedNote(kpi: KpiDetail): string {
  if (kpi.departmentId !== null) return `登録済み: ${kpi.responsibleDepartment?.name ?? kpi.department}。`;
  const inherited = kpi.responsibleDepartment
    ? `施策体系の項目の担当課（${kpi.responsibleDepartment.name}）が担当します`
    : '施策体系の項目にも担当課はありません';
  return `登録済み: なし（${inherited}）。`;
}
