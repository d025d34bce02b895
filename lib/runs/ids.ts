/** Run ids: 128 random bits as base64url (22 characters); unguessable, so a link is a capability. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const isRunId = (value: unknown): value is string => typeof value === 'string' && RUN_ID_PATTERN.test(value);

export function newRunId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString('base64url');
}
