/**
 * @module Unsaved changes
 * A form with typed but unsaved input (取組・方向性, an actual) says so here while it is dirty. A move
 * inside the app — another item of the tree, another screen or year, Back, ログアウト — asks first
 * («保存していない変更があります。移動しますか？»), and leaving or reloading the page makes the
 * browser warn (`beforeunload`), so nothing typed is lost without a word.
 */
import { useEffect } from 'react';

export const UNSAVED_MESSAGE = '保存していない変更があります。移動しますか？';

/** One token per dirty form on screen. */
const dirtyForms = new Set<symbol>();

/** Whether any form on screen holds unsaved input. */
export function hasUnsavedChanges(): boolean {
  return dirtyForms.size > 0;
}

/**
 * Counts a form as dirty until the returned function is called (the hook's part without React).
 * @example const clean = markDirty(); hasUnsavedChanges() // true; clean(); hasUnsavedChanges() // false
 */
export function markDirty(): () => void {
  const token = Symbol('dirty form');
  dirtyForms.add(token);
  return () => {
    dirtyForms.delete(token);
  };
}

/**
 * Whether the app may move on: nothing is unsaved, or the person agrees to drop it (`ask` is
 * `window.confirm` on screen).
 */
export function confirmLeave(
  ask: (message: string) => boolean = (message) => window.confirm(message),
): boolean {
  return !hasUnsavedChanges() || ask(UNSAVED_MESSAGE);
}

/** The browser's own 「このサイトを離れますか？」 while something is unsaved. */
function warnBeforeUnload(event: BeforeUnloadEvent): void {
  if (!hasUnsavedChanges()) return;
  event.preventDefault();
  // Older Chromium and Safari ask only when returnValue is set.
  event.returnValue = '';
}

/** Registers the calling form as dirty while `dirty` is true (and while it is on screen). */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const clean = markDirty();
    window.addEventListener('beforeunload', warnBeforeUnload);
    return () => {
      clean();
      // The same function is added once however many forms are dirty; it stays while any is.
      if (!hasUnsavedChanges()) window.removeEventListener('beforeunload', warnBeforeUnload);
    };
  }, [dirty]);
}
