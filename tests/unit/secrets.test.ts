// Keys never reach the client through error messages: provider errors are scrubbed.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moaConfigSchema } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { redactSecrets, rememberSecrets, secretValuesOf } from '@/lib/secrets';
import { startFakeOpenAI, type FakeOpenAIServer } from '../fake-openai/server';

describe('redactSecrets', () => {
  it.each([
    ['Incorrect API key provided: sk-proj-abc123DEF456***wxyz.', 'Incorrect API key provided: [redacted].'],
    ['upstream said: Authorization: Bearer abc.def-ghi_123', 'upstream said: Authorization: [redacted]'],
    ['proxy echoed "Bearer tok_9f8e7d6c5b"', 'proxy echoed "Bearer [redacted]"'],
    ['GET https://x.googleapis.com/v1/m?key=AIzaSyA-1234567890abcdef&alt=sse failed', 'GET https://x.googleapis.com/v1/m?key=[redacted]&alt=sse failed'],
    ['{"x-api-key": "sk-ant-api03-zzzzzzzz"}', '{"x-api-key": "[redacted]"}'],
    ['groq gsk_ABCDEFGH12345678 and xai-QWERTYUIOP123', 'groq [redacted] and [redacted]'],
    ['HTTP 500: The server had an error. Sorry about that!', 'HTTP 500: The server had an error. Sorry about that!'],
    ['401 for https://user:hunter2@api.example.com/v1', '401 for https://[redacted]@api.example.com/v1'],
    ['could not connect to postgres://moa:s3cret@db:5432/moa', 'could not connect to postgres://[redacted]@db:5432/moa'],
    ['proxy echoed Basic dXNlcjpwYXNzd29yZA==', 'proxy echoed Basic [redacted]'],
    ['mail me at someone@example.com', 'mail me at someone@example.com'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });

  it('removes the exact values of the server’s own secrets, whatever their shape', () => {
    rememberSecrets(['plain-looking-value-42', 'x']);
    expect(redactSecrets('echo plain-looking-value-42 back')).toBe('echo [redacted] back');
    // Too short to redact by value without blanking ordinary text.
    expect(redactSecrets('x marks the spot')).toBe('x marks the spot');
  });

  it('treats every *_KEY, *_TOKEN, *_SECRET and *PASSWORD variable as secret', () => {
    expect(secretValuesOf({ OPENAI_API_KEY: 'a', APP_PASSWORD: 'b', GH_TOKEN: 'c', X_SECRET: 'd', OPENAI_COMPATIBLE_NAME: 'e', N: 3 })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats DATABASE_URL as secret, whatever its shape', () => {
    expect(secretValuesOf({ DATABASE_URL: 'postgresql:///moa?host=/run/pg', DATA_DIR: './data' })).toEqual(['postgresql:///moa?host=/run/pg']);
    rememberSecrets(['postgresql:///moa?host=/run/pg']);
    expect(redactSecrets('cannot open postgresql:///moa?host=/run/pg')).toBe('cannot open [redacted]');
  });

  it('is idempotent, so text scrubbed twice reads the same', () => {
    const once = redactSecrets('Authorization: Bearer abc.def and https://u:p@h.example and key sk-proj-abcdefgh');
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('a provider error that echoes the key', () => {
  const KEY = 'canary-key-7f3a9c2e1b';
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAI({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it('reaches the cell without the key', async () => {
    rememberSecrets([KEY]);
    server.setModel('leaky', { fault: { kind: 'status', status: 401, message: 'Invalid credentials in header "Authorization: {authorization}" for key ' + KEY } });
    server.setModel('ok', { text: 'Fine.' });
    const provider = createOpenAICompatible({ name: 'fake', baseURL: server.url, apiKey: KEY, includeUsage: true });
    const config = moaConfigSchema.parse({ layers: [{ agents: [{ model: 'fake:leaky' }, { model: 'fake:ok' }] }, { agents: [{ model: 'fake:ok' }] }] });
    const events: RunEvent[] = [];
    for await (const e of runMoA(config, 'Q', { resolveModel: (id) => provider.chatModel(id.slice(5)) })) events.push(e);

    const failed = events.find((e) => e.type === 'agent-failed') as Extract<RunEvent, { type: 'agent-failed' }>;
    expect(failed.error).toBe('HTTP 401: Invalid credentials in header "Authorization: [redacted]" for key [redacted]');
    expect(JSON.stringify(events)).not.toContain(KEY);
    // The fake really did echo it: the scrubbing is what kept it out.
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });
});
