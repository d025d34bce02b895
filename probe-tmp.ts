import { openDatabase } from './lib/runs/db';
import { createRunStore } from './lib/runs/store';
import { newRunId } from './lib/runs/ids';
const h = await openDatabase({ dataDir: 'memory://' });
const s = createRunStore(h.db);
const config = { version: 1 as const, synthesisPrompt: 'x', layers: [{ agents: [{ model: 'a:b', temperature: 0.7, maxOutputTokens: 10 }] }] };
for (let r = 0; r < 3; r++) {
  const id = newRunId();
  let t = performance.now();
  await s.createRun({ id, prompt: 'p', config });
  const c = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await s.append(id, Array.from({ length: 6 }, (_, k) => ({ seq: i * 6 + k, event: { type: 'agent-delta' as const, t: i, layer: 0, agent: 0, text: 'hello ' } })));
    times.push(Math.round(performance.now() - t));
  }
  console.log('run', r, 'create', Math.round(c), 'appends', times.join(' '));
}
await h.close();
