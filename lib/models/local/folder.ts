/**
 * The models folder: every `*.gguf` in it is a model `local:<file name without .gguf>`.
 * Each file is checked once per version (size + mtime): its header first (fast, in process),
 * then one trial load in a child process. Until both pass, llama.cpp never opens it here.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { GgufError, inspectGguf, type GgufSummary } from './gguf';
import type { ProbeResult } from './probe';

export type LocalModelStatus = 'checking' | 'ready' | 'unavailable';

export type LocalModelFile = {
  name: string;
  file: string;
  bytes: number;
  status: LocalModelStatus;
  /** Why it cannot be used. */
  reason?: string;
  summary?: GgufSummary;
};

export type ReadyModel = { path: string; version: string; summary: GgufSummary };

export class LocalModelUnavailableError extends Error {
  constructor(name: string, reason: string) {
    super(`local:${name} cannot be used: ${reason}`);
    this.name = 'LocalModelUnavailableError';
  }
}

type Entry = LocalModelFile & { path: string; version: string; header: Promise<void>; checked: Promise<void> };

export type ModelFolder = {
  dir: string;
  /** The folder as the user knows it: relative to the working directory when inside it. */
  displayDir: string;
  /** Reads the folder again; new or changed files are checked (their headers before this returns). */
  scan(): Promise<LocalModelFile[]>;
  /** Why `name` cannot be used, from what is known now; null when it can (or is still being checked). */
  problem(name: string): string | null;
  /** Waits for the file's checks; throws LocalModelUnavailableError when it failed them. */
  ready(name: string): Promise<ReadyModel>;
};

const GGUF = /\.gguf$/i;

export function createModelFolder(dir: string, options: { probe?: (path: string) => Promise<ProbeResult> } = {}): ModelFolder {
  const entries = new Map<string, Entry>();
  // Trial loads cost a process and a model's worth of memory: one at a time.
  let probes: Promise<unknown> = Promise.resolve();
  const rel = relative(process.cwd(), dir);
  const displayDir = rel && !rel.startsWith('..') ? rel : dir;

  function makeEntry(name: string, file: string, path: string, bytes: number, version: string): Entry {
    const entry = { name, file, path, bytes, version, status: 'checking' } as Entry;
    const fail = (reason: string) => {
      entry.status = 'unavailable';
      entry.reason = reason;
    };
    entry.header = /\s/.test(name)
      ? Promise.resolve(fail('its file name has spaces; model ids cannot. Rename the file.'))
      : inspectGguf(path).then(
          (summary) => {
            entry.summary = summary;
          },
          (error: unknown) => fail(error instanceof GgufError ? error.message : `it could not be read (${error instanceof Error ? error.message : String(error)}).`),
        );
    entry.checked = entry.header.then(async () => {
      if (entry.status === 'unavailable') return;
      if (!options.probe) {
        entry.status = 'ready';
        return;
      }
      const probe = options.probe;
      const result = (probes = probes.then(() => probe(path)));
      const verdict = (await result) as ProbeResult;
      if (verdict.ok) entry.status = 'ready';
      else fail(verdict.reason);
    });
    return entry;
  }

  async function scan(): Promise<LocalModelFile[]> {
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => GGUF.test(f));
    } catch {
      entries.clear();
      return [];
    }
    const seen = new Set<string>();
    await Promise.all(
      files.map(async (file) => {
        const path = join(dir, file);
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) return;
        const name = file.replace(GGUF, '');
        const version = `${info.size}:${info.mtimeMs}`;
        seen.add(name);
        if (entries.get(name)?.version !== version) entries.set(name, makeEntry(name, file, path, info.size, version));
      }),
    );
    for (const name of entries.keys()) if (!seen.has(name)) entries.delete(name);
    await Promise.all([...entries.values()].map((e) => e.header));
    return [...entries.values()]
      .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))
      .map(({ name, file, bytes, status, reason, summary }) => ({ name, file, bytes, status, reason, summary }));
  }

  return {
    dir,
    displayDir,
    scan,
    problem(name) {
      const entry = entries.get(name);
      if (entry) return entry.status === 'unavailable' ? (entry.reason ?? 'it failed its checks.') : null;
      return existsSync(join(dir, `${name}.gguf`)) ? null : `there is no model file "${name}.gguf" in ${displayDir}.`;
    },
    async ready(name) {
      if (!entries.has(name)) await scan();
      const entry = entries.get(name);
      if (!entry) throw new LocalModelUnavailableError(name, `there is no model file "${name}.gguf" in ${displayDir}.`);
      await entry.checked;
      if (entry.status !== 'ready' || !entry.summary) throw new LocalModelUnavailableError(name, entry.reason ?? 'it failed its checks.');
      return { path: entry.path, version: entry.version, summary: entry.summary };
    },
  };
}
