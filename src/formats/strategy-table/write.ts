/**
 * @module Strategy table writer
 * A 総合戦略's structure and links in the layout the import reads (README.md beside this file), as
 * CSV (UTF-8 with BOM, CRLF) or xlsx, so staff can edit it in Excel and import it again unchanged.
 */
import ExcelJS from 'exceljs';
import { csvField } from '../kpi-table/write.ts';
import { neutraliseText } from '../spreadsheet-safety.ts';

export const LINK_HEADER = '関連する施策（総合計画）';

export interface StrategyTableExport {
  strategyName: string;
  planName: string;
  levelNames: string[];
  /** One row per node that has no children or has links; `cells` from the top level to the node. */
  rows: Array<{ cells: string[]; links: string[] }>;
}

function grid(table: StrategyTableExport): string[][] {
  const width = table.levelNames.length;
  return [
    [...table.levelNames, LINK_HEADER],
    ...table.rows.map((r) => [
      ...Array.from({ length: width }, (_, i) => r.cells[i] ?? ''),
      r.links.join('\n'),
    ]),
  ];
}

/** The table as CSV text (with BOM, so Excel opens it as Japanese; text a spreadsheet would run neutralised). */
export function strategyTableToCsv(table: StrategyTableExport): string {
  return `\uFEFF${grid(table)
    .map((row) => row.map((cell) => csvField(neutraliseText(cell))).join(','))
    .join('\r\n')}\r\n`;
}

/** The table as an xlsx workbook: frozen, bold header; link cells wrap one reference per line. */
export async function strategyTableToXlsx(table: StrategyTableExport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('総合戦略', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of grid(table)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i < table.levelNames.length ? 40 : 50;
    column.alignment = { vertical: 'top', wrapText: true };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
