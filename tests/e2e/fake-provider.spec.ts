import { expect, test } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control, recorded } = fakeProviderControl<{ model: string; body: { messages: { role: string; content: string }[]; stream_options?: unknown }; headers: Record<string, string> }>(FAKE_PROVIDER_URL);

const SMALL = 'Paris is the **capital** of France, on the Seine.';
const LARGE = 'The capital of France is Paris; it has been since the 10th century.';

test.beforeEach(async () => {
  await control('reset', {});
  await control('models', {
    'fake-small': { text: SMALL, tokensPerSecond: 200, usage: { promptTokens: 42, completionTokens: 17 } },
    'fake-large': { text: LARGE, tokensPerSecond: 200, usage: { promptTokens: 123, completionTokens: 45 } },
  });
});

test('a run through the real OpenAI-compatible provider shows the provider’s own token counts', async ({ page }) => {
  await page.goto('/');
  // Real models are configured, so the app does not claim to be offline.
  await expect(page.getByTestId('offline-badge')).toHaveCount(0);
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'What is the capital of France?');
  await expectRunStatus(page, 'finished');

  // Presets take real models first: proposers alternate the two fake models, fake-small aggregates.
  const proposers = page.locator('[data-testid=agent-cell][data-layer="1"]');
  await expect(proposers).toHaveCount(6);
  for (let i = 1; i <= 6; i++) {
    const small = i % 2 === 1;
    const proposer = cell(page, 1, i);
    await expect(proposer).toContainText(small ? 'fake:fake-small' : 'fake:fake-large');
    await expect(proposer.getByTestId('agent-text')).toHaveText(small ? SMALL.replaceAll('**', '') : LARGE);
    await expect(proposer.getByTestId('agent-input-tokens')).toHaveText(small ? 'in 42' : 'in 123');
    await expect(proposer.getByTestId('agent-output-tokens')).toHaveText(small ? 'out 17' : 'out 45');
  }
  await expect(page.getByTestId('final-text')).toHaveText(SMALL.replaceAll('**', ''));
  // 4 × fake-small (42/17) + 3 × fake-large (123/45)
  await expect(page.getByTestId('total-input-tokens')).toHaveText(String(4 * 42 + 3 * 123));
  await expect(page.getByTestId('total-output-tokens')).toHaveText(String(4 * 17 + 3 * 45));

  // The aggregator was sent the prompt and all six numbered answers, with streamed usage asked for.
  const { requests } = await recorded();
  expect(requests).toHaveLength(7);
  const aggregator = requests.at(-1)!;
  expect(aggregator.body.stream_options).toEqual({ include_usage: true });
  expect(aggregator.headers.authorization).toBe('Bearer fake-test-key');
  const system = aggregator.body.messages.find((m) => m.role === 'system')!.content;
  for (let n = 1; n <= 6; n++) expect(system).toContain(`<response n="${n}">\n${n % 2 ? SMALL : LARGE}\n</response>`);
  expect(aggregator.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'What is the capital of France?' });
});

test('stopping a run closes every upstream request', async ({ page }) => {
  await control('models', {
    'fake-small': { tokensPerSecond: 4, firstTokenMs: 100 },
    'fake-large': { tokensPerSecond: 4, firstTokenMs: 100 },
  });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'Tell me a long story.');
  await expect(page.locator('[data-testid=agent-cell][data-status=streaming]')).toHaveCount(6);
  await expect.poll(async () => (await recorded()).openStreams).toBe(6);

  await page.getByRole('button', { name: /Stop/ }).click();
  await expectRunStatus(page, 'cancelled');
  await expect.poll(async () => (await recorded()).openStreams, { timeout: 2_000 }).toBe(0);
  expect((await recorded()).closedByClient).toBe(6);
  // The aggregator was never called.
  expect((await recorded()).requests).toHaveLength(6);
});

test('the models endpoint lists the provider’s models and no secret', async ({ request }) => {
  const response = await request.get('/api/models');
  const text = await response.text();
  const ids = (JSON.parse(text) as { models: { id: string }[] }).models.map((m) => m.id);
  expect(ids).toEqual(expect.arrayContaining(['fake:fake-small', 'fake:fake-large', 'offline:synth']));
  expect(text).not.toContain('fake-test-key');
  expect(text).not.toContain('127.0.0.1');
});
