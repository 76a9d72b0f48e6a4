/**
 * @module Tenant scope in the database
 * Every request works inside one transaction that names its municipality (`SET LOCAL`, so it
 * ends with the transaction and is safe behind a connection pooler) and switches to the role
 * `hoshin_app`, which owns no table: the row-level security policies of migration 0005 then show
 * and accept only that municipality's rows. A query that forgets a `where municipality_id = …`
 * still cannot see or touch another city's data.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/** The role requests run as (created by the migrations; NOLOGIN, owns nothing). */
export const APP_ROLE = 'hoshin_app';

/**
 * Runs `work` in a transaction confined to one municipality; a throw rolls everything back.
 * @example const plans = await withTenant(db, 1, (tx) => tx.select().from(plan));
 */
export async function withTenant<T>(
  db: Database,
  municipalityId: number,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  if (!Number.isSafeInteger(municipalityId) || municipalityId <= 0) {
    throw new Error(`municipality id must be a positive integer, got ${municipalityId}`);
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('hoshin.municipality_id', ${String(municipalityId)}, true)`);
    await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
    return work(tx as unknown as Database);
  });
}
