// proxy.ts: the owner cookie before any run can start, and the pages' Content-Security-Policy.
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { ownerOf } from '@/lib/runs/owner';

const cookieOf = (setCookie: string | null) => setCookie?.match(/moa_owner=([A-Za-z0-9_-]{22})/)?.[1];

describe('proxy', () => {
  it('issues an owner cookie on a first request, and the request itself already carries it', () => {
    const response = proxy(new NextRequest('http://localhost:3000/', { headers: { cookie: 'theme=dark' } }));
    const token = cookieOf(response.headers.get('set-cookie'));
    expect(token).toBeDefined();
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    // Next.js hands the handler the request headers the proxy set.
    const forwarded = response.headers.get('x-middleware-request-cookie');
    expect(forwarded).toBe(`theme=dark; moa_owner=${token}`);
    expect(ownerOf(new Request('http://x/', { headers: { cookie: forwarded! } }))).not.toBeNull();
  });

  it('keeps a valid owner cookie, and replaces a malformed one', () => {
    const kept = proxy(new NextRequest('http://localhost:3000/api/runs', { headers: { cookie: 'moa_owner=AAAAAAAAAAAAAAAAAAAAAA' } }));
    expect(kept.headers.get('set-cookie')).toBeNull();
    const replaced = proxy(new NextRequest('http://localhost:3000/api/runs', { headers: { cookie: 'moa_owner=short' } }));
    expect(cookieOf(replaced.headers.get('set-cookie'))).toBeDefined();
    expect(replaced.headers.get('x-middleware-request-cookie')).not.toContain('moa_owner=short');
  });

  it('gives pages a CSP with a fresh script nonce (and no remote images); API answers get none', () => {
    const csp = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`)).headers.get('content-security-policy');
    const page = csp('/r/abc');
    expect(page).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(page).toContain("img-src 'self' data: blob:");
    expect(page).toContain("frame-ancestors 'none'");
    expect(page).not.toContain('unsafe-eval');
    expect(csp('/')).not.toBe(page);
    expect(csp('/api/models')).toBeNull();
  });
});
