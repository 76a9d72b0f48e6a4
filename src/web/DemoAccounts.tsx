/**
 * @module Demo accounts box (デモ用アカウント)
 * On the sign-in screen while the demo accounts exist: one row per account (ユーザー名, 氏名, 役割,
 * 課) and their shared password, clearly marked as being for trying the demo only. 「入力」 fills
 * the form with that account.
 */
import { useId } from 'react';
import type { SignInOptions } from './auth-api.ts';

interface DemoAccountsProps {
  accounts: SignInOptions['demoAccounts'];
  password: string;
  onChoose: (username: string) => void;
}

export function DemoAccounts({ accounts, password, onChoose }: DemoAccountsProps) {
  const headingId = useId();
  return (
    <section className="demo-accounts" aria-labelledby={headingId}>
      <h2 id={headingId}>デモ用アカウント</h2>
      <p>
        デモを試すためだけのアカウントです。実際の業務では使わないでください（本番の運用を始める前に無効にします）。
      </p>
      <p>
        パスワード（全アカウント共通）: <code className="demo-password">{password}</code>
      </p>
      <table className="demo-table">
        <caption>デモ用アカウントの一覧（{accounts.length}件）</caption>
        <thead>
          <tr>
            <th scope="col">ユーザー名</th>
            <th scope="col">氏名</th>
            <th scope="col">役割</th>
            <th scope="col">課</th>
            <th scope="col">
              <span className="visually-hidden">フォームに入力</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={`${account.localGovCode}:${account.username}`}>
              <th scope="row">
                <code>{account.username}</code>
              </th>
              <td>{account.displayName}</td>
              <td>{account.roleLabel}</td>
              <td>{account.departmentName ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`入力（${account.username}・${account.roleLabel}）`}
                  onClick={() => onChoose(account.username)}
                >
                  入力
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
