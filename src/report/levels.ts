/**
 * @module Level names of a report
 * Headings and captions name the plan's own levels — 基本目標 and 基本方針 in Mine City, 政策 and
 * 施策 elsewhere — from the report model, never a fixed word; every format asks here.
 */
import type { ReportModel } from './model.ts';

export interface ReportLevelNames {
  /** The top level, which groups the KPIs and the counts (e.g. 基本目標, 政策). */
  goal: string;
  /** The level with a page per node, its results and directions (e.g. 基本方針, 施策). */
  policy: string;
}

/**
 * The names of the report's top level and of its page level; the usual words only for a plan
 * whose levels have no names.
 * @example reportLevelNames({ levelNames: ['政策', '施策', '基本事業'], pageLevelName: '施策' }) // { goal: '政策', policy: '施策' }
 */
export function reportLevelNames(model: Pick<ReportModel, 'levelNames' | 'pageLevelName'>): ReportLevelNames {
  return { goal: model.levelNames[0] || '基本目標', policy: model.pageLevelName || '基本方針' };
}
