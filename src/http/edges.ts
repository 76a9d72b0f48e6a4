/**
 * @module The server's edges
 * What every response carries and every request is checked for before the app sees it:
 * security headers (a Content-Security-Policy without inline scripts, no framing but the portal's
 * embeds, no sniffing) and
 * the Host header against the names this server answers to (a page on another site that resolves
 * its own name to 127.0.0.1 — DNS rebinding — gets nothing).
 */
import type { MiddlewareHandler } from 'hono';

/**
 * The policy of the UI: everything from this server, no inline script. Inline styles stay allowed:
 * React's style attributes and the report preview (an iframe srcdoc inherits this policy) use them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The only pages another site may frame: the portal's embeds (`/public/{code}/embed/…`, see
 * src/features/portal/embed/routes.ts), which show published data only and have no form or link
 * that acts. Everything else stays unframeable (clickjacking).
 */
export const FRAMEABLE_PATH = /^\/public\/\d{6}\/embed\//u;

/** {@link CONTENT_SECURITY_POLICY} with framing open to any site, for {@link FRAMEABLE_PATH}. */
export const EMBED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "frame-ancestors 'none'",
  'frame-ancestors *',
);

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const frameable = FRAMEABLE_PATH.test(c.req.path);
    h.set('content-security-policy', frameable ? EMBED_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
    h.set('x-content-type-options', 'nosniff');
    if (frameable) h.delete('x-frame-options');
    else h.set('x-frame-options', 'DENY');
    h.set('referrer-policy', 'same-origin');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  };
}

/** Names a server on this machine answers to when no origin is configured. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Refuses (421) a request whose Host is not one of `allowed` (host names, any port); empty = any. */
export function hostCheck(allowed: string[]): MiddlewareHandler {
  const names = new Set(allowed.map((h) => h.toLowerCase()));
  return async (c, next) => {
    if (names.size > 0) {
      const host = (c.req.header('host') ?? '').toLowerCase().replace(/:\d+$/, '');
      if (!names.has(host)) {
        return c.json(
          {
            error: `このサーバーは「${host || '（Host なし）'}」という名前では応答しません。HOSHIN_ORIGIN を確認してください。`,
          },
          421,
        );
      }
    }
    return next();
  };
}
