/**
 * @module Hand-made report model for renderer tests
 * A council report model with many KPIs, built without a database, for the xlsx and docx renderer
 * tests while the demo year still has no KPI data. Values cover what the renderers must cope with:
 * integers and decimals, large numbers, missing baseline / target / actual, provisional and stale
 * actuals, illustrative values, long names, light and dark grade colours. Also the LibreOffice
 * round trip the `*.lo.test.ts` files use.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type {
  GradeCountsRow,
  GradeKey,
  KpiRow,
  KpiSetSummary,
  PolicyPage,
  ReportModel,
} from '../../report/model.ts';
import { handMadeRollUp } from '../../report/test-support-rollup.ts';
import { convertWithSoffice } from '../../test-support/libreoffice.ts';

const GRADES: GradeKey[] = [
  { grade: 'A', label: '目標達成', symbol: 'A', color: '#1a7f37' },
  // Deliberately light: the renderers must pick a dark text colour on it.
  { grade: 'B', label: '概ね順調', symbol: 'B', color: '#b7e07a' },
  { grade: 'C', label: '遅れ', symbol: 'C', color: '#b35900' },
  { grade: 'D', label: '大幅な遅れ', symbol: 'D', color: '#c62828' },
  { grade: '－', label: '評価不能', symbol: '－', color: '#6e7781' },
];

const GOALS = [
  {
    title: '「魅力の創出・交流」の拡大',
    policies: ['観光の振興と魅力の創出', '交流・関係の拡大と発信の強化'],
  },
  {
    title: '強みを活かした「産業の振興」',
    policies: ['特色を打ち出した農林水産業の振興', '商工業の振興と新たな雇用の創出'],
  },
  {
    title: '市の宝となる「ひとの育成」',
    policies: ['健やかに子どもを産み育てられる環境づくり', '生きる力を高め、将来を担う人づくり'],
  },
];

const NAMES = [
  { name: '観光客数', unit: '人', scale: 1_250_000, decimals: 0 },
  {
    name: '市内の宿泊施設における年間延べ宿泊者数（外国人宿泊者を含む）',
    unit: '人泊',
    scale: 48_000,
    decimals: 0,
  },
  { name: '市民満足度', unit: '%', scale: 62.5, decimals: 1 },
  { name: 'ふるさと納税寄附額', unit: '千円', scale: 310_000, decimals: 0 },
  { name: '合計特殊出生率', unit: '', scale: 1.38, decimals: 2 },
  { name: '認定農業者数', unit: '経営体', scale: 85, decimals: 0 },
  { name: '1人当たり年間ごみ排出量', unit: 'kg', scale: 320.4, decimals: 1 },
  { name: '出前講座の開催回数', unit: '回', scale: 24, decimals: 0 },
];

const year = (fiscalYear: number) => {
  const reiwa = fiscalYear - 2018;
  return { yearLabel: `令和${reiwa === 1 ? '元' : reiwa}年度`, yearShort: `R${reiwa}` };
};

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** One KPI; `n` picks the variant deterministically. */
function kpiRow(n: number, setCode: string, nodeLabel: string): KpiRow {
  const spec = NAMES[n % NAMES.length] ?? { name: '指標', unit: '', scale: 100, decimals: 0 };
  const decrease = spec.name.includes('ごみ');
  const baseline = round(spec.scale * (0.8 + (n % 5) * 0.03), spec.decimals);
  const target = round(spec.scale * (decrease ? 0.85 : 1.15), spec.decimals);
  const progress = [1.1, 0.85, 0.6, 0.3, 0.95][n % 5] ?? 1;
  const latestValue = round(baseline + (target - baseline) * progress, spec.decimals);
  const gradeIndex = n % 7 === 6 ? 4 : ([0, 1, 2, 3, 1][n % 5] ?? 0);
  const grade = GRADES[gradeIndex] ?? (GRADES[0] as GradeKey);
  const noActual = gradeIndex === 4;
  const stale = n % 9 === 4;
  const provisional = n % 4 === 3;
  return {
    code: `${setCode}-${String(n + 1).padStart(3, '0')}`,
    name: spec.name,
    unit: spec.unit,
    nodeLabel,
    directionLabel: decrease ? '減少' : n % 11 === 10 ? '維持' : '増加',
    baseline: n % 13 === 12 ? null : { value: baseline, ...year(2019) },
    target: { value: target, ...year(2026), comparatorLabel: decrease ? '以下' : '以上' },
    latest: noActual
      ? null
      : {
          value: latestValue,
          ...year(stale ? 2022 : 2023),
          status: provisional ? 'provisional' : 'final',
          statusLabel: provisional ? '見込' : '確定',
        },
    rate: noActual ? null : round(progress * 100, 1),
    grade,
    stale,
    projectionLabel: noActual ? '判定不能' : progress >= 0.85 ? '達成見込み' : '達成困難',
    department: ['観光政策課', '商工労働課', '農林課', '子育て支援課', '学校教育課'][n % 5] ?? '',
    illustrative: n % 3 === 0,
  };
}

function countsRow(label: string, title: string, kpis: KpiRow[]): GradeCountsRow {
  const counts = GRADES.map((g) => kpis.filter((k) => k.grade.grade === g.grade).length);
  const total = kpis.length;
  return {
    label,
    title,
    counts,
    shares: counts.map((c) => (total === 0 ? 0 : Math.round((c / total) * 1000) / 10)),
    total,
  };
}

/**
 * A report model of three goals, six policies and `kpisPerPolicy` KPIs per policy in 基本計画
 * (plus two per policy in 総合戦略). `levelNames` names the plan's three levels (another city's
 * 政策 → 施策 → 基本事業 instead of 基本目標 → 基本方針 → 施策); every label follows them.
 * @example const model = sampleReportModel({ kpisPerPolicy: 8, levelNames: ['政策', '施策', '基本事業'] });
 */
export function sampleReportModel({
  kpisPerPolicy = 6,
  levelNames = ['基本目標', '基本方針', '施策'],
}: {
  kpisPerPolicy?: number;
  levelNames?: [string, string, string];
} = {}): ReportModel {
  const [goalLevel, policyLevel] = levelNames;
  const policies: PolicyPage[] = [];
  const planKpis: Array<{ goal: number; kpi: KpiRow }> = [];
  const strategyKpis: Array<{ goal: number; kpi: KpiRow }> = [];
  GOALS.forEach((goal, g) => {
    goal.policies.forEach((policyTitle, p) => {
      const node = `${goalLevel} ${g + 1} ＞ ${policyLevel}${p + 1} ＞ ①`;
      const plan = Array.from({ length: kpisPerPolicy }, (_, i) =>
        kpiRow(planKpis.length + i, '計画', node.replace('①', i % 2 ? '②' : '①')),
      );
      const strategy = [0, 1].map((i) => kpiRow(strategyKpis.length + i + 3, '戦略', node));
      planKpis.push(...plan.map((kpi) => ({ goal: g, kpi })));
      strategyKpis.push(...strategy.map((kpi) => ({ goal: g, kpi })));
      policies.push({
        goalLabel: `${goalLevel} ${g + 1}`,
        goalTitle: goal.title,
        policyLabel: `${policyLevel}${p + 1}`,
        policyTitle,
        measures: [
          { label: '①', title: `${policyTitle.slice(0, 6)}の推進` },
          { label: '②', title: '地域と連携した取組の強化' },
        ],
        resultsHeading: '令和5年度 主な取組内容／実績',
        results: [
          `${policyTitle}に向けた新たな取組の実施（参加者1,234人、対前年比31.7%増）`,
          '関係団体との連携協定の締結（R5.11月締結）',
          ...(p === 0 ? ['デジタル技術を活用した情報発信（デジタル住民票2,000枚）'] : []),
        ],
        directionsHeading: '令和6年度 主な取組／今後の方向性',
        directions: ['拠点施設の設置（R6～R7）', `${goal.title.replace(/[「」]/g, '')}に向けた事業展開`],
        kpis: [...plan, ...strategy],
        rollUps: [handMadeRollUp('基本計画', GRADES, plan), handMadeRollUp('総合戦略', GRADES, strategy)],
      });
    });
  });

  const summary = (name: string, rows: Array<{ goal: number; kpi: KpiRow }>): KpiSetSummary => ({
    name,
    grades: GRADES,
    rows: GOALS.map((goal, g) => {
      const kpis = rows.filter((r) => r.goal === g).map((r) => r.kpi);
      return {
        ...countsRow(`${goalLevel} ${g + 1}`, goal.title, kpis),
        rollUp: handMadeRollUp(name, GRADES, kpis),
      };
    }),
    total: countsRow(
      '合計',
      '',
      rows.map((r) => r.kpi),
    ),
    previousTotal: countsRow(
      '前年度（令和4年度）',
      '',
      rows.slice(2).map((r) => r.kpi),
    ),
    illustrative: rows.some((r) => r.kpi.illustrative),
  });
  const annexSet = (name: string, rows: Array<{ goal: number; kpi: KpiRow }>) => ({
    name,
    groups: GOALS.map((goal, g) => ({
      label: `${goalLevel} ${g + 1}`,
      title: goal.title,
      kpis: rows.filter((r) => r.goal === g).map((r) => r.kpi),
    })),
  });

  return {
    municipality: { name: '美祢市', localGovCode: '352136' },
    fiscalYear: 2023,
    cover: {
      title: '第二次美祢市総合計画 前期計画の進捗状況について',
      planName: '第二次美祢市総合計画',
      periodName: '前期計画',
      subtitle: '令和6年度（令和5年度実績）',
      date: '2024-12-19',
      dateLabel: '令和6年12月19日',
      councilMeeting: '第6回美祢市総合計画審議会',
    },
    kpiSection: {
      heading: '基本計画と総合戦略の指標（KPI）の達成状況',
      sets: [summary('基本計画', planKpis), summary('総合戦略', strategyKpis)],
    },
    legend: {
      heading: '次ページからの記載事項',
      goalLabel: `${goalLevel}名`,
      policyLabel: `${policyLevel}名`,
      measuresLabel: `①${levelNames[2]}名 / ②${levelNames[2]}名 / ③${levelNames[2]}名 / ……`,
      resultsHeading: '令和5年度 主な取組内容 / 実績',
      resultsDescription: [`新たな取組実績、${goalLevel}の達成のために${levelNames[2]}で大きく寄与したもの`],
      directionsHeading: '令和6年度 主な取組 / 今後の方向性',
      directionsDescription: [`新たな取組、課題を解決や${levelNames[2]}を推進していくための方向性`],
    },
    levelNames: [...levelNames],
    pageLevelName: policyLevel,
    policies,
    annex: [annexSet('基本計画', planKpis), annexSet('総合戦略', strategyKpis)],
    illustrative: true,
    draft: false,
    councilComments: null,
  };
}

const run = promisify(execFile);

/**
 * Writes `bytes` as `fileName` to a temporary directory, converts it to PDF with headless LibreOffice
 * and returns the PDF's size, its page count (pdfinfo) and its text (pdftotext: pages separated by
 * form feeds).
 */
export async function convertWithLibreOffice(
  bytes: Uint8Array,
  fileName: string,
): Promise<{
  pdfBytes: number;
  pageCount: number;
  text: string;
  pdfPath: string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'hoshin-lo-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const input = join(dir, fileName);
    await writeFile(input, bytes);
    await convertWithSoffice([input], { to: 'pdf', outdir: dir });
    const pdfPath = join(dir, fileName.replace(/\.[^.]+$/, '.pdf'));
    const { size } = await stat(pdfPath);
    const { stdout: info } = await run('pdfinfo', [pdfPath]);
    const pageCount = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    if (!Number.isInteger(pageCount)) throw new Error(`pdfinfo gave no page count:\n${info}`);
    const { stdout } = await run('pdftotext', [pdfPath, '-'], { maxBuffer: 64 * 1024 * 1024 });
    return { pdfBytes: size, pageCount, text: stdout, pdfPath, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
