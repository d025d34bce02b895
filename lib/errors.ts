/**
 * Every error the server answers is JSON `{error, details?, code}`: a sentence to show, lines of
 * what to change, and a code shaped `type:surface` that clients branch on instead of parsing text.
 */
export type ErrorType =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limit'
  | 'cancelled'
  | 'server'
  | 'upstream'
  | 'unavailable';

/** `type` alone, or `type:surface` where the client must tell cases of one type apart. */
export type ErrorCode = ErrorType | `${ErrorType}:${string}`;

/** The codes clients act on. */
export const ERROR_CODES = {
  appPassword: 'unauthorized:app-password',
  crossSite: 'forbidden:cross-site',
  notJson: 'unsupported_media_type:json',
  shuttingDown: 'unavailable:shutting-down',
} as const satisfies Record<string, ErrorCode>;

export type ErrorBody = {
  error: string; details?: string[]; code: ErrorCode;
  /** A change the server checked would let the request through (a follow-up without its oldest turns). */
  fix?: { dropOldestTurns: number };
};

const TYPE_OF_STATUS: Record<number, ErrorType> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limit',
  499: 'cancelled',
  502: 'upstream',
  503: 'unavailable',
};

export const errorTypeOf = (status: number): ErrorType => TYPE_OF_STATUS[status] ?? (status >= 500 ? 'server' : 'bad_request');

/** The header that carries the app password (APP_PASSWORD): from the tab's storage, never a cookie. */
export const APP_PASSWORD_HEADER = 'x-app-password';
