/**
 * Each preset reproduces the published figures it claims to. Inputs are the published numbers, with
 * the source row named beside them; expected outputs are the published rates and grades. Rows come
 * from shared/data/kpi_samples_pages.csv where it has them (大崎町, 千葉県) and from the sources named in
 * presets.ts otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { Comparator, Direction, Kpi } from '../kpi/types.ts';
import { aggregateGrades } from './aggregate.ts';
import { type EvaluableKpi, evaluateKpi } from './evaluate.ts';
import { PRESET_NAMES, PRESETS, resolveScheme, SchemeError, safeResolveScheme } from './presets.ts';
import { evaluationSchemeSchema } from './scheme.ts';

type Pair = [fiscalYear: number, value: number];

function kpi(options: {
  direction?: Direction;
  baseline?: Pair;
  target?: Pair;
  comparator?: Comparator;
  actuals?: Pair[];
}): EvaluableKpi {
  const { direction = 'increase', baseline, target, comparator = 'gte', actuals = [] } = options;
  const result: Pick<Kpi, 'direction' | 'actuals'> & Partial<Kpi> = {
    direction,
    actuals: actuals.map(([fiscalYear, value]) => ({ fiscalYear, value })),
  };
  if (baseline) result.baseline = { fiscalYear: baseline[0], value: baseline[1] };
  if (target) result.target = { fiscalYear: target[0], value: target[1], comparator };
  return result;
}

describe('every preset', () => {
  it('is a valid scheme', () => {
    for (const name of PRESET_NAMES) {
      const result = evaluationSchemeSchema.safeParse(PRESETS[name]);
      expect(result.success, `${name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });
  it('names its source', () => {
    for (const name of PRESET_NAMES.filter((n) => n !== 'default')) expect(PRESETS[name].source).toBeTruthy();
  });
});

describe('default: 大崎町 まち・ひと・しごと創生総合戦略 H27 (kpi_samples_pages.csv, source osaki_h27)', () => {
  // [indicator, actual H27, target H31, published achievement_rate_pct]
  const rows: Array<[string, number, number, number]> = [
    ['合同企業説明会参加者延べ人数', 32, 300, 10.7],
    ['就業相談者数', 0, 100, 0.0],
    ['UIJターン希望者相談者数', 0, 20, 0.0],
    ['企業立地協定締結件数', 1, 10, 10.0],
    ['ワンストップ窓口利用件数', 0, 50, 0.0],
    ['新規創業・起業件数', 1, 10, 10.0],
    ['新規認定農業者数', 12, 10, 120.0],
    ['新規農業生産法人数', 1, 5, 20.0],
    ['新規就農・農業後継者数', 0, 50, 0.0],
    ['地産地消の実践割合 (75以上 / 80以上)', 75, 80, 93.8],
  ];
  const scheme = resolveScheme('default');
  it.each(rows)('%s: %d / %d → %d %', (_name, actual, target, published) => {
    const e = evaluateKpi(kpi({ target: [2019, target], actuals: [[2015, actual]] }), 2015, scheme);
    expect(e.rate).toBe(published);
    expect(e.rateFormula).toBe('ratio');
  });
  it('grades the published rates by the default thresholds', () => {
    const grade = (actual: number, target: number) =>
      evaluateKpi(kpi({ target: [2019, target], actuals: [[2015, actual]] }), 2015, scheme).grade;
    expect(grade(12, 10)).toBe('A');
    expect(grade(75, 80)).toBe('B');
    expect(grade(32, 300)).toBe('D');
  });
});

describe('chiba: 千葉県 第2期地方創生総合戦略, FY2022 (kpi_samples_pages.csv, source chiba_pref)', () => {
  const scheme = resolveScheme('chiba');
  const at2022 = (k: EvaluableKpi) => evaluateKpi(k, 2022, scheme);
  it('人口の社会増: 18,225 → 18,740 against 「17,187超」 (the 2019 level, also the baseline) → 進展', () => {
    const e = at2022(
      kpi({
        baseline: [2019, 17187],
        target: [2024, 17187],
        comparator: 'gt',
        actuals: [
          [2021, 18225],
          [2022, 18740],
        ],
      }),
    );
    expect(e.grade).toBe('進展');
    expect(e.achieved).toBe(true);
  });
  it('県内企業立地件数（累計）: 139 → 237 of 300 → 進展 (a 累計 counts from 0 when the strategy began)', () => {
    const e = at2022(
      kpi({
        baseline: [2019, 0],
        target: [2024, 300],
        actuals: [
          [2021, 139],
          [2022, 237],
        ],
      }),
    );
    expect(e.grade).toBe('進展');
    expect(e.achieved).toBe(false);
  });
  it('空き公共施設などへの進出企業数（累計）: 56 against 53, already above target → 進展', () => {
    const e = at2022(
      kpi({
        target: [2024, 53],
        actuals: [
          [2021, 48],
          [2022, 56],
        ],
      }),
    );
    expect(e.grade).toBe('進展');
  });
  it('高規格幹線道路の整備率: 93 % against 「93%超」, unchanged since 2018 → 進展せず', () => {
    const e = at2022(
      kpi({
        baseline: [2019, 93],
        target: [2024, 93],
        comparator: 'gt',
        actuals: [
          [2021, 93],
          [2022, 93],
        ],
      }),
    );
    expect(e.grade).toBe('進展せず');
  });
  it('県都1時間構想（達成率）: 76 % → 76 %, target cut off in the source → still 進展せず (graded on the baseline)', () => {
    const e = at2022(
      kpi({
        baseline: [2019, 76],
        actuals: [
          [2021, 76],
          [2022, 76],
        ],
      }),
    );
    expect(e.grade).toBe('進展せず');
  });
});

describe('nagano: 長野県 信州創生戦略の政策評価（対象:29年度）, press release 2018-09-20', () => {
  const scheme = resolveScheme('nagano');
  const at2017 = (k: EvaluableKpi) => evaluateKpi(k, 2017, scheme);
  it('合計特殊出生率 H26 1.54 → H31 1.68: 目安値 1.62, H29 1.56 → C', () => {
    const e = at2017(kpi({ baseline: [2014, 1.54], target: [2019, 1.68], actuals: [[2017, 1.56]] }));
    expect(e.reference?.value).toBeCloseTo(1.62, 2);
    expect(e.grade).toBe('C');
    expect(e.label).toBe('努力を要する');
  });
  it('社会増減 H26 ▲3,703 → H31 ▲2,000: 目安値 ▲2,700, H29 ▲2,530 → A (negative values)', () => {
    const e = at2017(kpi({ baseline: [2014, -3703], target: [2019, -2000], actuals: [[2017, -2530]] }));
    expect(Math.round((e.reference?.value ?? 0) / 100) * 100).toBe(-2700);
    expect(e.grade).toBe('A');
  });
  it('労働生産性 H24 8,012 → H29 8,220: 目安値 8,137 for H27, latest actual H27 7,612 → C, stale', () => {
    const e = at2017(kpi({ baseline: [2012, 8012], target: [2017, 8220], actuals: [[2015, 7612]] }));
    expect(Math.round(e.reference?.value ?? 0)).toBe(8137);
    expect(e.grade).toBe('C');
    expect(e.stale).toBe(true);
    expect(e.actualYear).toBe(2015);
  });
  it('就業率 H26 59.5 → H31 60.0: 目安値 59.8, H29 61.2 → A', () => {
    const e = at2017(kpi({ baseline: [2014, 59.5], target: [2019, 60], actuals: [[2017, 61.2]] }));
    expect(e.reference?.value).toBeCloseTo(59.8, 5);
    expect(e.grade).toBe('A');
    expect(e.label).toBe('順調');
  });
  it('県民一人当たり公共交通機関利用回数 H25 48.2 → H30 49.9, H28 50.0 → A', () => {
    const e = at2017(kpi({ baseline: [2013, 48.2], target: [2018, 49.9], actuals: [[2016, 50]] }));
    expect(e.grade).toBe('A');
  });
  it('おおむね順調 starts at 80 % progress towards the 目安値 (産経新聞 2016-09-20)', () => {
    // Baseline 0, target 100 in five years: 目安値 after three years is 60.
    const grade = (actual: number) =>
      at2017(kpi({ baseline: [2014, 0], target: [2019, 100], actuals: [[2017, actual]] })).label;
    expect(grade(60)).toBe('順調');
    expect(grade(48)).toBe('おおむね順調');
    expect(grade(47.9)).toBe('努力を要する');
  });
});

describe('tama: 多摩市 まち・ひと・しごと創生総合戦略の評価方法', () => {
  const scheme = resolveScheme('tama');
  // A five-year target of 300 for H27–H31, counted from 0 the year before the plan.
  const fiveYear = (year: number, actual: number) =>
    evaluateKpi(kpi({ baseline: [2014, 0], target: [2019, 300], actuals: [[year, actual]] }), year, scheme);
  it('judges year n against n × 20 % of the target: 20, 40, 60, 80, 100 %', () => {
    expect([2015, 2016, 2017, 2018, 2019].map((y) => fiveYear(y, 1).reference?.value)).toEqual([
      60, 120, 180, 240, 300,
    ]);
  });
  it('① at 100 % of the year’s share, ② from 60 %, ③ below', () => {
    expect(fiveYear(2015, 60).grade).toBe('①');
    expect(fiveYear(2015, 36).grade).toBe('②'); // 60 % of 60
    expect(fiveYear(2015, 35.9).grade).toBe('③');
    expect(fiveYear(2017, 180).label).toBe('目標値の達成に向けて、着実に進んでいる');
  });
});

describe('ino: いの町 まち・ひと・しごと創生総合戦略の効果検証（平成29年度分）', () => {
  const scheme = resolveScheme('ino');
  it('uses the published categories: ◎ 目標値以上, ○ 同等, △ 未満, × 進捗なし・事業終了, 評価なし without a target', () => {
    const grade = (actual: number | null, target: number | null, status?: 'not-started' | 'suspended') =>
      evaluateKpi(
        kpi({
          ...(target === null ? {} : { target: [2019, target] }),
          actuals: actual === null ? [] : [[2017, actual]],
        }),
        2017,
        scheme,
        status ? { status } : {},
      ).grade;
    expect(grade(100, 100)).toBe('◎');
    expect(grade(95, 100)).toBe('○');
    expect(grade(50, 100)).toBe('△');
    expect(grade(null, 100, 'not-started')).toBe('×');
    expect(grade(10, 100, 'suspended')).toBe('×');
    expect(grade(10, null)).toBe('評価なし');
  });
  it('tallies the published summary: 76 KPIs, 30 ◎, 13 ○, 32 △, 1 評価なし', () => {
    const evaluations = [
      ...Array.from({ length: 30 }, () => ({ grade: '◎', achieved: true })),
      ...Array.from({ length: 13 }, () => ({ grade: '○', achieved: false })),
      ...Array.from({ length: 32 }, () => ({ grade: '△', achieved: false })),
      { grade: '評価なし', achieved: false },
    ];
    const table = aggregateGrades(evaluations, scheme);
    expect(table.total).toBe(76);
    expect(Object.fromEntries(table.grades.map((g) => [g.grade, g.count]))).toMatchObject({
      '◎': 30,
      '○': 13,
      '△': 32,
      評価なし: 1,
      '×': 0,
    });
  });
});

describe('nagayo: 長与町 第9次総合計画 数値目標評価', () => {
  const scheme = resolveScheme('nagayo');
  const grade = (actual: number, direction: Direction = 'increase') =>
    evaluateKpi(
      kpi({
        direction,
        baseline: [2015, 100],
        target: [2020, direction === 'increase' ? 120 : 80],
        comparator: direction === 'increase' ? 'gte' : 'lte',
        actuals: [[2019, actual]],
      }),
      2019,
      scheme,
    ).grade;
  it('S above the target, A above the baseline, B within △10 %, C below that', () => {
    expect(grade(121)).toBe('S');
    expect(grade(100.5)).toBe('A');
    expect(grade(100)).toBe('B');
    expect(grade(90)).toBe('B'); // △10.0 %
    expect(grade(89.9)).toBe('C');
  });
  it('reads the baseline comparison in the KPI’s direction', () => {
    expect(grade(95, 'decrease')).toBe('A');
    expect(grade(110, 'decrease')).toBe('B');
    expect(grade(111, 'decrease')).toBe('C');
  });
  it('prints 「－」 when the current value is not known', () => {
    const e = evaluateKpi(kpi({ baseline: [2015, 100], target: [2020, 120] }), 2019, scheme);
    expect(e.grade).toBe('－');
    expect(e.label).toBe('評価できない');
  });
});

describe('open-sdg: Open SDG / Statistics Canada progress measure', () => {
  const scheme = resolveScheme('open-sdg');
  const status = (base: Pair, current: Pair, target: Pair, direction: Direction = 'increase') =>
    evaluateKpi(
      kpi({
        direction,
        baseline: base,
        target,
        comparator: direction === 'increase' ? 'gte' : 'lte',
        actuals: [current],
      }),
      current[0],
      scheme,
    );
  // Expected R values computed with sdg-build's growth_calculation and methodology_2.
  it('grades R = CAGR observed ÷ |CAGR required| by 95 % / 60 % / 0', () => {
    expect(status([2015, 100], [2020, 110], [2030, 120])).toMatchObject({
      rate: 157.4,
      grade: 'substantial_progress',
    });
    expect(status([2015, 100], [2020, 105], [2030, 120])).toMatchObject({
      rate: 80.2,
      grade: 'moderate_progress',
    });
    expect(status([2015, 100], [2020, 103], [2030, 120])).toMatchObject({
      rate: 48.5,
      grade: 'limited_progress',
    });
    expect(status([2015, 50], [2020, 55], [2030, 25], 'decrease')).toMatchObject({
      rate: -42.6,
      grade: 'deterioration',
    });
  });
  it('flips the direction for negative series and replaces zero by 0.001', () => {
    expect(status([2015, -10], [2020, -8], [2030, -5])).toMatchObject({
      rate: 96.7,
      grade: 'substantial_progress',
    });
    const zeroTarget = status([2015, 50], [2020, 40], [2030, 0], 'decrease');
    expect(zeroTarget).toMatchObject({ rate: 8.5, grade: 'limited_progress' });
    expect(zeroTarget.notes).toContain('growth-zero-replaced');
  });
  it('says target achieved whatever the growth rate, and unable to assess with one year of data', () => {
    expect(status([2015, 100], [2020, 121], [2030, 120]).grade).toBe('target_achieved');
    expect(status([2020, 100], [2020, 110], [2030, 120]).grade).toBe('not_available');
  });
});

describe('resolveScheme', () => {
  it('names the presets when a name is unknown', () => {
    expect(() => resolveScheme('xxx')).toThrow(SchemeError);
    expect(() => resolveScheme('xxx')).toThrow(
      '評価基準「xxx」はありません（使用可能: default, nagano, ino, tama, nagayo, chiba, open-sdg）',
    );
  });
  it('returns the default scheme when none is given, and copies so callers cannot change a preset', () => {
    const scheme = resolveScheme();
    expect(scheme.name).toBe('default');
    scheme.rules.length = 0;
    expect(resolveScheme().rules.length).toBeGreaterThan(0);
  });
  it('merges a partial object onto its base preset and renames it', () => {
    const scheme = resolveScheme({ base: 'tama', reference: 'final' });
    expect(scheme).toMatchObject({ name: 'tama-custom', reference: 'final', formula: 'ratio' });
    expect(scheme.grades[0]?.grade).toBe('①');
    expect(resolveScheme({ base: 'tama', label: '多摩市' }).name).toBe('tama');
    const mine = resolveScheme({ name: 'mine', rules: [{ grade: 'A', rate: { gte: 90 } }, { grade: 'D' }] });
    expect(mine).toMatchObject({ name: 'mine', formula: 'ratio', noData: '－' });
  });
  it('reports every problem with its path', () => {
    const shape = safeResolveScheme({
      grades: [{ grade: 'A', label: 'A', symbol: 'A', color: 'red' }],
      rollup: 'best',
    });
    expect(shape.ok ? [] : shape.issues.map((i) => i.path.join('.'))).toEqual(['grades.0.color', 'rollup']);
    const references = safeResolveScheme({ rules: [{ grade: 'A' }, { grade: 'Z', rate: { gte: 50 } }] });
    expect(references.ok ? [] : references.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['rules.0', 'rules.1', 'rules.1.grade']),
    );
    expect(safeResolveScheme({ base: 'nope' })).toMatchObject({ ok: false, issues: [{ path: ['base'] }] });
    expect(safeResolveScheme({ rules: [{ grade: 'A', minRate: 100 }, { grade: 'D' }] })).toMatchObject({
      ok: false,
      issues: [{ path: ['rules', 0] }],
    });
  });
});
