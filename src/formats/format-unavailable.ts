/**
 * @module Format unavailable
 * The error a renderer throws when what it needs is not installed (Chromium for PDF, a renderer
 * module not yet present): the message says in Japanese what is missing and how to install it.
 */
export class FormatUnavailableError extends Error {
  constructor(
    message: string,
    /** The Debian or npm package that would provide it, when one does. */
    readonly packageName?: string,
  ) {
    super(message);
    this.name = 'FormatUnavailableError';
  }
}
