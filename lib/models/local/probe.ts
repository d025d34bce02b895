/**
 * Loads a GGUF once in a throwaway child process. Some malformed files make llama.cpp abort
 * the whole process (a GGML_ASSERT), and the header check cannot foresee every such case:
 * a crash here costs a child, not the server.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PROBE_TIMEOUT_MS = 180_000;

// Runs in the child: print one JSON line saying whether the model loaded.
const PROBE_SCRIPT = `
const errors = [];
const say = (result) => process.stdout.write(JSON.stringify(result) + '\\n');
try {
  const { getLlama } = await import(process.env.MOA_PROBE_LIBRARY);
  const llama = await getLlama({
    gpu: false, build: 'never', maxThreads: 1, progressLogs: false, logLevel: 'error',
    logger: (level, message) => { errors.push(String(message).trim()); },
  });
  const model = await llama.loadModel({ modelPath: process.env.MOA_PROBE_MODEL });
  say({ ok: true, trainContextSize: model.trainContextSize });
  await model.dispose();
} catch (error) {
  say({ ok: false, error: String(error && error.message || error), log: errors.slice(-5) });
}
process.exit(0);
`;

/** The script as a file: node-llama-cpp forks test processes with our execArgv, so `node -e` would recurse. */
function scriptFile(): string {
  const dir = join(tmpdir(), 'moa-playground');
  const file = join(dir, 'gguf-probe-v1.mjs');
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== PROBE_SCRIPT) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, PROBE_SCRIPT);
  }
  return file;
}

export type ProbeResult = { ok: true; trainContextSize: number } | { ok: false; reason: string };

/** The installed node-llama-cpp's entry, as a URL the child can import. */
function libraryUrl(): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return pathToFileURL(require.resolve('node-llama-cpp')).href;
}

/** Turns llama.cpp's log lines into one readable reason. */
export function describeLoadFailure(error: string, log: string[]): string {
  const detail = log
    .map((line) => /error loading model: (.*)/.exec(line)?.[1] ?? null)
    .find((line): line is string => !!line);
  return detail ? `llama.cpp could not load it: ${detail.replace(/ from \/.*$/, '')}` : `llama.cpp could not load it: ${error}`;
}

export function probeModel(path: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let library: string;
    let script: string;
    try {
      library = libraryUrl();
      script = scriptFile();
    } catch (error) {
      resolve({ ok: false, reason: `Cannot check the model: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, MOA_PROBE_LIBRARY: library, MOA_PROBE_MODEL: path, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8192)));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `Could not start the model check: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1);
      try {
        const result = JSON.parse(line ?? '') as { ok: boolean; trainContextSize?: number; error?: string; log?: string[] };
        if (result.ok) return resolve({ ok: true, trainContextSize: result.trainContextSize ?? 0 });
        return resolve({ ok: false, reason: describeLoadFailure(result.error ?? 'unknown error', result.log ?? []) });
      } catch {
        // No verdict: the child died inside llama.cpp.
      }
      const assertion = /GGML_ASSERT\(.*?\) failed/.exec(stderr)?.[0];
      const last = stderr.trim().split('\n').filter(Boolean).at(-1);
      const how = signal === 'SIGKILL' ? 'timed out' : `crashed (${signal ?? `exit code ${code}`})`;
      resolve({ ok: false, reason: `llama.cpp ${how} while loading this file${assertion ? `: ${assertion}` : last ? `: ${last.slice(0, 200)}` : ''}. The file is malformed.` });
    });
  });
}
