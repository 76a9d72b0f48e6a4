/**
 * @module Loading state
 * A tiny hook for "fetch on change, cancel the stale request, show loading / error / value".
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api.ts';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: T };

export interface LoadOptions {
  /**
   * `reload()` keeps the last value on screen until the new one arrives, instead of going back to
   * 'loading': what is drawn from it (a form, its 「保存しました」, the focus) stays mounted. A change
   * of `deps` still shows 'loading' (the old value is of something else).
   */
  quiet?: boolean;
}

/**
 * Runs `load` whenever a value in `deps` changes (or `reload` is called) and aborts the previous
 * run, so a slow old answer never overwrites a newer one.
 */
export function useLoad<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  deps: readonly unknown[],
  options: LoadOptions = {},
): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadedDeps = useRef<readonly unknown[] | null>(null);
  const quiet = options.quiet === true;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stands for what `load` reads
  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    const previous = loadedDeps.current;
    const sameDeps =
      previous !== null && previous.length === deps.length && deps.every((d, i) => Object.is(d, previous[i]));
    loadedDeps.current = deps;
    setState((last) => (quiet && sameDeps && last.status === 'ready' ? last : { status: 'loading' }));
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
