/**
 * @module Council report as HTML (and the page layout the PDF prints)
 */
export { renderKpiChart } from './chart.ts';
export { hasKpis, paginateReport, type ReportPage } from './paginate.ts';
export { kpiSetNames, renderReportHtml } from './render.ts';
export {
  baselineText,
  formatValue,
  gradeText,
  ILLUSTRATIVE_LABEL,
  inlineValue,
  latestText,
  rateText,
  shareText,
  targetText,
} from './values.ts';
