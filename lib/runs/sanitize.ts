import 'server-only';
import { env } from '../env';

/** Postgres text and jsonb cannot hold U+0000. */
export const stripNul = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '') : text);

/** The same, through any JSON value. */
export function stripNulDeep<T>(value: T): T {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? (JSON.parse(json.replaceAll('\\u0000', '')) as T) : value;
}

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|DATABASE_URL/;

/**
 * Stored and shared text must never carry a credential: provider errors sometimes quote a
 * key, a URL with user:password, or an Authorization header.
 */
export function redactSecrets(text: string): string {
  let out = text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 ***');
  for (const [name, value] of Object.entries(env)) {
    if (SECRET_NAME.test(name) && typeof value === 'string' && value.length >= 6) out = out.replaceAll(value, '***');
  }
  return out;
}
