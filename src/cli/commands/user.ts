/**
 * @module CLI: user accounts
 * `hoshin user add NAME --role 管理者`, `hoshin user list`, `hoshin user password NAME`,
 * `hoshin user disable NAME` / `enable NAME`. The first administrator of a new installation is made
 * here. Passwords come from a prompt that does not echo, or from standard input (one line), never
 * from an argument (which would stay in the shell history and the process list).
 */
import { eq } from 'drizzle-orm';
import { appUser, department } from '../../db/schema.ts';
import { withTenant } from '../../db/tenant.ts';
import { BadInputError } from '../../errors.ts';
import { parseRole, ROLE_LABELS, ROLES } from '../../features/auth/roles.ts';
import { systemScope } from '../../features/users/demo-accounts.ts';
import { createUser, listUsers, resetPassword, updateUser } from '../../features/users/service.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { type CliIo, cliActor } from '../io.ts';
import { usageOf } from '../usage.ts';
import { commandArgs, withDatabase } from './support.ts';

const roleList = ROLES.map((r) => ROLE_LABELS[r]).join('・');

/** The password for NAME: typed twice at a prompt, or the first line of standard input. */
async function readNewPassword(io: CliIo, username: string): Promise<string> {
  if (io.readSecret) {
    const first = await io.readSecret(`${username} のパスワード: `);
    const second = await io.readSecret('もう一度: ');
    if (first !== second) throw new BadInputError('2回入力したパスワードが一致しません');
    return first;
  }
  return (await io.readStdin()).split(/\r?\n/)[0] ?? '';
}

async function inMunicipality(
  io: CliIo,
  localGovCode: string | undefined,
  work: (
    tx: Parameters<Parameters<typeof withTenant>[2]>[0],
    scope: ReturnType<typeof systemScope>,
  ) => Promise<void>,
): Promise<number> {
  return withDatabase(io, async ({ db }) => {
    const m = await resolveMunicipality(db, localGovCode ? { localGovCode } : {}, cliActor(io));
    const scope = systemScope(m, cliActor(io));
    await withTenant(db, m.id, (tx) => work(tx, scope));
    return 0;
  });
}

export const userAdd = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = commandArgs(
    {
      options: {
        role: { type: 'string' },
        'display-name': { type: 'string' },
        department: { type: 'string' },
        email: { type: 'string' },
        municipality: { type: 'string' },
      },
      allowPositionals: true,
    },
    args,
    io,
    usageOf('user add'),
  );
  if (typeof parsed === 'number') return parsed;
  const [username] = parsed.positionals;
  const role = parseRole(parsed.values.role ?? '');
  if (!username || !role) {
    const problem = !username
      ? 'ユーザー名を指定してください'
      : parsed.values.role
        ? `役割「${parsed.values.role}」はありません`
        : '--role で役割を指定してください';
    io.stderr(
      `${problem}（役割: ${roleList}）\n\n使い方: hoshin user add ユーザー名 --role 役割 [--display-name 氏名] [--department 課名] [--email メールアドレス]\n`,
    );
    return 2;
  }
  const password = await readNewPassword(io, username);
  return inMunicipality(io, parsed.values.municipality, async (tx, scope) => {
    let departmentId: number | null = null;
    if (parsed.values.department) {
      const [d] = await tx.select().from(department).where(eq(department.name, parsed.values.department));
      if (!d) throw new BadInputError(`課「${parsed.values.department}」は登録されていません`);
      departmentId = d.id;
    }
    const user = await createUser(tx, scope, {
      username,
      displayName: parsed.values['display-name'] ?? username,
      role,
      departmentId,
      email: parsed.values.email ?? null,
      password,
    });
    io.stdout(
      `ユーザーを追加しました: ${user.username}（${user.displayName}、${user.roleLabel}${user.departmentName ? `、${user.departmentName}` : ''}）\n`,
    );
  });
};

export const userList = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = commandArgs(
    { options: { municipality: { type: 'string' } } },
    args,
    io,
    usageOf('user list'),
  );
  if (typeof parsed === 'number') return parsed;
  return inMunicipality(io, parsed.values.municipality, async (tx, scope) => {
    io.stdout(`${scope.municipalityName}（${scope.localGovCode}）のユーザー\n`);
    io.stdout('ユーザー名\t氏名\t役割\t課\t方式\t状態\n');
    for (const u of await listUsers(tx)) {
      const provider = { local: 'ローカル', ldap: 'LDAP', oidc: 'OpenID Connect' }[u.provider];
      io.stdout(
        `${u.username}\t${u.displayName}\t${u.roleLabel}\t${u.departmentName ?? '－'}\t${provider}\t${u.disabled ? '無効' : '有効'}${u.demo ? '（デモ用）' : ''}\n`,
      );
    }
  });
};

async function findByName(tx: Parameters<Parameters<typeof withTenant>[2]>[0], username: string) {
  const [user] = await tx.select().from(appUser).where(eq(appUser.username, username));
  if (!user) throw new BadInputError(`ユーザー「${username}」はいません`);
  return user;
}

export const userPassword = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = commandArgs(
    { options: { municipality: { type: 'string' } }, allowPositionals: true },
    args,
    io,
    usageOf('user password'),
  );
  if (typeof parsed === 'number') return parsed;
  const [username] = parsed.positionals;
  if (!username) {
    io.stderr('使い方: hoshin user password ユーザー名（新しいパスワードはプロンプトか標準入力から）\n');
    return 2;
  }
  const password = await readNewPassword(io, username);
  return inMunicipality(io, parsed.values.municipality, async (tx, scope) => {
    await resetPassword(tx, scope, (await findByName(tx, username)).id, password);
    io.stdout(`${username} のパスワードを変更しました\n`);
  });
};

const setDisabled =
  (disabled: boolean) =>
  async (args: string[], io: CliIo): Promise<number> => {
    const parsed = commandArgs(
      { options: { municipality: { type: 'string' } }, allowPositionals: true },
      args,
      io,
      usageOf(`user ${disabled ? 'disable' : 'enable'}`),
    );
    if (typeof parsed === 'number') return parsed;
    const [username] = parsed.positionals;
    if (!username) {
      io.stderr(`使い方: hoshin user ${disabled ? 'disable' : 'enable'} ユーザー名\n`);
      return 2;
    }
    return inMunicipality(io, parsed.values.municipality, async (tx, scope) => {
      const user = await findByName(tx, username);
      await updateUser(tx, scope, user.id, { disabled, version: user.version });
      io.stdout(`${username} を${disabled ? '無効' : '有効'}にしました\n`);
    });
  };

export const userDisable = setDisabled(true);
export const userEnable = setDisabled(false);
