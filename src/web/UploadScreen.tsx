/**
 * @module Upload screen
 * ファイルの取込み: the KPI sheet (xlsx/CSV), a department's own sheet, the 総合戦略 structure table
 * and the report Markdown. 「内容を確認」 shows what would change — added, changed (before → after),
 * deleted, unchanged, and every cell that cannot be taken with its address — and writes nothing
 * (values in words: 確定, 増加, 令和6年度, 1,318,000; upload-format.ts);
 * 「取り込む」 sends the same file again and applies it in one transaction, or refuses it whole.
 * A department also downloads its own sheet here to fill in offline.
 */
import { type FormEvent, useId, useState } from 'react';
import type { ChangedRow } from '../features/uploads/contract.ts';
import { UPLOAD_KIND_LABELS } from '../features/uploads/contract.ts';
import { ApiError } from './http.ts';
import { useSession } from './session-context.ts';
import { departmentSheetUrl, sendUpload, type UploadKind, type UploadOutcome } from './upload-api.ts';
import { presentFields } from './upload-format.ts';
import { useLoad } from './useLoad.ts';
import { fetchDepartments } from './users-api.ts';
import './upload.css';

/** What the screen offers: the department's sheet is a KPI sheet to the server. */
type Choice = UploadKind | 'department-sheet';

const CHOICES: Array<{ choice: Choice; label: string; accept: string; planningOnly: boolean; hint: string }> =
  [
    {
      choice: 'department-sheet',
      label: '担当課シート（xlsx）',
      accept: '.xlsx',
      planningOnly: false,
      hint: '下の「自課のシート」をダウンロードして記入したファイルです。自課の指標と項目の行だけを取り込みます。',
    },
    {
      choice: 'kpi-table',
      label: UPLOAD_KIND_LABELS['kpi-table'],
      accept: '.xlsx,.csv',
      planningOnly: false,
      hint: '指標の一覧（1行1指標）。担当課の場合は自課の指標の行だけを取り込みます。',
    },
    {
      choice: 'strategy-table',
      label: UPLOAD_KIND_LABELS['strategy-table'],
      accept: '.xlsx,.csv',
      planningOnly: true,
      hint: '総合戦略の階層と関連する総合計画の施策の表です。',
    },
    {
      choice: 'progress-report',
      label: UPLOAD_KIND_LABELS['progress-report'],
      accept: '.md,.markdown,.txt',
      planningOnly: true,
      hint: '進捗報告書の Markdown（報告書画面の「Markdown」で出力した形式）です。',
    },
  ];

type State =
  | { step: 'idle' }
  | { step: 'working'; label: string }
  | { step: 'previewed'; outcome: UploadOutcome }
  | { step: 'applied'; outcome: UploadOutcome }
  | { step: 'error'; message: string };

export function UploadScreen({ planId, fiscalYear }: { planId: number; fiscalYear: number | null }) {
  const { session, may } = useSession();
  const planning = may('manage-plan');
  const choices = CHOICES.filter((c) => planning || !c.planningOnly);
  const [choice, setChoice] = useState<Choice>(planning ? 'kpi-table' : 'department-sheet');
  const [file, setFile] = useState<File | null>(null);
  const [strategyName, setStrategyName] = useState('');
  const [levels, setLevels] = useState('');
  const [state, setState] = useState<State>({ step: 'idle' });
  const ids = useId();
  const spec = CHOICES.find((c) => c.choice === choice) ?? CHOICES[0];

  const reset = () => setState({ step: 'idle' });
  const target = () => {
    if (!file) return null;
    const kind: UploadKind = choice === 'department-sheet' ? 'kpi-table' : choice;
    return {
      kind,
      file,
      planId,
      ...(kind === 'strategy-table' ? { strategyName: strategyName.trim(), levels: levels.trim() } : {}),
    };
  };
  const run = async (step: 'preview' | 'apply') => {
    const t = target();
    if (!t) {
      setState({ step: 'error', message: 'ファイルを選んでください。' });
      return;
    }
    if (t.kind === 'strategy-table' && !t.strategyName) {
      setState({ step: 'error', message: '総合戦略の名前を入力してください。' });
      return;
    }
    setState({ step: 'working', label: step === 'preview' ? '内容を確認しています…' : '取り込んでいます…' });
    try {
      const outcome = await sendUpload(t, step);
      setState(
        step === 'apply' && outcome.applied ? { step: 'applied', outcome } : { step: 'previewed', outcome },
      );
    } catch (error) {
      setState({ step: 'error', message: error instanceof ApiError ? error.message : String(error) });
    }
  };
  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    void run('preview');
  };
  const previewed = state.step === 'previewed' ? state.outcome : null;
  const mayApply =
    previewed !== null &&
    previewed.refused.length === 0 &&
    previewed.counts.added + previewed.counts.changed + previewed.counts.deleted > 0;

  return (
    <section className="upload-screen" aria-labelledby="main-heading">
      <h2 id="main-heading">ファイルの取込み</h2>
      <p className="upload-lead">
        ファイルを選んで「内容を確認」を押すと、取り込んだ場合に追加・変更される内容と、取り込めないセルを表示します（この時点では何も変更しません）。確認してから「取り込む」を押すと反映します。取り込めないセルが1つでもあるファイルは、全体を取り込みません。
      </p>

      <form className="upload-form" onSubmit={onPreview}>
        <fieldset>
          <legend>取り込むファイルの種類</legend>
          {choices.map((c) => (
            <label key={c.choice} className="upload-choice">
              <input
                type="radio"
                name={`${ids}-kind`}
                value={c.choice}
                checked={choice === c.choice}
                onChange={() => {
                  setChoice(c.choice);
                  reset();
                }}
              />
              {c.label}
            </label>
          ))}
          <p className="upload-hint" id={`${ids}-hint`}>
            {spec?.hint}
          </p>
        </fieldset>

        <div className="upload-field">
          <label htmlFor={`${ids}-file`}>ファイル</label>
          <input
            id={`${ids}-file`}
            type="file"
            accept={spec?.accept}
            aria-describedby={`${ids}-hint`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              reset();
            }}
          />
        </div>

        {choice === 'strategy-table' && (
          <>
            <div className="upload-field">
              <label htmlFor={`${ids}-strategy`}>総合戦略の名前</label>
              <input
                id={`${ids}-strategy`}
                type="text"
                value={strategyName}
                required
                onChange={(event) => {
                  setStrategyName(event.target.value);
                  reset();
                }}
              />
            </div>
            <div className="upload-field">
              <label htmlFor={`${ids}-levels`}>
                階層（新しい総合戦略のときだけ。例: 基本目標,具体的な施策）
              </label>
              <input
                id={`${ids}-levels`}
                type="text"
                value={levels}
                onChange={(event) => {
                  setLevels(event.target.value);
                  reset();
                }}
              />
            </div>
          </>
        )}

        <div className="upload-actions">
          <button type="submit" className="button button-secondary" disabled={state.step === 'working'}>
            内容を確認
          </button>
          <button
            type="button"
            className="button"
            disabled={!mayApply || state.step === 'working'}
            onClick={() => void run('apply')}
          >
            取り込む
          </button>
        </div>
      </form>

      <div role="status" className="upload-status">
        {state.step === 'working' && <p>{state.label}</p>}
        {state.step === 'applied' && <p className="notice notice-success">{state.outcome.message}</p>}
        {previewed && previewed.refused.length === 0 && <p className="notice">{previewed.message}</p>}
      </div>
      {state.step === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>エラー：</strong>
            {state.message}
          </p>
        </div>
      )}
      {previewed && previewed.refused.length > 0 && (
        <div className="notice notice-error" role="alert">
          <p>{previewed.message}</p>
        </div>
      )}
      {(previewed ?? (state.step === 'applied' ? state.outcome : null)) && (
        <OutcomeTables
          outcome={(previewed ?? (state.step === 'applied' ? state.outcome : null)) as UploadOutcome}
        />
      )}

      <DepartmentSheet
        planId={planId}
        fiscalYear={fiscalYear}
        planning={planning}
        departmentName={session.signedIn ? (session.departmentName ?? null) : null}
      />
    </section>
  );
}

function OutcomeTables({ outcome }: { outcome: UploadOutcome }) {
  const { counts } = outcome;
  return (
    <div className="upload-outcome">
      <div className="table-scroll">
        <table className="upload-counts">
          <caption>
            {outcome.applied ? '取り込んだ内容' : '取り込んだ場合の内容'}（{outcome.fileName}）
          </caption>
          <thead>
            <tr>
              <th scope="col">追加</th>
              <th scope="col">変更</th>
              <th scope="col">削除</th>
              <th scope="col">変更なし</th>
              <th scope="col">取り込めないセル</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{counts.added}</td>
              <td>{counts.changed}</td>
              <td>{counts.deleted}</td>
              <td>{counts.unchanged}</td>
              <td>{counts.refused}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {outcome.refused.length > 0 && (
        <div className="table-scroll">
          <table className="upload-refused">
            <caption>取り込めないセル（{outcome.refused.length} 件）</caption>
            <thead>
              <tr>
                <th scope="col">場所</th>
                <th scope="col">内容</th>
              </tr>
            </thead>
            <tbody>
              {outcome.refused.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
                <tr key={i}>
                  <th scope="row">{r.where || 'ファイル全体'}</th>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ChangeTable caption="追加" rows={outcome.added} />
      <ChangeTable caption="変更" rows={outcome.changed} />
      <ChangeTable caption="削除" rows={outcome.deleted} />
      {outcome.omitted > 0 && (
        <p>ほかに {outcome.omitted} 件の変更があります（件数は上の表のとおりです）。</p>
      )}
      {outcome.warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
    </div>
  );
}

function ChangeTable({ caption, rows }: { caption: string; rows: ChangedRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="upload-changes">
        <caption>
          {caption}（{rows.length} 件）
        </caption>
        <thead>
          <tr>
            <th scope="col">種類</th>
            <th scope="col">対象</th>
            <th scope="col">項目</th>
            <th scope="col">変更前</th>
            <th scope="col">変更後</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((row, i) => {
            const shown = presentFields(row.fields);
            const fields = shown.length ? shown : [{ field: '', before: '', after: '' }];
            return fields.map((f, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
              <tr key={`${i}-${j}`}>
                {j === 0 && (
                  <>
                    <td rowSpan={fields.length}>{row.what}</td>
                    <th scope="row" rowSpan={fields.length}>
                      {row.label}
                    </th>
                  </>
                )}
                <td>{f.field}</td>
                <td className="upload-before">{f.before}</td>
                <td>{f.after}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}

function DepartmentSheet({
  planId,
  fiscalYear,
  planning,
  departmentName,
}: {
  planId: number;
  fiscalYear: number | null;
  planning: boolean;
  departmentName: string | null;
}) {
  const ids = useId();
  const [departments] = useLoad(planning ? (signal) => fetchDepartments(signal) : null, [planning]);
  const [departmentId, setDepartmentId] = useState<number | null>(null);
  if (fiscalYear === null) return null;
  return (
    <section className="upload-download" aria-labelledby={`${ids}-heading`}>
      <h3 id={`${ids}-heading`}>{planning ? '担当課のシート' : '自課のシート'}</h3>
      <p>
        担当する指標（指標シート）と項目の取組・方向性（進捗状況シート）を Excel
        で記入して、上の「担当課シート」で取り込めます。
      </p>
      {planning ? (
        departments.status === 'ready' && departments.value.length > 0 ? (
          <div className="upload-field">
            <label htmlFor={`${ids}-department`}>課</label>
            <select
              id={`${ids}-department`}
              value={departmentId ?? ''}
              onChange={(event) => setDepartmentId(event.target.value ? Number(event.target.value) : null)}
            >
              <option value="">選んでください</option>
              {departments.value.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            {departmentId !== null && (
              <a href={departmentSheetUrl(planId, fiscalYear, departmentId)} download>
                記入シートをダウンロード（xlsx）
              </a>
            )}
          </div>
        ) : departments.status === 'error' ? (
          <p role="alert">{departments.message}</p>
        ) : null
      ) : (
        <a href={departmentSheetUrl(planId, fiscalYear)} download>
          {departmentName ?? '自課'}の記入シートをダウンロード（xlsx）
        </a>
      )}
    </section>
  );
}
