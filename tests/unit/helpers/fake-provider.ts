import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll } from 'vitest';
import { createWorkerCalls } from '@/lib/models/call-worker/client';
import type { StreamModelCall } from '@/lib/moa/engine';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fake-openai/server';
import { spawnCallWorker } from './ts-worker';

type ChatModel = ReturnType<ReturnType<typeof createOpenAICompatible>['chatModel']>;

/**
 * The fake OpenAI-compatible server for one test file (started before its tests, closed after),
 * and `fake:<model>` ids resolved through the real provider, as the engine's deps expect —
 * or called by the model-call worker (`workerCalls`), as the server makes HTTP providers' calls.
 */
export function useFakeProvider() {
  const fake = {} as { server: FakeOpenAIServer; resolveModel: (id: string) => ChatModel; workerCalls: StreamModelCall };
  beforeAll(async () => {
    fake.server = await startFakeOpenAI();
    const provider = createOpenAICompatible({ name: 'fake', baseURL: fake.server.url, apiKey: 'test', includeUsage: true });
    fake.resolveModel = (id) => provider.chatModel(id.slice('fake:'.length));
    const env = { OPENAI_COMPATIBLE_BASE_URL: fake.server.url, OPENAI_COMPATIBLE_NAME: 'fake', OPENAI_COMPATIBLE_API_KEY: 'test' };
    const worker = createWorkerCalls(() => spawnCallWorker(env), () => {
      throw new Error('The model-call worker did not start.');
    });
    // Started now, as the server does: not inside a test's first-token timeout.
    await worker.warm();
    fake.workerCalls = worker.call;
  }, 60_000);
  afterAll(() => fake.server.close());
  return fake;
}
