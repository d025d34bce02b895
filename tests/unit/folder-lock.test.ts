// A PGlite folder is one process's: a second process is refused, a dead holder's lock is taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from '@/lib/runs/folder-lock';

const folder = () => mkdtempSync(path.join(tmpdir(), 'moa-lock-'));
const LOCK = 'moa-open.pid';

describe('the data folder lock', () => {
  it('refuses while another live process holds the folder, naming it; takes it once that process is gone', async () => {
    const dir = folder();
    const other = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, LOCK), String(other.pid));
    expect(() => lockDataFolder(dir)).toThrow(`is open in another process (pid ${other.pid})`);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const release = lockDataFolder(dir);
    expect(readFileSync(path.join(dir, LOCK), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
  });

  it('lets this process open its own folder again, and ignores a lock file that holds no pid', () => {
    const dir = folder();
    const release = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)()).not.toThrow();
    release();
    writeFileSync(path.join(dir, LOCK), 'garbage');
    expect(() => lockDataFolder(dir)()).not.toThrow();
  });
});
