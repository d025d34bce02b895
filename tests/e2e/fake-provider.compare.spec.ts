import { expect, test, type Page } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { choosePreset } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control, recorded } = fakeProviderControl(FAKE_PROVIDER_URL);

const SMALL = 'Paris is the capital of France, on the Seine.';
const LARGE = 'The capital of France is Paris; it has been since the 10th century.';
// Both prices are the test's own (the runs' and the judge's requests carry them, as a board's overrides would).
const PRICING = {
  'fake:fake-small': { inputPerMTok: 2, outputPerMTok: 8 },
  'fake:fake-large': { inputPerMTok: 10, outputPerMTok: 30 },
  'fake:fake-judge': { inputPerMTok: 1, outputPerMTok: 1 },
};

async function withPricing(page: Page) {
  await page.route(/\/api\/(runs|judge)$/, async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (body.config) body.config.pricing = PRICING;
    else body.pricing = PRICING;
    await route.continue({ postData: JSON.stringify(body) });
  });
}

/** The board becomes MoA-Lite (6 proposers alternating fake-small / fake-large, fake-small aggregates); then the compare page. */
async function openCompareWithMoALite(page: Page) {
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await page.getByTestId('compare-link').click();
  await expect(page.getByRole('heading', { name: 'Compare' })).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toHaveText('2 panes · 8 model calls');
}

const pane = (page: Page, n: number) => page.locator(`[data-testid=compare-pane][data-pane="${n}"]`);
const diff = (page: Page, n: number) => page.locator(`[data-testid=diff-cell][data-pane="${n}"]`);

test.beforeEach(async () => {
  await control('reset', {});
});

test('single model vs a 2-layer MoA: both panes stream at once, the diff row has the right ratios, and the judge gives a verdict', async ({ page }) => {
  await control('models', {
    'fake-small': { text: SMALL, tokensPerSecond: 25, usage: { promptTokens: 1000, completionTokens: 250 } },
    'fake-large': { text: LARGE, tokensPerSecond: 25, usage: { promptTokens: 2000, completionTokens: 500 } },
    // Always "B", whatever the order: position bias, which the order swap turns into a tie.
    'fake-judge': { text: 'Verdict: B\nRationale: B is more complete.', usage: { promptTokens: 300, completionTokens: 20 } },
  });
  await withPricing(page);
  await openCompareWithMoALite(page);
  await expect(pane(page, 1).getByTestId('pane-summary')).toContainText('1 layer · 1 call · aggregator fake:fake-small');
  await expect(pane(page, 2).getByTestId('pane-summary')).toContainText('2 layers · 7 calls · aggregator fake:fake-small');

  // Judge with a model typed into the picker (any id of a configured provider).
  await page.getByTestId('judge-model').click();
  await page.getByRole('dialog').getByRole('combobox').fill('fake:fake-judge');
  await page.getByRole('dialog').getByRole('combobox').press('Enter');
  await expect(page.getByTestId('judge-model')).toHaveText('fake:fake-judge');

  await page.getByLabel('Prompt', { exact: true }).fill('What is the capital of France?');
  await page.getByTestId('compare-run').click();
  await expect(pane(page, 1)).toHaveAttribute('data-status', 'finished');
  await expect(pane(page, 2)).toHaveAttribute('data-status', 'finished');

  // Both panes streamed at once, by the provider's clock (a starved renderer may paint a short
  // pane only once it is done): the single model's call and the MoA's 6 proposers were all open
  // before any of them ended. Run one pane after the other and one call ends before the 7th starts.
  const calls = (await recorded()).requests.filter((r) => r.model !== 'fake-judge').sort((a, b) => a.at - b.at);
  const firstSeven = calls.slice(0, 7);
  expect(Math.max(...firstSeven.map((r) => r.at))).toBeLessThan(Math.min(...firstSeven.map((r) => r.endedAt!)));

  // Every model call went upstream once: 1 for the single model, 6 + 1 for the MoA.
  const models = calls.map((r) => r.model);
  expect(models.filter((m) => m === 'fake-small')).toHaveLength(5);
  expect(models.filter((m) => m === 'fake-large')).toHaveLength(3);

  await expect(pane(page, 1).getByTestId('pane-final')).toContainText(SMALL);
  await expect(pane(page, 2).getByTestId('pane-final')).toContainText(SMALL);
  await expect(pane(page, 2).getByTestId('agent-cell')).toHaveCount(7);

  // Single: 1,250 tokens, (1000 × 2 + 250 × 8)/1M = $0.004.
  // MoA: 4 × 1,250 + 3 × 2,500 = 12,500 tokens (10×); 4 × $0.004 + 3 × (2000 × 10 + 500 × 30)/1M = $0.121 (30×).
  await expect(diff(page, 1).getByTestId('diff-cost')).toHaveText('$0.0040');
  await expect(diff(page, 1).getByTestId('diff-tokens')).toHaveText('1.3k');
  await expect(diff(page, 2).getByTestId('diff-cost')).toHaveText('$0.12');
  await expect(diff(page, 2).getByTestId('diff-cost')).toHaveAttribute('title', '$0.121');
  await expect(diff(page, 2).getByTestId('diff-cost-ratio')).toHaveText('30×');
  await expect(diff(page, 2).getByTestId('diff-tokens')).toHaveAttribute('title', '12,500');
  await expect(diff(page, 2).getByTestId('diff-tokens-ratio')).toHaveText('10×');
  // Times are measured, not known: present, with a ratio; the MoA's answer starts later (its aggregator waits for 6 proposers).
  await expect(diff(page, 2).getByTestId('diff-wall-ratio')).toHaveText(/^\d+(\.\d+)?×$/);
  await expect(diff(page, 2).getByTestId('diff-ttft-ratio')).toHaveText(/^\d+(\.\d+)?×$/);
  expect(Number((await diff(page, 2).getByTestId('diff-ttft-ratio').getAttribute('title'))!.split(' ')[0])).toBeGreaterThan(1);
  await expect(diff(page, 1).getByTestId('diff-cost-ratio')).toHaveCount(0); // the baseline has no ratio

  // The judge: asked twice (orders swapped), always said "B": a tie, with its own cost apart.
  const result = page.getByTestId('judge-result');
  await expect(result).toHaveAttribute('data-status', 'done');
  await expect(result.getByTestId('judge-verdict')).toContainText('Tie.');
  await expect(result.getByTestId('judge-verdict')).toContainText('disagreed with itself');
  await expect(result.getByTestId('judge-order')).toHaveCount(2);
  await expect(diff(page, 2).getByTestId('verdict-badge')).toHaveText('judge: tie');
  const judgeCalls = (await recorded()).requests.filter((r) => r.model === 'fake-judge');
  expect(judgeCalls).toHaveLength(2);
  // 2 × (300 + 20) × $1/M = $0.00064
  await expect(page.getByTestId('judge-cost')).toContainText('$0.00064');
  await expect(page.getByTestId('judge-cost')).toContainText('640 tokens · 2 calls');
  await expect(diff(page, 2).getByTestId('diff-cost')).toHaveText('$0.12'); // not in the panes' figures

  // Attribution: the fake-small proposals are the final answer word for word; the fake-large ones share less.
  const bars = pane(page, 2).getByTestId('attribution-bar');
  await expect(bars).toHaveCount(6);
  const scores = await bars.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-score'))));
  expect(scores.filter((_, i) => i % 2 === 0)).toEqual([1, 1, 1]);
  expect(scores.filter((_, i) => i % 2 === 1).every((s) => s > 0 && s < 0.5)).toBe(true);
  await bars.nth(1).hover();
  await expect(pane(page, 2).getByTestId('pane-final')).toHaveAttribute('data-highlights', /^[1-9]/);
  await bars.nth(1).press('Tab'); // keyboard focus moves on, highlighting the next one
  await expect(bars.nth(2)).toBeFocused();

  // The judge prompt is visible and editable; an edited prompt is what the judge gets next time.
  await page.getByText('Judge prompt (editable)').click();
  await page.getByTestId('judge-instructions').fill('Pick the shorter answer. End with "Verdict: A|B|tie" and "Rationale: …".');
  await page.getByTestId('judge-again').click();
  await expect(result).toHaveAttribute('data-status', 'done');
  await expect.poll(async () => (await recorded()).requests.filter((r) => r.model === 'fake-judge').length).toBe(4);
});

test('stopping a comparison aborts every upstream call of every pane', async ({ page }) => {
  await control('models', {
    'fake-small': { text: SMALL.repeat(20), tokensPerSecond: 2 },
    'fake-large': { text: LARGE.repeat(20), tokensPerSecond: 2 },
  });
  await openCompareWithMoALite(page);
  await page.getByLabel('Prompt', { exact: true }).fill('Stop me.');
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  // 1 (single model) + 6 (MoA proposers) streams open at once.
  await expect.poll(async () => (await recorded()).openStreams).toBe(7);
  await page.getByTestId('compare-stop').click();
  await expect(pane(page, 1)).toHaveAttribute('data-status', 'cancelled');
  await expect(pane(page, 2)).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(async () => (await recorded()).openStreams, { timeout: 5_000 }).toBe(0);
  const after = await recorded();
  expect(after.closedByClient).toBe(7);
  // The MoA's aggregator never ran, and no judge was asked.
  expect(after.requests).toHaveLength(7);
  await expect(page.getByTestId('judge-result')).toHaveAttribute('data-status', 'idle');
});
