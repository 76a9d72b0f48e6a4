import { describe, expect, it } from 'vitest';
import { closeQuestion, partQuestion } from './cycle-questions.ts';

describe('partQuestion', () => {
  it('names the department and the year of every move it asks about', () => {
    for (const move of ['submit', 'submit-for', 'approve'] as const) {
      const question = partQuestion(move, '観光政策課', '令和6年度');
      expect(question).toContain('観光政策課の令和6年度の分');
    }
  });
  it('says what each move does', () => {
    expect(partQuestion('submit', '観光政策課', '令和6年度')).toMatch(
      /^観光政策課の令和6年度の分を提出しますか？/,
    );
    expect(partQuestion('submit-for', '観光政策課', '令和6年度')).toContain(
      '観光政策課に代わって提出しますか？',
    );
    expect(partQuestion('approve', '観光政策課', '令和6年度')).toBe(
      '観光政策課の令和6年度の分を承認しますか？',
    );
  });
});

describe('closeQuestion', () => {
  it('names the year and says that it can no longer be changed', () => {
    const question = closeQuestion('令和6年度');
    expect(question).toMatch(/^令和6年度を確定しますか？/);
    expect(question).toContain('変更できなくなります');
  });
});
