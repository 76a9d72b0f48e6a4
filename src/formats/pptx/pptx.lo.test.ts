import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { renderReportPptx } from './index.ts';
import { planDeck } from './layout.ts';
import { largeReportModel } from './test-model.ts';

const run = promisify(execFile);
const squash = (text: string) => text.replace(/\s+/g, '');

// LibreOffice opens the deck as another office would: every slide becomes one PDF page, and the
// text is real text (pdftotext finds it), laid out by a different engine than PowerPoint's.
describe('the PowerPoint deck in LibreOffice', () => {
  let dir: string;
  const decks: Array<{ name: string; model: ReportModel }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoshin-pptx-'));
    decks.push(
      { name: 'demo', model: await demoReportModel() },
      { name: 'large', model: largeReportModel() },
    );
    const files = await Promise.all(
      decks.map(async ({ name, model }) => {
        const file = join(dir, `${name}.pptx`);
        await writeFile(file, await renderReportPptx(model));
        return file;
      }),
    );
    // A throwaway profile, so a running or broken user profile cannot interfere.
    const profile = `file://${join(dir, `lo-${Math.random().toString(36).slice(2)}`)}`;
    await run(
      'soffice',
      ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', dir, ...files],
      { timeout: 180_000 },
    );
  }, 200_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['demo', 'large'])('%s: one PDF page per slide, every policy title in the text', async (name) => {
    const deck = decks.find((d) => d.name === name);
    if (!deck) throw new Error(`no ${name} deck`);
    const pdf = join(dir, `${name}.pdf`);
    const { stdout: info } = await run('pdfinfo', [pdf]);
    expect(Number(info.match(/^Pages:\s+(\d+)/m)?.[1])).toBe(planDeck(deck.model).length);
    const { stdout: text } = await run('pdftotext', [pdf, '-']);
    for (const p of deck.model.policies) expect(squash(text)).toContain(squash(p.policyTitle));
    expect(squash(text)).toContain(squash(deck.model.kpiSection.heading));
    // Each policy's 総合評価 line, as text beside its swatch.
    for (const p of deck.model.policies) {
      for (const r of p.rollUps)
        expect(squash(text)).toContain(squash(`${p.policyLabel}の総合評価（${r.setName}）`));
    }
  });
});
