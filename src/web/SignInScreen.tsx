/**
 * @module Sign-in screen (ログイン)
 * Shown whenever nobody is signed in: 自治体 (a choice only when the server holds several),
 * ユーザー名, パスワード, the method when the city's directory (LDAP) is configured, and a link to
 * the OpenID Connect sign-in when that is. The server's refusal (wrong name or password, too many
 * attempts) is announced as an alert. While demo accounts exist, they are listed with their shared
 * password in a box marked デモ用アカウント.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { SignInInput } from '../features/auth/contract.ts';
import { fetchSignInOptions, oidcStartUrl, type Session, type SignInOptions, signIn } from './auth-api.ts';
import { DemoAccounts } from './DemoAccounts.tsx';
import { ApiError } from './http.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import { useLoad } from './useLoad.ts';

/** Why the sign-in screen is shown again. */
export type SignInReason = 'expired' | 'signed-out' | null;

export const EXPIRED_MESSAGE = 'ログインの有効期限が切れました。もう一度ログインしてください。';

interface SignInScreenProps {
  reason: SignInReason;
  onSignedIn: (session: Session) => void;
}

export function SignInScreen({ reason, onSignedIn }: SignInScreenProps) {
  const [options, reload] = useLoad(fetchSignInOptions, []);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Back from the app (signed out, expired): announce the screen by moving focus to its heading.
  useEffect(() => {
    if (reason) headingRef.current?.focus();
  }, [reason]);
  return (
    <>
      <header className="site-header">
        <div className="brand">
          <p className="app-name">
            <span lang="en">Hoshin</span> 方針<span className="app-subtitle">総合計画 進行管理</span>
          </p>
          <h1 ref={headingRef} tabIndex={-1}>
            ログイン
          </h1>
        </div>
      </header>
      <main id="main" className="main-only sign-in-main" tabIndex={-1}>
        {reason === 'expired' && (
          <div className="notice notice-error" role="alert">
            <p>{EXPIRED_MESSAGE}</p>
          </div>
        )}
        {reason === 'signed-out' && (
          <p className="notice notice-success" role="status">
            ログアウトしました。
          </p>
        )}
        {options.status === 'loading' ? (
          <Loading />
        ) : options.status === 'error' ? (
          <ErrorNotice message={options.message} onRetry={reload} />
        ) : (
          <SignInForm options={options.value} onSignedIn={onSignedIn} />
        )}
      </main>
    </>
  );
}

interface FieldErrors {
  username?: string;
  password?: string;
  municipality?: string;
}

function SignInForm({ options, onSignedIn }: { options: SignInOptions; onSignedIn: (s: Session) => void }) {
  const only = options.municipalities.length === 1 ? options.municipalities[0] : undefined;
  const [municipality, setMunicipality] = useState(only?.localGovCode ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [method, setMethod] = useState<'local' | 'ldap'>('local');
  const [errors, setErrors] = useState<FieldErrors>({});
  // A directory sign-in that failed comes back from the server's callback as ?sign-in-error=….
  const [refusal, setRefusal] = useState<string | null>(takeRedirectedError);
  const [busy, setBusy] = useState(false);
  const refs = {
    municipality: useRef<HTMLSelectElement>(null),
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    submit: useRef<HTMLButtonElement>(null),
  };
  const ids = {
    municipality: useId(),
    username: useId(),
    usernameError: useId(),
    password: useId(),
    passwordError: useId(),
    municipalityError: useId(),
    method: useId(),
  };
  const hasLdap = options.methods.includes('ldap');
  const hasOidc = options.methods.includes('oidc');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const input = { username, password, method, ...(municipality ? { municipality } : {}) };
    const checked = SignInInput.safeParse(input);
    const next: FieldErrors = {};
    if (!municipality && options.municipalities.length > 1) next.municipality = '自治体を選んでください';
    for (const issue of checked.success ? [] : checked.error.issues) {
      const field = issue.path[0];
      if ((field === 'username' || field === 'password') && !next[field]) next[field] = issue.message;
    }
    setErrors(next);
    const first = (['municipality', 'username', 'password'] as const).find((f) => next[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await signIn(input));
    } catch (error) {
      setBusy(false);
      setPassword('');
      setRefusal(error instanceof ApiError ? error.message : 'ログインできませんでした。');
      refs.password.current?.focus();
    }
  };

  const describedBy = (field: keyof FieldErrors, errorId: string) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  return (
    <div className="sign-in-layout">
      <div className="card sign-in-card">
        <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
          {only ? (
            <p className="sign-in-municipality">
              自治体: <strong>{only.name}</strong>
            </p>
          ) : (
            <div className="form-row">
              <label htmlFor={ids.municipality}>自治体</label>
              <select
                ref={refs.municipality}
                id={ids.municipality}
                value={municipality}
                {...describedBy('municipality', ids.municipalityError)}
                onChange={(event) => setMunicipality(event.target.value)}
              >
                <option value="">選んでください</option>
                {options.municipalities.map((m) => (
                  <option key={m.localGovCode} value={m.localGovCode}>
                    {m.name}
                  </option>
                ))}
              </select>
              {errors.municipality && (
                <p id={ids.municipalityError} className="field-error">
                  {errors.municipality}
                </p>
              )}
            </div>
          )}
          <div className="form-row">
            <label htmlFor={ids.username}>ユーザー名</label>
            <input
              ref={refs.username}
              id={ids.username}
              type="text"
              autoComplete="username"
              autoCapitalize="off"
              spellCheck={false}
              value={username}
              {...describedBy('username', ids.usernameError)}
              onChange={(event) => setUsername(event.target.value)}
            />
            {errors.username && (
              <p id={ids.usernameError} className="field-error">
                {errors.username}
              </p>
            )}
          </div>
          <div className="form-row">
            <label htmlFor={ids.password}>パスワード</label>
            <input
              ref={refs.password}
              id={ids.password}
              type="password"
              autoComplete="current-password"
              value={password}
              {...describedBy('password', ids.passwordError)}
              onChange={(event) => setPassword(event.target.value)}
            />
            {errors.password && (
              <p id={ids.passwordError} className="field-error">
                {errors.password}
              </p>
            )}
          </div>
          {hasLdap && (
            <fieldset className="choice-group">
              <legend>ログイン方法</legend>
              <label>
                <input
                  type="radio"
                  name={ids.method}
                  checked={method === 'local'}
                  onChange={() => setMethod('local')}
                />
                ローカル
              </label>
              <label>
                <input
                  type="radio"
                  name={ids.method}
                  checked={method === 'ldap'}
                  onChange={() => setMethod('ldap')}
                />
                ディレクトリ（LDAP）
              </label>
            </fieldset>
          )}
          <div className="form-actions">
            <button ref={refs.submit} type="submit" className="button" disabled={busy}>
              {busy ? 'ログイン中…' : 'ログイン'}
            </button>
          </div>
          {refusal && (
            <div className="notice notice-error" role="alert">
              <p>
                <strong>ログインできませんでした：</strong>
                {refusal}
              </p>
            </div>
          )}
        </form>
        {hasOidc && (
          <p className="sign-in-oidc">
            <a className="button button-secondary" href={oidcStartUrl(municipality || undefined)}>
              ディレクトリ（OpenID Connect）でログイン
            </a>
          </p>
        )}
      </div>
      {options.demoAccounts.length > 0 && options.demoPassword && (
        <DemoAccounts
          accounts={options.demoAccounts.filter((a) => !municipality || a.localGovCode === municipality)}
          password={options.demoPassword}
          onChoose={(name) => {
            setUsername(name);
            setPassword(options.demoPassword ?? '');
            setErrors({});
            setRefusal(null);
            refs.submit.current?.focus();
          }}
        />
      )}
    </div>
  );
}

/** The message a failed OpenID Connect sign-in was sent back with, removed from the address bar. */
function takeRedirectedError(): string | null {
  const url = new URL(window.location.href);
  const message = url.searchParams.get('sign-in-error');
  if (message === null) return null;
  url.searchParams.delete('sign-in-error');
  window.history.replaceState(null, '', url);
  return message.slice(0, 500);
}
