/**
 * Reads and checks a GGUF file's header, metadata and tensor table before llama.cpp sees it.
 * llama.cpp answers many malformed files with an assertion that kills the whole process
 * (e.g. duplicate vocabulary tokens), so anything we can catch here becomes a readable error.
 */
import { open, type FileHandle } from 'node:fs/promises';

export class GgufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GgufError';
  }
}

export type GgufSummary = {
  version: number;
  architecture: string;
  name?: string;
  /** e.g. "0.5B", from the file, else computed from the tensors. */
  sizeLabel: string;
  parameters: number;
  /** Quantisation, e.g. "Q4_K_M". */
  fileType?: string;
  contextLength?: number;
  vocabularySize: number;
  hasChatTemplate: boolean;
  tensorCount: number;
  fileBytes: number;
};

// ggml type id → [elements per block, bytes per block] (ggml.c type_traits).
const GGML_TYPES: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82],
  23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2],
  34: [256, 54], 35: [256, 66], 39: [32, 17],
};

// llama_ftype → name (llama.h), for the picker's description.
const FILE_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M',
  13: 'Q3_K_L', 14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS',
  21: 'Q2_K_S', 22: 'IQ3_XS', 23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL', 26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S',
  29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16', 36: 'TQ1_0', 37: 'TQ2_0', 38: 'MXFP4',
};

const enum T { U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 }
const SCALAR_BYTES: Partial<Record<T, number>> = {
  [T.U8]: 1, [T.I8]: 1, [T.U16]: 2, [T.I16]: 2, [T.U32]: 4, [T.I32]: 4, [T.F32]: 4, [T.BOOL]: 1, [T.U64]: 8, [T.I64]: 8, [T.F64]: 8,
};
const MAX_STRING_BYTES = 64 * 1024 * 1024;
const MAX_DIMS = 4;
const CHUNK = 1 << 20;

/** Sequential little-endian reads over a file, a chunk at a time, never past its end. */
class Reader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  private async need(n: number, what: string) {
    if (this.pos + n > this.size) throw new GgufError(`The file is truncated: it ends inside ${what} (offset ${this.pos}, ${this.size} bytes in all).`);
    const end = this.bufStart + this.buf.length;
    if (this.pos >= this.bufStart && this.pos + n <= end) return;
    const length = Math.min(Math.max(n, CHUNK), this.size - this.pos);
    const next = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(next, 0, length, this.pos);
    if (bytesRead < n) throw new GgufError(`The file is truncated: it ends inside ${what}.`);
    this.buf = next.subarray(0, bytesRead);
    this.bufStart = this.pos;
  }
  private at() {
    return this.pos - this.bufStart;
  }
  async bytes(n: number, what: string): Promise<Buffer> {
    await this.need(n, what);
    const b = this.buf.subarray(this.at(), this.at() + n);
    this.pos += n;
    return b;
  }
  async u32(what: string) {
    return (await this.bytes(4, what)).readUInt32LE(0);
  }
  async u64(what: string): Promise<number> {
    const value = (await this.bytes(8, what)).readBigUInt64LE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufError(`${what} is impossibly large (${value}).`);
    return Number(value);
  }
  async string(what: string): Promise<string> {
    const length = await this.u64(`the length of ${what}`);
    if (length > MAX_STRING_BYTES || this.pos + length > this.size) {
      throw new GgufError(`${what} claims ${length.toLocaleString('en-US')} bytes, more than the file holds: the file is truncated or corrupt.`);
    }
    return (await this.bytes(length, what)).toString('utf8');
  }
  async skip(n: number, what: string) {
    if (this.pos + n > this.size) throw new GgufError(`The file is truncated: it ends inside ${what}.`);
    this.pos += n;
  }
}

type Meta = Map<string, unknown>;
/** Keys whose arrays we keep (the vocabulary is checked; other arrays are only walked). */
const KEEP_ARRAYS = new Set(['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type']);

async function readScalar(r: Reader, type: T, what: string): Promise<unknown> {
  switch (type) {
    case T.STRING:
      return r.string(what);
    case T.U64:
    case T.I64: {
      const b = await r.bytes(8, what);
      return Number(type === T.U64 ? b.readBigUInt64LE(0) : b.readBigInt64LE(0));
    }
    case T.F64: return (await r.bytes(8, what)).readDoubleLE(0);
    case T.U32: return (await r.bytes(4, what)).readUInt32LE(0);
    case T.I32: return (await r.bytes(4, what)).readInt32LE(0);
    case T.F32: return (await r.bytes(4, what)).readFloatLE(0);
    case T.U16: return (await r.bytes(2, what)).readUInt16LE(0);
    case T.I16: return (await r.bytes(2, what)).readInt16LE(0);
    case T.U8: return (await r.bytes(1, what)).readUInt8(0);
    case T.I8: return (await r.bytes(1, what)).readInt8(0);
    case T.BOOL: {
      const v = (await r.bytes(1, what)).readUInt8(0);
      if (v > 1) throw new GgufError(`${what} is not a valid boolean.`);
      return v === 1;
    }
    default:
      throw new GgufError(`${what} has an unknown value type (${type}).`);
  }
}

async function readValue(r: Reader, key: string, type: T): Promise<unknown> {
  const what = `metadata "${key}"`;
  if (type !== T.ARRAY) return readScalar(r, type, what);
  const itemType = (await r.u32(what)) as T;
  const count = await r.u64(`the length of ${what}`);
  if (itemType === T.ARRAY) throw new GgufError(`${what} is an array of arrays, which GGUF does not allow.`);
  const minItem = itemType === T.STRING ? 8 : SCALAR_BYTES[itemType];
  if (minItem === undefined) throw new GgufError(`${what} has an unknown item type (${itemType}).`);
  if (count * minItem > r.size - r.pos) {
    throw new GgufError(`${what} claims ${count.toLocaleString('en-US')} items, more than the file holds: the file is truncated or corrupt.`);
  }
  if (!KEEP_ARRAYS.has(key) && itemType !== T.STRING) {
    await r.skip(count * minItem, what);
    return { length: count };
  }
  const items: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) items[i] = await readScalar(r, itemType, `${what}[${i}]`);
  return items;
}

const formatCount = (n: number) =>
  n >= 1e9 ? `${+(n / 1e9).toFixed(1)}B` : n >= 1e6 ? `${Math.round(n / 1e6)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}K` : String(n);

/** Reads a GGUF file's header, metadata and tensor table; throws GgufError saying what is wrong. */
export async function inspectGguf(path: string): Promise<GgufSummary> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const r = new Reader(file, size);
    const magic = await r.bytes(4, 'the header');
    if (magic.toString('latin1') !== 'GGUF') throw new GgufError('This is not a GGUF file (its first bytes are not "GGUF").');
    const version = await r.u32('the header');
    if (version === 1) throw new GgufError('GGUF version 1 is too old for llama.cpp; convert the model again.');
    if (version !== 2 && version !== 3) {
      throw new GgufError(version > 0xffff ? 'Big-endian GGUF files are not supported.' : `Unsupported GGUF version ${version}.`);
    }
    const tensorCount = await r.u64('the tensor count');
    const kvCount = await r.u64('the metadata count');
    // Every metadata pair and tensor entry takes well over 8 bytes: counts beyond that are garbage.
    if (tensorCount * 24 > size || kvCount * 12 > size) {
      throw new GgufError(`The header claims ${tensorCount} tensors and ${kvCount} metadata entries, more than the file holds: it is corrupt.`);
    }

    const meta: Meta = new Map();
    for (let i = 0; i < kvCount; i++) {
      const key = await r.string(`metadata key ${i + 1}`);
      if (meta.has(key)) throw new GgufError(`Metadata key "${key}" appears twice.`);
      const type = (await r.u32(`the type of metadata "${key}"`)) as T;
      meta.set(key, await readValue(r, key, type));
    }

    const alignment = meta.get('general.alignment') ?? 32;
    if (typeof alignment !== 'number' || alignment < 8 || alignment % 8 !== 0) {
      throw new GgufError(`general.alignment must be a multiple of 8 (it is ${String(alignment)}).`);
    }

    const tensors: { name: string; offset: number; bytes: number }[] = [];
    const names = new Set<string>();
    let parameters = 0;
    for (let i = 0; i < tensorCount; i++) {
      const name = await r.string(`tensor name ${i + 1}`);
      if (names.has(name)) throw new GgufError(`Tensor "${name}" appears twice.`);
      names.add(name);
      const dims = await r.u32(`the dimensions of tensor "${name}"`);
      if (dims < 1 || dims > MAX_DIMS) throw new GgufError(`Tensor "${name}" has ${dims} dimensions (1–${MAX_DIMS} allowed).`);
      const shape: number[] = [];
      for (let d = 0; d < dims; d++) shape.push(await r.u64(`the shape of tensor "${name}"`));
      const elements = shape.reduce((a, b) => a * b, 1);
      if (!Number.isSafeInteger(elements)) throw new GgufError(`Tensor "${name}" is impossibly large.`);
      const type = await r.u32(`the type of tensor "${name}"`);
      const traits = GGML_TYPES[type];
      if (!traits) throw new GgufError(`Tensor "${name}" has an unknown or retired ggml type (${type}).`);
      if (shape[0] % traits[0] !== 0) throw new GgufError(`Tensor "${name}": its row of ${shape[0]} is not a whole number of ${traits[0]}-element blocks.`);
      const offset = await r.u64(`the offset of tensor "${name}"`);
      if (offset % alignment !== 0) throw new GgufError(`Tensor "${name}" is not aligned to ${alignment} bytes.`);
      tensors.push({ name, offset, bytes: (elements / traits[0]) * traits[1] });
      parameters += elements;
    }

    const dataStart = Math.ceil(r.pos / alignment) * alignment;
    for (const t of tensors) {
      const end = dataStart + t.offset + t.bytes;
      if (end > size) {
        throw new GgufError(
          `The file is truncated: tensor "${t.name}" needs bytes up to ${end.toLocaleString('en-US')} but the file has ${size.toLocaleString('en-US')}. Download it again.`,
        );
      }
    }

    const architecture = meta.get('general.architecture');
    if (typeof architecture !== 'string' || !architecture) throw new GgufError('general.architecture is missing: this GGUF does not describe a model.');
    if (tensorCount === 0) throw new GgufError('The file holds no tensors (a vocabulary-only GGUF cannot generate text).');

    const tokens = meta.get('tokenizer.ggml.tokens');
    if (!Array.isArray(tokens) || tokens.length === 0) throw new GgufError('tokenizer.ggml.tokens is missing: the model has no vocabulary.');
    const seen = new Map<string, number>();
    tokens.forEach((token, id) => {
      const first = seen.get(token as string);
      // llama.cpp aborts the whole process on this (GGML_ASSERT in llama-vocab.cpp).
      if (first !== undefined) throw new GgufError(`The vocabulary is corrupt: token ${JSON.stringify(token)} appears twice (ids ${first} and ${id}).`);
      seen.set(token as string, id);
    });
    for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
      const values = meta.get(key);
      if (Array.isArray(values) && values.length !== tokens.length) {
        throw new GgufError(`${key} has ${values.length} entries for ${tokens.length} tokens.`);
      }
    }

    const fileType = meta.get('general.file_type');
    const sizeLabel = meta.get('general.size_label');
    const context = meta.get(`${architecture}.context_length`);
    const name = meta.get('general.name');
    return {
      version,
      architecture,
      name: typeof name === 'string' ? name : undefined,
      sizeLabel: typeof sizeLabel === 'string' && sizeLabel ? sizeLabel : formatCount(parameters),
      parameters,
      fileType: typeof fileType === 'number' ? FILE_TYPES[fileType] : undefined,
      contextLength: typeof context === 'number' ? context : undefined,
      vocabularySize: tokens.length,
      hasChatTemplate: typeof meta.get('tokenizer.chat_template') === 'string',
      tensorCount,
      fileBytes: size,
    };
  } finally {
    await file.close();
  }
}
