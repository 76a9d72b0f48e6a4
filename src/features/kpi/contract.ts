/**
 * @module KPI contract
 * The shapes of the KPI API — the achievement summary of a plan's KPI sets, a node's KPIs and 総合評価,
 * one KPI in full, and the entry of an actual (実績値) or a 評価区分 with what the save answers —
 * declared once and shared by the routes (src/features/kpi/routes.ts) and the web client
 * (src/web/kpi-api.ts). Zod only, so it is safe to bundle. The OpenAPI document reads the `.meta()` of
 * these schemas: `id` names a component, `description` and `example` describe a field.
 */
import { z } from 'zod';

/** Longest 備考 accepted, in characters (the entry service checks the same limit). */
export const NOTE_MAX_LENGTH = 500;

const VERSION_ERROR = '整数で指定してください';

/** How a grade came about: by the values, or for want of data, of a target, or by a 評価区分. */
export const GradeKind = z.enum(['performance', 'no-data', 'no-target', 'administrative']);

/** A grade as shown: code, label, symbol (always printed beside the colour), colour and kind. */
export const Grade = z
  .object({
    grade: z.string().meta({ description: '評価のコード' }),
    label: z.string().meta({ example: '概ね順調' }),
    symbol: z.string().meta({ description: '色と必ず併せて表示する記号', example: 'B' }),
    color: z.string().meta({ description: 'バッジの色 #rrggbb', example: '#4d8f00' }),
    kind: GradeKind,
  })
  .meta({ id: 'Grade' });
export type Grade = z.infer<typeof Grade>;

/** A value in a fiscal year (基準値, 年度別目標). */
export const KpiYearValue = z
  .object({ value: z.number(), fiscalYear: z.number().int(), fiscalYearLabel: z.string() })
  .meta({ id: 'KpiYearValue' });

const Comparator = z.enum(['gte', 'gt', 'lte', 'lt', 'eq']);

export const KpiTarget = z
  .object({
    value: z.number(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    comparator: Comparator,
    comparatorLabel: z.string().meta({ example: '以上' }),
  })
  .meta({ id: 'KpiTarget' });

/** 確定 or 見込 of an actual. */
export const ActualStatus = z.enum(['final', 'provisional'], {
  error: 'final（確定）か provisional（見込）を指定してください',
});

/** 評価区分: 未着手, 休止・廃止, 評価困難. */
export const AdministrativeStatus = z.enum(['not-started', 'suspended', 'hard-to-evaluate'], {
  error:
    'not-started（未着手）、suspended（休止・廃止）、hard-to-evaluate（評価困難）、null（なし）のいずれかを指定してください',
});
export type AdministrativeStatus = z.infer<typeof AdministrativeStatus>;

export const KpiLatestActual = z
  .object({
    value: z.number(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    status: ActualStatus,
    statusLabel: z.string().meta({ example: '確定' }),
  })
  .meta({ id: 'KpiLatestActual', description: '評価年度以前で最新の実績' });

export const KpiProjection = z
  .object({
    targetYear: z.number().int(),
    targetYearLabel: z.string(),
    targetValue: z.number(),
    expectedValue: z.number().nullable().meta({ description: '目標年度の見込み値' }),
    slope: z.number().nullable(),
    onTrack: z.boolean().nullable(),
    label: z.enum(['達成見込み', '達成困難', '判定不能']),
    method: z.enum(['actual', 'trend', 'baseline-to-latest', 'none']),
    methodLabel: z.string(),
    points: z.number().int(),
  })
  .meta({ id: 'KpiProjection' });

const KpiSetRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
const SchemeRef = z.object({ name: z.string(), label: z.string() });

/** A KPI in a node's list, evaluated for the selected fiscal year. */
export const KpiListItem = z
  .object({
    id: z.number().int(),
    kpiSet: KpiSetRef,
    node: z.object({ id: z.number().int(), label: z.string(), title: z.string() }),
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    direction: z.enum(['increase', 'decrease', 'maintain']),
    directionLabel: z.string(),
    baseline: KpiYearValue.nullable(),
    target: KpiTarget.nullable(),
    // No .meta() on a nullable named schema: the generator would inline it instead of a $ref.
    latest: KpiLatestActual.nullable(),
    rate: z.number().nullable().meta({ description: '達成率（%、小数第1位）' }),
    achieved: z.boolean(),
    grade: Grade,
    stale: z.boolean().meta({ description: '最新の実績が評価年度より前の年度のもの' }),
    projection: KpiProjection.nullable(),
    illustrative: z.boolean().meta({ description: '架空のデモ値' }),
  })
  .meta({ id: 'KpiListItem' });
export type KpiListItem = z.infer<typeof KpiListItem>;

/** One stored actual, with its version for the next save. */
export const KpiActual = z
  .object({
    value: z.number(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    status: ActualStatus,
    statusLabel: z.string(),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'KpiActual' });
export type KpiActual = z.infer<typeof KpiActual>;

/** One KPI in full, with its actuals (and their versions), the years open to entry and who may write it. */
export const KpiDetail = KpiListItem.extend({
  fiscalYear: z.number().int(),
  fiscalYearLabel: z.string(),
  definition: z.string().nullable(),
  dataSource: z.string().nullable(),
  department: z.string().nullable(),
  departmentId: z
    .number()
    .int()
    .nullable()
    .meta({ description: '指標自身の担当課（null は項目から引き継ぐ）' }),
  responsibleDepartment: z
    .object({ id: z.number().int(), name: z.string() })
    .nullable()
    .meta({ description: '実績を入力する課: 指標自身の担当課、なければ上位の項目の担当課' }),
  mayWrite: z.boolean().meta({ description: 'ログイン中のユーザーがこの指標の実績・評価区分を入力できるか' }),
  kind: z.enum(['outcome', 'activity', 'target_group']).nullable(),
  kindLabel: z.string().nullable(),
  cumulative: z.boolean(),
  administrativeStatus: AdministrativeStatus.nullable().meta({
    description:
      '評価区分（not-started 未着手、suspended 休止・廃止、hard-to-evaluate 評価困難）。null は実績値で評価',
  }),
  administrativeStatusLabel: z.string().nullable().meta({ example: '休止・廃止' }),
  administrativeStatuses: z
    .array(z.object({ value: AdministrativeStatus, label: z.string() }))
    .meta({ description: '選べる評価区分と表示名（入力画面の選択肢）' }),
  scheme: SchemeRef,
  annualTargets: z.array(KpiYearValue),
  actuals: z.array(KpiActual),
  evaluation: z.object({
    rateFormula: z.enum(['ratio', 'progress', 'growth']).nullable(),
    reference: z
      .object({
        kind: z.enum(['final', 'prorated', 'annual']),
        fiscalYear: z.number().int(),
        value: z.number(),
        comparator: Comparator,
      })
      .nullable(),
    changeFromBaseline: z.number().nullable(),
    improved: z.boolean().nullable(),
    notes: z.array(z.string()),
  }),
  entryYears: z
    .array(z.object({ fiscalYear: z.number().int(), fiscalYearLabel: z.string() }))
    .meta({ description: '実績を入力できる年度（新しい順）' }),
  version: z.number().int(),
}).meta({ id: 'KpiDetail' });
export type KpiDetail = z.infer<typeof KpiDetail>;

/** 総合評価: a node's grade rolled up from its KPIs by the scheme's method. */
export const RollUp = z
  .object({
    grade: Grade,
    method: z.enum(['mean-score', 'worst', 'share-achieved']).meta({ description: '評価基準の rollup' }),
    methodLabel: z.string().meta({ example: '平均点方式' }),
    basisLabel: z
      .string()
      .meta({ description: '算出の根拠（対象の指標数と方式）', example: '指標4件の平均点方式' }),
    counted: z.number().int().meta({ description: '算出に用いた指標の数（評価が付いたもの）' }),
    excluded: z.number().int().meta({ description: '除いた指標の数（実績なし・目標なし・未着手など）' }),
    score: z.number().nullable().meta({ description: '平均点（平均点方式のみ、小数第2位）' }),
    achievedShare: z
      .number()
      .nullable()
      .meta({ description: '算出に用いた指標のうち目標を達成したものの割合（%、小数第1位）' }),
  })
  .meta({
    id: 'RollUp',
    description: '総合評価: 項目とその下位の項目の指標の評価を、評価基準の方式でまとめた評価',
  });
export type RollUp = z.infer<typeof RollUp>;

/** How many KPIs of a set got each grade, and how many achieved their target. */
export const KpiAggregate = z
  .object({
    total: z.number().int(),
    counts: z
      .array(z.object({ grade: z.string(), count: z.number().int(), share: z.number() }))
      .meta({ description: 'grades と同じ順' }),
    achieved: z.number().int(),
    achievedShare: z.number(),
  })
  .meta({ id: 'KpiAggregate' });
export type KpiAggregate = z.infer<typeof KpiAggregate>;

/** One KPI set in the summary: per top-level node and in all, with the change since the year before. */
export const KpiSetSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    scheme: SchemeRef,
    illustrative: z.boolean().meta({ description: '区分内に架空のデモ値の指標がある' }),
    grades: z.array(Grade),
    groups: z.array(
      z.object({
        nodeId: z.number().int(),
        label: z.string().meta({ example: '基本目標 1' }),
        title: z.string(),
        aggregate: KpiAggregate,
        rollUp: RollUp,
      }),
    ),
    total: KpiAggregate,
    previousTotal: KpiAggregate,
    change: z.object({
      total: z.number().int(),
      grades: z.array(z.object({ grade: z.string(), delta: z.number().int(), shareDelta: z.number() })),
      achieved: z.object({ delta: z.number().int(), shareDelta: z.number() }),
    }),
  })
  .meta({ id: 'KpiSetSummary' });
export type KpiSetSummary = z.infer<typeof KpiSetSummary>;

/** The achievement summary of a plan's KPI sets for a fiscal year. */
export const KpiSummary = z
  .object({
    planId: z.number().int(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    previousFiscalYear: z.number().int(),
    previousFiscalYearLabel: z.string(),
    sets: z.array(KpiSetSummary),
  })
  .meta({ id: 'KpiSummary' });
export type KpiSummary = z.infer<typeof KpiSummary>;

/** A node's KPIs (its own and those below it) and its 総合評価 per KPI set. */
export const NodeKpis = z
  .object({
    nodeId: z.number().int(),
    fiscalYear: z.number().int(),
    fiscalYearLabel: z.string(),
    levelName: z.string().meta({ description: '項目の階層の名前', example: '基本方針' }),
    kpis: z.array(KpiListItem),
    rollUps: z.array(z.object({ kpiSet: KpiSetRef, scheme: SchemeRef, rollUp: RollUp })).meta({
      description:
        '指標の区分ごとの、この項目の総合評価（区分の順。この項目とその下位に指標がない区分は評価不能の評価）',
    }),
    strategyKpis: z
      .array(
        z.object({
          plan: z.object({ id: z.number().int(), name: z.string() }),
          kpiSet: KpiSetRef,
          scheme: SchemeRef,
          rollUp: RollUp,
          kpis: z.array(KpiListItem),
        }),
      )
      .meta({
        description:
          'この項目（とその下位）に関連づけられた総合戦略の施策の指標（総合戦略 KPI）と、それらによる総合評価。報告書がこの項目の頁に載せるもの（総合戦略の項目では空）',
      }),
  })
  .meta({ id: 'NodeKpis' });
export type NodeKpis = z.infer<typeof NodeKpis>;

const unknownKeys = (issue: { code: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `不明な項目があります（${(issue.keys ?? []).join('、')}）` : undefined;

/** The body of an actual's save: the value (null deletes it), 確定/見込, 備考 and the version read. */
export const ActualInput = z
  .strictObject(
    {
      value: z.number({ error: '数値で指定してください（実績を削除するときは null）' }).nullable(),
      status: ActualStatus.optional().meta({ description: '値があるときは必須' }),
      note: z
        .string({ error: '文字列で指定してください' })
        .max(NOTE_MAX_LENGTH, { error: `${NOTE_MAX_LENGTH}文字以内で入力してください` })
        .nullable()
        .optional()
        .meta({ description: '備考。省略すると備考なし（実績ごと置き換える）' }),
      version: z
        .number({ error: VERSION_ERROR })
        .int({ error: VERSION_ERROR })
        .min(0, { error: '0 以上の整数で指定してください' })
        .max(2_147_483_647, { error: VERSION_ERROR })
        .optional()
        .meta({
          description:
            '読み込んだ時点の実績の版（その年度の実績がなかったときは 0）。保存済みの版と違えば 409。省略すると確認しない',
        }),
    },
    { error: unknownKeys },
  )
  .superRefine((body, ctx) => {
    if (body.value !== null && body.status === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: 'final（確定）か provisional（見込）を指定してください',
      });
    }
  })
  .meta({ id: 'ActualInput' });
export type ActualInput = z.input<typeof ActualInput>;

/** What an actual's save did, and the KPI evaluated again. */
export const ActualEntryResult = z
  .object({ action: z.enum(['created', 'updated', 'deleted', 'unchanged']), kpi: KpiDetail })
  .meta({ id: 'ActualEntryResult' });
export type ActualEntryResult = z.infer<typeof ActualEntryResult>;

/** The body of a 評価区分's save: the status (null clears it) and the KPI's version read. */
export const AdministrativeStatusInput = z
  .strictObject(
    {
      administrativeStatus: AdministrativeStatus.nullable().meta({
        description: '評価区分。null で解除（実績値で評価する）',
      }),
      version: z
        .number({ error: VERSION_ERROR })
        .int({ error: VERSION_ERROR })
        .min(0, { error: '0 以上の整数で指定してください' })
        .max(2_147_483_647, { error: VERSION_ERROR })
        .optional()
        .meta({
          description:
            '読み込んだ時点の指標の版（KpiDetail.version）。保存済みの版と違えば 409。省略すると確認しない',
        }),
    },
    { error: unknownKeys },
  )
  .meta({ id: 'AdministrativeStatusInput' });
export type AdministrativeStatusInput = z.input<typeof AdministrativeStatusInput>;

/** What a 評価区分's save did, and the KPI evaluated again. */
export const AdministrativeStatusResult = z
  .object({ action: z.enum(['updated', 'unchanged']), kpi: KpiDetail })
  .meta({ id: 'AdministrativeStatusResult' });
export type AdministrativeStatusResult = z.infer<typeof AdministrativeStatusResult>;
