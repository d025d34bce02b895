import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type ScriptRun = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs a script of scripts/ with tsx in a child process, from the project's root, as its npm script does. */
export function runScript(script: string, args: string[], options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join('scripts', script), ...args], {
      cwd: join(import.meta.dirname, '../../..'),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
