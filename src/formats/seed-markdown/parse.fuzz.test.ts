/**
 * Property-based tests (fast-check) of the progress-report (seed Markdown) parser: the seed report
 * broken line by line, byte by byte, saved in other encodings (and read back as UTF-8, as the upload
 * and the CLI read it), and random text. The parser never crashes or hangs; every refusal is a
 * ReportParseError whose problems each name a line of the file, in Japanese.
 * Runs: HOSHIN_FUZZ_RUNS (300 in CI; `npm run fuzz` runs 10,000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_MARKDOWN } from '../../services/test-support.ts';
import { bounded, fuzzRuns, isJapanese, reportText, timeoutFor } from '../fuzz-support.ts';
import { parseProgressReport, ReportParseError } from './parse.ts';

const runs = fuzzRuns();

function check(text: string) {
  const lineCount = text.split('\n').length;
  try {
    parseProgressReport(text);
  } catch (error) {
    // Only the parser's own refusal is allowed out; anything else (TypeError, RangeError…) is a crash.
    if (!(error instanceof ReportParseError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(
        Number.isInteger(issue.line) && issue.line >= 1 && issue.line <= lineCount + 1,
        issue.message,
      ).toBe(true);
      expect(isJapanese(issue.message), issue.message).toBe(true);
    }
  }
}

describe('progress report parser under fuzzing', () => {
  it('refuses a NUL character with its line (regression: found by fuzzing, it was a database error)', () => {
    const text = SEED_MARKDOWN.replace('①', '\u0000①');
    const line = text.slice(0, text.indexOf('\u0000')).split('\n').length;
    expect(() => parseProgressReport(text)).toThrow(`${line}行目: 使えない文字（NUL, U+0000）`);
  });

  it(
    `parses ${runs} mutated seed reports and random texts without a crash, a hang or a lineless message`,
    async () => {
      await fc.assert(
        fc.asyncProperty(reportText, async (text) => bounded(() => check(text))),
        { numRuns: runs, examples: [[''], ['\uFEFF'], [SEED_MARKDOWN.slice(0, 200)]] },
      );
    },
    timeoutFor(runs, 100),
  );
});
