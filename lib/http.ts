import { errorTypeOf, type ErrorBody, type ErrorCode } from './errors';

/** A JSON error body the client can show as it is: `{error, details?, code}` (lib/errors.ts). */
export function jsonError(status: number, error: string, details?: string[], code: ErrorCode = errorTypeOf(status), fix?: ErrorBody['fix']): Response {
  const body: ErrorBody = { error, ...(details?.length && { details }), code, ...(fix && { fix }) };
  return Response.json(body, { status });
}

/** Reads a JSON body of at most `maxBytes`; `null` body means it was too big or not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  const text = await readText(request, maxBytes);
  if (text === null) return { ok: false, response: tooLarge(maxBytes) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError(400, 'The request body must be JSON.') };
  }
}
/** How far past the limit a body is still read (and thrown away) so the client gets its 413. */
const DRAIN_FACTOR = 16;

/**
 * The body as text, or null when it passes `maxBytes`. A body without a length is never
 * buffered past the limit: the rest is read and dropped (the client, still sending, then gets
 * the 413 rather than a reset connection), and beyond DRAIN_FACTOR × the limit it is cut off.
 */
async function readText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes * DRAIN_FACTOR) {
      await reader.cancel().catch(() => {});
      return null;
    }
    if (size <= maxBytes) chunks.push(value);
  }
  return size > maxBytes ? null : Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (maxBytes: number) => jsonError(413, `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
