/**
 * @module Portal routes
 * The public portal under `/public/…`: no sign-in, server-rendered pages, open data files and
 * embeddable charts, all read from published snapshots (see context.ts). Every route is named in
 * ROUTE_ACCESS as `published` (or `public` for assets that hold no data), so the route matrix
 * covers it.
 */
import { Hono } from 'hono';
import type { Database } from '../../db/client.ts';
import { type PortalEnv, portalContext } from './context.ts';
import { registerEmbedRoutes } from './embed/routes.ts';
import { registerOpenDataRoutes } from './open-data/routes.ts';
import { notFoundPage, registerPortalPages } from './pages/routes.ts';

/** Mounts the portal on `app` at /public. */
export function registerPortalRoutes(
  app: {
    route: (path: string, sub: Hono<PortalEnv>) => unknown;
    get: (path: string, handler: typeof notFoundPage) => unknown;
  },
  db: Database,
  publicOrigin?: string,
): void {
  const portal = new Hono<PortalEnv>();
  // '/:code/*' also matches '/:code' itself: one middleware, or a request would open two transactions.
  portal.use('/:code/*', portalContext(db, notFoundPage, publicOrigin));
  registerOpenDataRoutes(portal);
  registerEmbedRoutes(portal);
  registerPortalPages(portal);
  app.route('/public', portal);
  // /public alone names no city: the portal's 404, not the staff sign-in screen the web app would show.
  app.get('/public', notFoundPage);
  app.get('/public/', notFoundPage);
}
