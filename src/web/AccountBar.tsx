/**
 * @module Account bar
 * In the header: who is signed in (氏名, 役割 and 課), for which municipality, 「パスワードの変更」
 * (OwnPasswordForm.tsx) and 「ログアウト」.
 */
import { useState } from 'react';
import { NoticeBell } from './NoticeBell.tsx';
import { OwnPasswordForm } from './OwnPasswordForm.tsx';
import { useSession } from './session-context.ts';
import { confirmLeave } from './unsaved-changes.ts';

export function AccountBar() {
  const { session, signOut } = useSession();
  const [leaving, setLeaving] = useState(false);
  const role = session.departmentName ? `${session.roleLabel}・${session.departmentName}` : session.roleLabel;
  return (
    <div className="account">
      <p className="account-who">
        <span className="account-name">{session.user.displayName}</span>
        <span className="account-role">{role}</span>
        <span className="account-municipality">{session.municipality.name}</span>
      </p>
      <NoticeBell />
      <OwnPasswordForm />
      <button
        type="button"
        className="account-sign-out"
        disabled={leaving}
        onClick={() => {
          if (!confirmLeave()) return;
          setLeaving(true);
          signOut();
        }}
      >
        {leaving ? 'ログアウト中…' : 'ログアウト'}
      </button>
    </div>
  );
}
