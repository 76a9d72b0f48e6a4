/**
 * @module Progress report Markdown (the seed's form): parse and render.
 */
export { type ParseIssue, parseProgressReport, ReportParseError } from './parse.ts';
export { renderProgressReport } from './render.ts';
