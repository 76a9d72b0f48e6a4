/**
 * @module New user form (ユーザーを追加)
 * A local account: ユーザー名, 氏名, 役割, 課 (required for 担当課) and the initial password, which the
 * administrator hands to the person. Missing fields are named beside them; the server's refusals
 * (a name already used, a password too short) are announced as it words them.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import type { Role } from '../features/auth/roles.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { RoleFields } from './RoleFields.tsx';
import { createUser, type DepartmentView, PASSWORD_HINT, type UserView } from './users-api.ts';

interface NewUserFormProps {
  departments: DepartmentView[];
  onAdded: (user: UserView) => void;
}

interface FieldErrors {
  username?: string;
  displayName?: string;
  department?: string;
  password?: string;
}

export function NewUserForm({ departments, onAdded }: NewUserFormProps) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const emailId = useId();
  const [role, setRole] = useState<Role>('department');
  const [departmentId, setDepartmentId] = useState<number | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const refs = {
    username: useRef<HTMLInputElement>(null),
    displayName: useRef<HTMLInputElement>(null),
    department: useRef<HTMLSelectElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const ids = {
    heading: useId(),
    username: useId(),
    usernameHint: useId(),
    usernameError: useId(),
    displayName: useId(),
    displayNameError: useId(),
    password: useId(),
    passwordHint: useId(),
    passwordError: useId(),
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!username.trim()) next.username = 'ユーザー名を入力してください';
    if (!displayName.trim()) next.displayName = '氏名を入力してください';
    if (role === 'department' && departmentId === null)
      next.department = '担当課の役割には課を選んでください';
    if (!password) next.password = '初期パスワードを入力してください';
    setErrors(next);
    const first = (['username', 'displayName', 'department', 'password'] as const).find((f) => next[f]);
    if (first) {
      refs[first].current?.focus();
      setOutcome({ kind: 'none' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const added = await createUser({
        username: username.trim(),
        displayName: displayName.trim(),
        role,
        departmentId,
        email: email.trim(),
        password,
      });
      setOutcome({
        kind: 'saved',
        message: `ユーザー「${added.username}」（${added.displayName}、${added.roleLabel}）を追加しました。初期パスワードを本人に伝えてください。`,
      });
      setUsername('');
      setDisplayName('');
      setEmail('');
      setPassword('');
      onAdded(added);
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '追加できませんでした。',
      });
    }
  };

  const described = (field: keyof FieldErrors, errorId: string, hintId?: string) => {
    const byIds = [errors[field] ? errorId : undefined, hintId].filter(Boolean).join(' ');
    return {
      ...(errors[field] ? { 'aria-invalid': true as const } : {}),
      ...(byIds ? { 'aria-describedby': byIds } : {}),
    };
  };

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>ユーザーを追加</h3>
      <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-row">
          <label htmlFor={ids.username}>ユーザー名</label>
          <input
            ref={refs.username}
            id={ids.username}
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            value={username}
            {...described('username', ids.usernameError, ids.usernameHint)}
            onChange={(event) => setUsername(event.target.value)}
          />
          <p id={ids.usernameHint} className="field-hint">
            半角英数字と . _ @ - の2〜64文字。ログインに使います。
          </p>
          {errors.username && (
            <p id={ids.usernameError} className="field-error">
              {errors.username}
            </p>
          )}
        </div>
        <div className="form-row">
          <label htmlFor={ids.displayName}>氏名</label>
          <input
            ref={refs.displayName}
            id={ids.displayName}
            type="text"
            autoComplete="off"
            value={displayName}
            maxLength={100}
            {...described('displayName', ids.displayNameError)}
            onChange={(event) => setDisplayName(event.target.value)}
          />
          {errors.displayName && (
            <p id={ids.displayNameError} className="field-error">
              {errors.displayName}
            </p>
          )}
        </div>
        <div className="form-row">
          <label htmlFor={emailId}>メールアドレス（任意・お知らせの送り先）</label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            value={email}
            maxLength={254}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <RoleFields
          role={role}
          departmentId={departmentId}
          departments={departments}
          onRole={setRole}
          onDepartment={setDepartmentId}
          departmentError={errors.department}
          departmentRef={refs.department}
        />
        <div className="form-row">
          <label htmlFor={ids.password}>初期パスワード</label>
          <input
            ref={refs.password}
            id={ids.password}
            type="password"
            autoComplete="new-password"
            value={password}
            {...described('password', ids.passwordError, ids.passwordHint)}
            onChange={(event) => setPassword(event.target.value)}
          />
          <p id={ids.passwordHint} className="field-hint">
            {PASSWORD_HINT}
          </p>
          {errors.password && (
            <p id={ids.passwordError} className="field-error">
              {errors.password}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
            {outcome.kind === 'saving' ? '追加中…' : 'ユーザーを追加'}
          </button>
        </div>
        <OutcomeNotice outcome={outcome} />
      </form>
    </section>
  );
}
