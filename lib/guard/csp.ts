/**
 * The pages' Content-Security-Policy. Model output is untrusted: whatever slips past the
 * Markdown renderer still cannot load a remote image (an exfiltration channel), a script or a
 * frame. Scripts need this request's nonce (Next.js puts it on its own scripts); styles may be
 * inline (React and the charts set style attributes, which nonces cannot cover).
 */
export function contentSecurityPolicy(nonce: string, { dev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
