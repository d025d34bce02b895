import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll } from 'vitest';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fake-openai/server';

type ChatModel = ReturnType<ReturnType<typeof createOpenAICompatible>['chatModel']>;

/**
 * The fake OpenAI-compatible server for one test file (started before its tests, closed after),
 * and `fake:<model>` ids resolved through the real provider, as the engine's deps expect.
 */
export function useFakeProvider() {
  const fake = {} as { server: FakeOpenAIServer; resolveModel: (id: string) => ChatModel };
  beforeAll(async () => {
    fake.server = await startFakeOpenAI();
    const provider = createOpenAICompatible({ name: 'fake', baseURL: fake.server.url, apiKey: 'test', includeUsage: true });
    fake.resolveModel = (id) => provider.chatModel(id.slice('fake:'.length));
  });
  afterAll(() => fake.server.close());
  return fake;
}
