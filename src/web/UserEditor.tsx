/**
 * @module User editor
 * One user's settings, for the administrator: 氏名・役割・課 (saved against the user's version, 409
 * when someone changed them first), 無効にする / 有効にする, and a new password for a local account
 * (a directory account's password is the directory's). The server refuses disabling or demoting
 * oneself; those controls are not offered for one's own account.
 */
import { type FormEvent, type Ref, useEffect, useId, useState } from 'react';
import type { Role } from '../features/auth/roles.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { RoleFields } from './RoleFields.tsx';
import {
  type DepartmentView,
  PASSWORD_HINT,
  resetPassword,
  type UserPatch,
  type UserView,
  updateUser,
} from './users-api.ts';

interface UserEditorProps {
  user: UserView;
  departments: DepartmentView[];
  /** The signed-in administrator's own account. */
  isSelf: boolean;
  headingRef: Ref<HTMLHeadingElement>;
  /** Saved, or refused as outdated: the list is loaded again. */
  onChanged: () => void;
  onClose: () => void;
}

export const PROVIDER_LABELS: Record<UserView['provider'], string> = {
  local: 'ローカル',
  ldap: 'ディレクトリ（LDAP）',
  oidc: 'ディレクトリ（OpenID Connect）',
};

const CONFLICT =
  '他の人が先にこのユーザーを変更しました。最新の内容を読み込み直したので、確かめてからやり直してください。';

/** The outcome of a refused change: 409 reloads, anything else shows the server's message. */
function refusal(error: unknown, onChanged: () => void): Outcome {
  if (error instanceof ApiError && error.status === 409) {
    onChanged();
    return { kind: 'conflict', message: CONFLICT };
  }
  return { kind: 'error', message: error instanceof ApiError ? error.message : '保存できませんでした。' };
}

export function UserEditor({ user, departments, isSelf, headingRef, onChanged, onClose }: UserEditorProps) {
  const headingId = useId();
  return (
    <section className="card user-editor" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {user.displayName}（{user.username}）の設定
      </h3>
      <p className="field-hint">
        認証: {PROVIDER_LABELS[user.provider]}・状態: {user.disabled ? '無効' : '有効'}
      </p>
      <ProfileForm user={user} departments={departments} isSelf={isSelf} onChanged={onChanged} />
      <StateForm user={user} isSelf={isSelf} onChanged={onChanged} />
      <PasswordForm user={user} />
      <p>
        <button type="button" className="link-button" onClick={onClose}>
          一覧に戻る
        </button>
      </p>
    </section>
  );
}

function ProfileForm({
  user,
  departments,
  isSelf,
  onChanged,
}: Pick<UserEditorProps, 'user' | 'departments' | 'isSelf' | 'onChanged'>) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [departmentId, setDepartmentId] = useState(user.departmentId);
  const [email, setEmail] = useState(user.email ?? '');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const ids = { heading: useId(), name: useId(), email: useId(), emailHint: useId() };
  // The fields show the stored values, again whenever the user is reloaded.
  useEffect(() => {
    setDisplayName(user.displayName);
    setRole(user.role);
    setDepartmentId(user.departmentId);
    setEmail(user.email ?? '');
  }, [user]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (role === 'department' && departmentId === null) {
      setOutcome({ kind: 'error', message: '担当課の役割には課を選んでください。' });
      return;
    }
    const patch: UserPatch = { version: user.version };
    if (displayName.trim() !== user.displayName) patch.displayName = displayName.trim();
    if (role !== user.role) patch.role = role;
    if (departmentId !== user.departmentId) patch.departmentId = departmentId;
    if (email.trim() !== (user.email ?? '')) patch.email = email.trim();
    if (Object.keys(patch).length === 1) {
      setOutcome({ kind: 'saved', message: '変更はありません。' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      const saved = await updateUser(user.id, patch);
      const department = saved.departmentName ? `・${saved.departmentName}` : '';
      setOutcome({ kind: 'saved', message: `保存しました（${saved.roleLabel}${department}）。` });
      onChanged();
    } catch (error) {
      setOutcome(refusal(error, onChanged));
    }
  };

  return (
    <form
      className="stacked-form editor-part"
      noValidate
      aria-labelledby={ids.heading}
      onSubmit={(event) => void onSubmit(event)}
    >
      <h4 id={ids.heading}>氏名・役割・課・メール</h4>
      <div className="form-row">
        <label htmlFor={ids.name}>氏名</label>
        <input
          id={ids.name}
          type="text"
          value={displayName}
          maxLength={100}
          onChange={(event) => setDisplayName(event.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={ids.email}>メールアドレス（任意）</label>
        <input
          id={ids.email}
          type="email"
          autoComplete="off"
          value={email}
          maxLength={254}
          aria-describedby={ids.emailHint}
          onChange={(event) => setEmail(event.target.value)}
        />
        <p id={ids.emailHint} className="field-hint">
          お知らせをメールでも送ります（サーバーに SMTP_URL
          が設定されている場合）。空欄なら画面のお知らせだけです。
        </p>
      </div>
      {isSelf ? (
        <p className="field-hint">自分自身の役割は変更できません（管理者がいなくならないように）。</p>
      ) : (
        <RoleFields
          role={role}
          departmentId={departmentId}
          departments={departments}
          onRole={setRole}
          onDepartment={setDepartmentId}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? '保存中…' : '変更を保存'}
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

function StateForm({ user, isSelf, onChanged }: Pick<UserEditorProps, 'user' | 'isSelf' | 'onChanged'>) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const toggle = async () => {
    setOutcome({ kind: 'saving' });
    try {
      const saved = await updateUser(user.id, { disabled: !user.disabled, version: user.version });
      setOutcome({
        kind: 'saved',
        message: saved.disabled
          ? `「${saved.username}」を無効にしました。このユーザーはログインできません。`
          : `「${saved.username}」を有効にしました。`,
      });
      onChanged();
    } catch (error) {
      setOutcome(refusal(error, onChanged));
    }
  };
  return (
    <div className="editor-part">
      <h4>状態</h4>
      {isSelf ? (
        <p className="field-hint">自分自身は無効にできません。</p>
      ) : (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={outcome.kind === 'saving'}
            onClick={() => void toggle()}
          >
            {user.disabled ? 'このユーザーを有効にする' : 'このユーザーを無効にする'}
          </button>
        </div>
      )}
      <OutcomeNotice outcome={outcome} />
    </div>
  );
}

function PasswordForm({ user }: { user: UserView }) {
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const ids = { heading: useId(), input: useId(), hint: useId() };
  if (user.provider !== 'local') {
    return (
      <div className="editor-part">
        <h4>パスワード</h4>
        <p className="field-hint">
          {PROVIDER_LABELS[user.provider]}のアカウントです。パスワードはディレクトリで変更してください。
        </p>
      </div>
    );
  }
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setOutcome({ kind: 'error', message: '新しいパスワードを入力してください。' });
      return;
    }
    setOutcome({ kind: 'saving' });
    try {
      await resetPassword(user.id, password);
      setPassword('');
      setOutcome({
        kind: 'saved',
        message: `「${user.username}」のパスワードを再設定しました。本人に伝えてください。`,
      });
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '保存できませんでした。',
      });
    }
  };
  return (
    <form
      className="stacked-form editor-part"
      noValidate
      aria-labelledby={ids.heading}
      onSubmit={(event) => void onSubmit(event)}
    >
      <h4 id={ids.heading}>パスワードの再設定</h4>
      <div className="form-row">
        <label htmlFor={ids.input}>新しいパスワード</label>
        <input
          id={ids.input}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-describedby={ids.hint}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id={ids.hint} className="field-hint">
          {PASSWORD_HINT}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          {outcome.kind === 'saving' ? '保存中…' : 'パスワードを再設定'}
        </button>
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}
