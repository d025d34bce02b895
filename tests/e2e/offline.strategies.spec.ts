import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';

test.describe('aggregation strategies', () => {
  test('the LLM-ranker preset: the aggregator picks one proposal, says why, and the final answer is that proposal exactly', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'LLM-ranker');
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy')).toHaveValue('rank');
    await expect(page.getByTestId('rank-prompt')).toBeVisible();
    await runPrompt(page, 'What are the trade-offs of microservices versus a monolith?');
    await expectRunStatus(page, 'finished');

    const ranker = cell(page, 2, 1);
    const picked = Number((await ranker.getByTestId('agent-pick-answer').innerText()).replace(/\D+/g, ''));
    expect(picked).toBeGreaterThanOrEqual(1);
    expect(picked).toBeLessThanOrEqual(6);
    await expect(ranker.getByTestId('agent-pick')).toContainText('Offline heuristic ranker (not an LLM)');
    await expect(page.getByTestId('final-pick')).toHaveText(`picked answer ${picked}`);
    const proposal = (await cell(page, 1, picked).getByTestId('agent-text').innerText()).trim();
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe(proposal);
  });

  test('a layer set to rank in the builder ranks; back to synthesize, it synthesises', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    const strategy = page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy');
    await expect(strategy).toHaveValue('synthesize');
    await expect(page.getByTestId('rank-prompt')).toHaveCount(0);
    await strategy.selectOption('rank');
    // The board's link carries the strategy.
    await page.reload();
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy')).toHaveValue('rank');
    await page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy').selectOption('synthesize');
    await runPrompt(page, 'Why is the sky blue?');
    await expectRunStatus(page, 'finished');
    await expect(page.getByTestId('agent-pick')).toHaveCount(0);
  });

  test('Compare: MoA-Lite against the LLM-ranker runs with no key and the judge gives a verdict', async ({ page }) => {
    await page.goto('/compare');
    const panes = page.getByTestId('compare-pane');
    await panes.nth(0).getByTestId('pane-source').selectOption({ label: 'Preset: LLM-ranker' });
    await panes.nth(1).getByTestId('pane-source').selectOption({ label: 'Preset: MoA-Lite (2 layers)' });
    await page.getByLabel('Prompt', { exact: true }).fill('How do vaccines train the immune system?');
    await page.getByTestId('compare-run').click();
    await expect(panes.nth(0)).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(panes.nth(1)).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(page.getByTestId('judge-result').getByTestId('judge-verdict')).toBeVisible({ timeout: 60_000 });
  });
});
