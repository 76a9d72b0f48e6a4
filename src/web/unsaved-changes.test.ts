import { describe, expect, it, vi } from 'vitest';
import { confirmLeave, hasUnsavedChanges, markDirty, UNSAVED_MESSAGE } from './unsaved-changes.ts';

describe('unsaved changes', () => {
  it('lets the app move on without asking while nothing is unsaved', () => {
    const ask = vi.fn(() => false);
    expect(hasUnsavedChanges()).toBe(false);
    expect(confirmLeave(ask)).toBe(true);
    expect(ask).not.toHaveBeenCalled();
  });
  it('asks in Japanese while a form is dirty, and moves only when the person agrees', () => {
    const clean = markDirty();
    const no = vi.fn(() => false);
    expect(confirmLeave(no)).toBe(false);
    expect(no).toHaveBeenCalledWith('保存していない変更があります。移動しますか？');
    expect(UNSAVED_MESSAGE).toBe('保存していない変更があります。移動しますか？');
    expect(confirmLeave(() => true)).toBe(true);
    clean();
    expect(hasUnsavedChanges()).toBe(false);
  });
  it('stays dirty until every dirty form is clean again', () => {
    const cleanResults = markDirty();
    const cleanActual = markDirty();
    cleanResults();
    expect(hasUnsavedChanges()).toBe(true);
    cleanActual();
    cleanActual();
    expect(hasUnsavedChanges()).toBe(false);
  });
});
