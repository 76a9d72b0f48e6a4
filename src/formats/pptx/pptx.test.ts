import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyPage, ReportModel } from '../../report/model.ts';
import { demoReportModel } from '../../report/test-support.ts';
import { decodeXml, readZipText } from '../office-test-support.ts';
import { renderReportPptx } from './index.ts';
import { planDeck } from './layout.ts';
import { largeReportModel } from './test-model.ts';

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

interface Cell {
  text: string;
  /** The colours of the cell's runs, in order. */
  colors: string[];
}

/** The rows of every table on a slide, each as its cells' text (runs joined) and run colours. */
function tableRows(slide: string): Cell[][] {
  return [...slide.matchAll(/<a:tr\b[\s\S]*?<\/a:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<a:tc\b[\s\S]*?<\/a:tc>/g)].map((tc) => {
      const runs = [...tc[0].matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map((r) => r[1] ?? '');
      return {
        text: runs.map((r) => decodeXml(r.match(/<a:t>([^<]*)<\/a:t>/)?.[1] ?? '')).join(''),
        colors: runs.map((r) => r.match(/<a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/)?.[1] ?? ''),
      };
    }),
  );
}

/** The compact KPI table's body rows on a policy's slides (its first one and its 「（続き）」 ones). */
function policyKpiRows(deck: Deck, policy: PolicyPage): Cell[][] {
  const title = `${policy.policyLabel} ${policy.policyTitle}`;
  return deck.slides
    .filter(
      (x) => x.includes(`<a:t>${xml(title)}</a:t>`) || x.includes(`<a:t>${xml(`${title}（続き）`)}</a:t>`),
    )
    .flatMap(tableRows)
    .filter((cells) => cells.length === 5 && cells[0]?.text !== '指標名');
}

const NUMBER = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 });

interface Deck {
  model: ReportModel;
  parts: Map<string, string>;
  slides: string[];
  charts: string[];
}

async function render(model: ReportModel): Promise<Deck> {
  const parts = await readZipText(await renderReportPptx(model));
  const numbered = (pattern: RegExp) =>
    [...parts.keys()]
      .filter((name) => pattern.test(name))
      .sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
      .map((name) => parts.get(name) ?? '');
  return {
    model,
    parts,
    slides: numbered(/^ppt\/slides\/slide\d+\.xml$/),
    charts: numbered(/^ppt\/charts\/chart\d+\.xml$/),
  };
}

describe.each([
  { name: 'the demo year', model: demoReportModel },
  { name: 'a report with many KPIs and long lists', model: async () => largeReportModel() },
])('renderReportPptx for $name', ({ model: load }) => {
  let deck: Deck;
  beforeAll(async () => {
    deck = await render(await load());
  });

  it('is a 16:9 deck with one slide per planned slide', () => {
    expect(deck.parts.get('ppt/presentation.xml')).toContain('<p:sldSz cx="12192000" cy="6858000"');
    expect(deck.slides).toHaveLength(planDeck(deck.model).length);
    expect(deck.slides.length).toBeGreaterThanOrEqual(
      2 + deck.model.kpiSection.sets.length + deck.model.policies.length,
    );
  });

  it('has every policy title as editable text, in the model order', () => {
    const all = deck.slides.join('\n');
    let from = 0;
    for (const p of deck.model.policies) {
      const at = all.indexOf(`<a:t>${xml(`${p.policyLabel} ${p.policyTitle}`)}</a:t>`, from);
      expect(at, p.policyTitle).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(all).not.toContain('<p:pic');
    expect([...deck.parts.keys()].filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/'))).toEqual([]);
  });

  it('prints each policy’s 総合評価 per KPI set and each 基本目標’s as editable text, swatch beside', () => {
    const all = deck.slides.join('\n');
    const policies = deck.model.policies.filter((p) => p.rollUps.length > 0);
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) {
      for (const r of p.rollUps) {
        const grade = r.grade.symbol === r.grade.label ? r.grade.label : `${r.grade.symbol} ${r.grade.label}`;
        expect(all).toContain(`<a:t>${xml(`${p.policyLabel}の総合評価（${r.setName}）：`)}</a:t>`);
        expect(all).toContain(`<a:t>${xml(`${grade}　${r.basis}`)}</a:t>`);
      }
    }
    for (const set of deck.model.kpiSection.sets) {
      for (const goal of set.rows) expect(all).toContain(`<a:t>指標${goal.rollUp.counted}件</a:t>`);
    }
  });

  it('draws each KPI set as a native 100 % stacked bar chart with named, coloured grade series of counts', () => {
    const { sets } = deck.model.kpiSection;
    expect(deck.charts).toHaveLength(sets.length);
    sets.forEach((set, i) => {
      const chart = deck.charts[i] ?? '';
      expect(chart).toContain('<c:barChart><c:barDir val="bar"/><c:grouping val="percentStacked"/>');
      expect(chart).toContain('<c:overlap val="100"/>');
      // The value axis runs from 0 to 1 (100 %) in percent.
      const valAx = chart.slice(chart.indexOf('<c:valAx>'));
      expect(valAx).toContain('<c:max val="1"/><c:min val="0"/>');
      expect(valAx).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
      // One series per grade in the grades' order and colours; each bar's values are its counts,
      // bars listed from 合計 up (a bar chart draws its first category at the bottom).
      const bars = [...set.rows, set.total].reverse();
      const series = chart.split('<c:ser>').slice(1);
      expect(series).toHaveLength(set.grades.length);
      set.grades.forEach((g, s) => {
        const ser = series[s] ?? '';
        expect(ser).toContain(`<c:v>${xml(g.symbol === g.label ? g.label : `${g.symbol} ${g.label}`)}</c:v>`);
        expect(ser).toContain(
          `<a:solidFill><a:srgbClr val="${g.color.slice(1).toUpperCase()}"/></a:solidFill>`,
        );
        const cache = ser.slice(ser.indexOf('<c:numCache>'));
        const values = [...cache.matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g)].map((m) =>
          Number(m[1]),
        );
        expect(values).toEqual(bars.map((r) => r.counts[s] ?? 0));
      });
      const categories = [...(series[0] ?? '').matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g)]
        .map((m) => m[1])
        .slice(1, 1 + bars.length);
      expect(categories).toEqual(bars.map((r) => xml(r.label)));
      // The table beside the chart keeps the counts and the shares.
      const slide =
        deck.slides.find((x) => x.includes(`<a:t>${xml(set.name)}</a:t>`) && x.includes('<c:chart')) ?? '';
      for (const r of [...set.rows, set.total]) {
        r.counts.forEach((c, k) => {
          expect(slide).toContain(`<a:t>${c}</a:t>`);
          expect(slide).toContain(`<a:t>${(r.shares[k] ?? 0).toFixed(1)}%</a:t>`);
        });
      }
    });
    const embedded = [...deck.parts.keys()].filter((n) => /^ppt\/embeddings\/.+\.xlsx$/.test(n));
    expect(embedded).toHaveLength(sets.length);
  });

  it('shows each policy’s KPIs in its compact table: name, baseline, target, latest actual, grade', () => {
    const policies = deck.model.policies.filter((p) => p.kpis.length > 0);
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) {
      const rows = policyKpiRows(deck, p);
      expect(rows.map((cells) => cells.map((c) => c.text))).toEqual(
        p.kpis.map((k) => [
          k.illustrative ? `${k.name}※` : k.name,
          k.baseline ? `${NUMBER.format(k.baseline.value)}${k.unit}（${k.baseline.yearShort}）` : '－',
          k.target
            ? `${NUMBER.format(k.target.value)}${k.unit}${k.target.comparatorLabel}（${k.target.yearShort}）`
            : '－',
          k.latest
            ? `${NUMBER.format(k.latest.value)}${k.unit}（${k.latest.yearShort}${k.latest.status === 'provisional' ? `・${k.latest.statusLabel}` : ''}）`
            : '－',
          `■ ${k.grade.symbol && k.grade.symbol !== k.grade.label ? `${k.grade.symbol} ` : ''}${k.grade.label}`,
        ]),
      );
      // The ■ in the grade's colour.
      expect(rows.map((cells) => cells[4]?.colors[0])).toEqual(
        p.kpis.map((k) => k.grade.color.slice(1).toUpperCase()),
      );
    }
  });

  it('numbers every slide and sets Japanese text in 游ゴシック', () => {
    for (const slide of deck.slides) {
      expect(slide).toContain('type="slidenum"');
      expect(slide).toContain('typeface="游ゴシック"');
      expect(slide).toContain('lang="ja-JP"');
      expect(slide).toContain(`<a:t>${xml(deck.model.cover.planName)}</a:t>`);
      expect(slide.includes('架空のデモ値を含む')).toBe(deck.model.illustrative);
    }
  });
});

describe('the compact KPI table of a policy', () => {
  it('reads, for a known KPI, its baseline, target, provisional latest actual and grade', async () => {
    const deck = await render(largeReportModel());
    const policy = deck.model.policies[1];
    if (!policy) throw new Error('no policy 2');
    const [first] = policyKpiRows(deck, policy);
    expect(first?.map((c) => c.text)).toEqual([
      '指標その201※',
      '1,400%（R1）',
      '1,500.5%以上（R7）',
      '3,300%（R5・見込）',
      '■ A 目標達成',
    ]);
    expect(first?.[4]?.colors[0]).toBe('1A7F37');
  });
});
