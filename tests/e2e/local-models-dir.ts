/** Fills the e2e models folder: one tiny random-weight model and two broken files. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyGguf } from '../fixtures/tiny-gguf';
import { LOCAL_MODELS_DIR } from './ports';

rmSync(LOCAL_MODELS_DIR, { recursive: true, force: true });
mkdirSync(LOCAL_MODELS_DIR, { recursive: true });
writeFileSync(join(LOCAL_MODELS_DIR, 'tiny-llama.gguf'), tinyGguf());
const other = tinyGguf({ seed: 5 });
writeFileSync(join(LOCAL_MODELS_DIR, 'half-downloaded.gguf'), other.subarray(0, other.length >> 1));
writeFileSync(join(LOCAL_MODELS_DIR, 'bad-vocab.gguf'), tinyGguf({ duplicateToken: true }));
