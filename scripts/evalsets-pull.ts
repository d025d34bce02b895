/**
 * `npm run evalsets:pull [-- mt-bench|alpaca-eval…]`: downloads public prompt sets (all of them
 * by default) into EVALSETS_DIR (default data/evalsets), one `<id>.json` each. Every set is
 * fetched and checked before any is written: a failure writes nothing. Mirrors: HF_ENDPOINT
 * (AlpacaEval, on Hugging Face) and GITHUB_RAW_ENDPOINT (MT-Bench, on raw.githubusercontent.com).
 */
import nextEnv from '@next/env';
import { PUBLIC_SETS, publicSet, pullPublicSet, type PublicSetId } from '../lib/evals/public-sets';
import { evalsetsDir, writeSetFile } from '../lib/evals/set-files';
import type { PromptSet } from '../lib/evals/prompt-set';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
const dir = evalsetsDir();
const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
const unknown = wanted.filter((id) => !publicSet(id));
if (unknown.length) {
  console.error(`Unknown set ${unknown.join(', ')}. Choose from: ${PUBLIC_SETS.map((s) => s.id).join(', ')}.`);
  process.exit(2);
}
const ids = (wanted.length ? [...new Set(wanted)] : PUBLIC_SETS.map((s) => s.id)) as PublicSetId[];

const pulled: PromptSet[] = [];
for (const id of ids) {
  try {
    console.log(`${id}: downloading…`);
    pulled.push(await pullPublicSet(id));
  } catch (error) {
    console.error(`✗ ${id}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
for (const set of pulled) {
  const path = await writeSetFile(dir, set);
  const categories = new Set(set.items.map((i) => i.category).filter(Boolean)).size;
  const references = set.items.filter((i) => i.reference).length;
  console.log(`✓ ${set.name}: ${set.items.length} items, ${categories} categories, ${references} with a reference → ${path}`);
  console.log(`  license: ${set.source?.license}`);
}
