/**
 * The same-origin rule for requests that change state. A page on another site can make a
 * browser send a "simple" POST (text/plain, no preflight) with the user's cookies to a
 * playground on localhost; so such requests must say, through headers a page cannot forge,
 * that they come from this site. Clients that are not browsers send neither header and pass.
 */
export function crossSiteReason(headers: Headers, trustedForwardedHost: boolean): string | null {
  // Set by every current browser, and authoritative: a proxy rewriting Host does not confuse it.
  const site = headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none' ? null : `the browser marked it ${site} (Sec-Fetch-Site)`;
  const origin = headers.get('origin');
  if (origin === null) return null;
  const host = (trustedForwardedHost && headers.get('x-forwarded-host')?.split(',')[0].trim()) || headers.get('host');
  let originHost: string | null = null;
  try {
    originHost = origin === 'null' ? null : new URL(origin).host;
  } catch {
    // unparseable: refused below
  }
  return originHost && host && originHost.toLowerCase() === host.toLowerCase() ? null : `it comes from ${origin === 'null' ? 'an opaque origin' : origin}`;
}

/** State changes carry JSON: a cross-site form or text/plain post cannot, without a preflight. */
export function isJsonContentType(headers: Headers): boolean {
  return headers.get('content-type')?.split(';')[0].trim().toLowerCase() === 'application/json';
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * This server's origin as the client reached it, for links put in answers: the Host header
 * (Next gives request.url its own listening address), or behind a trusted proxy its
 * X-Forwarded-Host and -Proto. A forged Host only changes the link its own sender gets back.
 */
export function publicOrigin(request: Request, trustedProxy: boolean): string {
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(',')[0].trim();
  const host = (trustedProxy && first('x-forwarded-host')) || request.headers.get('host');
  const proto = (trustedProxy && first('x-forwarded-proto')) || url.protocol.slice(0, -1);
  if (!host || !HOST.test(host) || (proto !== 'http' && proto !== 'https')) return url.origin;
  return `${proto}://${host}`;
}
