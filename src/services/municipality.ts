/**
 * @module Municipality resolution
 * Commands and requests name a municipality by its code; with one municipality in the database,
 * naming it is optional.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { ensureMunicipality } from '../db/report-store.ts';
import { municipality } from '../db/schema.ts';
import { isValidLocalGovCode } from '../domain/plan/local-gov-code.ts';
import { BadInputError, NotFoundError } from '../errors.ts';

/**
 * A problem the user can fix by what they type: printed without a stack trace by the CLI, 400 over
 * HTTP (src/errors.ts). Something that does not exist is a NotFoundError instead (404).
 */
export class UserError extends BadInputError {
  override name = 'UserError';
}

/**
 * The municipality a command works on: the one named by code (created when a name is given too),
 * or the only one in the database.
 */
export async function resolveMunicipality(
  db: Database,
  input: { localGovCode?: string; name?: string },
  actor: string,
): Promise<typeof municipality.$inferSelect> {
  // Inside a request's scope (src/db/tenant.ts) the municipality is the scope's, whatever is asked.
  const scoped = await currentScopeMunicipality(db);
  if (scoped !== null) {
    const [own] = await db.select().from(municipality).where(eq(municipality.id, scoped));
    if (!own || (input.localGovCode && input.localGovCode !== own.localGovCode)) {
      throw new NotFoundError(`自治体コード ${input.localGovCode} の自治体のデータはありません`);
    }
    return own;
  }
  if (input.localGovCode) {
    if (!isValidLocalGovCode(input.localGovCode)) {
      throw new UserError(
        `自治体コード「${input.localGovCode}」が正しくありません（検査数字付き6桁、例: 352136）`,
      );
    }
    const [found] = await db
      .select()
      .from(municipality)
      .where(eq(municipality.localGovCode, input.localGovCode));
    if (found) return found;
    if (!input.name) {
      throw new UserError(
        `自治体コード ${input.localGovCode} は未登録です。--municipality-name で名称も指定してください`,
      );
    }
    return ensureMunicipality(db, { localGovCode: input.localGovCode, name: input.name }, actor);
  }
  const all = await db.select().from(municipality).limit(2);
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0) {
    throw new UserError(
      '自治体が登録されていません。--municipality 352136 --municipality-name 美祢市 のように指定してください',
    );
  }
  throw new UserError('複数の自治体が登録されています。--municipality で自治体コードを指定してください');
}

/** The municipality the current transaction is confined to (src/db/tenant.ts), or null outside one. */
export async function currentScopeMunicipality(db: Database): Promise<number | null> {
  const result = (await db.execute(sql`select hoshin_current_municipality() as id`)) as unknown as {
    rows: Array<{ id: number | null }>;
  };
  return result.rows[0]?.id ?? null;
}
