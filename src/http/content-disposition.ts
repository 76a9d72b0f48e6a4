/**
 * @module Content-Disposition
 * The header of every file download (reports, the KPI template, the strategy table).
 */

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the Japanese name (RFC 5987). */
export function contentDisposition(
  kind: 'attachment' | 'inline',
  fileName: string,
  fallback: string,
): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
