// The OpenAI-compatible API against `next start` and the fake provider, through real clients:
// a key made on the API page, a 3-message conversation that reaches every agent, usage, the
// run's link, the AI SDK, an abort that closes every upstream request, revocation.
import AxeBuilder from '@axe-core/playwright';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { expect, test, type Page } from '@playwright/test';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { fakeProviderControl } from '../fake-openai/control';
import { FAKE_PROVIDER_URL, PORTS } from './ports';

const BASE = `http://127.0.0.1:${PORTS.fake}`;
type Message = { role: string; content: string };
const { control, recorded } = fakeProviderControl<{ model: string; body: { messages: Message[]; max_tokens?: number; temperature?: number } }>(FAKE_PROVIDER_URL);

test.beforeEach(async () => {
  await control('reset', {});
  await control('models', {
    'fake-small': { text: 'Small model answer.', tokensPerSecond: 400, usage: { promptTokens: 40, completionTokens: 4 } },
    'fake-large': { text: 'Large model answer.', tokensPerSecond: 400, usage: { promptTokens: 60, completionTokens: 4 } },
  });
});

test('a key made on the API page calls a MoA from the openai package and the AI SDK: the conversation reaches every agent, usage is the sum of every call, the run’s link opens its grid; revoked, the key stops working', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('api-link').click();
  await expect(page.getByRole('heading', { name: 'API', exact: true })).toBeVisible();
  await expect(page.getByTestId('api-keys')).toContainText('No keys yet.');
  await expect(page.getByTestId('api-base-url')).toHaveText(`${BASE}/api/v1`);
  await page.getByTestId('api-model').selectOption('moa/moa-lite');
  await expect(page.getByTestId('api-snippet')).toContainText(`curl ${BASE}/api/v1/chat/completions`);
  // Tabs by keyboard: arrow right from curl is Node.
  await page.getByRole('tab', { name: 'curl' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Node (openai)' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Node (openai)' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('api-snippet')).toContainText("model: 'moa/moa-lite'");
  await page.getByTestId('api-key-name').fill('e2e scripts');
  await page.getByTestId('api-key-name').press('Enter');
  const key = (await page.getByTestId('api-key-secret').innerText()).trim();
  expect(key).toMatch(/^moa_sk_/);
  await expect(page.getByTestId('api-key-row')).toHaveCount(1);
  await expect(page.getByTestId('api-key-row')).toContainText(`e2e scripts${key.slice(0, 11)}…`);
  await expect(page.getByTestId('api-key-last-used')).toHaveText('never');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/api-page.png', fullPage: true });

  const client = new OpenAI({ apiKey: key, baseURL: `${BASE}/api/v1`, maxRetries: 0 });
  expect((await client.models.list()).data.map((m) => m.id)).toEqual(expect.arrayContaining(['moa/moa', 'moa/moa-lite', 'moa/llm-ranker']));

  const stream = await client.chat.completions.create({
    model: 'moa/moa-lite',
    messages: [
      { role: 'user', content: 'Turn one: what is a B-tree?' },
      { role: 'assistant', content: 'A balanced search tree.' },
      { role: 'user', content: 'Turn two: and a B+ tree?' },
    ],
    max_tokens: 99,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage: OpenAI.CompletionUsage | undefined;
  let url = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
    url ||= (chunk as unknown as { moa?: { url: string } }).moa?.url ?? '';
  }
  const { requests } = await recorded();
  expect(requests).toHaveLength(7);
  for (const request of requests) {
    expect(request.body.messages.filter((m) => m.role !== 'system')).toEqual([
      { role: 'user', content: 'Turn one: what is a B-tree?' },
      { role: 'assistant', content: 'A balanced search tree.' },
      { role: 'user', content: 'Turn two: and a B+ tree?' },
    ]);
  }
  // max_tokens is the final aggregator's alone.
  expect(requests.filter((r) => r.body.max_tokens === 99)).toHaveLength(1);
  const aggregator = requests.find((r) => r.body.max_tokens === 99)!;
  expect(text).toBe(aggregator.model === 'fake-small' ? 'Small model answer.' : 'Large model answer.');
  const promptTokens = requests.reduce((n, r) => n + (r.model === 'fake-small' ? 40 : 60), 0);
  expect(usage).toMatchObject({ prompt_tokens: promptTokens, completion_tokens: 28, total_tokens: promptTokens + 28 });

  // The run's link opens the grid of what the call did.
  expect(url).toMatch(new RegExp(`^${BASE}/r/[A-Za-z0-9_-]{22}$`));
  await page.goto(url);
  await expect(page.locator('[data-testid=agent-cell][data-status=done]')).toHaveCount(7);
  await expect(page.getByTestId('final-text')).toHaveText(text);

  // The AI SDK's openai-compatible provider, streaming.
  const moa = createOpenAICompatible({ name: 'moa', baseURL: `${BASE}/api/v1`, apiKey: key, includeUsage: true });
  const result = streamText({ model: moa('moa/single'), prompt: 'Say something.', maxRetries: 0 });
  expect(await result.text).toMatch(/model answer\.$/);
  expect((await result.usage).inputTokens).toBeGreaterThan(0);

  // The page shows the key was used; revoked, it stops working.
  await page.goto('/developers');
  await expect(page.getByTestId('api-key-last-used')).not.toHaveText('never');
  await page.getByRole('button', { name: 'Revoke e2e scripts' }).click();
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByTestId('api-key-row')).toContainText('Revoked');
  await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
});

test('a client that aborts a streamed completion closes every upstream request within a second', async ({ page }) => {
  await control('models', { 'fake-small': { tokensPerSecond: 4, firstTokenMs: 100 }, 'fake-large': { tokensPerSecond: 4, firstTokenMs: 100 } });
  await page.goto('/developers');
  await page.getByTestId('api-key-name').fill('abort');
  await page.getByTestId('api-key-create').click();
  const key = (await page.getByTestId('api-key-secret').innerText()).trim();

  const client = new OpenAI({ apiKey: key, baseURL: `${BASE}/api/v1`, maxRetries: 0 });
  const abort = new AbortController();
  const stream = await client.chat.completions.create({ model: 'moa/moa-lite', messages: [{ role: 'user', content: 'Tell me a long story.' }], stream: true }, { signal: abort.signal });
  let chunks = 0;
  const reading = (async () => {
    for await (const _ of stream) chunks++;
  })().catch(() => {});
  await expect.poll(async () => (await recorded()).openStreams).toBe(6);
  const abortedAt = Date.now();
  abort.abort();
  await reading;
  expect(chunks).toBeGreaterThan(0);
  await expect.poll(async () => (await recorded()).openStreams, { timeout: 1_000, intervals: [50] }).toBe(0);
  console.log(`upstream requests closed ${Date.now() - abortedAt} ms after the API client aborted`);
  expect((await recorded()).closedByClient).toBe(6);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations on the API page, a new key shown (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/developers');
    await page.getByTestId('api-key-name').fill(`axe ${theme}`);
    await page.getByTestId('api-key-create').click();
    await expect(page.getByTestId('api-key-secret')).toBeVisible();
    await page.getByRole('tab', { name: 'Python (openai)' }).click();
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
  });
}

/** A key made on the API page, and a client of it. */
async function apiClient(page: Page, name: string) {
  await page.goto('/developers');
  await page.getByTestId('api-key-name').fill(name);
  await page.getByTestId('api-key-create').click();
  const key = (await page.getByTestId('api-key-secret').innerText()).trim();
  return new OpenAI({ apiKey: key, baseURL: `${BASE}/api/v1`, maxRetries: 0 });
}

/** Streams a completion; returns its content. */
async function streamed(client: OpenAI, model: string, prompt: string) {
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], stream: true });
  let content = '';
  for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
  return content;
}

test('moa/self-moa-seq streams the last window’s synthesis only, not the earlier step’s', async ({ page }) => {
  // Every agent is fake-small: 6 samples, then the window's 2 steps, answered in that order.
  await control('models', { 'fake-small': { texts: [...Array(6).fill('A sample answer.'), 'Step one synthesis.', 'Step two synthesis.'] } });
  const client = await apiClient(page, 'window');
  expect(await streamed(client, 'moa/self-moa-seq', 'What is a B-tree?')).toBe('Step two synthesis.');
  const steps = (await recorded()).requests.slice(6);
  expect(steps.map((r) => r.model)).toEqual(['fake-small', 'fake-small']);
  expect(steps[1].body.messages.find((m) => m.role === 'system')!.content).toContain('<synthesis>\nStep one synthesis.\n</synthesis>');
});

test('moa/llm-council streams the chairman’s answer: the rankers’ replies are not the answer', async ({ page }) => {
  const ranking = 'All fine.\n\nFINAL RANKING:\n1. Response B\n2. Response A\n3. Response C\n4. Response D';
  // Proposers and rankers alternate the two models; fake-small also chairs.
  await control('models', {
    'fake-small': { texts: ['Small proposal.', 'Small proposal.', ranking, ranking, 'The chairman’s answer.'] },
    'fake-large': { texts: ['Large proposal.', 'Large proposal.', ranking] },
  });
  const client = await apiClient(page, 'council');
  expect(await streamed(client, 'moa/llm-council', 'What is a B-tree?')).toBe('The chairman’s answer.');
  expect((await recorded()).requests).toHaveLength(9);
  const chair = (await recorded()).requests.at(-1)!;
  expect(chair.body.messages.find((m) => m.role === 'system')!.content).toContain('Aggregate ranking of the candidate responses by a council of 4 rankers');
});
