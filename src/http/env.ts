/**
 * @module API context
 * What the guard (src/http/guard.ts) puts on every request before a route runs: the database
 * handle confined to the request's municipality, and the scope (who, which city, which role).
 */
import type { Database } from '../db/client.ts';
import type { Scope } from '../features/auth/session.ts';

export interface ApiEnv {
  Variables: {
    /** The request's transaction, confined to the scope's municipality (public routes: the system handle). */
    db: Database;
    /** Set on every route but the public ones. */
    scope: Scope;
    /**
     * Runs database work confined to the scope's municipality: inside the request's transaction, or
     * (for the routes the guard lets render after their transaction) in a short one of its own.
     */
    tenant: <T>(work: (tx: Database) => Promise<T>) => Promise<T>;
    /** The session's CSRF token, for the session endpoint. */
    csrfToken: string;
  };
}
