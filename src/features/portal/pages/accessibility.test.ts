/**
 * 試験結果 from the automated checks: a table per page with 適合／不適合／要確認 and the check date,
 * or the note that this build has none.
 */
import { describe, expect, it } from 'vitest';
import { accessibilityResultsPage } from './accessibility.ts';

const city = { localGovCode: '352136', name: '美祢市' };

describe('accessibilityResultsPage', () => {
  it('says when the build has no results', () => {
    const page = accessibilityResultsPage(city, [2023], 'http://localhost/x', {
      checkedAt: null,
      tool: '',
      standard: '',
      tags: [],
      pages: [],
    });
    expect(page).toContain('この版ではまだ自動試験の結果がありません');
  });

  it('renders each page with its checks and the date', () => {
    const page = accessibilityResultsPage(city, [2023], 'http://localhost/x', {
      checkedAt: '2026-12-06T03:00:00Z',
      tool: 'axe-core 4.10',
      standard: 'WCAG 2.1 AA',
      tags: ['wcag2a', 'wcag2aa'],
      pages: [
        {
          path: '/public/352136/2023/',
          type: '年度の概要<script>',
          violations: 1,
          passes: 2,
          incomplete: 1,
          checks: [
            { id: 'color-contrast', result: 'pass', criteria: ['1.4.3'] },
            { id: 'image-alt', result: 'fail', criteria: ['1.1.1'] },
            { id: 'aria-valid', result: 'incomplete', criteria: [] },
          ],
        },
      ],
    });
    expect(page).toContain('<time datetime="2026-12-06">令和8年12月6日</time>');
    expect(page).toContain('axe-core 4.10');
    expect(page).toContain('<th scope="row">color-contrast</th><td>1.4.3</td><td>適合</td>');
    expect(page).toContain('<td>1.1.1</td><td>不適合</td>');
    expect(page).toContain('<td>要確認</td>');
    expect(page).toContain('年度の概要&lt;script&gt;');
    expect(page).not.toContain('<script');
  });
});
