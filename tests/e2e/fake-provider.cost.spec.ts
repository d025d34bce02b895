import { expect, test, type Page } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control, recorded } = fakeProviderControl(FAKE_PROVIDER_URL);

/**
 * Price overrides go into the run's config. The builder that edits them is another screen's job,
 * so the test adds them to the request the page sends; the server resolves and fixes the prices.
 */
async function withPricing(page: Page, pricing: Record<string, unknown>) {
  await page.route('**/api/runs', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    body.config.pricing = pricing;
    await route.continue({ postData: JSON.stringify(body) });
  });
}

const tableRows = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));

test.beforeEach(async () => {
  await control('reset', {});
});

test('a run with known usage shows exact tokens and cost in the cells, the totals and every chart', async ({ page }) => {
  await control('models', {
    'fake-small': { text: 'Small answer.', tokensPerSecond: 100, usage: { promptTokens: 1000, completionTokens: 250, cachedTokens: 400 } },
    'fake-large': { text: 'Large answer here.', tokensPerSecond: 100, firstTokenMs: 60, usage: { promptTokens: 2000, completionTokens: 500, reasoningTokens: 120 } },
  });
  // fake-small: its own price; fake-large: priced like openai:gpt-4o from the catalog ($2.50 / $10 per 1M).
  await withPricing(page, { 'fake:fake-small': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 }, 'fake:fake-large': { mimic: 'openai:gpt-4o' } });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'What does it cost?');
  await expectRunStatus(page, 'finished');

  // fake-small: (600 × $2 + 400 × $0.5 + 250 × $8) / 1M = $0.0034; fake-large: (2000 × $2.5 + 500 × $10) / 1M = $0.01.
  for (let i = 1; i <= 6; i++) {
    await expect(cell(page, 1, i).getByTestId('agent-cost')).toHaveText(i % 2 ? '$0.0034' : '$0.010');
  }
  await expect(cell(page, 2, 1).getByTestId('agent-cost')).toHaveText('$0.0034');
  // 4 × $0.0034 + 3 × $0.01 = $0.0436
  await expect(page.getByTestId('total-cost')).toHaveText('$0.044');
  await expect(page.getByTestId('metrics-cost')).toHaveText('$0.044');
  await expect(page.getByTestId('metrics-cost')).toHaveAttribute('title', '$0.0436');
  await expect(page.getByTestId('metrics-input-tokens')).toHaveText('10k');
  await expect(page.getByTestId('metrics-input-tokens')).toHaveAttribute('title', '10,000');
  await expect(page.getByTestId('metrics-output-tokens')).toHaveAttribute('title', '2,500');
  await expect(page.getByTestId('metrics-cached-tokens')).toHaveText('1.6k');
  await expect(page.getByTestId('metrics-reasoning-tokens')).toHaveText('360');

  // The charts draw exactly these figures (read from each chart's data table).
  const costRows = await tableRows(page, 'chart-cost-by-agent-table');
  expect(costRows).toHaveLength(7);
  expect(costRows[0]).toEqual(['L1·1', 'fake:fake-small', '$0.0012', '$0.0002', '$0.002', '$0.0034']);
  expect(costRows[1]).toEqual(['L1·2', 'fake:fake-large', '$0.005', '$0', '$0.005', '$0.01']);
  expect(costRows[6]).toEqual(['L2·1', 'fake:fake-small', '$0.0012', '$0.0002', '$0.002', '$0.0034']);
  expect(await tableRows(page, 'chart-tokens-by-layer-table')).toEqual([
    ['Layer 1', '9,000', '1,200', '2,250', '360'],
    ['Layer 2', '1,000', '400', '250', '0'],
  ]);
  const curve = await tableRows(page, 'chart-cumulative-cost-table');
  expect(curve).toHaveLength(7);
  expect(curve.at(-1)![2]).toBe('$0.0436');
  expect(curve.at(-1)![1]).toBe('L2·1 fake:fake-small');
  const timeline = await tableRows(page, 'chart-timeline-table');
  expect(timeline.map((r) => r[0])).toEqual(['L1·1', 'L1·2', 'L1·3', 'L1·4', 'L1·5', 'L1·6', 'L2·1']);
  expect(timeline.every((r) => r[2] === 'done' && /\d/.test(r[4]) && /\d/.test(r[5]))).toBe(true);
  // The charts themselves rendered (SVG bars and the line), not only their tables.
  await expect(page.getByTestId('chart-cost-by-agent').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-cumulative-cost').locator('.recharts-line')).toBeVisible();

  // The per-agent table has the exact figures too.
  const first = page.locator('[data-testid=agent-row][data-layer="1"][data-agent="2"] td');
  await expect(first.nth(3)).toHaveText('2,000');
  await expect(first.nth(4)).toHaveText('500');
  await expect(first.nth(5)).toHaveText('120');
  await expect(first.nth(7)).toHaveText('$0.01');

  // History shows what the run cost, from the totals stored with it.
  await page.getByTestId('history-button').click();
  await expect(page.getByTestId('history-item').first()).toContainText('What does it cost?');
  await expect(page.getByTestId('history-item').first()).toContainText('$0.044');
});

test('unknown prices are shown as unknown, never $0, and a budget cannot be promised over them', async ({ page }) => {
  await control('models', { 'fake-small': { usage: { promptTokens: 10, completionTokens: 5 } }, 'fake-large': { usage: { promptTokens: 10, completionTokens: 5 } } });
  await page.goto('/');
  await choosePreset(page, 'Single model');
  await runPrompt(page, 'Hello?');
  await expectRunStatus(page, 'finished');
  await expect(cell(page, 1, 1).getByTestId('agent-cost')).toHaveText('$?');
  await expect(page.getByTestId('total-cost')).toHaveText('price unknown');
  await expect(page.getByTestId('metrics-cost')).toHaveText('price unknown');
  await expect(page.getByTestId('chart-cost-by-agent')).toContainText('price unknown: fake:fake-small');

  await page.getByTestId('budget-input').fill('0.50');
  await runPrompt(page, 'Hello again?');
  await expect(page.getByTestId('request-error')).toContainText('could exceed its budget');
  await expect(page.getByTestId('request-error')).toContainText('fake:fake-small: its price is unknown');
});

test('the budget: a run that could exceed it is refused; a run whose spend reaches it is stopped', async ({ page }) => {
  // Each fake-small call reports a million input tokens ($1 at $1/M): far above what the estimate expects.
  await control('models', {
    'fake-small': { tokensPerSecond: 200, usage: { promptTokens: 1_000_000, completionTokens: 5 } },
    'fake-large': { tokensPerSecond: 3, firstTokenMs: 100, usage: { promptTokens: 10, completionTokens: 5 } },
  });
  await withPricing(page, { 'fake:fake-small': { inputPerMTok: 1, outputPerMTok: 1 }, 'fake:fake-large': { inputPerMTok: 1, outputPerMTok: 1 } });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');

  // Refused: 7 calls of up to 1,024 output tokens at $1/M is more than $0.001.
  await page.getByTestId('budget-input').fill('0.001');
  await runPrompt(page, 'Spend it.');
  await expect(page.getByTestId('request-error')).toContainText('could exceed its budget');
  await expect(page.getByTestId('request-error')).toContainText('over the $0.001 budget. Lower max output tokens');
  expect((await recorded()).requests).toHaveLength(0);

  // Stopped: the estimate fits $2, but the second fake-small call brings the spend to $2.
  await page.getByTestId('budget-input').fill('2');
  await page.getByRole('button', { name: /Run/ }).click();
  await expectRunStatus(page, 'cancelled');
  await expect(page.getByTestId('final-answer').getByRole('alert')).toContainText('Stopped by the budget');
  await expect(page.locator('[data-testid=agent-cell][data-status=cancelled]')).not.toHaveCount(0);
  expect((await recorded()).requests).toHaveLength(6); // the aggregator never ran
  await expect.poll(async () => (await recorded()).openStreams).toBe(0);
  await expect(page.getByTestId('chart-cumulative-cost')).toContainText('Budget $2.00');
});
