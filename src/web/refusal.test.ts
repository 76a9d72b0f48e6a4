import { describe, expect, it } from 'vitest';
import { ApiError, errorOf } from './http.ts';
import { refusalOutcome } from './refusal.ts';

const LOCKED =
  '観光政策課の令和6年度の分は提出済みのため変更できません。変更が必要な場合は企画課に差戻しを依頼してください。';

describe('refusalOutcome', () => {
  it('shows a 409 that is not a version conflict in the server’s words, not as 「他の人が先に…」', () => {
    const outcome = refusalOutcome(new ApiError(LOCKED, 409), '最新の内容を読み込み直しました');
    expect(outcome).toEqual({ kind: 'conflict', message: `${LOCKED}（最新の内容を読み込み直しました）` });
    expect(outcome.kind === 'conflict' && outcome.message).not.toContain('他の人が先に');
  });
  it('keeps the server’s own version-conflict message', () => {
    const message =
      '他の人が先に更新しました（令和6年度の実績）。画面を再読み込みして最新の値を確かめてから、入力し直してください。';
    expect(refusalOutcome(new ApiError(message, 409))).toEqual({ kind: 'conflict', message });
  });
  it('makes other refusals errors with their message, and anything else a plain failure', () => {
    expect(refusalOutcome(new ApiError('入力が正しくありません: 値', 400), '読み込み直しました')).toEqual({
      kind: 'error',
      message: '入力が正しくありません: 値',
    });
    expect(refusalOutcome(new TypeError('x'))).toEqual({ kind: 'error', message: '保存できませんでした。' });
  });
});

describe('errorOf', () => {
  it('reads the error of a JSON error body, and nothing else', () => {
    expect(errorOf({ error: LOCKED })).toBe(LOCKED);
    expect(errorOf({ error: 1 })).toBeNull();
    expect(errorOf(null)).toBeNull();
    expect(errorOf('text')).toBeNull();
  });
});
