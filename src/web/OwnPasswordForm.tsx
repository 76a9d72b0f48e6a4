/**
 * @module Own password (パスワードの変更)
 * In the account bar: 「パスワードの変更」 opens a small form where a signed-in user with a local
 * account (審議会委員 and other outside staff) replaces the password they were given: the current
 * one, the new one and the new one again. Each problem is named beside its field (and the first
 * one focused); the server's answer — the other sign-ins ended, or why it refused — is announced
 * as it words it. Escape or 「閉じる」 closes the form and returns to its button.
 */
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { OWN_PASSWORD_REFUSALS } from '../features/auth/contract.ts';
import { MIN_PASSWORD_LENGTH } from '../features/users/contract.ts';
import { changeOwnPassword } from './auth-api.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { PASSWORD_HINT } from './users-api.ts';
import './cycle.css';
import './own-password.css';

interface FieldErrors {
  current?: string;
  next?: string;
  confirm?: string;
}
const FIELDS = ['current', 'next', 'confirm'] as const;

export function OwnPasswordForm() {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const buttonRef = useRef<HTMLButtonElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const refs = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };
  const ids = {
    panel: useId(),
    heading: useId(),
    current: useId(),
    currentError: useId(),
    next: useId(),
    nextHint: useId(),
    nextError: useId(),
    confirm: useId(),
    confirmError: useId(),
  };

  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) refs[first].current?.focus();
    return first !== undefined;
  };

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const toggle = () => {
    if (open) return close();
    setOpen(true);
    setErrors({});
    setOutcome({ kind: 'none' });
    // Focus moves into the form once it is shown.
    window.setTimeout(() => refs.current.current?.focus(), 0);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!current) found.current = '現在のパスワードを入力してください';
    if (!next) found.next = '新しいパスワードを入力してください';
    else if (next.length < MIN_PASSWORD_LENGTH)
      found.next = `新しいパスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください`;
    else if (next === current) found.next = OWN_PASSWORD_REFUSALS.sameAsCurrent;
    if (next && confirm !== next)
      found.confirm = '確認のため、新しいパスワードをもう一度同じように入力してください';
    if (showErrors(found)) {
      setOutcome({ kind: 'none' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const answer = await changeOwnPassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setOutcome({ kind: 'saved', message: answer.message });
      // The submit button was disabled while saving and lost the focus: keep it in the form.
      closeRef.current?.focus();
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'パスワードを変更できませんでした。';
      // The refusals that belong to one field are shown beside it; the others as an alert.
      if (message === OWN_PASSWORD_REFUSALS.wrongCurrent) {
        showErrors({ current: message });
        setOutcome({ kind: 'none' });
      } else if (message === OWN_PASSWORD_REFUSALS.sameAsCurrent) {
        showErrors({ next: message });
        setOutcome({ kind: 'none' });
      } else {
        setOutcome({ kind: 'error', message });
        // Back on the (re-enabled) submit button once rendered; the alert is read out meanwhile.
        window.setTimeout(() => submitRef.current?.focus(), 0);
      }
    }
  };

  const described = (field: keyof FieldErrors, errorId: string, hintId?: string) => {
    const byIds = [errors[field] ? errorId : undefined, hintId].filter(Boolean).join(' ');
    return {
      ...(errors[field] ? { 'aria-invalid': true as const } : {}),
      ...(byIds ? { 'aria-describedby': byIds } : {}),
    };
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div className="own-password">
      <button
        ref={buttonRef}
        type="button"
        className="account-sign-out"
        aria-expanded={open}
        aria-controls={ids.panel}
        onClick={toggle}
      >
        パスワードの変更
      </button>
      <section
        id={ids.panel}
        className="header-panel"
        hidden={!open}
        aria-labelledby={ids.heading}
        onKeyDown={onKeyDown}
      >
        <h2 id={ids.heading} className="own-password-heading">
          パスワードの変更
        </h2>
        <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <div className="form-row">
            <label htmlFor={ids.current}>現在のパスワード</label>
            <input
              ref={refs.current}
              id={ids.current}
              type="password"
              autoComplete="current-password"
              value={current}
              {...described('current', ids.currentError)}
              onChange={(event) => setCurrent(event.target.value)}
            />
            {errors.current && (
              <p id={ids.currentError} className="field-error">
                {errors.current}
              </p>
            )}
          </div>
          <div className="form-row">
            <label htmlFor={ids.next}>新しいパスワード</label>
            <input
              ref={refs.next}
              id={ids.next}
              type="password"
              autoComplete="new-password"
              value={next}
              {...described('next', ids.nextError, ids.nextHint)}
              onChange={(event) => setNext(event.target.value)}
            />
            <p id={ids.nextHint} className="field-hint">
              {PASSWORD_HINT}
            </p>
            {errors.next && (
              <p id={ids.nextError} className="field-error">
                {errors.next}
              </p>
            )}
          </div>
          <div className="form-row">
            <label htmlFor={ids.confirm}>新しいパスワード（確認）</label>
            <input
              ref={refs.confirm}
              id={ids.confirm}
              type="password"
              autoComplete="new-password"
              value={confirm}
              {...described('confirm', ids.confirmError)}
              onChange={(event) => setConfirm(event.target.value)}
            />
            {errors.confirm && (
              <p id={ids.confirmError} className="field-error">
                {errors.confirm}
              </p>
            )}
          </div>
          <p className="field-hint">変更すると、ほかの端末やブラウザーでのログインは終了します。</p>
          <div className="form-actions">
            <button ref={submitRef} type="submit" className="button" disabled={outcome.kind === 'saving'}>
              {outcome.kind === 'saving' ? '変更中…' : '変更する'}
            </button>
            <button ref={closeRef} type="button" className="button button-secondary" onClick={close}>
              閉じる
            </button>
          </div>
          <OutcomeNotice outcome={outcome} />
        </form>
      </section>
    </div>
  );
}
