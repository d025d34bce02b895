import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt, seenCells, watchCells } from './helpers';

test.describe('a new user, no API key', () => {
  test('runs the default MoA and watches every agent of every layer stream into the grid', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'MoA Playground' })).toBeVisible();
    await expect(page.getByTestId('offline-badge')).toContainText('Offline simulation');
    // The default preset is the paper's 3-layer MoA: 6 proposers, 6 refiners, 1 aggregator.
    await expect(page.getByTestId('config-summary')).toHaveText('3 layers · 13 calls per run');
    await expect(page.getByTestId('agent-placeholder')).toHaveCount(13);

    await watchCells(page);
    await runPrompt(page, 'What are the trade-offs of microservices versus a monolith for a small team?');
    await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
    await expectRunStatus(page, 'finished');

    const cells = page.getByTestId('agent-cell');
    await expect(cells).toHaveCount(13);
    await expect(page.locator('[data-testid=agent-cell][data-status=done]')).toHaveCount(13);

    // Every agent showed partial text while streaming, then finished; later layers waited
    // for the one before them (layer 1 may start before its first paint).
    const seen = await seenCells(page);
    expect(Object.keys(seen)).toHaveLength(13);
    for (const [key, { statuses, lengths }] of Object.entries(seen)) {
      expect(statuses.filter((s) => s !== 'waiting'), key).toEqual(['streaming', 'done']);
      if (!key.startsWith('1.')) expect(statuses[0], key).toBe('waiting');
      const [layer, agent] = key.split('.').map(Number);
      const finalLength = (await cell(page, layer, agent).getByTestId('agent-text').textContent())!.length;
      expect(lengths.length, `${key} showed partial text (seen: ${JSON.stringify({ statuses, lengths, finalLength })})`).toBeGreaterThan(0);
      expect(Math.min(...lengths), `${key} showed partial text`).toBeLessThan(finalLength);
    }

    // The final answer is the aggregator's text, and it is prominent.
    const finalText = (await page.getByTestId('final-text').innerText()).trim();
    expect(finalText.length).toBeGreaterThan(100);
    expect(finalText).toBe((await cell(page, 3, 1).getByTestId('agent-text').innerText()).trim());
    await expect(page.getByTestId('total-output-tokens')).not.toHaveText('–');

    // Every cell reports its tokens and latency.
    for (const layer of [1, 2, 3]) await expect(cell(page, layer, 1).getByTestId('agent-output-tokens')).toContainText(/out \d+/);
    await expect(page.getByRole('button', { name: /Run/ })).toBeEnabled();
  });

  test('Stop (Esc) cancels the run: nothing is left waiting or streaming', async ({ page }) => {
    await page.goto('/');
    await runPrompt(page, 'Explain how a hash map works.');
    // As soon as layer 1 has started (a starved renderer may show it done without ever streaming):
    // two layers are still to come, so the run cannot end before Esc lands.
    await expect(page.locator('[data-testid=agent-cell][data-layer="1"]:not([data-status=waiting])').first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expectRunStatus(page, 'cancelled');
    await expect(page.locator('[data-testid=agent-cell][data-status=streaming], [data-testid=agent-cell][data-status=waiting]')).toHaveCount(0);
    await expect(page.locator('[data-testid=agent-cell][data-status=cancelled]').first()).toBeVisible();
  });

  test('presets reshape the grid', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'Single model');
    await expect(page.getByTestId('config-summary')).toHaveText('1 layer · 1 call per run');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    await expect(page.getByTestId('config-summary')).toHaveText('2 layers · 7 calls per run');
    await runPrompt(page, 'How do vaccines train the immune system?');
    await expectRunStatus(page, 'finished');
    await expect(page.getByTestId('layer')).toHaveCount(2);
    await expect(page.locator('[data-testid=agent-cell][data-status=done]')).toHaveCount(7);
  });
});
