/**
 * @module Hand-made report models for the deck's tests
 * Built without the database: a model with many KPIs and very long result lists, to exercise the
 * continuation slides that the demo year does not need.
 */
import type { GradeKey, KpiRow, KpiSetSummary, PolicyPage, ReportModel } from '../../report/model.ts';
import { handMadeRollUp } from '../../report/test-support-rollup.ts';

const GRADES: GradeKey[] = [
  { grade: 'A', label: '目標達成', symbol: 'A', color: '#1a7f37' },
  { grade: 'B', label: '概ね順調', symbol: 'B', color: '#4d8f00' },
  { grade: 'C', label: '遅れ', symbol: 'C', color: '#b35900' },
  { grade: 'D', label: '大幅な遅れ', symbol: 'D', color: '#c62828' },
  { grade: '－', label: '評価不能', symbol: '－', color: '#6e7781' },
];

const grade = (i: number) => GRADES[i % GRADES.length] as GradeKey;

/** A KPI row; `i` varies the grade, the numbers and whether the name is long. */
export function kpiRow(i: number, overrides: Partial<KpiRow> = {}): KpiRow {
  return {
    code: `K-${String(i + 1).padStart(3, '0')}`,
    name:
      i % 3 === 0
        ? `観光客入込数（秋吉台・秋芳洞・大正洞・景清洞ほか主要観光施設の年間延べ人数）その${i + 1}`
        : `指標その${i + 1}`,
    unit: i % 2 ? '人' : '%',
    nodeLabel: `基本目標 ${(i % 5) + 1} ＞ 基本方針${(i % 3) + 1} ＞ ①`,
    directionLabel: '増加',
    baseline: { value: 1200 + i, yearLabel: '令和元年度', yearShort: 'R1' },
    target: { value: 1500.5, yearLabel: '令和7年度', yearShort: 'R7', comparatorLabel: '以上' },
    latest: {
      value: 1300 + i * 10,
      yearLabel: '令和5年度',
      yearShort: 'R5',
      status: i % 4 === 0 ? 'provisional' : 'final',
      statusLabel: i % 4 === 0 ? '見込' : '確定',
    },
    rate: 33.3 + i,
    grade: grade(i),
    stale: false,
    projectionLabel: i % 2 ? '達成見込み' : '',
    department: '観光商工課',
    illustrative: true,
    ...overrides,
  };
}

/** A plan name for two footer lines in small type. */
export const LONG_PLAN_NAME =
  '第二次美祢市総合計画 前期基本計画（令和4年度～令和8年度）及び第2期美祢市まち・ひと・しごと創生総合戦略（令和2年度～令和6年度）の進捗状況に関する美祢市総合計画審議会への報告のための試験用の長い計画名';

const LONG_RESULT =
  '台湾の現地観光事業者への訪問の再開やターゲットを絞った事業展開によるインバウンド対策（トレッキングツアー600人の受入れ）とMineCollection新規認定9商品の販路拡大';

/** A policy page with `results` long results, `directions` directions and `kpis` KPIs. */
export function policyPage(
  n: number,
  counts: { results: number; directions: number; kpis: number },
): PolicyPage {
  const kpis = Array.from({ length: counts.kpis }, (_, i) => kpiRow(i + n * 100));
  return {
    goalLabel: `基本目標 ${Math.ceil(n / 3)}`,
    goalTitle: '「魅力の創出・交流」の拡大',
    policyLabel: `基本方針${n}`,
    policyTitle: `試験用の基本方針その${n}（観光の振興と魅力の創出）`,
    measures: [
      { label: '①', title: '観光の振興' },
      { label: '②', title: '国際観光の推進' },
      { label: '③', title: 'おもてなしの向上' },
    ],
    resultsHeading: '令和5年度 主な取組内容／実績',
    results: Array.from({ length: counts.results }, (_, i) => `${i + 1}件目：${LONG_RESULT}`),
    directionsHeading: '令和6年度 主な取組／今後の方向性',
    directions: Array.from(
      { length: counts.directions },
      (_, i) => `方向性${i + 1}：関西・大阪万博に向けた誘客`,
    ),
    kpis,
    // The same KPIs in two sets, so the page carries two 総合評価 lines.
    rollUps: kpis.length
      ? [handMadeRollUp('基本計画', GRADES, kpis), handMadeRollUp('総合戦略', GRADES, kpis.slice(0, 1))]
      : [],
  };
}

function kpiSet(name: string, goals: number): KpiSetSummary {
  const rows = Array.from({ length: goals }, (_, g) => {
    const counts = GRADES.map((_, i) => (g + i) % 4);
    const total = counts.reduce((a, b) => a + b, 0);
    return {
      label: `基本目標 ${g + 1}`,
      title:
        ['「魅力の創出・交流」の拡大', '強みを活かした「産業の振興」', '市の宝となる「ひとの育成」'][g % 3] ??
        '',
      counts,
      shares: counts.map((c) => (total ? Math.round((c / total) * 1000) / 10 : 0)),
      total,
      rollUp: handMadeRollUp(
        name,
        GRADES,
        counts.flatMap((count, i) => Array.from({ length: count }, () => kpiRow(0, { grade: grade(i) }))),
      ),
    };
  });
  const counts = GRADES.map((_, i) => rows.reduce((a, r) => a + (r.counts[i] ?? 0), 0));
  const total = counts.reduce((a, b) => a + b, 0);
  const totalRow = {
    label: '合計',
    title: '',
    counts,
    shares: counts.map((c) => Math.round((c / total) * 1000) / 10),
    total,
  };
  return {
    name,
    grades: GRADES,
    rows,
    total: totalRow,
    previousTotal: { ...totalRow, label: '前年度（令和4年度）' },
    illustrative: true,
  };
}

/** `count` measures with long titles: their 「①…／②…」 line wraps over several lines. */
export function manyMeasures(count: number): PolicyPage['measures'] {
  const circled = (i: number) => (i < 20 ? String.fromCodePoint(0x2460 + i) : `(${i + 1})`);
  return Array.from({ length: count }, (_, i) => ({
    label: circled(i),
    title: `地域資源を活かした観光振興と交流人口の拡大に向けた施策その${i + 1}`,
  }));
}

/** A result longer than a whole slide: it continues by lines on the next slide. */
export const SLIDE_LONG_RESULT = `${'観光の振興と魅力の創出に向けた取組（MineCollection・ジオパーク）、'.repeat(40)}以上`;

/**
 * A report with many KPIs and very long lists: policy 1 has 30 long results, policy 2 has 25
 * KPIs, policy 5 has 14 long measures and a result longer than a slide, the annex holds 120 KPIs
 * per set; the plan name is too long for one footer line.
 */
export function largeReportModel(): ReportModel {
  const policies = [
    policyPage(1, { results: 30, directions: 4, kpis: 6 }),
    policyPage(2, { results: 3, directions: 3, kpis: 25 }),
    policyPage(3, { results: 0, directions: 0, kpis: 0 }),
    policyPage(4, { results: 5, directions: 40, kpis: 2 }),
    {
      ...policyPage(5, { results: 2, directions: 2, kpis: 3 }),
      measures: manyMeasures(14),
      results: ['短い実績', SLIDE_LONG_RESULT, '最後の実績'],
    },
  ];
  const annexKpis = Array.from({ length: 120 }, (_, i) => kpiRow(i));
  const annexSet = (name: string) => ({
    name,
    groups: [1, 2, 3, 4, 5].map((g) => ({
      label: `基本目標 ${g}`,
      title: '「魅力の創出・交流」の拡大',
      kpis: annexKpis.filter((_, i) => i % 5 === g - 1),
    })),
  });
  return {
    municipality: { name: '美祢市', localGovCode: '352136' },
    fiscalYear: 2023,
    cover: {
      title: '第二次美祢市総合計画 前期計画の進捗状況について',
      planName: LONG_PLAN_NAME,
      periodName: '前期計画',
      subtitle: '令和6年度（令和5年度実績）',
      date: '2024-12-19',
      dateLabel: '令和6年12月19日',
      councilMeeting: '第6回美祢市総合計画審議会',
    },
    kpiSection: {
      heading: '基本計画と総合戦略の指標（KPI）の達成状況',
      sets: [kpiSet('基本計画', 5), kpiSet('総合戦略', 4)],
    },
    legend: {
      heading: '次ページからの記載事項',
      goalLabel: '基本目標名',
      policyLabel: '基本方針名',
      measuresLabel: '①施策名 / ②施策名 / ③施策名 / ……',
      resultsHeading: '令和5年度 主な取組内容 / 実績',
      resultsDescription: [
        '新たな取組実績、基本目標の達成のために施策で大きく寄与したもの（実績が大きく向上したもの）',
      ],
      directionsHeading: '令和6年度 主な取組 / 今後の方向性',
      directionsDescription: ['新たな取組、課題を解決や施策を推進していくための方向性'],
    },
    levelNames: ['基本目標', '基本方針', '施策'],
    pageLevelName: '基本方針',
    policies,
    annex: [annexSet('基本計画'), annexSet('総合戦略')],
    illustrative: true,
    draft: false,
    councilComments: null,
  };
}
