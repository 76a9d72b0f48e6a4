/**
 * @module Actual entry forms (実績値・評価区分の入力)
 * Enter, correct or delete one fiscal year's actual of a KPI: 年度 (令和N年度), 実績値, 状態 確定／見込,
 * 備考. Checked here first with messages beside the fields (「数値を入力してください」); the server's
 * refusals are shown as it words them, and a 409 (someone saved first, or the part is 提出済み)
 * reloads the KPI so the person sees the newer value before entering again. And the KPI's 評価区分
 * (未着手, 休止・廃止, 評価困難, or none), chosen from a list and saved the same way against the KPI's
 * version. Typed but unsaved input asks before the app moves elsewhere (unsaved-changes.ts).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { NOTE_MAX_LENGTH } from '../features/kpi/contract.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import {
  type ActualEntryResult,
  type KpiDetail,
  SaveActualError,
  saveActual,
  saveAdministrativeStatus,
} from './kpi-api.ts';
import { formatValue, parseActualInput } from './kpi-format.ts';
import { refusalOutcome } from './refusal.ts';
import { useUnsavedChanges } from './unsaved-changes.ts';

/** Added to a 409's message: the form has read the KPI again. */
const RELOADED = '最新の内容を読み込み直しました';

interface ActualFormProps {
  kpi: KpiDetail;
  /** The fiscal year the screen evaluates; the answer to a save is evaluated for it. */
  evaluationYear: number;
  onSaved: (result: ActualEntryResult) => void;
  /** Refused with 409 (someone saved first, or the part is 提出済み): reload the KPI. */
  onConflict: () => void;
}

interface FieldErrors {
  value?: string;
  note?: string;
}

/** The year the form opens on: the evaluated year if it can be entered, else the latest that can. */
function initialYear(kpi: KpiDetail, evaluationYear: number): number {
  const years = kpi.entryYears.map((y) => y.fiscalYear);
  return years.includes(evaluationYear) ? evaluationYear : (years[0] ?? evaluationYear);
}

/** A stored value as the input shows it: plain digits, no separators, so it can be edited. */
function inputText(value: number): string {
  return String(value);
}

export function ActualForm({ kpi, evaluationYear, onSaved, onConflict }: ActualFormProps) {
  const [year, setYear] = useState(() => initialYear(kpi, evaluationYear));
  const stored = kpi.actuals.find((a) => a.fiscalYear === year);
  const [valueText, setValueText] = useState(stored ? inputText(stored.value) : '');
  const [status, setStatus] = useState<'final' | 'provisional'>(stored?.status ?? 'final');
  const [note, setNote] = useState(stored?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const valueRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const ids = {
    year: useId(),
    value: useId(),
    valueHint: useId(),
    valueError: useId(),
    note: useId(),
    noteHint: useId(),
    noteError: useId(),
    status: useId(),
  };

  // The fields show what is stored for the chosen year, again whenever the KPI is (re)loaded.
  useEffect(() => {
    const current = kpi.actuals.find((a) => a.fiscalYear === year);
    setValueText(current ? inputText(current.value) : '');
    setStatus(current?.status ?? 'final');
    setNote(current?.note ?? '');
    setErrors({});
  }, [kpi, year]);

  const yearLabel = kpi.entryYears.find((y) => y.fiscalYear === year)?.fiscalYearLabel ?? `${year}年度`;
  // Typed but not saved: moving elsewhere asks first.
  useUnsavedChanges(
    valueText !== (stored ? inputText(stored.value) : '') ||
      status !== (stored?.status ?? 'final') ||
      note !== (stored?.note ?? ''),
  );

  const save = async (value: number | null) => {
    setOutcome({ kind: 'saving' });
    try {
      const result = await saveActual(
        kpi.id,
        year,
        { value, status, note: value === null ? '' : note.trim(), version: stored?.version ?? 0 },
        evaluationYear,
      );
      const { grade } = result.kpi;
      const what =
        result.action === 'deleted'
          ? `${yearLabel}の実績を削除しました`
          : result.action === 'unchanged'
            ? `${yearLabel}の実績は変わっていません`
            : `${yearLabel}の実績を保存しました`;
      setOutcome({
        kind: 'saved',
        message: `${what}。${result.kpi.fiscalYearLabel}の評価は「${grade.symbol} ${grade.label}」です。`,
      });
      onSaved(result);
    } catch (error) {
      // In the server's words: someone saved first, or the department's part is 提出済み.
      setOutcome(refusalOutcome(error, RELOADED));
      if (error instanceof SaveActualError && error.status === 409) onConflict();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseActualInput(valueText, kpi.unit);
    const next: FieldErrors = {};
    if (!parsed.ok) next.value = parsed.message;
    if (note.trim().length > NOTE_MAX_LENGTH)
      next.note = `備考は${NOTE_MAX_LENGTH}文字以内で入力してください`;
    setErrors(next);
    if (next.value) valueRef.current?.focus();
    else if (next.note) noteRef.current?.focus();
    if (!parsed.ok || next.note) {
      setOutcome({ kind: 'none' });
      return;
    }
    void save(parsed.value);
  };

  const onDelete = () => {
    if (!stored) return;
    if (!window.confirm(`${yearLabel}の実績（${formatValue(stored.value, kpi.unit)}）を削除しますか？`))
      return;
    void save(null);
  };

  const saving = outcome.kind === 'saving';
  const noteLength = note.trim().length;

  return (
    <form className="actual-form" noValidate onSubmit={onSubmit}>
      <div className="form-row">
        <label htmlFor={ids.year}>年度</label>
        <select
          id={ids.year}
          value={year}
          onChange={(event) => {
            setYear(Number(event.target.value));
            setOutcome({ kind: 'none' });
          }}
        >
          {kpi.entryYears.map((y) => (
            <option key={y.fiscalYear} value={y.fiscalYear}>
              {y.fiscalYearLabel}
              {kpi.actuals.some((a) => a.fiscalYear === y.fiscalYear) ? '（登録済み）' : ''}
            </option>
          ))}
        </select>
      </div>

      <div className="form-row">
        <label htmlFor={ids.value}>実績値{kpi.unit ? `（単位: ${kpi.unit}）` : ''}</label>
        <input
          ref={valueRef}
          id={ids.value}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={valueText}
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={errors.value ? `${ids.valueError} ${ids.valueHint}` : ids.valueHint}
          onChange={(event) => setValueText(event.target.value)}
        />
        <p id={ids.valueHint} className="field-hint">
          {stored
            ? `登録済みの値: ${formatValue(stored.value, kpi.unit)}（${stored.statusLabel}）`
            : 'この年度の実績は未登録です'}
          。全角数字・桁区切りのカンマも使えます。
        </p>
        {errors.value && (
          <p id={ids.valueError} className="field-error">
            {errors.value}
          </p>
        )}
      </div>

      <fieldset className="choice-group">
        <legend>状態</legend>
        <label>
          <input
            type="radio"
            name={ids.status}
            value="final"
            checked={status === 'final'}
            onChange={() => setStatus('final')}
          />
          確定
        </label>
        <label>
          <input
            type="radio"
            name={ids.status}
            value="provisional"
            checked={status === 'provisional'}
            onChange={() => setStatus('provisional')}
          />
          見込
        </label>
      </fieldset>

      <div className="form-row">
        <label htmlFor={ids.note}>備考（任意）</label>
        <textarea
          ref={noteRef}
          id={ids.note}
          rows={2}
          value={note}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? `${ids.noteError} ${ids.noteHint}` : ids.noteHint}
          onChange={(event) => setNote(event.target.value)}
        />
        <p id={ids.noteHint} className="field-hint">
          {noteLength}／{NOTE_MAX_LENGTH}文字
        </p>
        {errors.note && (
          <p id={ids.noteError} className="field-error">
            {errors.note}
          </p>
        )}
      </div>

      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? '保存中…' : '保存'}
        </button>
        {stored && (
          <button type="button" className="button button-secondary" disabled={saving} onClick={onDelete}>
            この年度の実績を削除
          </button>
        )}
      </div>

      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

interface AdministrativeStatusFormProps {
  kpi: KpiDetail;
  /** The fiscal year the screen evaluates; the answer to a save is evaluated for it. */
  evaluationYear: number;
  onSaved: (result: { kpi: KpiDetail }) => void;
  /** Refused with 409 (someone changed the KPI first, or the part is 提出済み): reload it. */
  onConflict: () => void;
}

/** The select's value for "no 評価区分": the KPI is evaluated by its values. */
const NO_STATUS = '';

/**
 * 評価区分: a select of 未着手, 休止・廃止, 評価困難 and 「なし」, saved against the KPI's version. A KPI
 * with a 評価区分 gets that grade whatever its values (the rate is still computed).
 */
export function AdministrativeStatusForm({
  kpi,
  evaluationYear,
  onSaved,
  onConflict,
}: AdministrativeStatusFormProps) {
  const [choice, setChoice] = useState<string>(kpi.administrativeStatus ?? NO_STATUS);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const ids = { select: useId(), hint: useId() };
  // The select shows what is stored, again whenever the KPI is (re)loaded.
  useEffect(() => {
    setChoice(kpi.administrativeStatus ?? NO_STATUS);
  }, [kpi]);

  useUnsavedChanges(choice !== (kpi.administrativeStatus ?? NO_STATUS));

  const labelOf = (value: string) =>
    kpi.administrativeStatuses.find((s) => s.value === value)?.label ?? value;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const status = kpi.administrativeStatuses.find((s) => s.value === choice)?.value ?? null;
    setOutcome({ kind: 'saving' });
    try {
      const result = await saveAdministrativeStatus(
        kpi.id,
        { administrativeStatus: status, version: kpi.version },
        evaluationYear,
      );
      const { grade } = result.kpi;
      const what =
        result.action === 'unchanged'
          ? '評価区分は変わっていません'
          : status === null
            ? '評価区分を解除しました'
            : `評価区分を「${labelOf(status)}」にしました`;
      setOutcome({
        kind: 'saved',
        message: `${what}。${result.kpi.fiscalYearLabel}の評価は「${grade.symbol} ${grade.label}」です。`,
      });
      onSaved(result);
    } catch (error) {
      setOutcome(refusalOutcome(error, RELOADED));
      if (error instanceof SaveActualError && error.status === 409) onConflict();
    }
  };

  const saving = outcome.kind === 'saving';
  return (
    <form className="actual-form status-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <div className="form-row">
        <label htmlFor={ids.select}>評価区分</label>
        <select
          id={ids.select}
          value={choice}
          aria-describedby={ids.hint}
          onChange={(event) => {
            setChoice(event.target.value);
            setOutcome({ kind: 'none' });
          }}
        >
          <option value={NO_STATUS}>なし（実績値で評価する）</option>
          {kpi.administrativeStatuses.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <p id={ids.hint} className="field-hint">
          {kpi.administrativeStatusLabel
            ? `登録済み: ${kpi.administrativeStatusLabel}。`
            : '登録済み: なし。'}
          未着手・休止・廃止・評価困難の指標は、評価がその区分になります（達成率は計算します）。
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? '保存中…' : '評価区分を保存'}
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}
