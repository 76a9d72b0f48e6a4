/**
 * @module Evaluation scheme per KPI set
 * Each KPI set (基本計画 KPI, 総合戦略 KPI, …) is evaluated with the scheme the city chooses: a
 * preset name or a scheme object (see src/domain/evaluation/README.md). Stored on the set, validated
 * before it is written.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { updateLogged } from '../../db/history.ts';
import { kpiSet, plan } from '../../db/schema.ts';
import { type EvaluationScheme, safeResolveScheme } from '../../domain/evaluation/index.ts';
import { UserError } from '../../services/municipality.ts';

/**
 * Sets the scheme of a KPI set, found by name within the municipality's plan(s).
 * Refuses an invalid scheme (every problem listed) and changes nothing then.
 * @example await setKpiSetScheme(db, 1, { setName: '基本計画', scheme: 'nagano' }, 'cli');
 */
export async function setKpiSetScheme(
  db: Database,
  municipalityId: number,
  input: { setName: string; scheme: unknown; planName?: string },
  actor: string,
): Promise<EvaluationScheme> {
  const resolved = safeResolveScheme(input.scheme);
  if (!resolved.ok) {
    throw new UserError(
      `評価基準が正しくありません:\n${resolved.issues.map((i) => `  ${i.path.join('.') || '(全体)'}: ${i.message}`).join('\n')}`,
    );
  }
  return db.transaction(async (tx) => {
    const sets = await tx
      .select({ set: kpiSet })
      .from(kpiSet)
      .innerJoin(plan, eq(kpiSet.planId, plan.id))
      .where(
        and(
          eq(plan.municipalityId, municipalityId),
          eq(kpiSet.name, input.setName),
          input.planName ? eq(plan.name, input.planName) : undefined,
        ),
      );
    const found = sets[0]?.set;
    if (!found) throw new UserError(`指標の区分「${input.setName}」が見つかりません`);
    if (sets.length > 1)
      throw new UserError(
        `指標の区分「${input.setName}」が複数の計画にあります。--plan で計画名を指定してください`,
      );
    await updateLogged(tx, kpiSet, 'kpi_set', found, { scheme: input.scheme }, { municipalityId, actor });
    return resolved.scheme;
  });
}
