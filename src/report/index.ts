/**
 * @module Council report: one model, many renderers.
 */
export { buildReportModel, type ReportKey } from './build.ts';
export type * from './model.ts';
