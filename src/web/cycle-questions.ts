/**
 * @module Cycle questions
 * What the 進捗調査 screen asks before a move that takes effect at once and cannot be undone by the
 * one who made it: 提出する (only 企画 can return it), 代理で提出, 承認 and 年度を確定. Each names the
 * department and the year, so a click on the wrong row of twenty is caught.
 */

/** A move of one department's part that is confirmed first (差戻し has its own reason form). */
export type ConfirmedPartMove = 'submit' | 'submit-for' | 'approve';

/**
 * The question before a move of a department's part; `submit-for` is 企画 submitting on the
 * department's behalf.
 * @example partQuestion('submit', '観光政策課', '令和6年度')
 *   // '観光政策課の令和6年度の分を提出しますか？\n提出すると、企画課が差し戻すまで変更できません。'
 */
export function partQuestion(move: ConfirmedPartMove, departmentName: string, yearLabel: string): string {
  const part = `${departmentName}の${yearLabel}の分`;
  switch (move) {
    case 'submit':
      return `${part}を提出しますか？\n提出すると、企画課が差し戻すまで変更できません。`;
    case 'submit-for':
      return `${part}を、${departmentName}に代わって提出しますか？\n提出すると、差し戻すまで${departmentName}は変更できません。`;
    case 'approve':
      return `${part}を承認しますか？`;
  }
}

/**
 * The question before 年度を確定.
 * @example closeQuestion('令和6年度') // '令和6年度を確定しますか？\n確定すると、…' (what it locks)
 */
export function closeQuestion(yearLabel: string): string {
  return `${yearLabel}を確定しますか？\n確定すると、この年度の実績・方向性・指標の実績値は変更できなくなります（変更するには確定の解除が必要です）。`;
}
