/** A JSON error body the client can show as it is: `{error, details?}`. */
export function jsonError(status: number, error: string, details?: string[]): Response {
  return Response.json(details?.length ? { error, details } : { error }, { status });
}

/** Reads a JSON body of at most `maxBytes`; `null` body means it was too big or not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError(400, 'The request body must be JSON.') };
  }
}

const tooLarge = (maxBytes: number) => jsonError(413, `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
