/** What the Local models panel shows: the models folder, the local servers, the recommended downloads. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalModels } from '.';
import { describeFile } from '.';
import type { JobEvent } from './pull-job';
import { currentPullJob } from './pull-job';
import { RECOMMENDED_MODELS } from './recommended';

export type LocalStatus = {
  /** The models folder, relative to the app when inside it. */
  dir: string;
  files: { id: string; name: string; bytes: number; status: 'checking' | 'ready' | 'unavailable'; reason?: string; description: string }[];
  servers: { id: string; label: string; url: string; answering: boolean; models: string[]; error?: string }[];
  recommended: { file: string; label: string; bytes: number; license: string; source: string; present: boolean; partialBytes: number }[];
  pull: { running: boolean; events: JobEvent[] };
};

export async function localStatus(local: LocalModels): Promise<LocalStatus> {
  const [files, found] = await Promise.all([local.folder.scan(), local.servers.detect()]);
  const recommended = await Promise.all(
    RECOMMENDED_MODELS.map(async (m) => ({
      file: m.file, label: m.label, bytes: m.bytes, license: m.license, source: m.source,
      present: files.some((f) => f.file === m.file),
      partialBytes: (await stat(join(local.folder.dir, `${m.file}.part`)).catch(() => null))?.size ?? 0,
    })),
  );
  const job = currentPullJob();
  return {
    dir: local.folder.displayDir,
    files: files.map((f) => ({ id: `local:${f.name}`, name: f.name, bytes: f.bytes, status: f.status, reason: f.reason, description: describeFile(f) })),
    servers: (local.servers.lastStates() ?? []).map((s) => ({
      ...s,
      models: found.find((f) => f.id === s.id)?.models.map((m) => m.id) ?? [],
    })),
    recommended,
    pull: { running: !!job?.running, events: job?.snapshot() ?? [] },
  };
}
