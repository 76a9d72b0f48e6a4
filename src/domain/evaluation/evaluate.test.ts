import { describe, expect, it } from 'vitest';
import type { Actual, Comparator, Direction } from '../kpi/types.ts';
import { type AdministrativeStatus, type EvaluableKpi, evaluateKpi } from './evaluate.ts';
import { PRESET_NAMES, resolveScheme } from './presets.ts';
import { achievedGrade, type EvaluationScheme } from './scheme.ts';

type Pair = [fiscalYear: number, value: number];

function kpi(options: {
  direction?: Direction;
  baseline?: Pair;
  target?: Pair;
  comparator?: Comparator;
  annual?: Pair[];
  actuals?: Pair[];
}): EvaluableKpi {
  const { direction = 'increase', baseline, target, comparator = 'gte', annual, actuals = [] } = options;
  return {
    direction,
    actuals: actuals.map(([fiscalYear, value]) => ({ fiscalYear, value })),
    ...(baseline ? { baseline: { fiscalYear: baseline[0], value: baseline[1] } } : {}),
    ...(target ? { target: { fiscalYear: target[0], value: target[1], comparator } } : {}),
    ...(annual ? { annualTargets: annual.map(([fiscalYear, value]) => ({ fiscalYear, value })) } : {}),
  };
}

const standard = resolveScheme('default');

describe('the latest actual', () => {
  it('uses the latest actual at or before the fiscal year and ignores later ones', () => {
    const e = evaluateKpi(
      kpi({
        target: [2024, 100],
        actuals: [
          [2021, 50],
          [2022, 60],
          [2024, 99],
        ],
      }),
      2023,
      standard,
    );
    expect(e).toMatchObject({ actualYear: 2022, actualValue: 60, rate: 60, stale: true });
    expect(e.notes).toContain('stale-actual');
  });
  it('is not stale when it is of the evaluated year', () => {
    const e = evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 90]] }), 2023, standard);
    expect(e).toMatchObject({ stale: false, grade: 'B' });
  });
  it('takes the last entry when a year is given twice, and notes a provisional value', () => {
    const k = kpi({
      target: [2024, 100],
      actuals: [
        [2023, 10],
        [2023, 90],
      ],
    });
    (k.actuals[1] as Actual).status = 'provisional';
    const e = evaluateKpi(k, 2023, standard);
    expect(e.actualValue).toBe(90);
    expect(e.notes).toContain('provisional-actual');
  });
});

describe('no data, no target, administrative codes', () => {
  it('gives the no-data grade 「－」 評価不能 without an actual (or with only later ones)', () => {
    for (const actuals of [[], [[2025, 3]] as Pair[]]) {
      const e = evaluateKpi(kpi({ target: [2024, 100], actuals }), 2023, standard);
      expect(e).toMatchObject({
        grade: '－',
        label: '評価不能',
        kind: 'no-data',
        rate: null,
        actualYear: null,
        stale: false,
      });
    }
  });
  it('gives the no-target grade when there is nothing to compare with, and no projection', () => {
    const e = evaluateKpi(kpi({ baseline: [2019, 10], actuals: [[2023, 12]] }), 2023, standard);
    expect(e).toMatchObject({
      grade: '目標なし',
      kind: 'no-target',
      rate: null,
      changeFromBaseline: 20,
      projection: null,
    });
  });
  it('lets an administrative status win, data or not', () => {
    const cases: Array<[AdministrativeStatus, string]> = [
      ['not-started', '未着手'],
      ['suspended', '休止・廃止'],
      ['hard-to-evaluate', '評価困難'],
    ];
    for (const [status, grade] of cases) {
      const withData = evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 100]] }), 2023, standard, {
        status,
      });
      // The rate is still computed, but the KPI is not counted as achieved beside a grade of 未着手 etc.
      expect(withData).toMatchObject({ grade, kind: 'administrative', rate: 100, achieved: false });
      const without = evaluateKpi(kpi({ target: [2024, 100] }), 2023, standard, { status });
      expect(without.grade).toBe(grade);
    }
  });
});

describe('achievement and rounding', () => {
  it('decides the grade on the rounded rate: 100.0 % is never shown beside a lower grade or "not achieved"', () => {
    // 99.96 is not 以上 100, but it prints as 100.0 %: the rule A ≥ 100 grades it 目標達成, and a KPI
    // graded 目標達成 by its rate is achieved, so the count of achieved KPIs agrees with the A count.
    const e = evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 99.96]] }), 2023, standard);
    expect(e).toMatchObject({ rate: 100, grade: 'A', label: '目標達成', achieved: true });
    expect(evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 99.94]] }), 2023, standard)).toMatchObject(
      {
        rate: 99.9,
        grade: 'B',
        achieved: false,
      },
    );
  });
  it('takes 99.95 % half up to 100.0 % and so to the achieved grade, end to end', () => {
    // 99.95 is the boundary of 四捨五入 (as a float it is 99.9499999…, which a naive round gives 99.9).
    const e = evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 99.95]] }), 2023, standard);
    expect(e).toMatchObject({
      rate: 100,
      grade: 'A',
      label: '目標達成',
      achieved: true,
      kind: 'performance',
    });
    // The same through a ratio that is not the value itself: 1,999 of 2,000 = 99.95 %.
    expect(evaluateKpi(kpi({ target: [2024, 2000], actuals: [[2023, 1999]] }), 2023, standard)).toMatchObject(
      { rate: 100, grade: 'A', achieved: true },
    );
    // And for 減少: 2,000 ÷ 2,001 = 99.950… % → 100.0 %.
    expect(
      evaluateKpi(
        kpi({ direction: 'decrease', comparator: 'lte', target: [2024, 2000], actuals: [[2023, 2001]] }),
        2023,
        standard,
      ),
    ).toMatchObject({ rate: 100, grade: 'A', achieved: true });
    expect(
      evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 99.949]] }), 2023, standard),
    ).toMatchObject({ rate: 99.9, grade: 'B', achieved: false });
  });
  it('rounds 10.65 % up to 10.7 %', () => {
    expect(evaluateKpi(kpi({ target: [2024, 200], actuals: [[2023, 21.3]] }), 2023, standard).rate).toBe(
      10.7,
    );
  });
  it('counts a 超 target met exactly as achieved where its rate of 100.0 % grades 目標達成', () => {
    // 93 is not 「93超」, so the comparator is not met; but its rate is 100.0 %, which the default
    // scheme grades A 目標達成 like any other 100.0 %, and a KPI graded 目標達成 is counted achieved:
    // the table shows 100.0 % and A, and the count of achieved KPIs says the same.
    const e = evaluateKpi(
      kpi({ target: [2024, 93], comparator: 'gt', actuals: [[2023, 93]] }),
      2023,
      standard,
    );
    expect(e).toMatchObject({ achieved: true, rate: 100, grade: 'A' });
    // Where no rate rule gives the achieved grade (千葉県 grades by the baseline), the comparator alone
    // decides: unchanged at 93 against 「93%超」 is 進展せず, as published (presets.test.ts).
    const chiba = evaluateKpi(
      kpi({ baseline: [2018, 93], target: [2024, 93], comparator: 'gt', actuals: [[2022, 93]] }),
      2022,
      resolveScheme('chiba'),
    );
    expect(chiba).toMatchObject({ achieved: false, rate: 100, grade: '進展せず' });
  });
  it('gives the achieved grade whatever the formula says', () => {
    // Under the growth formula one year of data gives no rate, but the target is met.
    const e = evaluateKpi(
      kpi({ target: [2030, 50], actuals: [[2023, 60]] }),
      2023,
      resolveScheme('open-sdg'),
    );
    expect(e).toMatchObject({ achieved: true, rate: null, grade: 'target_achieved' });
  });
});

describe('減少 (decrease)', () => {
  const down = (target: number, actual: number) =>
    evaluateKpi(
      kpi({ direction: 'decrease', comparator: 'lte', target: [2024, target], actuals: [[2023, actual]] }),
      2023,
      standard,
    );
  it('inverts the ratio: target ÷ actual', () => {
    expect(down(100, 125)).toMatchObject({ rate: 80, grade: 'B', achieved: false });
    expect(down(100, 80)).toMatchObject({ rate: 125, grade: 'A', achieved: true });
  });
  it('at 0 against a target of 0 is achieved at 100.0 %', () => {
    expect(down(0, 0)).toMatchObject({ rate: 100, grade: 'A', achieved: true });
  });
  it('at 0 against a positive target is achieved; the rate has no value (division by zero)', () => {
    const e = down(5, 0);
    expect(e).toMatchObject({ rate: null, grade: 'A', achieved: true });
    expect(e.notes).toContain('rate-undefined');
  });
  it('above a target of 0 has a rate of 0 %', () => {
    expect(down(0, 3)).toMatchObject({ rate: 0, grade: 'D' });
  });
});

describe('維持 (maintain)', () => {
  it('with 以上: a floor, achieved at or above it; change from the baseline counts up', () => {
    const floor = (actual: number) =>
      evaluateKpi(
        kpi({ direction: 'maintain', baseline: [2019, 95], target: [2024, 95], actuals: [[2023, actual]] }),
        2023,
        standard,
      );
    expect(floor(96)).toMatchObject({ achieved: true, grade: 'A', changeFromBaseline: 1.1 });
    expect(floor(85.5)).toMatchObject({ achieved: false, rate: 90, grade: 'B', changeFromBaseline: -10 });
  });
  it('with 以下: a ceiling, rated like a decrease', () => {
    const e = evaluateKpi(
      kpi({
        direction: 'maintain',
        comparator: 'lte',
        baseline: [2019, 20],
        target: [2024, 20],
        actuals: [[2023, 25]],
      }),
      2023,
      standard,
    );
    expect(e).toMatchObject({ achieved: false, rate: 80, changeFromBaseline: -25 });
  });
  it('with =: two-sided, any distance from the target lowers the rate', () => {
    const exact = (actual: number) =>
      evaluateKpi(
        kpi({
          direction: 'maintain',
          comparator: 'eq',
          baseline: [2019, 100],
          target: [2024, 100],
          actuals: [[2023, actual]],
        }),
        2023,
        standard,
      );
    expect(exact(100)).toMatchObject({ achieved: true, rate: 100, grade: 'A', changeFromBaseline: 0 });
    expect(exact(102)).toMatchObject({ achieved: false, rate: 98, changeFromBaseline: -2 });
    expect(exact(98)).toMatchObject({ achieved: false, rate: 98, changeFromBaseline: -2 });
  });
});

describe('baselines', () => {
  const nagano = resolveScheme('nagano');
  it('target equal to the baseline: progress has no span, so the ratio is used', () => {
    const e = evaluateKpi(
      kpi({ baseline: [2019, 50], target: [2024, 50], actuals: [[2023, 45]] }),
      2023,
      nagano,
    );
    expect(e).toMatchObject({ rate: 90, rateFormula: 'ratio', grade: 'B' });
    expect(e.notes).toContain('progress-fell-back-to-ratio');
    expect(
      evaluateKpi(kpi({ baseline: [2019, 50], target: [2024, 50], actuals: [[2023, 50]] }), 2023, nagano),
    ).toMatchObject({
      rate: 100,
      grade: 'A',
    });
  });
  it('missing baseline: no change, progress falls back to ratio, prorated to the final target', () => {
    const e = evaluateKpi(kpi({ target: [2024, 100], actuals: [[2023, 85]] }), 2023, nagano);
    expect(e).toMatchObject({
      changeFromBaseline: null,
      improved: null,
      rate: 85,
      rateFormula: 'ratio',
      grade: 'B',
    });
    expect(e.reference).toMatchObject({ kind: 'final', value: 100 });
    expect(e.notes).toEqual(
      expect.arrayContaining(['no-baseline', 'prorated-without-baseline', 'progress-fell-back-to-ratio']),
    );
  });
  it('zero baseline: no relative change, but improvement and progress are defined', () => {
    const e = evaluateKpi(
      kpi({ baseline: [2019, 0], target: [2024, 50], actuals: [[2023, 30]] }),
      2023,
      nagano,
    );
    expect(e).toMatchObject({ changeFromBaseline: null, improved: true, rateFormula: 'progress' });
    expect(e.reference?.value).toBe(40); // 0 → 50 over five years, four years in
    expect(e.rate).toBe(75);
    expect(e.notes).toContain('zero-baseline');
    expect(
      evaluateKpi(kpi({ baseline: [2019, 0], target: [2024, 50], actuals: [[2023, 0]] }), 2023, nagano)
        .changeFromBaseline,
    ).toBe(0);
  });
});

describe('negative values', () => {
  it('ratio has no meaning below zero, so progress from the baseline is used (長野県 社会増減)', () => {
    const e = evaluateKpi(
      kpi({ baseline: [2014, -3703], target: [2019, -2000], actuals: [[2017, -2530]] }),
      2017,
      standard,
    );
    expect(e).toMatchObject({ rate: 68.9, rateFormula: 'progress', grade: 'C', changeFromBaseline: 31.7 });
    expect(e.notes).toContain('ratio-fell-back-to-progress');
  });
  it('without a baseline a negative target gives no rate: 評価困難', () => {
    const e = evaluateKpi(kpi({ target: [2019, -2000], actuals: [[2017, -2530]] }), 2017, standard);
    expect(e).toMatchObject({ rate: null, grade: '評価困難', kind: 'administrative' });
    expect(e.notes).toContain('not-gradable');
  });
});

describe('annual targets (桜川市 観光客入り込み客数, kpi_samples_pages.csv source sakuragawa)', () => {
  const tourists = kpi({
    target: [2016, 415000],
    annual: [
      [2011, 620000],
      [2012, 625000],
      [2013, 400000],
      [2014, 405000],
      [2015, 410000],
      [2016, 415000],
    ],
    actuals: [
      [2011, 385500],
      [2012, 333600],
      [2013, 367100],
    ],
  });
  const annual = resolveScheme({ reference: 'annual' });
  it('compares each year with that year’s target', () => {
    expect(evaluateKpi(tourists, 2013, annual)).toMatchObject({
      rate: 91.8,
      grade: 'B',
      reference: { kind: 'annual', value: 400000 },
    });
    expect(evaluateKpi(tourists, 2012, annual)).toMatchObject({ rate: 53.4, grade: 'C' });
  });
  it('a stale actual is compared with the annual target of its own year', () => {
    expect(evaluateKpi(tourists, 2014, annual)).toMatchObject({ stale: true, actualYear: 2013, rate: 91.8 });
  });
  it('without an annual target for the year, falls back to the prorated (then final) target', () => {
    const e = evaluateKpi(
      kpi({ target: [2016, 100], annual: [[2015, 90]], actuals: [[2014, 50]] }),
      2014,
      annual,
    );
    expect(e.reference).toMatchObject({ kind: 'final', value: 100 });
    expect(e.notes).toEqual(expect.arrayContaining(['annual-target-missing', 'prorated-without-baseline']));
  });
});

describe('every scheme, every kind of input', () => {
  // A small deterministic generator: the same cases on every run.
  function* random(seed: number): Generator<number> {
    let state = seed;
    for (;;) {
      state = (state * 1664525 + 1013904223) % 4294967296;
      yield state / 4294967296;
    }
  }
  const rng = random(20240401);
  const next = () => rng.next().value as number;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const values = [
    0, 0, 1, -1, 0.001, 10, 10.65, 50, 99.95, 100, 100, -3703, 1e9, 1e-9, 2.5, 1e300, -1e300, 5e-324,
  ];
  const value = () => (next() < 0.6 ? pick(values) : (next() - 0.3) * 10 ** Math.floor(next() * 6));
  const walkNumbers = (x: unknown, visit: (n: number) => void): void => {
    if (typeof x === 'number') visit(x);
    else if (Array.isArray(x)) for (const item of x) walkNumbers(item, visit);
    else if (x && typeof x === 'object') for (const item of Object.values(x)) walkNumbers(item, visit);
  };

  /** The achieved grade comes from `achieved: true` rules and rate rules of 100 % and more alone. */
  const onlyTargetGivesAchievedGrade = (scheme: EvaluationScheme) =>
    scheme.rules
      .filter((r) => r.grade === achievedGrade(scheme))
      .every(
        (r) =>
          r.achieved === true ||
          (r.improved === undefined &&
            r.change === undefined &&
            r.rate !== undefined &&
            (r.rate.gte ?? r.rate.gt ?? Number.NEGATIVE_INFINITY) >= 100),
      );

  it('never gives NaN or Infinity, always a grade of the scheme, and a grade that agrees with `achieved`', () => {
    const schemes = [
      ...PRESET_NAMES.map((name) => resolveScheme(name)),
      resolveScheme({ base: 'nagano', reference: 'annual', rollup: 'worst' }),
      resolveScheme({ base: 'open-sdg', reference: 'prorated' }),
    ];
    for (let i = 0; i < 3000; i++) {
      const baseYear = 2015 + Math.floor(next() * 4);
      const targetYear = baseYear + Math.floor(next() * 8);
      const k = kpi({
        direction: pick(['increase', 'decrease', 'maintain'] as const),
        comparator: pick(['gte', 'gt', 'lte', 'lt', 'eq'] as const),
        ...(next() < 0.8 ? { baseline: [baseYear, value()] as Pair } : {}),
        ...(next() < 0.85 ? { target: [targetYear, value()] as Pair } : {}),
        ...(next() < 0.3
          ? {
              annual: [
                [2020, value()],
                [2021, value()],
              ] as Pair[],
            }
          : {}),
        actuals: Array.from(
          { length: Math.floor(next() * 5) },
          () => [2014 + Math.floor(next() * 10), value()] as Pair,
        ),
      });
      const scheme = pick(schemes);
      const fiscalYear = 2016 + Math.floor(next() * 8);
      const status =
        next() < 0.05 ? { status: pick(['not-started', 'suspended', 'hard-to-evaluate'] as const) } : {};
      const e = evaluateKpi(k, fiscalYear, scheme, status);
      const context = JSON.stringify({ k, fiscalYear, scheme: scheme.name });
      expect(e.rate === null || Number.isFinite(e.rate), context).toBe(true);
      expect(
        scheme.grades.map((g) => g.grade),
        context,
      ).toContain(e.grade);
      expect(e.label).toBe(scheme.grades.find((g) => g.grade === e.grade)?.label);
      walkNumbers(e, (n) => expect(Number.isFinite(n), context).toBe(true));
      // Grade and flag agree: an achieved KPI has the achieved grade, and where only the target (or a
      // rate of 100 % and more) gives that grade, a KPI with it is achieved.
      const achievedCode = achievedGrade(scheme);
      if (e.achieved) expect(e.grade, context).toBe(achievedCode);
      if (e.grade === achievedCode && onlyTargetGivesAchievedGrade(scheme))
        expect(e.achieved, context).toBe(true);
    }
  });
});
