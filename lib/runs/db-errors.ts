/** What a database error means, as postgres-js and PGlite report it (drizzle wraps it in `cause`). */

const codesOf = (error: unknown): unknown[] => {
  const codes: unknown[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) codes.push(e.code);
  return codes;
};

/** Postgres's unique_violation. */
export const isUniqueViolation = (error: unknown): boolean => codesOf(error).includes('23505');

/** Node socket errors, postgres-js's own connection codes, and Postgres's connection and shutdown classes (08, 57P0x). */
const LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03']);

/** The database could not be reached, or dropped the connection: worth waiting for and trying again. */
export const isConnectionLost = (error: unknown): boolean => codesOf(error).some((code) => typeof code === 'string' && (LOST.has(code) || code.startsWith('08')));
