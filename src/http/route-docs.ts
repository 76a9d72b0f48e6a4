/**
 * @module Route documentation helpers
 * The pieces every route declaration repeats: the error body and a JSON response/request entry.
 */
import { z } from '@hono/zod-openapi';

/** Every refusal answers `{ error: '日本語の説明' }`. */
export const ErrorBody = z.object({ error: z.string() }).openapi('Error');

/** A JSON response entry for createRoute. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body for createRoute. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
