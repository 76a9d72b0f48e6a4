/**
 * @module Changing one's own password
 * A signed-in user with a local account (審議会委員 and other outside staff, say) replaces the
 * password they were given, by giving the current one and a new one. Who it is comes from the
 * session only. A wrong current password counts as a failed sign-in (the same throttle), so the form
 * cannot be used to guess; directory accounts (LDAP, OpenID Connect) change theirs in the directory.
 * On success the hash changes through the change log (which masks it) and every other session of
 * the user ends: a browser left signed in elsewhere with the old password is signed out.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { updateLogged } from '../../db/history.ts';
import { appUser } from '../../db/schema.ts';
import { BadInputError, HoshinError, NotSignedInError } from '../../errors.ts';
import { OWN_PASSWORD_REFUSALS, type OwnPasswordChange, type OwnPasswordChanged } from './contract.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { actorOf, endOtherSessions, type Scope, verifyCurrentPassword } from './session.ts';

export const {
  wrongCurrent: WRONG_CURRENT_PASSWORD,
  sameAsCurrent: SAME_AS_CURRENT,
  directory: DIRECTORY_MANAGED,
} = OWN_PASSWORD_REFUSALS;

/** What the request knows besides the form: the session's own token (kept) and the client's address. */
export interface OwnPasswordRequest extends OwnPasswordChange {
  sessionToken: string;
  address: string;
}

/**
 * Changes the signed-in user's password. `tenant` runs work in a transaction of the user's
 * municipality that commits on return: a wrong current password is refused after it, so that its
 * count in the throttle stays.
 * @example await changeOwnPassword(c.var.tenant, c.var.scope, { currentPassword, newPassword, sessionToken, address }, now);
 */
export async function changeOwnPassword(
  tenant: <T>(work: (tx: Database) => Promise<T>) => Promise<T>,
  scope: Scope,
  input: OwnPasswordRequest,
  now: Date,
): Promise<OwnPasswordChanged> {
  const userId = scope.user.id;
  if (userId === null) throw new NotSignedInError();
  const outcome = await tenant(async (tx): Promise<OwnPasswordChanged | HoshinError> => {
    const [user] = await tx.select().from(appUser).where(eq(appUser.id, userId));
    if (!user) throw new NotSignedInError();
    if (user.provider !== 'local') throw new BadInputError(DIRECTORY_MANAGED);
    // The new password's rules first: they say nothing of the current one and count no failure.
    const problem = passwordProblem(input.newPassword);
    if (problem) throw new BadInputError(problem);
    if (input.newPassword === input.currentPassword) throw new BadInputError(SAME_AS_CURRENT);
    const matches = await verifyCurrentPassword(
      tx,
      {
        municipalityId: scope.municipalityId,
        username: user.username,
        password: input.currentPassword,
        passwordHash: user.passwordHash,
        address: input.address,
      },
      now,
    );
    if (!matches) return new BadInputError(WRONG_CURRENT_PASSWORD);
    await updateLogged(
      tx,
      appUser,
      'app_user',
      user,
      { passwordHash: await hashPassword(input.newPassword) },
      { municipalityId: scope.municipalityId, actor: actorOf(scope) },
    );
    const endedSessions = await endOtherSessions(tx, userId, input.sessionToken);
    return {
      ok: true as const,
      endedSessions,
      message:
        endedSessions > 0
          ? `パスワードを変更しました。ほかの端末やブラウザーでのログイン（${endedSessions}件）は終了しました。この画面はそのまま使えます。`
          : 'パスワードを変更しました。ほかの端末やブラウザーでのログインはありませんでした。この画面はそのまま使えます。',
    };
  });
  if (outcome instanceof HoshinError) throw outcome;
  return outcome;
}
