/**
 * @module Notice bell
 * お知らせ in the header: 「お知らせ（N）」 with the unread count, opening the list of the signed-in
 * user's notices, newest first. Opening a notice marks it read and, when it points somewhere (the
 * cycle screen of a year, say), goes there. The count is refreshed every few minutes.
 */

import { useEffect, useId, useRef, useState } from 'react';
import { formatWarekiDateTime } from '../domain/calendar/index.ts';
import { fetchNotices, markNoticeRead, type NoticeList, type NoticeView } from './cycle-api.ts';
import { ApiError } from './http.ts';
import './cycle.css';

const REFRESH_MS = 5 * 60_000;

export function NoticeBell() {
  const [list, setList] = useState<NoticeList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      fetchNotices(controller.signal).then(
        (value) => {
          setList(value);
          setError(null);
        },
        (e: unknown) => {
          if (!controller.signal.aborted)
            setError(e instanceof ApiError ? e.message : 'お知らせを読み込めませんでした。');
        },
      );
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, []);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    // Opening fetches afresh (and so writes any reminder that has fallen due).
    if (next) void fetchNotices().then(setList, () => {});
  };

  const choose = async (notice: NoticeView) => {
    try {
      if (!notice.read) setList(await markNoticeRead(notice.id));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '既読にできませんでした。');
      return;
    }
    if (notice.link) window.location.assign(notice.link);
  };

  const unread = list?.unread ?? 0;
  return (
    <div className="notice-bell">
      <button
        ref={buttonRef}
        type="button"
        className="notice-bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
      >
        お知らせ（{unread}）<span className="visually-hidden">{unread > 0 ? '件の未読' : ''}</span>
      </button>
      <section id={panelId} className="header-panel" hidden={!open} aria-labelledby={headingId}>
        <h2 id={headingId} className="notice-bell-heading">
          お知らせ
        </h2>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {list === null ? (
          <p>読み込み中…</p>
        ) : list.notices.length === 0 ? (
          <p>お知らせはありません。</p>
        ) : (
          <ul className="notice-bell-list">
            {list.notices.map((n) => (
              <li key={n.id} className={n.read ? 'notice-read' : 'notice-unread'}>
                <button type="button" className="notice-bell-item" onClick={() => void choose(n)}>
                  <span className="notice-bell-kind">
                    {n.read ? '' : '【未読】'}
                    {n.kindLabel}
                  </span>
                  <span className="notice-bell-message">{n.message}</span>
                  <span className="notice-bell-time">{formatWarekiDateTime(n.createdAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setOpen(false);
            buttonRef.current?.focus();
          }}
        >
          閉じる
        </button>
      </section>
    </div>
  );
}
