/**
 * @module Notices
 * The small status blocks every view shares: loading, error (with a retry) and empty.
 */
import type { ReactNode } from 'react';

export function Loading({ children = '読み込み中…' }: { children?: ReactNode }) {
  return (
    <p className="notice notice-loading" role="status">
      {children}
    </p>
  );
}

export function ErrorNotice({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>エラー：</strong>
        {message}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          再読み込み
        </button>
      )}
    </div>
  );
}

export function EmptyNotice({ children }: { children: ReactNode }) {
  return <p className="notice notice-empty">{children}</p>;
}
