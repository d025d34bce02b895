/**
 * Downloads model files into the models folder: resumable (HTTP Range on a `.part` file),
 * checked against a pinned SHA-256 before the file gets its real name, with progress events.
 * Shared by `npm run models:pull` and the UI's download route.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file to fetch: where from, and the size and SHA-256 it must have. */
export type PullTarget = { file: string; label: string; url: string; bytes: number; sha256: string };

export type PullEvent =
  | { type: 'start'; file: string; label: string; total: number; resumedFrom: number }
  | { type: 'progress'; file: string; received: number; total: number; bytesPerSecond: number }
  | { type: 'verifying'; file: string }
  | { type: 'done'; file: string; alreadyPresent: boolean }
  | { type: 'error'; file?: string; message: string; offline: boolean };

export class PullError extends Error {
  constructor(
    message: string,
    /** True when the host could not be reached at all: most likely no internet. */
    readonly offline = false,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

export type PullOptions = {
  onEvent?: (event: PullEvent) => void;
  signal?: AbortSignal;
  /** Until the response headers arrive. */
  connectTimeoutMs?: number;
  /** Longest wait for the next bytes of the body. */
  stallTimeoutMs?: number;
  progressEveryMs?: number;
};

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

const hostOf = (url: string) => new URL(url).host;
const mb = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MB`;

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** Downloads one model into `dir`; resolves when the verified file is in place. */
export async function pullModel(model: PullTarget, dir: string, options: PullOptions = {}): Promise<void> {
  const { onEvent = () => {}, signal, connectTimeoutMs = 15_000, stallTimeoutMs = 30_000, progressEveryMs = 100 } = options;
  const target = join(dir, model.file);
  const part = `${target}.part`;
  await mkdir(dir, { recursive: true });

  const existing = await stat(target).catch(() => null);
  if (existing?.size === model.bytes) {
    onEvent({ type: 'done', file: model.file, alreadyPresent: true });
    return;
  }

  let start = (await stat(part).catch(() => null))?.size ?? 0;
  if (start > model.bytes) {
    await rm(part, { force: true });
    start = 0;
  }
  let hash = createHash('sha256');
  if (start > 0) await hashFile(part, hash);

  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number, why: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => stop.abort(new PullError(why)), ms);
  };

  try {
    let response: Response;
    arm(connectTimeoutMs, 'timeout');
    try {
      response = await fetch(model.url, { headers: start > 0 ? { range: `bytes=${start}-` } : {}, signal: stop.signal, redirect: 'follow' });
    } catch (error) {
      if (signal?.aborted) throw error;
      const code = stop.signal.aborted ? 'timed out' : causeCode(error);
      if (code === 'timed out' || (code && UNREACHABLE.has(code))) {
        throw new PullError(
          `No internet connection: could not reach ${hostOf(model.url)} (${code}). Nothing was downloaded. ` +
            `Connect this machine to the internet and try again, or copy .gguf files into ${dir} by hand.`,
          true,
        );
      }
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new PullError(`Could not download ${model.file} from ${hostOf(model.url)}: ${code ?? cause}.`);
    }

    if (response.status === 416 && start === model.bytes) {
      // The part is already whole: only the check remains.
    } else if (response.status === 206 && start > 0 && Number(/bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1]) === start) {
      // Resuming where the part ends.
    } else if (response.status === 200) {
      // The server sent the whole file (no Range support, or a fresh start).
      start = 0;
      hash = createHash('sha256');
    } else {
      throw new PullError(`${hostOf(model.url)} answered HTTP ${response.status} for ${model.file}: try again later.`);
    }

    onEvent({ type: 'start', file: model.file, label: model.label, total: model.bytes, resumedFrom: start });
    if (response.status !== 416 && response.body) {
      const out = await open(part, start > 0 ? 'a' : 'w');
      let received = start;
      const began = performance.now();
      let lastEvent = 0;
      try {
        const reader = response.body.getReader();
        for (;;) {
          arm(stallTimeoutMs, 'stalled');
          const { done, value } = await reader.read();
          if (done) break;
          hash.update(value);
          await out.write(value);
          received += value.length;
          if (received > model.bytes) throw new PullError(`${model.file} is larger than expected: the server sent a different file.`);
          const now = performance.now();
          if (now - lastEvent >= progressEveryMs) {
            lastEvent = now;
            const bytesPerSecond = ((received - start) / Math.max(1, now - began)) * 1000;
            onEvent({ type: 'progress', file: model.file, received, total: model.bytes, bytesPerSecond });
          }
        }
      } catch (error) {
        if (signal?.aborted || error instanceof PullError) throw error;
        throw new PullError(
          `The download of ${model.file} was interrupted after ${mb(received)} (${causeCode(error) ?? (error instanceof Error ? error.message : String(error))}). Run it again to resume.`,
        );
      } finally {
        clearTimeout(timer);
        await out.close();
      }
      onEvent({ type: 'progress', file: model.file, received, total: model.bytes, bytesPerSecond: 0 });
      if (received !== model.bytes) throw new PullError(`The download of ${model.file} ended early, at ${mb(received)} of ${mb(model.bytes)}. Run it again to resume.`);
    }

    onEvent({ type: 'verifying', file: model.file });
    const digest = hash.digest('hex');
    if (digest !== model.sha256) {
      await rm(part, { force: true });
      throw new PullError(`${model.file} failed its checksum (SHA-256 ${digest.slice(0, 12)}…, expected ${model.sha256.slice(0, 12)}…) and was deleted. Run it again.`);
    }
    await rename(part, target);
    onEvent({ type: 'done', file: model.file, alreadyPresent: false });
  } catch (error) {
    // A stall or connect timeout shows up as our own PullError reason.
    const reason: unknown = stop.signal.reason;
    if (!signal?.aborted && reason instanceof PullError && reason.message === 'stalled') {
      throw new PullError(`The download of ${model.file} stalled (no data for ${stallTimeoutMs / 1000} s). Run it again to resume.`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Pulls each model in turn; stops at the first failure (with no internet, the rest would fail too). */
export async function pullModels(models: readonly PullTarget[], dir: string, options: PullOptions = {}): Promise<boolean> {
  for (const model of models) {
    try {
      await pullModel(model, dir, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const offline = error instanceof PullError && error.offline;
      options.onEvent?.({ type: 'error', file: model.file, message: error instanceof Error ? error.message : String(error), offline });
      return false;
    }
  }
  return true;
}
