import { expect, test, type Page } from '@playwright/test';
import { hashFor } from '../../lib/builder/url-codec';
import { moaConfigSchema } from '../../lib/moa/config';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, expectRunStatus, runPrompt, shareLinkOf } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

type Message = { role: string; content: string };
const { control, recorded } = fakeProviderControl<{ model: string; body: { messages: Message[]; reasoning_effort?: string } }>(FAKE_PROVIDER_URL);

// Three proposers that reason before they answer (streamed as `reasoning_content`, as DeepSeek and vLLM do).
const THINKERS = {
  'think-a': { reasoning: 'Alpha weighs the question: speed first, then memory, then the cost of each step.', text: 'Alpha answers: use a hash map.' },
  'think-b': { reasoning: 'Bravo considers sorting first, then binary search, and checks both bounds.', text: 'Bravo answers: sort, then search.' },
  'think-c': { reasoning: 'Charlie compares a trie with a set and keeps the simpler one for short keys.', text: 'Charlie answers: a set will do.' },
};
// Reported usage: 30 of each proposer's 50 output tokens were reasoning.
const USAGE = { promptTokens: 100, completionTokens: 50, reasoningTokens: 30 };
const FINAL = 'The final answer: a hash map.';

const board = (passReasoning = false) =>
  hashFor(
    moaConfigSchema.parse({
      layers: [
        { agents: Object.keys(THINKERS).map((m, i) => ({ model: `fake:${m}`, reasoning: (['high', 'medium', 'low'] as const)[i] })) },
        { agents: [{ model: 'fake:fake-large' }] },
      ],
      ...(passReasoning && { passReasoning }),
    }),
  );

/** Prices go into the run's config (the pricing editor is another screen's): $2 in, $10 out per 1M. */
async function withPricing(page: Page) {
  await page.route('**/api/runs', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    body.config.pricing = Object.fromEntries([...Object.keys(THINKERS), 'fake-large'].map((m) => [`fake:${m}`, { inputPerMTok: 2, outputPerMTok: 10 }]));
    await route.continue({ postData: JSON.stringify(body) });
  });
}

type Phase = { phase: 'thinking' | 'answering' | 'done'; open: boolean; reasoningLength: number; count: string };

/** Runs in the page: records each cell's phases as the DOM shows them, on every change. */
function watchPhases() {
  const phases: Record<string, Phase[]> = {};
  (window as unknown as { __phases: typeof phases }).__phases = phases;
  new MutationObserver(() => {
    for (const cell of document.querySelectorAll<HTMLElement>('[data-testid=agent-cell]')) {
      const reasoning = cell.querySelector<HTMLDetailsElement>('[data-testid=agent-reasoning]');
      if (!reasoning) continue;
      const waiting = !!cell.querySelector('[data-testid=agent-text] > p [data-placeholder]');
      const status = cell.dataset.status;
      const phase = status === 'done' ? 'done' : status === 'streaming' ? (waiting ? 'thinking' : 'answering') : null;
      if (!phase) continue;
      const entry: Phase = {
        phase, open: reasoning.open,
        reasoningLength: reasoning.querySelector('[data-testid=agent-reasoning-text]')?.textContent?.length ?? 0,
        count: reasoning.querySelector('[data-testid=agent-reasoning-tokens]')?.textContent ?? '',
      };
      const list = (phases[`${cell.dataset.layer}.${cell.dataset.agent}`] ??= []);
      if (JSON.stringify(list.at(-1)) !== JSON.stringify(entry)) list.push(entry);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
}

const aggregatorSystem = async () => {
  const { requests } = await recorded();
  const aggregator = requests.filter((r) => r.model === 'fake-large');
  expect(aggregator).toHaveLength(1);
  return aggregator[0].body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
};

/** A clean request log and the models' behaviours (a reset clears both). */
async function resetProvider() {
  await control('reset', {});
  await control('models', {
    // Slow enough that the reasoning is on screen before the answer starts.
    ...Object.fromEntries(Object.entries(THINKERS).map(([m, b]) => [m, { ...b, tokensPerSecond: 5, usage: USAGE }])),
    'fake-large': { text: FINAL, tokensPerSecond: 100, usage: { promptTokens: 300, completionTokens: 8 } },
  });
}

test.beforeEach(resetProvider);

test('a 3-1 MoA whose proposers reason: each cell streams its reasoning, then its answer; aggregators see only answers unless the switch is on; reasoning tokens are counted and priced', async ({ page, request }) => {
  await withPricing(page);
  await page.goto(`/${board()}`);

  // The builder shows each proposer's level; the fake server is OpenAI-compatible, so it is up to the server.
  const cards = page.getByTestId('builder-agent');
  await expect(cards).toHaveCount(4);
  await expect(cards.nth(0).getByTestId('field-reasoning')).toHaveValue('high');
  await expect(cards.nth(2).getByTestId('field-reasoning')).toHaveValue('low');
  await expect(cards.nth(0).getByTestId('reasoning-note')).toHaveText('Up to the server: sent as reasoning_effort.');
  await expect(cards.nth(3).getByTestId('field-reasoning')).toHaveValue('off');
  await expect(page.getByTestId('pass-reasoning-toggle')).not.toBeChecked();
  await cards.nth(0).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/reasoning-builder-light.png' });

  await page.evaluate(watchPhases);
  await runPrompt(page, 'How do I find duplicates fast?');
  const first = cell(page, 1, 1);
  await expect(first.getByText('The answer comes after the reasoning…')).toBeVisible();
  await page.screenshot({ path: 'test-results/reasoning-live-light.png' });

  await expectRunStatus(page, 'finished');
  // Live, in every proposer's cell: first its reasoning, open and growing, with a rough count and
  // the answer still to come; then the answer streaming, the reasoning folded to one line; then done.
  const phases = await page.evaluate(() => (window as unknown as { __phases: Record<string, Phase[]> }).__phases);
  for (const key of ['1.1', '1.2', '1.3']) {
    const seen = phases[key];
    const thinking = seen.filter((p) => p.phase === 'thinking');
    expect(new Set(thinking.map((p) => p.reasoningLength)).size, `cell ${key} streamed its reasoning`).toBeGreaterThan(1);
    expect(thinking.every((p) => p.open && /^~\d+ tokens$/.test(p.count))).toBe(true);
    const order = [...new Set(seen.map((p) => p.phase))];
    expect(order, `cell ${key}`).toEqual(['thinking', 'answering', 'done']);
    expect(seen.filter((p) => p.phase === 'answering').every((p) => !p.open)).toBe(true);
  }

  await expect(page.getByTestId('final-text')).toHaveText(FINAL);
  for (const [i, [, thinker]] of Object.entries(THINKERS).entries()) {
    const proposer = cell(page, 1, i + 1);
    const reasoning = proposer.getByTestId('agent-reasoning');
    await expect(reasoning.getByTestId('agent-reasoning-tokens')).toHaveText('30 tokens');
    await expect(proposer.getByTestId('agent-text')).toContainText(thinker.text);
    // Reasoning sits above the answer, apart from it: the answer area holds the answer alone.
    await reasoning.locator('summary').click();
    await expect(reasoning.getByTestId('agent-reasoning-text')).toHaveText(thinker.reasoning);
    const answer = proposer.locator('.md');
    await expect(answer).toHaveText(thinker.text);
    expect(await reasoning.evaluate((r, a) => !!(r.compareDocumentPosition(a!) & Node.DOCUMENT_POSITION_FOLLOWING), await answer.elementHandle())).toBe(true);
    await expect(proposer.getByTestId('agent-output-tokens')).toHaveAttribute('title', 'Output tokens, 30 of them reasoning');
  }
  await expect(cell(page, 2, 1).getByTestId('agent-reasoning')).toHaveCount(0);
  await first.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/reasoning-done-light.png' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await page.screenshot({ path: 'test-results/reasoning-done-dark.png' });
  await page.evaluate(() => document.documentElement.classList.remove('dark'));

  // Each proposer was asked for its level; the aggregator for none.
  const { requests } = await recorded();
  expect(Object.fromEntries(requests.map((r) => [r.model, r.body.reasoning_effort ?? null]))).toEqual({ 'think-a': 'high', 'think-b': 'medium', 'think-c': 'low', 'fake-large': null });
  // By default the aggregator read the answers and no reasoning.
  const plain = await aggregatorSystem();
  for (const thinker of Object.values(THINKERS)) {
    expect(plain).toContain(thinker.text);
    expect(plain).not.toContain(thinker.reasoning);
  }
  expect(plain).not.toContain('<reasoning');

  // Totals and cost: 3 × 30 reasoning tokens, inside the 3 × 50 + 8 output tokens, priced as output.
  await expect(page.getByTestId('metrics-reasoning-tokens')).toHaveText('90');
  await expect(page.getByTestId('metrics-output-tokens')).toHaveAttribute('title', '158');
  // Proposers (100 × $2 + 50 × $10) / 1M = $0.0007 each; aggregator (300 × $2 + 8 × $10) / 1M = $0.00068.
  await expect(page.getByTestId('metrics-cost')).toHaveAttribute('title', '$0.00278');
  await page.getByText('Per-agent and per-layer figures').click();
  const rows = page.getByTestId('agent-row');
  await expect(rows.nth(0).locator('td').nth(5)).toHaveText('30');
  await expect(page.getByTestId('layer-row').first().locator('td').nth(3)).toHaveText('90');

  // The share page and the Markdown export carry the reasoning too.
  const link = await shareLinkOf(page);
  const shared = await page.context().newPage();
  await shared.goto(link);
  await expectRunStatus(shared, 'finished');
  await expect(cell(shared, 1, 2).getByTestId('agent-reasoning-tokens')).toHaveText('30 tokens');
  await cell(shared, 1, 2).getByTestId('agent-reasoning').locator('summary').click();
  await expect(cell(shared, 1, 2).getByTestId('agent-reasoning-text')).toHaveText(THINKERS['think-b'].reasoning);
  const md = await (await request.get(`/api/runs/${link.split('/r/')[1]}/export?format=md`)).text();
  expect(md).toContain(`<details>\n<summary>Reasoning (30 tokens)</summary>\n\n${THINKERS['think-a'].reasoning}\n\n</details>\n\n${THINKERS['think-a'].text}`);
  await shared.close();

  // With the switch on, the aggregator reads each answer's reasoning, marked as such.
  await resetProvider();
  await page.getByRole('tab', { name: /Graph/ }).click();
  await page.getByTestId('pass-reasoning-toggle').check();
  await expect(page).toHaveURL(new RegExp(board(true).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await runPrompt(page, 'How do I find duplicates fast?');
  await expectRunStatus(page, 'finished');
  const passed = await aggregatorSystem();
  for (const [i, thinker] of Object.values(THINKERS).entries()) {
    expect(passed).toContain(`<reasoning n="${i + 1}">\n${thinker.reasoning}\n</reasoning>\n\n<response n="${i + 1}">\n${thinker.text}\n</response>`);
  }
});

test('a model that does not reason, set to reason: the card says so and the run is refused before any call', async ({ page }) => {
  await page.goto(
    `/${hashFor(moaConfigSchema.parse({ layers: [{ agents: [{ model: 'fake:think-a', reasoning: 'low' }, { model: 'offline:concise', reasoning: 'high' }] }, { agents: [{ model: 'fake:fake-large' }] }] }))}`,
  );
  const concise = page.getByTestId('builder-agent').nth(1);
  await expect(concise.getByTestId('reasoning-unsupported')).toHaveText('offline:concise does not reason: a run would be refused. Set reasoning to off.');
  // Cards of models that do not reason, with reasoning off, say so instead of offering a level.
  await expect(page.getByTestId('reasoning-none')).toHaveCount(0);

  await runPrompt(page, 'Anything?');
  await expect(page.getByTestId('request-error')).toContainText('Reasoning is set on agents whose model does not reason.');
  await expect(page.getByTestId('request-error')).toContainText('layer 1 › agent 2 (offline:concise, reasoning high): this offline simulation does not reason (offline:stepwise does)');
  expect((await recorded()).requests).toHaveLength(0);

  // Off again: the note goes, the card says the model does not reason, and the run goes.
  await page.getByRole('tab', { name: /Graph/ }).click();
  await concise.getByTestId('field-reasoning').selectOption('off');
  await expect(concise.getByTestId('reasoning-none')).toHaveText(/this model does not reason/);
  await runPrompt(page, 'Anything?');
  await expectRunStatus(page, 'finished');
});
