/**
 * @module Portal context
 * Every public page, file and embed is answered inside one read-only transaction confined to the
 * municipality named in its address (`/public/{全国地方公共団体コード}/…`), and it can reach only
 * the published snapshots of that municipality, through {@link PortalReader}: never a live table,
 * so nothing written after publication, and nothing of another city, can appear. No session is
 * read; the portal has no sign-in.
 */
import { eq, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Database } from '../../db/client.ts';
import { municipality } from '../../db/schema.ts';
import { asApp, withTenant } from '../../db/tenant.ts';
import {
  type PublishedYear,
  publishedYear,
  publishedYears,
  type WithdrawnYear,
  withdrawnYear,
} from '../publication/publication.ts';

/** What a public route may read: the municipality and its published years, nothing else. */
export interface PortalReader {
  municipality: { localGovCode: string; name: string };
  /** The origin absolute addresses are made with: the configured public origin, else the request's. */
  origin: string;
  /** Published fiscal years, newest first. */
  years(): Promise<number[]>;
  /** A published year, or null when it is not published (never, or withdrawn). */
  year(fiscalYear: number): Promise<PublishedYear | null>;
  /** A withdrawn year's withdrawal (when, why), or null. */
  withdrawal(fiscalYear: number): Promise<WithdrawnYear | null>;
}

export interface PortalEnv {
  Variables: {
    /** Set on every `/public/{code}/…` route whose municipality exists. */
    portal: PortalReader;
  };
}

/** 全国地方公共団体コード: six digits (five plus a check digit). */
export const LOCAL_GOV_CODE = /^\d{6}$/;

/** The answer for an address that names no published page (unknown city, year or item). */
export type NotFound = (c: Context) => Response | Promise<Response>;

/**
 * Resolves `:code` and runs the rest of the request in a read-only transaction confined to it.
 * An unknown or malformed code answers with `notFound` before any page runs.
 */
export function portalContext(
  db: Database,
  notFound: NotFound,
  publicOrigin?: string,
): MiddlewareHandler<PortalEnv> {
  return async (c, next) => {
    // Hono's router matches this middleware twice for a path holding a literal '*'
    // (/public/352136/*): the second run must not open a transaction inside the first, which on
    // PGlite's single connection would wait forever and stop every later request.
    if (c.get('portal')) return next();
    const code = c.req.param('code') ?? '';
    if (!LOCAL_GOV_CODE.test(code)) return notFound(c);
    // municipality is readable by every request (policy municipality_read): only the id is taken.
    const [owner] = await asApp(db, {}, (tx) =>
      tx.select().from(municipality).where(eq(municipality.localGovCode, code)),
    );
    if (!owner) return notFound(c);
    let nothingPublished = false;
    await withTenant(db, owner.id, async (tx) => {
      // Public requests never write: the database refuses it if a page ever tried.
      await tx.execute(sql`set transaction read only`);
      // A city that has published nothing is not shown at all, not even that it exists here.
      const years = await publishedYears(tx);
      if (years.length === 0) {
        nothingPublished = true;
        return;
      }
      c.set('portal', {
        municipality: { localGovCode: owner.localGovCode, name: owner.name },
        origin: publicOrigin ?? new URL(c.req.url).origin,
        // Read once above; the transaction sees no other writer's change meanwhile.
        years: async () => years,
        year: (fiscalYear) => publishedYear(tx, fiscalYear),
        withdrawal: (fiscalYear) => withdrawnYear(tx, fiscalYear),
      });
      await next();
    });
    if (nothingPublished) return notFound(c);
  };
}
