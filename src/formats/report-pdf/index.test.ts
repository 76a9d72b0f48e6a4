import { describe, expect, it } from 'vitest';
import { FormatUnavailableError } from '../format-unavailable.ts';
import { openPdfPrinter } from './index.ts';

describe('PDF without Chromium', () => {
  it('says in Japanese which Debian package is missing', async () => {
    const error = await openPdfPrinter({ executablePath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatUnavailableError);
    expect((error as FormatUnavailableError).packageName).toBe('chromium');
    expect((error as Error).message).toMatch(
      /PDF を作成できません: Chromium（\/nonexistent\/chromium）が見つかりません/,
    );
    expect((error as Error).message).toContain('apt-get install chromium');
  });
});
