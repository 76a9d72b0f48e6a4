/**
 * @module Plan contract
 * The shapes of the plan API — the plans (総合計画・総合戦略), a plan's hierarchy (施策体系) and a node's
 * progress record (進捗状況) — declared once and shared by the HTTP routes (src/features/plan/routes.ts) and the
 * web client (src/web/api.ts). Zod only, so it is safe to bundle. The OpenAPI document reads the
 * `.meta()` of these schemas: `id` names a component, `description` and `example` describe a field.
 */
import { z } from 'zod';

/** A fiscal year with its label (令和5年度). */
export const PlanFiscalYear = z.object({ fiscalYear: z.number().int(), fiscalYearLabel: z.string() });
export type PlanFiscalYear = z.infer<typeof PlanFiscalYear>;

/** One level of the plan hierarchy (基本目標, 基本方針, 施策 …) and how its nodes are numbered. */
export const PlanLevel = z.object({ name: z.string(), numbering: z.enum(['arabic', 'circled']) });
export type PlanLevel = z.infer<typeof PlanLevel>;

/** 総合計画 or 総合戦略 as listed by `GET /api/plans`. */
export const Plan = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['plan', 'strategy']).meta({ description: "'plan' = 総合計画、'strategy' = 総合戦略" }),
    linkedPlanId: z
      .number()
      .int()
      .nullable()
      .meta({ description: '総合戦略の場合、関連づけられた総合計画の ID（総合計画では null）' }),
    municipality: z.object({ name: z.string(), localGovCode: z.string() }),
    levels: z.array(PlanLevel),
    progressLevel: z.number().int(),
    fiscalYears: z.array(PlanFiscalYear).meta({
      description:
        '選べる年度: 進捗状況・指標の実績・進捗報告書のいずれかが登録された年度と、進捗調査（年度のサイクル）がある年度（昇順、重複なし）',
    }),
    reportYears: z.array(PlanFiscalYear).meta({
      description: 'この計画の進捗報告書がある年度（実績の年度、昇順）',
    }),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

/** A node of another plan linked to a node (a strategy measure's plan measures, or the reverse). */
export const NodeLink = z
  .object({
    nodeId: z.number().int(),
    planId: z.number().int(),
    planName: z.string(),
    planKind: z.enum(['plan', 'strategy']),
    pathLabel: z.string().meta({ example: '基本目標 1 ＞ 基本方針1 ＞ ①観光の振興' }),
    title: z.string(),
  })
  .meta({ id: 'NodeLink', description: '他の計画の関連する項目（総合戦略の施策 ⇔ 総合計画の施策）' });
export type NodeLink = z.infer<typeof NodeLink>;

/** A node of the plan hierarchy (施策体系) with its department, its links to other plans and its children. */
export interface PlanNode {
  id: number;
  level: number;
  levelName: string;
  number: number;
  label: string;
  title: string;
  version: number;
  /** 廃止: kept for earlier years and the history, no longer offered for new entries. */
  retired?: boolean;
  departmentId: number | null;
  departmentName: string | null;
  links: NodeLink[];
  children: PlanNode[];
}

// Recursive: a named schema with a getter, which the OpenAPI generator emits as a $ref to itself.
export const PlanNode: z.ZodType<PlanNode> = z
  .object({
    id: z.number().int(),
    level: z.number().int(),
    levelName: z.string(),
    number: z.number().int(),
    label: z.string(),
    title: z.string(),
    version: z.number().int(),
    retired: z.boolean().optional().meta({ description: '廃止された項目（過去の年度と履歴のために残す）' }),
    departmentId: z
      .number()
      .int()
      .nullable()
      .meta({ description: '項目の担当課（指標は自分の担当課がなければこれを引き継ぐ）' }),
    departmentName: z.string().nullable(),
    links: z.array(NodeLink),
    get children() {
      return z.array(PlanNode);
    },
  })
  .meta({ id: 'TreeNode' });

/** The whole hierarchy of one plan: its top-level nodes. */
export const PlanTree = z.object({ planId: z.number().int(), nodes: z.array(PlanNode) });
export type PlanTree = z.infer<typeof PlanTree>;

/** 進捗状況 of one node for one fiscal year, with the headings of that year's report. */
export const ProgressRecord = z
  .object({
    nodeId: z.number().int(),
    fiscalYear: z.number().int(),
    resultsHeading: z.string(),
    directionsHeading: z.string(),
    results: z.array(z.string()),
    directions: z.array(z.string()),
    version: z.number().int(),
  })
  .meta({ id: 'ProgressRecord' });
export type ProgressRecord = z.infer<typeof ProgressRecord>;
