/**
 * @module Tenant scope in the database
 * Every request works inside transactions that run as the role `hoshin_app`, which owns no table,
 * and name what they may reach (`SET LOCAL`, so it ends with the transaction and is safe behind a
 * connection pooler): their municipality — the row-level security policies of migration 0005 then
 * show and accept only its rows — or, while signing in, the one session or sign-in whose secret
 * they hold (migration 0007). A query that forgets a `where municipality_id = …` still cannot see
 * or touch another city's data.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/** The role requests run as (created by the migrations; NOLOGIN, owns nothing). */
export const APP_ROLE = 'hoshin_app';

/** What a transaction may reach: a municipality, a session by its token hash, a sign-in by its state. */
export interface AppReach {
  municipalityId?: number;
  sessionTokenHash?: string;
  signInState?: string;
}

/** Names the municipality for the rest of the transaction (after a session was found, say). */
export async function reachMunicipality(tx: Database, municipalityId: number): Promise<void> {
  if (!Number.isSafeInteger(municipalityId) || municipalityId <= 0) {
    throw new Error(`municipality id must be a positive integer, got ${municipalityId}`);
  }
  await tx.execute(sql`select set_config('hoshin.municipality_id', ${String(municipalityId)}, true)`);
}

/**
 * Runs `work` in a transaction as `hoshin_app`, reaching only what `reach` names; a throw rolls
 * everything back.
 * @example const session = await asApp(db, { sessionTokenHash }, (tx) => tx.select().from(userSession));
 */
export async function asApp<T>(
  db: Database,
  reach: AppReach,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Database;
    if (reach.municipalityId !== undefined) await reachMunicipality(tx, reach.municipalityId);
    if (reach.sessionTokenHash !== undefined) {
      await tx.execute(sql`select set_config('hoshin.session_token_hash', ${reach.sessionTokenHash}, true)`);
    }
    if (reach.signInState !== undefined) {
      await tx.execute(sql`select set_config('hoshin.sign_in_state', ${reach.signInState}, true)`);
    }
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
    return work(tx);
  });
}

/**
 * Runs `work` in a transaction confined to one municipality.
 * @example const plans = await withTenant(db, 1, (tx) => tx.select().from(plan));
 */
export function withTenant<T>(
  db: Database,
  municipalityId: number,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  // reachMunicipality checks the id.
  return asApp(db, { municipalityId }, work);
}
