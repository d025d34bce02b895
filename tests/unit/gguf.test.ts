// The GGUF check that stands between a models folder and llama.cpp.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GgufError, inspectGguf } from '@/lib/models/local/gguf';
import { tinyGguf } from '../fixtures/tiny-gguf';

const dir = mkdtempSync(join(tmpdir(), 'gguf-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const good = tinyGguf();
const file = (name: string, bytes: Buffer | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const patched = (offset: number, write: (b: Buffer) => void) => {
  const copy = Buffer.from(good);
  write(copy.subarray(offset));
  return copy;
};
const rejection = async (path: string) => {
  const error = await inspectGguf(path).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GgufError);
  return (error as Error).message;
};

describe('inspectGguf', () => {
  it('reads what the picker shows from a valid file', async () => {
    const summary = await inspectGguf(file('good.gguf', good));
    expect(summary).toMatchObject({ version: 3, architecture: 'llama', name: 'Tiny random llama', fileType: 'F16', contextLength: 4096, hasChatTemplate: true, tensorCount: 20 });
    expect(summary.vocabularySize).toBeGreaterThan(2000);
    // token_embd (64 × vocab) + 2 layers of attention, FFN and norms + the output norm.
    expect(summary.parameters).toBe(64 * summary.vocabularySize + 2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64);
    expect(summary.fileBytes).toBe(good.length);
  });

  it('names the tensor a file truncated in its data is missing', async () => {
    expect(await rejection(file('cut-data.gguf', good.subarray(0, good.length - 4096)))).toMatch(/truncated: tensor "blk\.1\.[a-z_]+\.weight" needs bytes up to/);
  });

  it('says a file cut inside its metadata is truncated', async () => {
    expect(await rejection(file('cut-meta.gguf', good.subarray(0, 3000)))).toMatch(/truncated/);
    expect(await rejection(file('cut-header.gguf', good.subarray(0, 10)))).toMatch(/truncated/);
  });

  it('refuses what is not a GGUF at all, or an empty file', async () => {
    expect(await rejection(file('text.gguf', Buffer.from('{"not": "a model"}')))).toMatch(/not a GGUF file/);
    expect(await rejection(file('empty.gguf', Buffer.alloc(0)))).toMatch(/truncated/);
  });

  it('refuses unsupported versions', async () => {
    expect(await rejection(file('v1.gguf', patched(4, (b) => b.writeUInt32LE(1))))).toMatch(/version 1 is too old/);
    expect(await rejection(file('v9.gguf', patched(4, (b) => b.writeUInt32LE(9))))).toMatch(/Unsupported GGUF version 9/);
    expect(await rejection(file('be.gguf', patched(4, (b) => b.writeUInt32BE(3))))).toMatch(/Big-endian/);
  });

  it('refuses counts the file cannot hold, without trying to read them', async () => {
    expect(await rejection(file('tensors.gguf', patched(8, (b) => b.writeBigUInt64LE(1n << 40n))))).toMatch(/more than the file holds/);
    expect(await rejection(file('kvs.gguf', patched(16, (b) => b.writeBigUInt64LE(1n << 50n))))).toMatch(/more than the file holds/);
  });

  it('catches duplicate vocabulary tokens, on which llama.cpp would abort the process', async () => {
    expect(await rejection(file('dup.gguf', tinyGguf({ duplicateToken: true })))).toMatch(/vocabulary is corrupt: token "▁the" appears twice/);
  });

  it('wants an architecture', async () => {
    expect(await rejection(file('noarch.gguf', tinyGguf({ architecture: null })))).toMatch(/general\.architecture is missing/);
  });

  it('reports a string length pointing past the end of the file', async () => {
    // The first key's length field sits right after the 24-byte header.
    expect(await rejection(file('key.gguf', patched(24, (b) => b.writeBigUInt64LE(BigInt(good.length)))))).toMatch(/more than the file holds/);
  });

  it('survives random corruption with a GgufError, never a crash or a hang', async () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 40; i++) {
      const copy = Buffer.from(good);
      // Damage the header and tables (the first ~40 KB), where parsing decisions are made.
      for (let k = 0; k < 8; k++) copy[Math.floor(rand() * 40_000)] = Math.floor(rand() * 256);
      const path = file(`fuzz-${i}.gguf`, copy);
      await inspectGguf(path).catch((e: unknown) => expect(e).toBeInstanceOf(GgufError));
    }
  });
});
