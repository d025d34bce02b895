// Starts the fake OpenAI server for another process (e2e tests, benchmarks):
//   npx tsx tests/fake-openai/cli.ts --port 4010 [--host 127.0.0.1] [--api-key KEY]
import { parseArgs } from 'node:util';
import { startFakeOpenAI } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'api-key': { type: 'string' },
  },
});

const server = await startFakeOpenAI({
  port: Number(values.port),
  host: values.host,
  apiKey: values['api-key'],
});
console.log(`fake-openai listening on ${server.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
