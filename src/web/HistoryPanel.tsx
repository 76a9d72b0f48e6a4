/**
 * @module History panel
 * 変更履歴 of a 基本方針 (its texts of every year) or a KPI (its definition and actuals): who, when,
 * and each changed field before → after, newest first. Collapsed until opened; read only then.
 */
import { useEffect, useState } from 'react';
import { ApiError } from './api.ts';
import { fetchHistory, type HistoryEntry, type HistorySubject, type HistoryValue } from './history-api.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import './history.css';

type State =
  | { status: 'closed' }
  | { status: 'loading'; entries: HistoryEntry[] }
  | { status: 'error'; entries: HistoryEntry[]; message: string }
  | { status: 'ready'; entries: HistoryEntry[]; nextBefore: number | null };

export function HistoryPanel({ subject }: { subject: HistorySubject }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ status: 'closed' });
  const key = 'nodeId' in subject ? `node:${subject.nodeId}` : `kpi:${subject.kpiId}`;

  const load = (before: number | null, entries: HistoryEntry[], signal?: AbortSignal) => {
    setState({ status: 'loading', entries });
    fetchHistory(subject, { before, ...(signal ? { signal } : {}) }).then(
      (page) => {
        if (!signal?.aborted)
          setState({ status: 'ready', entries: [...entries, ...page.entries], nextBefore: page.nextBefore });
      },
      (error: unknown) => {
        if (signal?.aborted) return;
        const message = error instanceof ApiError ? error.message : '変更履歴を読み込めませんでした。';
        setState({ status: 'error', entries, message });
      },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the subject
  useEffect(() => {
    if (!open) {
      setState({ status: 'closed' });
      return;
    }
    const controller = new AbortController();
    load(null, [], controller.signal);
    return () => controller.abort();
  }, [open, key]);

  const entries = state.status === 'closed' ? [] : state.entries;
  return (
    <section className="history-panel" aria-label="変更履歴">
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary className="history-heading">変更履歴</summary>
        {entries.length > 0 && <HistoryTable entries={entries} />}
        {state.status === 'ready' && entries.length === 0 && (
          <p className="history-empty">変更の記録はありません。</p>
        )}
        {state.status === 'loading' && <Loading>変更履歴を読み込み中…</Loading>}
        {state.status === 'error' && (
          <ErrorNotice message={state.message} onRetry={() => load(entries.at(-1)?.id ?? null, entries)} />
        )}
        {state.status === 'ready' && state.nextBefore !== null && (
          <button type="button" className="button" onClick={() => load(state.nextBefore, entries)}>
            さらに古い履歴を表示
          </button>
        )}
      </details>
    </section>
  );
}

/** One row per changed field; an entry that names no field still gets its row. */
function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
  return (
    <table className="history-table">
      <thead>
        <tr>
          <th scope="col">日時</th>
          <th scope="col">変更者</th>
          <th scope="col">項目</th>
          <th scope="col">変更前</th>
          <th scope="col">変更後</th>
        </tr>
      </thead>
      <tbody>
        {entries.flatMap((entry) => {
          const what = [entry.subjectLabel, entry.tableLabel].filter(Boolean).join(' ');
          const rows = entry.changes.length > 0 ? entry.changes : [null];
          return rows.map((change, index) => (
            <tr key={`${entry.id}:${change?.field ?? index}`}>
              <td data-label="日時">
                <time dateTime={entry.changedAt}>{entry.changedAtLabel}</time>
              </td>
              <td data-label="変更者">{entry.actor}</td>
              <td data-label="項目">
                {what}
                {change && `：${change.label}`}
                <span className={`history-action history-action-${entry.action}`}>
                  （{entry.actionLabel}）
                </span>
              </td>
              <td data-label="変更前">{change ? <ValueView value={change.before} /> : '—'}</td>
              <td data-label="変更後">{change ? <ValueView value={change.after} /> : '—'}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

function ValueView({ value }: { value: HistoryValue }) {
  if (value === null) return <span className="history-none">（なし）</span>;
  if (Array.isArray(value)) {
    return (
      <ol className="history-list">
        {value.map((item, index) => (
          // Items may repeat; their position is their identity here.
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in its stored order
          <li key={index}>{item}</li>
        ))}
      </ol>
    );
  }
  return <span className="history-text">{value}</span>;
}
