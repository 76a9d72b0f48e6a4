import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { convertWithSoffice } from '../../test-support/libreoffice.ts';
import { renderReportPptx, writeDeck } from './index.ts';
import { CONTINUED, type Paragraph, planDeck, type SlidePlan } from './layout.ts';
import { layoutProblems, type PdfPage, placeWords, readBboxPages, readWords } from './pdf-words.ts';
import { largeReportModel } from './test-model.ts';

const run = promisify(execFile);
const squash = (text: string) => text.replace(/[\s\u3000]+/g, '');

interface Converted {
  name: string;
  model: ReportModel;
  /** The slides as planned; the file may have been drawn from other slides (the tampered deck). */
  plan: SlidePlan[];
  drawn: SlidePlan[];
  pages: PdfPage[];
  text: string;
  pageCount: number;
}

/**
 * The large deck's slides with more text drawn than planned, each in a way a wrong estimate would
 * produce: one more line in the measures box (runs into the panel heading below it), four more
 * bullets in a results list (more than the estimate's slack: they run below the box), two more
 * lines in an annex cell (the row grows and pushes the rows under it down).
 */
function tampered(plan: SlidePlan[]): { planned: SlidePlan[]; drawn: SlidePlan[] } {
  const policy = plan.find((s) => s.kind === 'policy');
  const annex = plan.find((s) => s.kind === 'annex');
  const cover = plan[0];
  if (!policy || !annex || !cover) throw new Error('the large deck lacks a policy or annex slide');
  const extra = (p: Paragraph | undefined): Paragraph => ({ ...(p as Paragraph), text: '追加の一行' });
  let measuresDone = false;
  let listDone = false;
  const policyDrawn: SlidePlan = {
    ...policy,
    blocks: policy.blocks.map((b) => {
      if (b.kind !== 'text') return b;
      const first = b.paragraphs[0];
      if (!measuresDone && first?.style.fontSize === 16 && first.style.bold) {
        measuresDone = true;
        return { ...b, paragraphs: [...b.paragraphs, extra(first)] };
      }
      if (!listDone && first?.bullet) {
        listDone = true;
        const more = extra(b.paragraphs.at(-1));
        return { ...b, paragraphs: [...b.paragraphs, more, more, more, more] };
      }
      return b;
    }),
  };
  let cellDone = false;
  const annexDrawn: SlidePlan = {
    ...annex,
    blocks: annex.blocks.map((b) => {
      if (b.kind !== 'table' || cellDone) return b;
      cellDone = true;
      const at = b.rows.findIndex((r) => r.kind === 'body');
      return {
        ...b,
        rows: b.rows.map((r, i) => {
          if (i !== at) return r;
          const [code, name, ...rest] = r.cells;
          if (!code || !name) return r;
          const p = name.paragraphs[0];
          return {
            ...r,
            cells: [code, { ...name, paragraphs: [...name.paragraphs, extra(p), extra(p)] }, ...rest],
          };
        }),
      };
    }),
  };
  if (!measuresDone || !listDone || !cellDone) throw new Error('nothing to tamper with');
  return { planned: [policy, annex, cover], drawn: [policyDrawn, annexDrawn, cover] };
}

// LibreOffice opens the deck as another office would: every slide becomes one PDF page, and the
// text is real text, laid out by a different engine (and with other fonts: Noto Sans CJK JP for
// 游ゴシック) than the estimate the layout is planned with. Where that engine puts each word is
// checked against the plan.
describe('the PowerPoint deck in LibreOffice', () => {
  let dir: string;
  const decks: Converted[] = [];
  const deck = (name: string) => {
    const found = decks.find((d) => d.name === name);
    if (!found) throw new Error(`no ${name} deck`);
    return found;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hoshin-pptx-'));
    const demo = await demoReportModel();
    const large = largeReportModel();
    const largePlan = planDeck(large);
    const tamper = tampered(largePlan);
    const inputs = [
      { name: 'demo', model: demo, plan: planDeck(demo) },
      { name: 'large', model: large, plan: largePlan },
      { name: 'tampered', model: large, plan: tamper.planned, drawn: tamper.drawn },
    ];
    const files = await Promise.all(
      inputs.map(async ({ name, model, drawn }) => {
        const file = join(dir, `${name}.pptx`);
        await writeFile(file, drawn ? await writeDeck(model, drawn) : await renderReportPptx(model));
        return file;
      }),
    );
    await convertWithSoffice(files, { to: 'pdf', outdir: dir });
    for (const { name, model, plan, drawn } of inputs) {
      const pdf = join(dir, `${name}.pdf`);
      const { stdout: info } = await run('pdfinfo', [pdf]);
      await run('pdftotext', ['-bbox-layout', pdf, join(dir, `${name}.html`)]);
      const { stdout: text } = await run('pdftotext', [pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
      decks.push({
        name,
        model,
        plan,
        drawn: drawn ?? plan,
        pages: readBboxPages(await readFile(join(dir, `${name}.html`), 'utf8')),
        text,
        pageCount: Number(info.match(/^Pages:\s+(\d+)/m)?.[1]),
      });
    }
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['demo', 'large'])('%s: one PDF page per slide, every policy title in the text', (name) => {
    const { model, plan, pages, text, pageCount } = deck(name);
    expect(pageCount).toBe(plan.length);
    expect(pages).toHaveLength(plan.length);
    for (const p of model.policies) expect(squash(text)).toContain(squash(p.policyTitle));
    expect(squash(text)).toContain(squash(model.kpiSection.heading));
    // Each policy's 総合評価 line, as text beside its swatch.
    for (const p of model.policies) {
      for (const r of p.rollUps)
        expect(squash(text)).toContain(squash(`${p.policyLabel}の総合評価（${r.setName}）`));
    }
  });

  it.each(['demo', 'large'])(
    '%s: every word on its page, inside the box it was planned in, the body above the footer',
    (name) => {
      const { plan, pages } = deck(name);
      const problems = plan.flatMap((slide, i) => layoutProblems(slide, pages[i] as PdfPage, i + 1));
      expect(problems.slice(0, 20)).toEqual([]);
      // The check saw the text: nearly every page has words, and they were placed.
      expect(pages.every((p) => p.words.length > 0)).toBe(true);
    },
  );

  it.each(['demo', 'large'])('%s: each KPI chart on a 0–100 %% axis, its grades in the legend', (name) => {
    const { model, plan, pages } = deck(name);
    const charts = plan.flatMap((slide, i) => {
      const placed = placeWords(slide, pages[i] as PdfPage, i + 1);
      return placed.areas.filter((a) => a.what === 'chart').map((a) => readWords(placed.words.get(a) ?? []));
    });
    expect(charts).toHaveLength(model.kpiSection.sets.length);
    model.kpiSection.sets.forEach((set, i) => {
      const text = charts[i] ?? '';
      expect(text).toMatch(/0%25%50%75%100%/);
      for (const g of set.grades)
        expect(text).toContain(squash(`${g.symbol === g.label ? '' : g.symbol}${g.label}`));
    });
  });

  it.each(['demo', 'large'])('%s: every result and direction of every policy in the PDF text', (name) => {
    const { model, plan, pages } = deck(name);
    // The text read in each list box, per policy and heading, across its continuation slides.
    const lists = new Map<string, string>();
    plan.forEach((slide, i) => {
      if (slide.kind !== 'policy') return;
      const policy = slide.title.endsWith(CONTINUED) ? slide.title.slice(0, -CONTINUED.length) : slide.title;
      const placed = placeWords(slide, pages[i] as PdfPage, i + 1);
      placed.areas.forEach((area, a) => {
        if (!area.paragraphs?.[0]?.bullet) return;
        // A list box follows its panel heading.
        const heading = (placed.areas[a - 1]?.text ?? '').replace(CONTINUED, '');
        const key = `${policy}\n${heading}`;
        lists.set(key, (lists.get(key) ?? '') + readWords(placed.words.get(area) ?? []));
      });
    });
    let items = 0;
    for (const p of model.policies) {
      const title = [p.policyLabel, p.policyTitle].filter(Boolean).join(' ');
      const results = lists.get(`${title}\n${p.resultsHeading}`) ?? '';
      const directions = lists.get(`${title}\n${p.directionsHeading}`) ?? '';
      for (const r of p.results) expect(results, `${title}: result`).toContain(squash(r));
      for (const d of p.directions) expect(directions, `${title}: direction`).toContain(squash(d));
      items += p.results.length + p.directions.length;
    }
    expect(items).toBeGreaterThan(10);
  });

  it('catches text drawn beyond its planned box: into the box below, below the box, a row that grows', () => {
    const { plan, pages } = deck('tampered');
    const [policy, annex, untouched] = plan.map((slide, i) =>
      layoutProblems(slide, pages[i] as PdfPage, i + 1),
    );
    // The measures’ extra line lands in the results heading under it.
    expect(policy?.some((p) => /text 「令和5年度 主な取組内容／実績」 holds .*追加の一行/.test(p))).toBe(
      true,
    );
    // The list's extra bullets land under the list, in no box at all.
    expect(policy?.some((p) => /「追加の一行」 .* lies outside every planned box/.test(p))).toBe(true);
    // The grown annex row pushes the rows below out of their cells.
    expect(annex?.filter((p) => p.includes(' holds ')).length).toBeGreaterThan(5);
    expect(untouched).toEqual([]);
  });
});
