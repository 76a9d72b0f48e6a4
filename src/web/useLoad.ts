/**
 * @module Loading state
 * A tiny hook for "fetch on change, cancel the stale request, show loading / error / value".
 */
import { useEffect, useState } from 'react';
import { ApiError } from './api.ts';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: T };

/**
 * Runs `load` whenever a value in `deps` changes (or `reload` is called) and aborts the previous
 * run, so a slow old answer never overwrites a newer one.
 */
export function useLoad<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  deps: readonly unknown[],
): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stands for what `load` reads
  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof ApiError ? error.message : 'データを読み込めませんでした。';
        setState({ status: 'error', message });
      },
    );
    return () => controller.abort();
  }, [...deps, attempt]);

  return [state, () => setAttempt((n) => n + 1)];
}
