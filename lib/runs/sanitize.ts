/** Postgres text and jsonb cannot hold U+0000. */
export const stripNul = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '') : text);

/** The same, through any JSON value. */
export function stripNulDeep<T>(value: T): T {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? (JSON.parse(json.replaceAll('\\u0000', '')) as T) : value;
}
