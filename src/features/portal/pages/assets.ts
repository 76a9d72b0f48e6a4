/**
 * @module Portal assets
 * The portal's one stylesheet, read once at start and served with cache headers. It holds no
 * municipality's data, so it is 'public' in ROUTE_ACCESS. It is registered on the app before the
 * portal's `/:code/*` context (which would take `assets` for a municipality code and answer 404).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { PORTAL_CSS_PATH } from './layout.ts';

/** The stylesheet as served (also measured by the page-size test). */
export const PORTAL_CSS = readFileSync(new URL('./portal.css', import.meta.url), 'utf8');
const ETAG = `"${createHash('sha256').update(PORTAL_CSS).digest('base64url').slice(0, 16)}"`;

function serveStylesheet(c: Context): Response {
  const headers = {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=3600',
    etag: ETAG,
  };
  if (c.req.header('if-none-match') === ETAG) return c.body(null, 304, headers);
  return c.body(PORTAL_CSS, 200, headers);
}

/** Registers GET /public/assets/portal.css on the app (before registerPortalRoutes). */
export function registerPortalAssets(app: {
  get: (path: string, handler: (c: Context) => Response) => unknown;
}): void {
  app.get(PORTAL_CSS_PATH, serveStylesheet);
}
