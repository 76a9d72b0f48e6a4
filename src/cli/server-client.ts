/**
 * @module CLI: writing through a running server
 * `--server URL --user NAME` on an import: the command signs in to the running server and sends the
 * file there, so it works while the server holds the data folder (one writer per folder), and the
 * change is logged under that user. The password comes from a prompt or standard input, never an
 * argument.
 */
import { HoshinError } from '../errors.ts';
import { UserError } from '../services/municipality.ts';
import type { CliIo } from './io.ts';

export interface ServerTarget {
  server: string;
  user: string;
  municipality?: string;
}

export interface ServerAnswer {
  ok: boolean;
  status: number;
  body: { error?: string; issues?: string[] } & Record<string, unknown>;
}

/**
 * Signs in, sends one request with the session's cookie and CSRF token, signs out.
 * Throws UserError (printed plainly) when the server cannot be reached or the sign-in fails.
 */
export async function sendToServer(
  io: CliIo,
  target: ServerTarget,
  request: {
    path: string;
    query?: Record<string, string | undefined>;
    body: Uint8Array;
    contentType: string;
  },
): Promise<ServerAnswer> {
  let base: URL;
  try {
    base = new URL(target.server);
  } catch {
    throw new UserError(`--server の「${target.server}」は URL ではありません（例: http://127.0.0.1:8080）`);
  }
  const password = io.readSecret
    ? await io.readSecret(`${target.user} のパスワード: `)
    : ((await io.readStdin()).split(/\r?\n/)[0] ?? '');
  const call = async (path: string, init: RequestInit) => {
    try {
      return await fetch(new URL(path, base), init);
    } catch (error) {
      throw new UserError(`サーバー ${base.origin} に接続できません: ${(error as Error).message}`);
    }
  };
  const login = await call('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: target.user,
      password,
      ...(target.municipality ? { municipality: target.municipality } : {}),
    }),
  });
  const session = (await login.json()) as { error?: string; csrfToken?: string };
  if (!login.ok || !session.csrfToken)
    throw new UserError(`ログインできません: ${session.error ?? login.status}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const headers = { cookie, 'x-csrf-token': session.csrfToken };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {}))
    if (value !== undefined) query.set(key, value);
  try {
    const res = await call(`${request.path}${query.size > 0 ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': request.contentType },
      body: request.body as Uint8Array<ArrayBuffer>,
    });
    return { ok: res.ok, status: res.status, body: (await res.json()) as ServerAnswer['body'] };
  } finally {
    await call('/api/auth/logout', { method: 'POST', headers });
  }
}

/**
 * Sends a file to the server and reports like the local command: `printed` shows what was done;
 * a refusal prints its message and every problem it lists. Returns the exit code.
 */
export async function importThroughServer(
  io: CliIo,
  target: Partial<ServerTarget>,
  request: Parameters<typeof sendToServer>[2],
  printed: (body: ServerAnswer['body']) => void,
): Promise<number> {
  if (!target.server || !target.user) {
    io.stderr('--server には --user（ユーザー名）も指定してください\n');
    return 2;
  }
  try {
    const answer = await sendToServer(io, { ...target, server: target.server, user: target.user }, request);
    if (!answer.ok) {
      io.stderr(`エラー: ${answer.body.error ?? answer.status}\n`);
      for (const issue of answer.body.issues ?? []) io.stderr(`  ${issue}\n`);
      return 1;
    }
    printed(answer.body);
    return 0;
  } catch (error) {
    if (error instanceof HoshinError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
