import { isIP } from 'node:net';

/**
 * `TRUST_PROXY` unset or `false`: the socket's address. Next.js puts it in X-Forwarded-For
 * when the client sent none, and the server strips any client-sent one first
 * (`stripClientForwardedFor`, installed from instrumentation.ts), so it cannot be spoofed.
 * `true`: the leftmost X-Forwarded-For entry (a proxy that overwrites the header).
 * A number N: the Nth entry from the right (N proxies that each append).
 */
export type TrustProxy = boolean | number;

export function parseTrustProxy(value: string | number | undefined): TrustProxy {
  if (value === undefined || value === 'false' || value === 0) return false;
  if (value === 'true') return true;
  return Number(value);
}

export function clientIp(headers: Headers, trust: TrustProxy): string {
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let candidate: string | undefined;
  if (trust === true) candidate = chain[0];
  else if (typeof trust === 'number' && trust > 0) candidate = chain[Math.max(0, chain.length - trust)];
  else candidate = chain.at(-1);
  return normalise(candidate) ?? 'unknown';
}

function normalise(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const bare = ip.replace(/^\[|\](:\d+)?$/g, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return isIP(bare) ? bare : undefined;
}

/**
 * The key limits count a client by: its IPv4 address, or its IPv6 /64. One subscriber usually
 * holds a whole /64, so keying by full address would let it rotate past every limit.
 */
export function clientKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
