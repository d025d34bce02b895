/**
 * Redaction of credentials from text that leaves the server or is stored (error messages).
 * Provider errors sometimes echo a key (OpenAI's 401 names a masked key; proxies echo
 * headers; a URL may carry user:password), so error text passes through here once, where it
 * is made (lib/moa/errors.ts `describeError`), before a client, a log or the database sees it.
 */

const REDACTED = '[redacted]';

/** Values known to be secret on this server (API keys, the app password, the database URL), exact match. */
const known = new Set<string>();

/** Secrets shorter than this are not redacted by value: they would blank ordinary words. */
const MIN_KNOWN_LENGTH = 6;

export function rememberSecrets(values: Iterable<string | undefined>) {
  for (const value of values) if (value && value.length >= MIN_KNOWN_LENGTH) known.add(value);
}

// Shapes of credentials, for keys this server does not hold (e.g. echoed by a proxy).
const PATTERNS: [RegExp, string][] = [
  // `postgres://user:password@host`: the userinfo goes, the scheme and host stay.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
  // `authorization: Bearer x`, `api_key=x`, `"x-api-key": "x"`: keep the label, drop the value.
  [/\b((?:x-)?api[-_ ]?key|authorization|access[-_]?token|password|secret)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',;&]+/gi, `$1$2${REDACTED}`],
  [/\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=*-]+/gi, `$1 ${REDACTED}`],
  [/\b(?:sk|gsk|xai|pk|rk)[-_][A-Za-z0-9_*-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{10,}/g, REDACTED],
  [/([?&](?:key|api_key|apikey|token|access_token)=)[^&\s#"']+/gi, `$1${REDACTED}`],
];

export function redactSecrets(text: string): string {
  let out = text;
  // Longest first, so a key that contains another key is removed whole.
  for (const value of [...known].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Every env value that is a credential: names ending in _KEY, _TOKEN, _SECRET or PASSWORD, and DATABASE_URL. */
export function secretValuesOf(env: Record<string, unknown>): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    typeof value === 'string' && /(_KEY|_TOKEN|_SECRET|PASSWORD)$|^DATABASE_URL$/.test(name) ? [value] : [],
  );
}
