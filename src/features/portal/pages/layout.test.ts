/**
 * The page frame: escaping by default, landmarks, skip link, Open Graph tags, no script.
 */
import { describe, expect, it } from 'vitest';
import { html, raw, renderPage } from './layout.ts';

describe('html', () => {
  it('escapes interpolations unless they are markup, and joins lists', () => {
    expect(String(html`<p title="${'"x"'}">${'<script>alert(1)</script>'}</p>`)).toBe(
      '<p title="&quot;x&quot;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(String(html`<ul>${['a&b', raw('<li>ok</li>'), null, false]}</ul>`)).toBe(
      '<ul>a&amp;b<li>ok</li></ul>',
    );
  });
});

describe('renderPage', () => {
  it('frames a page with lang, landmarks, breadcrumbs and Open Graph tags, escaping every text', () => {
    const page = renderPage({
      title: '<script>x</script>',
      municipality: { localGovCode: '352136', name: '美祢"市' },
      breadcrumbs: [{ label: 'トップ', href: '/public/352136/' }, { label: 'ここ' }],
      body: html`<h1>見出し</h1>`,
      canonical: 'https://example.jp/public/352136/',
      ogImage: 'https://example.jp/chart.svg',
    });
    expect(page.startsWith('<!doctype html><html lang="ja">')).toBe(true);
    expect(page).not.toContain('<script');
    expect(page).toContain('<a class="skip" href="#main">本文へ移動</a>');
    expect(page).toContain('<nav class="crumbs" aria-label="現在位置">');
    expect(page).toContain('<span aria-current="page">ここ</span>');
    expect(page).toContain('<meta property="og:url" content="https://example.jp/public/352136/">');
    expect(page).toContain('<meta property="og:image" content="https://example.jp/chart.svg">');
    expect(page).toContain('美祢&quot;市');
    for (const tag of ['<header', '<main id="main"', '<footer']) expect(page).toContain(tag);
  });
});
