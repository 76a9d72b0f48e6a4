/**
 * @module Plan editing contract
 * The shapes of the planning division's plan edits — a node added, renamed, renumbered, moved,
 * retired (廃止) or restored, and KPI definitions added or changed — shared by the routes
 * (edit-routes.ts) and the web client (src/web/plan-edit-api.ts). Zod only, safe to bundle.
 */
import { z } from 'zod';

export const TITLE_MAX_LENGTH = 200;
export const KPI_TEXT_MAX_LENGTH = 2000;

const VERSION_ERROR = '版（version）は整数で指定してください';
const version = z
  .number({ error: VERSION_ERROR })
  .int({ error: VERSION_ERROR })
  .max(2_147_483_647, { error: VERSION_ERROR })
  .meta({ description: '読み込んだ時点の版。保存済みの版と違えば 409' });

const unknownKeys = (issue: { code: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `不明な項目があります（${(issue.keys ?? []).join('、')}）` : undefined;

const title = z
  .string({ error: '名称は文字列で指定してください' })
  .trim()
  .min(1, { error: '名称を入力してください' })
  .max(TITLE_MAX_LENGTH, { error: `名称は${TITLE_MAX_LENGTH}文字以内で入力してください` });

const nodeNumber = z
  .number({ error: '番号は正の整数で指定してください' })
  .int({ error: '番号は正の整数で指定してください' })
  .positive({ error: '番号は正の整数で指定してください' })
  .max(999, { error: '番号は999以下にしてください' });

/** A node as an edit answers it: enough for the tree to be loaded again and the form to continue. */
export const EditedNode = z
  .object({
    id: z.number().int(),
    planId: z.number().int(),
    parentId: z.number().int().nullable(),
    level: z.number().int(),
    number: z.number().int(),
    path: z
      .string()
      .meta({ example: '1.2.3', description: '上位からの番号をつないだもの（再取込の照合に使う）' }),
    title: z.string(),
    retired: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'EditedNode' });
export type EditedNode = z.infer<typeof EditedNode>;

/** A new node: under `parentId` (null: a top-level node); the number defaults to the next free one. */
export const NewNodeInput = z
  .strictObject(
    {
      parentId: z.number().int().positive().max(2_147_483_647).nullable(),
      title,
      number: nodeNumber.optional().meta({ description: '省略すると兄弟の最大の番号 + 1' }),
    },
    { error: unknownKeys },
  )
  .meta({ id: 'NewNodeInput' });
export type NewNodeInput = z.input<typeof NewNodeInput>;

/** Changes to a node; what is left out stays. */
export const NodePatch = z
  .strictObject(
    {
      version,
      title: title.optional(),
      number: nodeNumber
        .optional()
        .meta({ description: '番号の変更（兄弟と重複不可）。下位の項目の path も変わる' }),
      parentId: z.number().int().positive().max(2_147_483_647).optional().meta({
        description: '移動先の上位の項目（1つ上の階層の項目）。番号は空いていればそのまま、なければ末尾',
      }),
      retired: z.boolean().optional().meta({ description: 'true で廃止、false で廃止を取り消す' }),
    },
    { error: unknownKeys },
  )
  .meta({ id: 'NodePatch' });
export type NodePatch = z.input<typeof NodePatch>;

export const Direction = z.enum(['increase', 'decrease', 'maintain'], {
  error: '方向は increase（増加）・decrease（減少）・maintain（維持）のいずれかです',
});
export const Comparator = z.enum(['gte', 'gt', 'lte', 'lt', 'eq'], {
  error: '目標の比較は gte・gt・lte・lt・eq のいずれかです',
});

const optionalText = z
  .string()
  .trim()
  .max(KPI_TEXT_MAX_LENGTH, { error: `${KPI_TEXT_MAX_LENGTH}文字以内で入力してください` })
  .nullable();
const yearValue = z
  .number({ error: '年度は西暦の年で指定してください' })
  .int({ error: '年度は西暦の年で指定してください' })
  .min(1900, { error: '年度は1900〜2200で指定してください' })
  .max(2200, { error: '年度は1900〜2200で指定してください' })
  .nullable();
const numberValue = z.number({ error: '数値で指定してください' }).finite().nullable();

/** The editable parts of a KPI's definition (the department is assigned elsewhere). */
const definitionFields = {
  name: title,
  unit: z.string().trim().max(50, { error: '単位は50文字以内で入力してください' }),
  definition: optionalText,
  dataSource: optionalText,
  direction: Direction,
  baselineValue: numberValue,
  baselineYear: yearValue,
  targetValue: numberValue,
  targetYear: yearValue,
  targetComparator: Comparator.nullable(),
  annualTargets: z
    .array(z.object({ fiscalYear: yearValue.unwrap(), value: z.number().finite() }))
    .max(50)
    .nullable(),
};

/** A KPI's definition as the editor reads it. */
export const KpiDefinition = z
  .object({
    id: z.number().int(),
    nodeId: z.number().int(),
    kpiSet: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    definition: z.string().nullable(),
    dataSource: z.string().nullable(),
    direction: Direction,
    baselineValue: z.number().nullable(),
    baselineYear: z.number().int().nullable(),
    targetValue: z.number().nullable(),
    targetYear: z.number().int().nullable(),
    targetComparator: Comparator.nullable(),
    annualTargets: z.array(z.object({ fiscalYear: z.number().int(), value: z.number() })).nullable(),
    retired: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'KpiDefinition' });
export type KpiDefinition = z.infer<typeof KpiDefinition>;

/** Changes to a KPI's definition; what is left out stays. */
export const KpiDefinitionPatch = z
  .strictObject(
    {
      version,
      name: definitionFields.name.optional(),
      unit: definitionFields.unit.optional(),
      definition: definitionFields.definition.optional(),
      dataSource: definitionFields.dataSource.optional(),
      direction: definitionFields.direction.optional(),
      baselineValue: definitionFields.baselineValue.optional(),
      baselineYear: definitionFields.baselineYear.optional(),
      targetValue: definitionFields.targetValue.optional(),
      targetYear: definitionFields.targetYear.optional(),
      targetComparator: definitionFields.targetComparator.optional(),
      annualTargets: definitionFields.annualTargets.optional(),
      retired: z
        .boolean()
        .optional()
        .meta({ description: 'true で廃止（実績の入力を求めない）、false で取り消し' }),
    },
    { error: unknownKeys },
  )
  .meta({ id: 'KpiDefinitionPatch' });
export type KpiDefinitionPatch = z.input<typeof KpiDefinitionPatch>;

/** A new KPI on a node, in one of the plan's KPI sets. */
export const NewKpiInput = z
  .strictObject(
    {
      kpiSetId: z.number({ error: '指標の区分を選んでください' }).int().positive().max(2_147_483_647),
      name: title,
      unit: definitionFields.unit.default(''),
      direction: Direction,
      definition: optionalText.optional(),
      dataSource: optionalText.optional(),
      baselineValue: numberValue.optional(),
      baselineYear: yearValue.optional(),
      targetValue: numberValue.optional(),
      targetYear: yearValue.optional(),
      targetComparator: Comparator.nullable().optional(),
    },
    { error: unknownKeys },
  )
  .meta({ id: 'NewKpiInput' });
export type NewKpiInput = z.input<typeof NewKpiInput>;

/** A plan's KPI sets (指標の区分), for choosing where a new KPI goes. */
export const KpiSetList = z
  .array(z.object({ id: z.number().int(), code: z.string(), name: z.string() }))
  .meta({ id: 'KpiSetList' });
export type KpiSetList = z.infer<typeof KpiSetList>;
