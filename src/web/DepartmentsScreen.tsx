/**
 * @module Departments screen (担当課)
 * For the planning division (企画): the municipality's departments (課コード, 課の名称), a form to
 * add one, and the departments of the plan's nodes (施策体系の担当課), which the KPIs below a node
 * follow when they have none of their own. A KPI's own department is assigned on the KPI's page
 * (「担当課の割り当て」).
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { TableScroll } from './KpiList.tsx';
import { NodeDepartments } from './NodeDepartments.tsx';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { useLoad } from './useLoad.ts';
import { createDepartment, fetchDepartments } from './users-api.ts';

export function DepartmentsScreen() {
  const [departments, reload] = useLoad(fetchDepartments, []);
  const captionId = useId();
  return (
    <>
      <h2>担当課</h2>
      <p className="lead">
        指標の実績値を入力する課です。役割「担当課」の人は、自分の課が担当する指標だけを入力できます。指標の担当課は、指標自身の担当課、なければ施策体系で上位の項目の担当課です。項目の担当課は下の「施策体系の担当課」で、指標自身の担当課は各指標のページの「担当課の割り当て」で変更します。
      </p>
      <section className="card" aria-labelledby={`${captionId}-list`}>
        <h3 id={`${captionId}-list`}>課の一覧</h3>
        {departments.status === 'loading' ? (
          <Loading />
        ) : departments.status === 'error' ? (
          <ErrorNotice message={departments.message} onRetry={reload} />
        ) : departments.value.length === 0 ? (
          <EmptyNotice>課は登録されていません。</EmptyNotice>
        ) : (
          <TableScroll labelledBy={captionId}>
            <table className="kpi-table admin-table">
              <caption id={captionId}>課（{departments.value.length}件）</caption>
              <thead>
                <tr>
                  <th scope="col">課の名称</th>
                  <th scope="col">課コード</th>
                </tr>
              </thead>
              <tbody>
                {departments.value.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>{d.code}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <NewDepartmentForm onAdded={reload} />
      {departments.status === 'ready' && <NodeDepartments departments={departments.value} />}
    </>
  );
}

function NewDepartmentForm({ onAdded }: { onAdded: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ code?: string; name?: string }>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const codeRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = { heading: useId(), code: useId(), codeError: useId(), name: useId(), nameError: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = '課の名称を入力してください';
    if (!code.trim()) next.code = '課コードを入力してください';
    setErrors(next);
    if (next.name) nameRef.current?.focus();
    else if (next.code) codeRef.current?.focus();
    if (next.name || next.code) {
      setOutcome({ kind: 'none' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const added = await createDepartment({ code: code.trim(), name: name.trim() });
      setOutcome({ kind: 'saved', message: `課「${added.name}」を追加しました。` });
      setCode('');
      setName('');
      onAdded();
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '追加できませんでした。',
      });
    }
  };

  const invalid = (field: 'code' | 'name', errorId: string) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>課を追加</h3>
      <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-row">
          <label htmlFor={ids.name}>課の名称</label>
          <input
            ref={nameRef}
            id={ids.name}
            type="text"
            value={name}
            maxLength={100}
            {...invalid('name', ids.nameError)}
            onChange={(event) => setName(event.target.value)}
          />
          {errors.name && (
            <p id={ids.nameError} className="field-error">
              {errors.name}
            </p>
          )}
        </div>
        <div className="form-row">
          <label htmlFor={ids.code}>課コード</label>
          <input
            ref={codeRef}
            id={ids.code}
            type="text"
            value={code}
            maxLength={40}
            {...invalid('code', ids.codeError)}
            onChange={(event) => setCode(event.target.value)}
          />
          {errors.code && (
            <p id={ids.codeError} className="field-error">
              {errors.code}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
            {outcome.kind === 'saving' ? '追加中…' : '課を追加'}
          </button>
        </div>
        <OutcomeNotice outcome={outcome} />
      </form>
    </section>
  );
}
