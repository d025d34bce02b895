/** A JSON error body the client can show as it is: `{error, details?}`. */
export function jsonError(status: number, error: string, details?: string[]): Response {
  return Response.json(details?.length ? { error, details } : { error }, { status });
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

/**
 * The body as text, or null once it passes `maxBytes`: a chunked body (no content-length) is
 * read only that far, never buffered whole.
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
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (maxBytes: number) => jsonError(413, `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
