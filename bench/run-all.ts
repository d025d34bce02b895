/** `npm run bench`: every benchmark in turn, against the current production build. */
import { spawnSync } from 'node:child_process';

const benches = ['orchestration', 'streaming-ui', 'concurrent-runs', 'model-call', 'page-weight', 'local-model', 'evaluations', 'api', 'follow-delay'];
let failed = 0;
for (const name of benches) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
  if (result.status !== 0) failed++, console.error(`bench ${name} exited with ${result.status}`);
}
console.log(`\nFigures are in bench/results/*.json.${failed ? ` ${failed} benchmark(s) failed to run.` : ''}`);
process.exit(failed ? 1 : 0);
