/**
 * @module Level names in the workbook's headings
 * Column headings and captions name the plan's own levels — 基本目標 and 基本方針 in Mine City,
 * 政策 and 施策 elsewhere — from the report model, never a fixed word.
 */
import type { ReportModel } from '../../report/model.ts';

export interface LevelHeadings {
  /** The top level, which groups the KPIs and counts (e.g. 基本目標, 政策). */
  goal: string;
  /** The level with a page per node and its results and directions (e.g. 基本方針, 施策). */
  policy: string;
}

/**
 * The names of the report's top level and of its page level. The model lists the plan's levels but
 * not which one has the pages: that is the level whose name every page's label starts with
 * (基本方針1), or when that level is numbered ①②③, the level below the top one.
 * @example levelHeadings(model) // { goal: '政策', policy: '施策' }
 */
export function levelHeadings(model: Pick<ReportModel, 'levelNames' | 'policies'>): LevelHeadings {
  const names = model.levelNames.filter(Boolean);
  const labelled = names
    .filter(
      (name) => model.policies.length > 0 && model.policies.every((p) => p.policyLabel.startsWith(name)),
    )
    .sort((a, b) => b.length - a.length)[0];
  const hasGoals = model.policies.some((p) => p.goalLabel !== '');
  return {
    goal: names[0] ?? '基本目標',
    policy: labelled ?? names[hasGoals ? 1 : 0] ?? '基本方針',
  };
}
