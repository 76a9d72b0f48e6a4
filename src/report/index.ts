/**
 * @module Council report: one model, many renderers.
 */
export { buildReportModel } from './build.ts';
export type * from './inputs.ts';
export type * from './model.ts';
