/**
 * @module Shared request parameters
 * The one definition of what an id, a fiscal year and a line of text may be in a request, so that
 * no route hands the database a value it would fail on (an id past PostgreSQL's `integer`, a year
 * of 10 000 000 000, a NUL byte in text): such a value is refused with 400 and a Japanese message
 * naming the parameter, before any query runs.
 */
import { z } from '@hono/zod-openapi';

/** The largest value of a PostgreSQL `integer` (serial ids). */
export const MAX_ID = 2_147_483_647;
/** Fiscal years a plan can reach (the range every route has always accepted). */
export const MIN_FISCAL_YEAR = 1900;
export const MAX_FISCAL_YEAR = 2200;

/** Whether a text holds a NUL byte, which PostgreSQL text cannot store. */
export const hasNul = (text: string): boolean => text.includes('\u0000');

const idMessage = (name: string, label: string) =>
  `${label}（${name}）は 1 から ${MAX_ID} までの整数で指定してください`;

/**
 * A positive id (path or query), coerced from its text: 1 … 2147483647.
 * @example params: z.object({ kpiId: idParam('kpiId', '指標ID') })
 */
export const idParam = (name: string, label: string, where: 'path' | 'query' = 'path') =>
  z.coerce
    .number({ error: idMessage(name, label) })
    .int({ error: idMessage(name, label) })
    .min(1, { error: idMessage(name, label) })
    .max(MAX_ID, { error: idMessage(name, label) })
    .openapi({ param: { name, in: where }, example: 1 });

/** An id inside a JSON body (not coerced). */
export const idField = (name: string, label: string) =>
  z
    .number({ error: idMessage(name, label) })
    .int({ error: idMessage(name, label) })
    .min(1, { error: idMessage(name, label) })
    .max(MAX_ID, { error: idMessage(name, label) });

const yearMessage = (name: string) =>
  `年度（${name}）は西暦の年（${MIN_FISCAL_YEAR}〜${MAX_FISCAL_YEAR}、例: 2023 = 令和5年度）で指定してください`;

/**
 * A fiscal year (path or query), coerced from its text.
 * @example query: z.object({ year: fiscalYearParam('year', 'query') })
 */
export const fiscalYearParam = (name: string, where: 'path' | 'query' = 'path') =>
  z.coerce
    .number({ error: yearMessage(name) })
    .int({ error: yearMessage(name) })
    .min(MIN_FISCAL_YEAR, { error: yearMessage(name) })
    .max(MAX_FISCAL_YEAR, { error: yearMessage(name) })
    .openapi({ param: { name, in: where }, example: 2023 });

/** A fiscal year inside a JSON body. */
export const fiscalYearField = (name = 'fiscalYear') =>
  z
    .number({ error: yearMessage(name) })
    .int({ error: yearMessage(name) })
    .min(MIN_FISCAL_YEAR, { error: yearMessage(name) })
    .max(MAX_FISCAL_YEAR, { error: yearMessage(name) });

/**
 * Text the database can store: at most `max` characters, no NUL byte.
 * @example note: safeText('備考', 2000).optional()
 */
export const safeText = (label: string, max: number) =>
  z
    .string({ error: `${label}は文字列で指定してください` })
    .max(max, { error: `${label}は ${max} 文字以内にしてください` })
    .refine((s) => !hasNul(s), { error: `${label}に使えない文字（NUL）が含まれています` });
