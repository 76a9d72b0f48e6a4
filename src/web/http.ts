/**
 * @module HTTP helper
 * The one place the UI talks to the API: every call goes through {@link apiFetch}, which adds the
 * session's CSRF token to state-changing requests (the server refuses them without it, 403) and
 * reports a 401 — the session ended or expired — so the app can return to the sign-in screen.
 * Failures become an {@link ApiError} whose message is Japanese and can be shown as is.
 */

/** A failed API call; `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** What checking a response needs of a schema: zod and zod/mini schemas both fit. */
export interface Contract<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export const OFFLINE_MESSAGE = 'サーバーに接続できませんでした。ネットワークの状態を確認してください。';
const UNEXPECTED_MESSAGE = 'サーバーの応答が想定した形式ではありません。管理者に連絡してください。';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The signed-in session's CSRF token (null after sign-out); sent with every PUT/POST/PATCH/DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the API answers 401 to a signed-in call (not to the sign-in itself). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, as application/octet-stream (an uploaded file). */
  file?: Blob;
  signal?: AbortSignal | undefined;
  /** A 401 is an answer, not an expired session (the sign-in form's wrong password). */
  expectUnauthorized?: boolean;
}

/** A request to the API; throws an ApiError (status 0) when the server cannot be reached. */
export async function apiFetch(path: string, request: ApiRequest = {}): Promise<Response> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.file !== undefined) headers['Content-Type'] = 'application/octet-stream';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.file !== undefined ? { body: request.file } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(OFFLINE_MESSAGE, 0);
  }
  if (response.status === 401 && !request.expectUnauthorized) onUnauthorized?.();
  return response;
}

/**
 * The `error` of a JSON error body already read, or null.
 * @example errorOf({ error: '提出済みのため変更できません。' }) // '提出済みのため変更できません。'
 */
export function errorOf(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
    return body.error;
  }
  return null;
}

/** The `error` of the server's JSON error body, or null. */
export async function serverMessage(response: Response): Promise<string | null> {
  return errorOf(await response.json().catch(() => null));
}

/** The response's JSON checked against its contract. */
export async function parseJson<T>(response: Response, contract: Contract<T>): Promise<T> {
  const result = contract.safeParse(await response.json().catch(() => undefined));
  if (!result.success) throw new ApiError(UNEXPECTED_MESSAGE, response.status);
  return result.data;
}

/**
 * A state-changing call with a JSON body: its answer checked against `contract`; a refusal becomes
 * an `ErrorClass` carrying the server's own message (409: someone changed it first, or the
 * department's part is 提出済み — the message says which; refusal.ts shows it).
 */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  contract: Contract<T>,
  ErrorClass: new (message: string, status: number) => ApiError = ApiError,
): Promise<T> {
  let response: Response;
  try {
    response = await apiFetch(path, { method, body });
  } catch (error) {
    throw error instanceof ApiError ? new ErrorClass(error.message, 0) : error;
  }
  if (!response.ok) {
    const message = await serverMessage(response);
    throw new ErrorClass(message ?? `保存できませんでした（HTTP ${response.status}）。`, response.status);
  }
  try {
    return await parseJson(response, contract);
  } catch (error) {
    throw error instanceof ApiError ? new ErrorClass(error.message, error.status) : error;
  }
}
