import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/guard/csp';
import { issueOwnerCookie } from './lib/runs/owner';

/**
 * Before every page and API request: the owner cookie, issued once per browser before any run
 * can start; and on pages, a Content-Security-Policy with a fresh script nonce.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  const owner = issueOwnerCookie(request);
  if (owner) headers.set('cookie', owner.requestCookie);

  let csp: string | null = null;
  if (!request.nextUrl.pathname.startsWith('/api/')) {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
    csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https: request.nextUrl.protocol === 'https:' });
    // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
    headers.set('content-security-policy', csp);
    headers.set('x-nonce', nonce);
  }

  const response = NextResponse.next({ request: { headers } });
  if (csp) {
    response.headers.set('content-security-policy', csp);
    // Share links are capabilities: never sent to another site as a Referer.
    response.headers.set('referrer-policy', 'same-origin');
    response.headers.set('x-content-type-options', 'nosniff');
  }
  if (owner) response.headers.append('set-cookie', owner.setCookie);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
