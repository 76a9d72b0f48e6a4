/**
 * @module Change log export contract
 * The query of `GET /api/change-log` and the JSON it answers (zod only: the web client may import it).
 */
import { z } from 'zod';

export const CHANGE_LOG_FORMATS = ['csv', 'json'] as const;
export type ChangeLogFormat = (typeof CHANGE_LOG_FORMATS)[number];

/** A date (2024-04-01, a whole day in Japan time) or an ISO date-time with its offset. */
export const MOMENT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/u;

const moment = (name: string) =>
  z
    .string()
    .max(40, { error: `${name} は 2024-04-01 か 2024-04-01T09:00+09:00 の形で指定してください` })
    .regex(MOMENT, { error: `${name} は 2024-04-01 か 2024-04-01T09:00+09:00 の形で指定してください` })
    .optional();

export const ChangeLogQuery = z.object({
  format: z.enum(CHANGE_LOG_FORMATS, { error: 'format は csv か json で指定してください' }).optional(),
  from: moment('from'),
  to: moment('to'),
});

export const ChangeLogEntry = z.object({
  id: z.number().int(),
  changedAt: z.string(),
  actor: z.string(),
  table: z.string(),
  rowId: z.number().int(),
  action: z.enum(['insert', 'update', 'delete']),
  before: z.unknown(),
  after: z.unknown(),
});
export type ChangeLogEntry = z.infer<typeof ChangeLogEntry>;

export const ChangeLogExport = z.object({
  municipality: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  entries: z.array(ChangeLogEntry),
});
export type ChangeLogExport = z.infer<typeof ChangeLogExport>;
