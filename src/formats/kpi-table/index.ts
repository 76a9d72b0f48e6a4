/**
 * @module KPI table (指標一覧): Excel and CSV in and out.
 * Read a workbook or CSV into rows with cell addresses ({@link readTableSource} → {@link parseKpiTable}),
 * write the evaluated table as xlsx, CSV or JSON, and the empty template. The layout is documented in
 * README.md beside this file; matching rows against a plan's nodes and KPI sets happens in
 * src/features/kpi-table/import.ts.
 */
export { COMPARATOR_LABELS, DIRECTION_LABELS, parseHierarchyLabel, titleKey, titlesAgree } from './cells.ts';
export { FIELD_COLUMNS, type FieldKey, recogniseHeader } from './columns.ts';
export {
  type CellRef,
  formatIssue,
  type HierarchyLabel,
  KpiTableError,
  type KpiTableExport,
  type KpiTableIssue,
  type KpiTableRecord,
  type KpiTableRow,
  type ParsedKpiTable,
} from './model.ts';
export { type ParseOptions, parseKpiTable } from './parse.ts';
export { cellAddress, columnNumber, decodeText, readTableSource, type TableSource } from './source.ts';
export {
  kpiTableToCsv,
  kpiTableToJson,
  kpiTableToXlsx,
  kpiTemplateXlsx,
  type TemplateOptions,
} from './write.ts';
