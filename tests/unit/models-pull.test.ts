// `npm run models:pull` and the UI's download: resumable, checksummed, clear when offline.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullModel, pullModels, PullError, type PullEvent, type PullTarget } from '@/lib/models/local/pull';
import { downloadUrl, RECOMMENDED_MODELS } from '@/lib/models/local/recommended';

const payload = randomBytes(3 * 1024 * 1024 + 123);
const sha256 = createHash('sha256').update(payload).digest('hex');

type Mode = { ignoreRange?: boolean; cutAfter?: number; body?: Buffer; status?: number };
let mode: Mode = {};
const seen: { range?: string }[] = [];
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ range: req.headers.range });
    if (mode.status) return void res.writeHead(mode.status).end();
    const body = mode.body ?? payload;
    const match = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const from = match && !mode.ignoreRange ? Number(match[1]) : 0;
    if (from >= body.length) return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    const headers = { 'content-length': String(body.length - from), 'content-type': 'application/octet-stream' };
    if (from > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` });
    else res.writeHead(200, headers);
    const slice = body.subarray(from);
    if (mode.cutAfter !== undefined) {
      res.write(slice.subarray(0, mode.cutAfter), () => res.destroy());
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
beforeEach(() => {
  mode = {};
  seen.length = 0;
  dir = mkdtempSync(join(tmpdir(), 'pull-test-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const model = (overrides: Partial<PullTarget> = {}): PullTarget => ({
  file: 'test-model.gguf', label: 'Test model', url: `${base}/test-model.gguf`, bytes: payload.length, sha256, ...overrides,
});

async function pull(m = model()) {
  const events: PullEvent[] = [];
  const error = await pullModel(m, dir, { onEvent: (e) => events.push(e), progressEveryMs: 0 }).then(() => null, (e: unknown) => e);
  return { events, error: error as PullError | null };
}

describe('pulling a model file', () => {
  it('downloads, reports progress, checks the SHA-256, and only then gives the file its name', async () => {
    const { events, error } = await pull();
    expect(error).toBeNull();
    expect(readFileSync(join(dir, 'test-model.gguf')).equals(payload)).toBe(true);
    expect(existsSync(join(dir, 'test-model.gguf.part'))).toBe(false);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ received: payload.length, total: payload.length });
    expect(events.map((e) => e.type).filter((t) => t !== 'progress')).toEqual(['start', 'verifying', 'done']);
  });

  it('resumes an interrupted download with an HTTP Range request', async () => {
    mode = { cutAfter: 1024 * 1024 };
    const first = await pull();
    expect(first.error).toBeInstanceOf(PullError);
    expect(first.error!.message).toMatch(/interrupted after 1 MB.*Run it again to resume/);
    expect(first.error!.offline).toBe(false);
    const kept = statSync(join(dir, 'test-model.gguf.part')).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(1024 * 1024);

    mode = {};
    const second = await pull();
    expect(second.error).toBeNull();
    expect(seen.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(second.events[0]).toMatchObject({ type: 'start', resumedFrom: kept });
    expect(readFileSync(join(dir, 'test-model.gguf')).equals(payload)).toBe(true);
  });

  it('starts over cleanly when the server ignores the Range header', async () => {
    writeFileSync(join(dir, 'test-model.gguf.part'), payload.subarray(0, 5000));
    mode = { ignoreRange: true };
    const { error, events } = await pull();
    expect(error).toBeNull();
    expect(events[0]).toMatchObject({ type: 'start', resumedFrom: 0 });
    expect(readFileSync(join(dir, 'test-model.gguf')).equals(payload)).toBe(true);
  });

  it('finishes a part that is already whole with just the check', async () => {
    writeFileSync(join(dir, 'test-model.gguf.part'), payload);
    const { error } = await pull();
    expect(error).toBeNull();
    expect(readFileSync(join(dir, 'test-model.gguf')).equals(payload)).toBe(true);
  });

  it('throws away a download that fails its checksum', async () => {
    const other = Buffer.from(payload);
    other[1000] ^= 0xff;
    mode = { body: other };
    const { error } = await pull();
    expect(error!.message).toMatch(/failed its checksum .* and was deleted/);
    expect(existsSync(join(dir, 'test-model.gguf'))).toBe(false);
    expect(existsSync(join(dir, 'test-model.gguf.part'))).toBe(false);
  });

  it('skips a file that is already there', async () => {
    writeFileSync(join(dir, 'test-model.gguf'), payload);
    const { events } = await pull();
    expect(events).toEqual([{ type: 'done', file: 'test-model.gguf', alreadyPresent: true }]);
    expect(seen).toEqual([]);
  });

  it('says plainly that there is no internet when the host cannot be reached', async () => {
    const unreachable = await pull(model({ url: `${await closedPort()}/model.gguf` }));
    expect(unreachable.error!.offline).toBe(true);
    expect(unreachable.error!.message).toMatch(/^No internet connection: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Nothing was downloaded\./);
    expect(readdirSync(dir)).toEqual([]);
    const unknownHost = await pull(model({ url: 'http://models.invalid/model.gguf' }));
    expect(unknownHost.error!.offline).toBe(true);
    expect(unknownHost.error!.message).toMatch(/could not reach models\.invalid \((ENOTFOUND|EAI_AGAIN)\)/);
  });

  it('reports an HTTP error as such', async () => {
    mode = { status: 404 };
    const { error } = await pull();
    expect(error!.offline).toBe(false);
    expect(error!.message).toMatch(/answered HTTP 404 for test-model.gguf/);
  });

  it('stops a list of pulls at the first failure, with an error event', async () => {
    const events: PullEvent[] = [];
    const ok = await pullModels([model({ url: `${await closedPort()}/a.gguf` }), model({ file: 'b.gguf' })], dir, { onEvent: (e) => events.push(e) });
    expect(ok).toBe(false);
    expect(events).toEqual([expect.objectContaining({ type: 'error', file: 'test-model.gguf', offline: true })]);
    expect(seen).toEqual([]);
  });

  it('fetches the recommended files from Hugging Face, or from the mirror in HF_ENDPOINT', () => {
    expect(downloadUrl(RECOMMENDED_MODELS[0])).toBe('https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/9217f5db79a29953eb74d5343926648285ec7e67/qwen2.5-0.5b-instruct-q4_k_m.gguf');
    expect(downloadUrl(RECOMMENDED_MODELS[1], 'https://hf-mirror.example/')).toBe('https://hf-mirror.example/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main/SmolLM2-360M-Instruct-Q4_K_M.gguf');
    for (const m of RECOMMENDED_MODELS) expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
