/**
 * @module Focus after a save
 * A save disables its button while it runs, and what it changes may remove the button altogether
 * (「年度を確定」 becomes the reopen form, 「承認」 leaves the row): the keyboard focus would fall back
 * to the top of the page. This hook moves it to the message that tells what was done instead.
 */
import { type RefObject, useEffect, useRef } from 'react';

/**
 * Returns a ref for the element that receives the focus (give it `tabIndex={-1}`) and a function to
 * call when a save is done: on the next render, if the focus was lost, it moves there.
 * @example const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>(); … keepFocus();
 */
export function useFocusAfterSave<T extends HTMLElement>(): [RefObject<T | null>, () => void] {
  const target = useRef<T | null>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    const active = document.activeElement;
    const lost =
      active === null ||
      active === document.body ||
      !active.isConnected ||
      (active instanceof HTMLButtonElement && active.disabled);
    if (lost) target.current?.focus();
  });
  return [
    target,
    () => {
      pending.current = true;
    },
  ];
}
