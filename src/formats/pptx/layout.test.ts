import { describe, expect, it } from 'vitest';
import type { PolicyPage } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { BODY_BOTTOM, FOOTER, MARGIN_X, SLIDE, STYLES } from './design.ts';
import {
  type Block,
  type Box,
  CONTINUED,
  footerName,
  paragraphsHeight,
  planAnnex,
  planCover,
  planDeck,
  planKpiSet,
  planLegend,
  planPolicy,
  rowHeight,
  type SlidePlan,
} from './layout.ts';
import { wrapText } from './measure.ts';
import { kpiRow, LONG_PLAN_NAME, largeReportModel, manyMeasures, policyPage } from './test-model.ts';

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.w - 0.01 && b.x < a.x + a.w - 0.01 && a.y < b.y + b.h - 0.01 && b.y < a.y + a.h - 0.01;

/** Every block inside the slide, body above the footer, text within its box, no text on text. */
function expectFits(slide: SlidePlan): void {
  const where = `slide 「${slide.title}」`;
  for (const block of slide.blocks) {
    const { x, y, w, h } = block.box;
    expect(x, where).toBeGreaterThanOrEqual(0);
    expect(y, where).toBeGreaterThanOrEqual(0);
    expect(x + w, where).toBeLessThanOrEqual(SLIDE.width + 0.01);
    expect(y + h, where).toBeLessThanOrEqual(SLIDE.height);
    if (y < FOOTER.ruleY)
      expect(y + h, `${where}: ${block.kind} below the body`).toBeLessThanOrEqual(BODY_BOTTOM);
    if (block.kind === 'text') {
      expect(paragraphsHeight(block.paragraphs, w), `${where}: text overflows its box`).toBeLessThanOrEqual(
        h + 1e-6,
      );
    }
    if (block.kind === 'table') {
      expect(block.rows.reduce((s, r) => s + r.height, 0)).toBeCloseTo(h);
      expect(block.columns.reduce((s, c) => s + c, 0)).toBeLessThanOrEqual(w + 0.01);
      for (const r of block.rows) {
        expect(rowHeight(block.columns, r.cells), `${where}: row overflows`).toBeLessThanOrEqual(r.height);
      }
    }
  }
  const content = slide.blocks.filter((b) => b.kind === 'text' || b.kind === 'table');
  content.forEach((a, i) => {
    for (const b of content.slice(i + 1))
      expect(overlaps(a.box, b.box), `${where}: blocks overlap`).toBe(false);
  });
  // A 、 or 。 may hang one em past the end of a full line (hanging punctuation is on in the file):
  // that em stays on the slide and clear of other text.
  for (const a of slide.blocks) {
    if (a.kind !== 'text') continue;
    const em = Math.max(...a.paragraphs.map((p) => p.style.fontSize));
    const hang = { x: a.box.x + a.box.w, y: a.box.y, w: em, h: a.box.h };
    expect(hang.x + hang.w, `${where}: no room for hanging punctuation`).toBeLessThanOrEqual(SLIDE.width);
    for (const b of content) {
      if (b !== a)
        expect(overlaps(hang, b.box), `${where}: hanging punctuation would touch other text`).toBe(false);
    }
  }
}

const texts = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.kind === 'text' ? b.paragraphs.map((p) => p.text) : []));

/** The bullet items of the results column, rejoined across slides. */
function resultItems(slides: SlidePlan[]): string[] {
  const items: string[] = [];
  for (const slide of slides) {
    for (const block of slide.blocks) {
      if (block.kind !== 'text' || block.box.x >= SLIDE.width / 2) continue;
      for (const p of block.paragraphs) {
        if (p.bullet === 'item') items.push(p.text);
        else if (p.bullet === 'continued') items.push(`${items.pop() ?? ''}${p.text}`);
      }
    }
  }
  return items;
}

describe('planPolicy', () => {
  it('splits a policy with 30 long results over several slides that each fit', () => {
    const policy = policyPage(1, { results: 30, directions: 4, kpis: 6 });
    const slides = planPolicy(policy);
    expect(slides.length).toBeGreaterThanOrEqual(4);
    slides.forEach(expectFits);
    expect(slides[0]?.title).toBe('基本方針1 試験用の基本方針その1（観光の振興と魅力の創出）');
    for (const s of slides.slice(1)) expect(s.title).toBe(`${slides[0]?.title}${CONTINUED}`);
    expect(resultItems(slides)).toEqual(policy.results);
    // The goal stays in the band, the results heading is repeated with （続き）.
    for (const s of slides) expect(texts(s.blocks)).toContain('基本目標 1 「魅力の創出・交流」の拡大');
    expect(texts(slides[1]?.blocks ?? [])).toContain(`令和5年度 主な取組内容／実績${CONTINUED}`);
  });

  it('puts measures, both lists, the 総合評価 and the KPI table on one slide when they fit', () => {
    const policy = policyPage(1, { results: 2, directions: 3, kpis: 2 });
    const [slide, ...rest] = planPolicy(policy);
    expect(rest).toHaveLength(0);
    if (!slide) throw new Error('no slide');
    expectFits(slide);
    expect(texts(slide.blocks)).toContain('①観光の振興／②国際観光の推進／③おもてなしの向上');
    const table = slide.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.kind)).toEqual(['header', 'body', 'body']);
    expect(texts(slide.blocks).filter((t) => t.includes('　指標'))).toHaveLength(2);
  });

  it('puts the policy’s 総合評価 per KPI set above the KPI table, once, measured with the slide', () => {
    const policy = policyPage(2, { results: 3, directions: 3, kpis: 25 });
    const slides = planPolicy(policy);
    slides.forEach(expectFits);
    const lines = slides.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'text' ? b.paragraphs.filter((p) => p.lead) : [])),
    );
    expect(lines.map((p) => `${p.lead}■ ${p.text}`)).toEqual(
      policy.rollUps.map(
        (r) => `基本方針2の総合評価（${r.setName}）：■ ${r.grade.symbol} ${r.grade.label}　${r.basis}`,
      ),
    );
    expect(lines.map((p) => p.swatch)).toEqual(
      policy.rollUps.map((r) => r.grade.color.slice(1).toUpperCase()),
    );
    // On the slide where the table starts, between its heading and the table.
    const first = slides.find((s) => s.blocks.some((b) => b.kind === 'table'));
    const intro = first?.blocks.find((b) => b.kind === 'text' && b.paragraphs.some((p) => p.lead));
    const table = first?.blocks.find((b) => b.kind === 'table');
    expect(intro && table && intro.box.y + intro.box.h).toBeLessThanOrEqual(table?.box.y ?? 0);
  });

  it('continues a long KPI table with its header on every slide', () => {
    const slides = planPolicy(policyPage(2, { results: 3, directions: 3, kpis: 25 }));
    expect(slides.length).toBeGreaterThan(1);
    slides.forEach(expectFits);
    const tables = slides.flatMap((s) => s.blocks.filter((b) => b.kind === 'table'));
    for (const t of tables) expect(t.kind === 'table' && t.rows[0]?.kind).toBe('header');
    const bodyRows = tables.flatMap((t) =>
      t.kind === 'table' ? t.rows.filter((r) => r.kind === 'body') : [],
    );
    expect(bodyRows).toHaveLength(25);
  });

  it('splits one result longer than a whole slide', () => {
    const long = `${'観光の振興と魅力の創出に向けた取組、'.repeat(120)}以上`;
    const policy: PolicyPage = { ...policyPage(1, { results: 0, directions: 1, kpis: 0 }), results: [long] };
    const slides = planPolicy(policy);
    expect(slides.length).toBeGreaterThan(1);
    slides.forEach(expectFits);
    expect(resultItems(slides)).toEqual([long]);
  });

  it('cuts a KPI name longer than a whole slide rather than overflow', () => {
    const policy = {
      ...policyPage(1, { results: 1, directions: 1, kpis: 0 }),
      kpis: [kpiRow(0, { name: 'あ'.repeat(6000) })],
    };
    const slides = planPolicy(policy);
    slides.forEach(expectFits);
    const cells = slides.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.cells) : [])),
    );
    expect(cells.some((c) => c.paragraphs[0]?.text.endsWith('…'))).toBe(true);
  });

  it('says （記載なし） for empty lists and leaves out the KPI table without KPIs', () => {
    const [slide, ...rest] = planPolicy(policyPage(3, { results: 0, directions: 0, kpis: 0 }));
    expect(rest).toHaveLength(0);
    expect(texts(slide?.blocks ?? []).filter((t) => t === '（記載なし）')).toHaveLength(2);
    expect(slide?.blocks.some((b) => b.kind === 'table')).toBe(false);
  });

  it('gives a list continued alone the full width', () => {
    const slides = planPolicy(policyPage(4, { results: 1, directions: 40, kpis: 0 }));
    expect(slides.length).toBeGreaterThan(1);
    const lists = (slides[1]?.blocks ?? []).filter((b) => b.kind === 'text' && b.paragraphs[0]?.bullet);
    expect(lists).toHaveLength(1);
    expect(lists[0]?.box.x).toBeLessThan(MARGIN_X + 10);
    expect(lists[0]?.box.w).toBeGreaterThan(SLIDE.width / 2);
  });
});

describe('the measures line', () => {
  const measuresText = (measures: PolicyPage['measures']) =>
    measures.map((m) => `${m.label}${m.title}`).join('／');
  /** The text blocks that are pieces of the measures line, in slide order. */
  const pieces = (slides: SlidePlan[], full: string) =>
    slides.flatMap((s) =>
      s.blocks
        .flatMap((b) => (b.kind === 'text' ? b.paragraphs : []))
        .filter((p) => p.text && full.includes(p.text)),
    );

  it('wraps a long run of measures whole, in smaller type', () => {
    const policy = { ...policyPage(1, { results: 2, directions: 2, kpis: 2 }), measures: manyMeasures(14) };
    const full = measuresText(policy.measures);
    const slides = planPolicy(policy);
    slides.forEach(expectFits);
    const found = pieces(slides, full);
    expect(found.map((p) => p.text)).toEqual([full]);
    expect(found[0]?.style.fontSize).toBe(STYLES.bullet.fontSize);
    expect(wrapText(full, SLIDE.width - 2 * MARGIN_X, STYLES.bullet.fontSize).length).toBeGreaterThan(3);
  });

  it('continues measures longer than a slide on the next slides, then the lists', () => {
    const policy = { ...policyPage(1, { results: 2, directions: 2, kpis: 2 }), measures: manyMeasures(150) };
    const full = measuresText(policy.measures);
    const slides = planPolicy(policy);
    slides.forEach(expectFits);
    const found = pieces(slides, full);
    expect(found.length).toBeGreaterThan(1);
    expect(found.map((p) => p.text).join('')).toBe(full);
    expect(found.every((p) => !p.text.endsWith('…'))).toBe(true);
    for (const s of slides.slice(1)) expect(s.title).toBe(`${slides[0]?.title}${CONTINUED}`);
    // The lists start only once the measures are done, and lose nothing either.
    const firstList = slides.findIndex((s) =>
      s.blocks.some((b) => b.kind === 'text' && b.paragraphs[0]?.bullet),
    );
    const lastPiece = slides.findLastIndex((s) => pieces([s], full).length > 0);
    expect(firstList).toBeGreaterThanOrEqual(lastPiece);
    expect(resultItems(slides)).toEqual(policy.results);
    expect(slides.some((s) => s.blocks.some((b) => b.kind === 'table'))).toBe(true);
  });
});

describe('the footer', () => {
  const width = 626;

  it('keeps a long plan name whole: smaller type, then two lines of the smallest', () => {
    const shorter = footerName(LONG_PLAN_NAME.slice(0, 70), width);
    expect(shorter.text).toBe(LONG_PLAN_NAME.slice(0, 70));
    expect(shorter.style.fontSize).toBeLessThan(STYLES.footer.fontSize);
    expect(wrapText(shorter.text, width, shorter.style.fontSize)).toHaveLength(1);
    const long = footerName(LONG_PLAN_NAME, width);
    expect(long.text).toBe(LONG_PLAN_NAME);
    expect(wrapText(long.text, width, long.style.fontSize)).toHaveLength(2);
    expect(2 * long.style.lineHeight).toBeLessThanOrEqual(FOOTER.textHeight);
    for (const slide of planDeck(largeReportModel())) expect(texts(slide.blocks)).toContain(LONG_PLAN_NAME);
  });

  it('cuts with … only a plan name too long even for two small lines (the cover has it whole)', () => {
    const name = footerName('総合計画'.repeat(60), width);
    expect(name.text.endsWith('…')).toBe(true);
    expect(wrapText(name.text, width, name.style.fontSize)).toHaveLength(2);
  });
});

describe('planKpiSet', () => {
  const model = largeReportModel();
  const set = model.kpiSection.sets[0];
  if (!set) throw new Error('no set');

  it('puts the chart beside a table of one row per goal, the total and the previous year', () => {
    const [slide, ...rest] = planKpiSet(set, model.kpiSection.heading);
    expect(rest).toHaveLength(0);
    if (!slide) throw new Error('no slide');
    expectFits(slide);
    expect(slide.blocks.filter((b) => b.kind === 'chart')).toHaveLength(1);
    const table = slide.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.kind)).toEqual([
      'header',
      ...set.rows.map(() => 'body'),
      'total',
      'body',
    ]);
    expect(texts(slide.blocks)).toEqual(expect.arrayContaining([model.kpiSection.heading, '基本計画']));
    // Each goal's 総合評価 in the second column: swatch, symbol and label, and the KPIs it counts.
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows[0]?.cells[1]?.paragraphs.map((p) => p.text)).toEqual(['総合評価', '（平均点方式）']);
    set.rows.forEach((goal, i) => {
      const cell = table.rows[i + 1]?.cells[1];
      expect(cell?.paragraphs[0]).toMatchObject({
        text: `${goal.rollUp.grade.symbol} ${goal.rollUp.grade.label}`,
        swatch: goal.rollUp.grade.color.slice(1).toUpperCase(),
      });
      expect(cell?.paragraphs[1]?.text).toBe(`指標${goal.rollUp.counted}件`);
    });
  });

  it('continues a table of many goals on a follow-on slide', () => {
    const goal = set.rows[0];
    if (!goal) throw new Error('no goal');
    const many = {
      ...set,
      rows: Array.from({ length: 30 }, (_, i) => ({ ...goal, label: `基本目標 ${i + 1}` })),
    };
    const slides = planKpiSet(many, model.kpiSection.heading);
    expect(slides.length).toBeGreaterThan(1);
    slides.forEach(expectFits);
    expect(slides[1]?.title).toBe(`基本計画${CONTINUED}`);
  });
});

describe('planAnnex', () => {
  const model = largeReportModel();

  it('lists every KPI exactly once over as many slides as needed', () => {
    const set = model.annex[0];
    if (!set) throw new Error('no annex');
    const slides = planAnnex(set);
    expect(slides.length).toBeGreaterThan(3);
    slides.forEach(expectFits);
    const codes = slides.flatMap((s) =>
      s.blocks.flatMap((b) =>
        b.kind === 'table'
          ? b.rows.filter((r) => r.kind === 'body').map((r) => r.cells[0]?.paragraphs[0]?.text)
          : [],
      ),
    );
    const expected = set.groups.flatMap((g) => g.kpis.map((k) => k.code));
    expect(codes).toEqual(expected);
  });

  it('repeats the goal heading with （続き） where a slide break cuts a group', () => {
    const set = model.annex[0];
    if (!set) throw new Error('no annex');
    const groupTexts = planAnnex(set).flatMap((s) =>
      s.blocks.flatMap((b) =>
        b.kind === 'table'
          ? b.rows.filter((r) => r.kind === 'group').map((r) => r.cells[0]?.paragraphs[0]?.text)
          : [],
      ),
    );
    expect(groupTexts.filter((t) => t?.endsWith(CONTINUED)).length).toBeGreaterThan(0);
  });

  it('says so when a set has no KPIs yet', () => {
    const slides = planAnnex({ name: '総合戦略', groups: [{ label: '基本目標 1', title: 't', kpis: [] }] });
    expect(slides).toHaveLength(1);
    expect(texts(slides[0]?.blocks ?? [])).toContain('この区分の指標はまだ登録されていません。');
  });
});

describe('planCover and planLegend', () => {
  it('breaks the cover title at its space and fits even a very long title', () => {
    const cover = largeReportModel().cover;
    const slide = planCover(cover);
    expectFits(slide);
    expect(texts(slide.blocks)).toEqual(
      expect.arrayContaining([
        '第二次美祢市総合計画',
        '前期計画の進捗状況について',
        cover.subtitle,
        cover.dateLabel,
      ]),
    );
    expectFits(planCover({ ...cover, title: '長い表題'.repeat(80) }));
  });

  it('shows the legend as a sample page in a frame', () => {
    const slides = planLegend(largeReportModel().legend);
    expect(slides).toHaveLength(1);
    slides.forEach(expectFits);
    expect(slides[0]?.blocks.some((b) => b.kind === 'frame')).toBe(true);
    expect(texts(slides[0]?.blocks ?? [])).toEqual(
      expect.arrayContaining([
        '次ページからの記載事項',
        '基本目標名',
        '基本方針名',
        '①施策名 / ②施策名 / ③施策名 / ……',
      ]),
    );
  });
});

describe('planDeck', () => {
  it('orders the demo deck as the seed: cover, KPI sets, legend, policies, annex', async () => {
    const model = await demoReportModel();
    const slides = planDeck(model);
    slides.forEach(expectFits);
    const kinds = slides.map((s) => s.kind);
    const sets = model.kpiSection.sets.length;
    expect(kinds.slice(0, 2 + sets)).toEqual(['cover', ...Array(sets).fill('kpi'), 'legend']);
    const firstPolicySlides = slides.filter((s) => s.kind === 'policy' && !s.title.endsWith(CONTINUED));
    expect(firstPolicySlides.map((s) => s.title)).toEqual(
      model.policies.map((p) => `${p.policyLabel} ${p.policyTitle}`),
    );
    expect(kinds.indexOf('annex')).toBeGreaterThan(kinds.lastIndexOf('policy'));
    expect(kinds.at(-1)).toBe('annex');
  });

  it('carries the footer on every slide, with the demo-value notice only when the model has such values', async () => {
    const demo = await demoReportModel();
    for (const model of [demo, largeReportModel()]) {
      for (const slide of planDeck(model)) {
        expect(texts(slide.blocks)).toContain(model.cover.planName);
        expect(texts(slide.blocks).includes('※ 架空のデモ値を含む')).toBe(model.illustrative);
      }
    }
  });

  it('fits every slide of a deck with many KPIs and long lists', () => {
    planDeck(largeReportModel()).forEach(expectFits);
  });
});
