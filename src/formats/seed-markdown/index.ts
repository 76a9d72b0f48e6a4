/**
 * @module Progress report Markdown (the seed's form): parse and render.
 */
export { documentFromModel, kpiSections, renderReportMarkdown } from './kpi-tables.ts';
export { type ParseIssue, parseProgressReport, ReportParseError } from './parse.ts';
export { type RenderOptions, renderProgressReport } from './render.ts';
