/**
 * @module Report renderer test support
 * Report models built through the real path (report import → KPIs in the database → evaluation →
 * model) from the seed alone, so the tests do not depend on the demo's own KPI fixture:
 * {@link seedReportModel} has no KPI (the round-trip law applies), {@link demoReportModelWithKpis}
 * has invented KPIs (架空のデモ値) on every measure, with every grade and — on purpose — one
 * policy with so many KPIs that its table continues on a second page. Hand-made, without the
 * database: {@link largeReportModel} (the deck's, with 30 long results on one policy) and
 * {@link stressReportModel}, which adds the cases that need continuation pages of every kind.
 */

import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openDatabase } from '../../db/client.ts';
import { insertLogged } from '../../db/history.ts';
import { kpi, kpiActual, kpiSet, planNode } from '../../db/schema.ts';
import { importProgressReport } from '../../features/progress/progress-report.ts';
import { loadReportInputs } from '../../features/report/load.ts';
import { buildReportModel } from '../../report/build.ts';
import type { ReportModel } from '../../report/model.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { largeReportModel, policyPage } from '../pptx/test-model.ts';

const UNITS = ['人', '件', '%', '回', '団体', '人'];
// Actual at the report year as a share of the target: gives A, B, C, D and no data in turn.
const PROGRESS = [1.05, 0.5, -0.3, -0.6, null, 0.97, 0.3, 1.2, -0.2];

/** Policy path → KPIs per measure in the basic-plan set (default 1). */
const DENSE: Record<string, number> = { '1.3': 3 };

/**
 * Adds illustrative KPIs to the demo plan: per measure in 基本計画, and per policy in 総合戦略.
 * @example await addIllustrativeKpis(db, municipalityId);
 */
export async function addIllustrativeKpis(db: Database, municipalityId: number): Promise<number> {
  const ctx = { municipalityId, actor: 'test' };
  const sets = await db.select().from(kpiSet);
  const basic = sets.find((s) => s.name === '基本計画');
  const strategy = sets.find((s) => s.name === '総合戦略');
  if (!basic || !strategy) throw new Error('demo KPI sets missing');
  const nodes = (await db.select().from(planNode).where(eq(planNode.municipalityId, municipalityId))).sort(
    (a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }),
  );
  let n = 0;
  const add = async (setId: number, node: (typeof nodes)[number], code: string, position: number) => {
    const i = n++;
    const unit = UNITS[i % UNITS.length] ?? '人';
    const decrease = i % 7 === 3;
    const baseline = 100 + ((i * 37) % 400);
    const target = decrease ? Math.round(baseline * 0.8) : Math.round(baseline * 1.5);
    const share = PROGRESS[i % PROGRESS.length];
    const long =
      i % 11 === 5 ? 'に取り組む市民・事業者・団体の延べ参加者数（市内外の連携事業を含む）' : 'の指標';
    const row = await insertLogged(
      db,
      kpi,
      'kpi',
      {
        municipalityId,
        kpiSetId: setId,
        nodeId: node.id,
        code,
        name: `${node.title}${long}`,
        unit,
        department: ['企画政策課', '観光政策課', '農林課', '学校教育課', '総務課'][i % 5] ?? '',
        direction: decrease ? 'decrease' : 'increase',
        baselineValue: baseline,
        baselineYear: 2019,
        targetValue: target,
        targetYear: 2026,
        position,
        illustrative: true,
      },
      ctx,
    );
    if (share === null || share === undefined) return;
    const value = (y: number) =>
      decrease ? baseline - (baseline - target) * share * y : baseline + (target - baseline) * share * y;
    for (const [fiscalYear, y] of [
      [2022, 0.8],
      [2023, 1],
    ] as const) {
      await insertLogged(
        db,
        kpiActual,
        'kpi_actual',
        {
          municipalityId,
          kpiId: row.id,
          fiscalYear,
          value: Math.round(value(y) * 10) / 10,
          status: fiscalYear === 2023 && i % 5 === 4 ? 'provisional' : 'final',
        },
        ctx,
      );
    }
  };
  for (const measure of nodes.filter((node) => node.level === 3)) {
    const policyPath = measure.path.split('.').slice(0, 2).join('.');
    const perMeasure = DENSE[policyPath] ?? 1;
    for (let k = 1; k <= perMeasure; k++) await add(basic.id, measure, `P${measure.path}-${k}`, k);
  }
  for (const policy of nodes.filter((node) => node.level === 2)) {
    const firstMeasure = nodes.find((node) => node.path === `${policy.path}.1`) ?? policy;
    await add(strategy.id, firstMeasure, `S${policy.path}`, 1);
  }
  return n;
}

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

async function buildFromSeed(withKpis: boolean): Promise<ReportModel> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  try {
    await importProgressReport(handle.db, seed, {
      localGovCode: '352136',
      municipalityName: '美祢市',
      actor: 'test',
    });
    const owner = await resolveMunicipality(handle.db, {}, 'test');
    if (withKpis) await addIllustrativeKpis(handle.db, owner.id);
    return buildReportModel(
      await loadReportInputs(handle.db, { municipalityId: owner.id, fiscalYear: 2023 }),
    );
  } finally {
    await handle.close();
  }
}

const cached: { seed?: Promise<ReportModel>; kpis?: Promise<ReportModel> } = {};

/** The seed report's model for fiscal year 2023, without any KPI (cached per test file). */
export function seedReportModel(): Promise<ReportModel> {
  cached.seed ??= buildFromSeed(false);
  return cached.seed;
}

/** The seed report's model for fiscal year 2023 with illustrative KPIs added (cached per test file). */
export function demoReportModelWithKpis(): Promise<ReportModel> {
  cached.kpis ??= buildFromSeed(true);
  return cached.kpis;
}

export { largeReportModel };

const LONG_ITEM =
  '地域おこし協力隊と連携し、空き家バンクの登録物件を活用したお試し暮らし住宅（3棟）を整備するとともに、移住相談窓口のオンライン化（Web相談 120件、Online Seminar 6回）を進めた。';
const ENGLISH_ITEM =
  'Promotion of the Mine Akiyoshidai Geopark (UNESCO Global Geopark, certified 2023) with international partners, English guided tours and multilingual signage at the main sites.';

/** Titles of the stress model's own policies, to find them whatever the large model holds. */
export const STRESS_POLICIES = {
  longLists: '一つの実績が1ページより長い基本方針',
  longMeasures: '施策の一覧が1ページより長い基本方針',
  noKpis: '指標のない長い一覧の基本方針',
} as const;

/**
 * The large model and more: every way a policy page continues. A single result longer than a
 * page beside long directions (both lists continue side by side, then the directions alone at full
 * width), a measures line longer than a page with one measure that alone exceeds it, long lists on
 * a policy without KPIs, Latin text with long words, and results of every length from 1 to 24
 * before a KPI table, so that lists end at every height of a page. Its policies are numbered on
 * from the large model's.
 */
export function stressReportModel(): ReportModel {
  const large = largeReportModel();
  let n = large.policies.length;
  const policy = (
    counts: Parameters<typeof policyPage>[1],
    title?: string,
  ): ReturnType<typeof policyPage> => {
    const page = policyPage(++n, counts);
    return title ? { ...page, policyTitle: title } : page;
  };
  const huge = Array.from({ length: 14 }, () => LONG_ITEM).join('');
  const longLists = {
    ...policy({ results: 0, directions: 0, kpis: 8 }, STRESS_POLICIES.longLists),
    results: ['短い実績', huge, ...Array.from({ length: 6 }, (_, i) => `${i + 1}：${LONG_ITEM}`)],
    directions: Array.from({ length: 70 }, (_, i) => `方向性${i + 1}：${i % 2 ? ENGLISH_ITEM : LONG_ITEM}`),
  };
  const longMeasures = {
    ...policy({ results: 4, directions: 4, kpis: 3 }, STRESS_POLICIES.longMeasures),
    measures: Array.from({ length: 90 }, (_, i) => ({
      label: `(${i + 1})`,
      title: i === 40 ? huge.repeat(2) : `観光の振興と国際観光の推進、おもてなしの向上（その${i + 1}）`,
    })),
  };
  const noKpis = {
    ...policy({ results: 0, directions: 0, kpis: 0 }, STRESS_POLICIES.noKpis),
    results: Array.from({ length: 26 }, (_, i) => `${i + 1}：${LONG_ITEM}`),
    directions: [ENGLISH_ITEM],
  };
  const sweep = Array.from({ length: 24 }, (_, i) => policy({ results: i + 1, directions: 2, kpis: 5 }));
  return { ...large, policies: [...large.policies, longLists, longMeasures, noKpis, ...sweep] };
}
