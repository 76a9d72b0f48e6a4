/**
 * @module KPI table upload contract
 * The answer of a KPI table upload, shared by the route, the CLI's `--server` mode and the web client.
 */
import { z } from 'zod';

export const KpiTableImportResult = z.object({
  planId: z.number().int(),
  planName: z.string(),
  planCreated: z.boolean(),
  rows: z.number().int(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().optional(),
  kpisCreated: z.number().int(),
  kpisUpdated: z.number().int(),
  kpisUnchanged: z.number().int(),
  actualsCreated: z.number().int(),
  actualsUpdated: z.number().int(),
  actualsDeleted: z.number().int(),
  nodesCreated: z.number().int(),
  setsCreated: z.number().int(),
  ignoredColumns: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The 進捗状況 sheet of a department's sheet (0 without one). */
  recordsCreated: z.number().int(),
  recordsUpdated: z.number().int(),
  recordsUnchanged: z.number().int(),
});
export type KpiTableImportResult = z.infer<typeof KpiTableImportResult>;

/** A refused upload: every bad cell with its sheet and address; nothing was written. */
export const KpiTableRefusal = z.object({ error: z.string(), issues: z.array(z.string()) });

/** Uploads larger than this are refused before they are read (HOSHIN_UPLOAD_LIMIT_MB). */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
