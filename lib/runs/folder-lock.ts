import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A PGlite folder is one process's: two processes writing it corrupt it. The process that opens
 * it writes its pid here; another process finds that pid alive and refuses. A lock left by a
 * process that died (kill -9) is taken over.
 */
const LOCK_FILE = 'moa-open.pid';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the folder for this process, or throws naming the process that has it; returns the release. */
export function lockDataFolder(folder: string): () => void {
  const file = path.join(folder, LOCK_FILE);
  let holder = NaN;
  try {
    holder = Number(readFileSync(file, 'utf8').trim());
  } catch {
    // No lock yet.
  }
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
    throw new Error(`The data folder ${folder} is open in another process (pid ${holder}). Stop it first (one process at a time may use a PGlite folder), or use PostgreSQL (DATABASE_URL) to share the data.`);
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file);
    } catch {
      // Gone already.
    }
  };
}
