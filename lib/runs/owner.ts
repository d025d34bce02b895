import 'server-only';
import { createHash } from 'node:crypto';
import { newRunId } from './ids';

/**
 * Who may list and delete runs: the browser that made them, known by a random httpOnly
 * cookie. Only its hash is stored. A share link lets anyone read a run, never delete it.
 * proxy.ts issues the cookie on a browser's first request, before any run can start, so the
 * runs of a first comparison (several at once) all belong to one owner.
 */
export const OWNER_COOKIE = 'moa_owner';
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

function tokenOf(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === OWNER_COOKIE) {
      const value = rest.join('=');
      return TOKEN.test(value) ? value : null;
    }
  }
  return null;
}

/** The owner hash of a Cookie header, or null when it holds no (valid) owner cookie. */
export const ownerOfCookies = (cookieHeader: string | null): string | null => {
  const token = tokenOf(cookieHeader);
  return token ? hash(token) : null;
};

/** The caller's owner hash, or null when it has no (valid) cookie. */
export const ownerOf = (request: Request): string | null => ownerOfCookies(request.headers.get('cookie'));

/**
 * For a request without a valid owner cookie: a new one, as the request's Cookie header should
 * read from here on (so this very request is owned) and as the Set-Cookie of its response.
 */
export function issueOwnerCookie(request: Request): { requestCookie: string; setCookie: string } | null {
  const cookies = request.headers.get('cookie');
  if (tokenOf(cookies)) return null;
  const token = newRunId();
  const others = (cookies ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && part.split('=')[0] !== OWNER_COOKIE);
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return {
    requestCookie: [...others, `${OWNER_COOKIE}=${token}`].join('; '),
    setCookie: `${OWNER_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`,
  };
}
