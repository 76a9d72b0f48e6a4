/**
 * @module Users screen (ユーザー管理)
 * For the administrator: every account of the municipality (ユーザー名, 氏名, 役割, 課, 状態, 認証),
 * one account's settings opened from the list (UserEditor), and a form to add a local account.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { TableScroll } from './KpiList.tsx';
import { NewUserForm } from './NewUserForm.tsx';
import { ErrorNotice, Loading } from './Notice.tsx';
import { useSession } from './session-context.ts';
import { PROVIDER_LABELS, UserEditor } from './UserEditor.tsx';
import { useLoad } from './useLoad.ts';
import { fetchDepartments, fetchUsers, type UserView } from './users-api.ts';

export function UsersScreen() {
  const { session } = useSession();
  const [users, reloadUsers] = useLoad(fetchUsers, []);
  const [departments, reloadDepartments] = useLoad(fetchDepartments, []);
  const [openId, setOpenId] = useState<number | null>(null);
  const editorHeading = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<number | null>(null);
  const captionId = useId();
  const listHeadingId = useId();
  // A reload (after a change) keeps the list and the open settings on screen until it arrives.
  const ready = users.status === 'ready' ? users.value : null;
  const [latest, setLatest] = useState<UserView[] | null>(null);
  useEffect(() => {
    if (ready) setLatest(ready);
  }, [ready]);
  const list = ready ?? latest;
  const open = list?.find((u) => u.id === openId);

  // Opening a user moves focus to its settings; closing them returns it to the user's button.
  useEffect(() => {
    if (openId !== null) editorHeading.current?.focus();
  }, [openId]);
  useEffect(() => {
    if (openId !== null || returnTo.current === null) return;
    document.querySelector<HTMLButtonElement>(`[data-user-link="${returnTo.current}"]`)?.focus();
    returnTo.current = null;
  }, [openId]);

  return (
    <>
      <h2>ユーザー管理</h2>
      <p className="lead">
        {session.municipality.name}のユーザーです。役割で、できることが決まります（企画:
        すべての指標の入力と担当課の割り当て、担当課: 自分の課の指標の入力、審議会委員・閲覧:
        閲覧のみ、管理者: ユーザーの管理）。
      </p>
      <section className="card" aria-labelledby={listHeadingId}>
        <h3 id={listHeadingId}>ユーザーの一覧</h3>
        {users.status === 'error' && <ErrorNotice message={users.message} onRetry={reloadUsers} />}
        {list === null ? (
          users.status === 'loading' && <Loading />
        ) : (
          <TableScroll labelledBy={captionId}>
            <table className="kpi-table admin-table">
              <caption id={captionId}>ユーザー（{list.length}人）</caption>
              <thead>
                <tr>
                  <th scope="col">ユーザー名</th>
                  <th scope="col">氏名</th>
                  <th scope="col">役割</th>
                  <th scope="col">課</th>
                  <th scope="col">状態</th>
                  <th scope="col">認証</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {list.map((user) => (
                  <tr
                    key={user.id}
                    data-username={user.username}
                    aria-current={user.id === openId || undefined}
                  >
                    <th scope="row">
                      <code>{user.username}</code>
                      {user.demo && <span className="demo-tag">デモ</span>}
                    </th>
                    <td>{user.displayName}</td>
                    <td>{user.roleLabel}</td>
                    <td>{user.departmentName ?? '—'}</td>
                    <td>
                      <span className={user.disabled ? 'state-tag state-disabled' : 'state-tag'}>
                        {user.disabled ? '無効' : '有効'}
                      </span>
                    </td>
                    <td>{PROVIDER_LABELS[user.provider]}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        data-user-link={user.id}
                        aria-label={`変更（${user.username}）`}
                        onClick={() => setOpenId(user.id)}
                      >
                        変更
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {open && departments.status === 'ready' && (
        <UserEditor
          key={open.id}
          user={open}
          departments={departments.value}
          isSelf={open.id === session.user.id}
          headingRef={editorHeading}
          onChanged={reloadUsers}
          onClose={() => {
            returnTo.current = open.id;
            setOpenId(null);
          }}
        />
      )}
      {departments.status === 'error' ? (
        <ErrorNotice message={departments.message} onRetry={reloadDepartments} />
      ) : departments.status === 'ready' ? (
        <NewUserForm departments={departments.value} onAdded={reloadUsers} />
      ) : (
        <Loading />
      )}
    </>
  );
}
