import 'server-only';
import { createHash } from 'node:crypto';
import { newRunId } from './ids';

/**
 * Who may list and delete runs: the browser that made them, known by a random httpOnly
 * cookie. Only its hash is stored. A share link lets anyone read a run, never delete it.
 */
export const OWNER_COOKIE = 'moa_owner';
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

function tokenOf(request: Request): string | null {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === OWNER_COOKIE) {
      const value = rest.join('=');
      return TOKEN.test(value) ? value : null;
    }
  }
  return null;
}

/** The caller's owner hash, or null when it has no (valid) cookie. */
export const ownerOf = (request: Request): string | null => {
  const token = tokenOf(request);
  return token ? hash(token) : null;
};

/** The caller's owner hash, issuing a cookie (to set on the response) when it has none. */
export function ownerFor(request: Request): { ownerHash: string; headers: Record<string, string> } {
  const existing = tokenOf(request);
  if (existing) return { ownerHash: hash(existing), headers: {} };
  const token = newRunId();
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return {
    ownerHash: hash(token),
    headers: { 'set-cookie': `${OWNER_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}` },
  };
}
