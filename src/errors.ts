/**
 * @module Errors with their HTTP status
 * One class per kind of refusal. Use cases throw them; `app.onError` (src/http/app.ts) turns each
 * into its status and a Japanese message, so a user error is never a 404 by accident nor a 500.
 * The CLI prints their message without a stack trace.
 */

/** Base: a refusal the user can understand; `status` is what HTTP answers. */
export class HoshinError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 423 | 429 | 503 = 400;
}

/** 400: the input itself is wrong. */
export class BadInputError extends HoshinError {
  override name = 'BadInputError';
}

/** 401: nobody is signed in, or the sign-in failed. */
export class NotSignedInError extends HoshinError {
  override name = 'NotSignedInError';
  override readonly status = 401;
  constructor(message = 'ログインしてください。') {
    super(message);
  }
}

/** 403: signed in, but this role or department may not do this. */
export class ForbiddenError extends HoshinError {
  override name = 'ForbiddenError';
  override readonly status = 403;
}

/** 404: no such thing in this municipality (another city's rows are "not found" too). */
export class NotFoundError extends HoshinError {
  override name = 'NotFoundError';
  override readonly status = 404;
}

/** 409: someone changed it first. */
export class ConflictError extends HoshinError {
  override name = 'ConflictError';
  override readonly status = 409;
}

/** 429: too many attempts; try again later. */
export class TooManyAttemptsError extends HoshinError {
  override name = 'TooManyAttemptsError';
  override readonly status = 429;
}

/** 503: a service Hoshin depends on (the directory, Chromium) cannot be reached just now. */
export class UnavailableError extends HoshinError {
  override name = 'UnavailableError';
  override readonly status = 503;
}

/** 423: the fiscal year is closed (確定); writes to it are refused until it is reopened. */
export class YearClosedError extends HoshinError {
  override name = 'YearClosedError';
  override readonly status = 423;
}
