/**
 * @module Sign-in API client
 * The sign-in options, the current session, sign-in and sign-out (src/features/auth/routes.ts),
 * checked against the server's own contract (src/features/auth/contract.ts). Signing in or reading
 * the session keeps its CSRF token for the state-changing calls; signing out forgets it. Also the
 * change of one's own password.
 */
import {
  type OwnPasswordChange,
  OwnPasswordChanged,
  type OwnPasswordChanged as OwnPasswordChangedData,
  SessionView,
  type SessionView as SessionViewData,
  type SignInInput,
  SignInOptions,
  type SignInOptions as SignInOptionsData,
} from '../features/auth/contract.ts';
import { ApiError, apiFetch, parseJson, sendJson, serverMessage, setCsrfToken } from './http.ts';

/** A signed-in session as the API describes it. */
export type Session = Extract<SessionViewData, { signedIn: true }>;
export type { SignInInput, SignInOptionsData as SignInOptions };

function remember(session: SessionViewData): SessionViewData {
  setCsrfToken(session.signedIn ? session.csrfToken : null);
  return session;
}

/** `GET /api/auth/sign-in-options`: municipalities, methods and (in the demo) the demo accounts. */
export async function fetchSignInOptions(signal?: AbortSignal): Promise<SignInOptionsData> {
  const response = await apiFetch('/api/auth/sign-in-options', { signal });
  if (!response.ok) {
    throw new ApiError(
      `ログイン画面を読み込めませんでした（${(await serverMessage(response)) ?? `HTTP ${response.status}`}）。`,
      response.status,
    );
  }
  return parseJson(response, SignInOptions);
}

/** `GET /api/auth/session`: who is signed in, if anyone. */
export async function fetchSession(signal?: AbortSignal): Promise<SessionViewData> {
  const response = await apiFetch('/api/auth/session', { signal });
  if (!response.ok) {
    throw new ApiError(
      `ログイン状態を確認できませんでした（${(await serverMessage(response)) ?? `HTTP ${response.status}`}）。`,
      response.status,
    );
  }
  return remember(await parseJson(response, SessionView));
}

/**
 * `POST /api/auth/login`. A refusal (wrong name or password 401, too many attempts 429, no role 403)
 * throws an ApiError with the server's message.
 */
export async function signIn(input: SignInInput): Promise<Session> {
  const response = await apiFetch('/api/auth/login', {
    method: 'POST',
    body: input,
    expectUnauthorized: true,
  });
  if (!response.ok) {
    throw new ApiError(
      (await serverMessage(response)) ?? `ログインできませんでした（HTTP ${response.status}）。`,
      response.status,
    );
  }
  const session = remember(await parseJson(response, SessionView));
  if (!session.signedIn) throw new ApiError('ログインできませんでした。', response.status);
  return session;
}

/** `POST /api/auth/logout`: ends the session (an already ended one is fine). */
export async function signOut(): Promise<void> {
  try {
    await apiFetch('/api/auth/logout', { method: 'POST', expectUnauthorized: true });
  } finally {
    setCsrfToken(null);
  }
}

/** Where the OpenID Connect sign-in starts (a redirect to the city's identity provider). */
export function oidcStartUrl(localGovCode: string | undefined): string {
  return localGovCode
    ? `/api/auth/oidc/start?${new URLSearchParams({ municipality: localGovCode })}`
    : '/api/auth/oidc/start';
}

/**
 * `PUT /api/me/password`: the signed-in user's own password (local accounts). The other sessions
 * end; this one stays. A refusal throws an ApiError with the server's message.
 */
export function changeOwnPassword(input: OwnPasswordChange): Promise<OwnPasswordChangedData> {
  return sendJson('PUT', '/api/me/password', input, OwnPasswordChanged);
}
