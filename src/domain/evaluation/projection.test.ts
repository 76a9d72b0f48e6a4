import { describe, expect, it } from 'vitest';
import type { Comparator } from '../kpi/types.ts';
import { projectKpi } from './projection.ts';

type Pair = [fiscalYear: number, value: number];

const kpi = (target: Pair | null, actuals: Pair[], baseline?: Pair, comparator: Comparator = 'gte') => ({
  ...(target ? { target: { fiscalYear: target[0], value: target[1], comparator } } : {}),
  ...(baseline ? { baseline: { fiscalYear: baseline[0], value: baseline[1] } } : {}),
  actuals: actuals.map(([fiscalYear, value]) => ({ fiscalYear, value })),
});

describe('projectKpi (見通し)', () => {
  it('松戸市 出生数: falling from 3,975 to 3,679 will not reach 4,107 by H31 (kpi_samples_pages.csv, matsudo)', () => {
    const p = projectKpi(
      kpi(
        [2019, 4107],
        [
          [2015, 3975],
          [2016, 3782],
          [2017, 3679],
        ],
        [2014, 3823],
      ),
      2017,
    );
    expect(p).toMatchObject({ method: 'trend', points: 3, onTrack: false, label: '達成困難', slope: -148 });
    expect(p?.expectedValue).toBe(3368); // mean 3,812 in 2016, −148 a year
  });
  it('千葉県 県内企業立地件数（累計）: 139 → 237, on course for 300 in 2024 (kpi_samples_pages.csv, chiba_pref)', () => {
    const p = projectKpi(
      kpi(
        [2024, 300],
        [
          [2021, 139],
          [2022, 237],
        ],
      ),
      2022,
    );
    expect(p).toMatchObject({ expectedValue: 433, slope: 98, onTrack: true, label: '達成見込み' });
  });
  it('draws the line from the baseline when there is one actual', () => {
    const p = projectKpi(kpi([2024, 100], [[2021, 70]], [2019, 50]), 2023);
    expect(p).toMatchObject({ method: 'baseline-to-latest', slope: 10, expectedValue: 100, onTrack: true });
  });
  it('reads a decrease by its comparator', () => {
    const p = projectKpi(
      kpi(
        [2025, 10],
        [
          [2021, 30],
          [2022, 25],
          [2023, 20],
        ],
        undefined,
        'lte',
      ),
      2023,
    );
    expect(p).toMatchObject({ expectedValue: 10, onTrack: true });
  });
  it('uses the target year’s actual once it is known', () => {
    const p = projectKpi(
      kpi(
        [2022, 100],
        [
          [2020, 10],
          [2022, 99],
          [2023, 200],
        ],
      ),
      2023,
    );
    expect(p).toMatchObject({ method: 'actual', expectedValue: 99, onTrack: false, label: '達成困難' });
  });
  it('cannot say with one actual and no earlier baseline, or none', () => {
    expect(projectKpi(kpi([2024, 100], [[2021, 70]]), 2023)).toMatchObject({
      label: '判定不能',
      onTrack: null,
      expectedValue: null,
    });
    expect(projectKpi(kpi([2024, 100], [[2021, 70]], [2021, 60]), 2023)?.method).toBe('none');
    expect(projectKpi(kpi([2024, 100], []), 2023)?.label).toBe('判定不能');
  });
  it('ignores actuals after the fiscal year, and has nothing to say without a target', () => {
    expect(
      projectKpi(
        kpi(
          [2024, 100],
          [
            [2021, 70],
            [2025, 500],
          ],
        ),
        2023,
      )?.method,
    ).toBe('none');
    expect(
      projectKpi(
        kpi(null, [
          [2021, 70],
          [2022, 80],
        ]),
        2023,
      ),
    ).toBeNull();
  });
});
