import { expect, test } from '@playwright/test';
import { cell, choosePreset, runPrompt, seenCells, watchCells } from './helpers';

// The app with a models folder (a generated tiny llama GGUF, a half-downloaded file and one
// with a corrupt vocabulary), no local server running and no internet.
test.describe('local models', () => {
  test('the Local models panel shows the usable model, each broken file with what is wrong, and no internet plainly', async ({ page }, testInfo) => {
    await page.goto('/');
    const button = page.getByTestId('local-models-button');
    await expect(button).toContainText('Local models');
    await expect(button).toContainText('1');
    await button.click();

    const dialog = page.getByTestId('local-models-dialog');
    await expect(dialog.getByRole('heading', { name: 'Local models' })).toBeVisible();
    const files = dialog.getByTestId('local-file');
    await expect(files).toHaveCount(3);
    // Checked in a child process first: "checking…" until the trial load passed.
    await expect(dialog.locator('[data-testid=local-file][data-status=ready]')).toContainText('local:tiny-llama', { timeout: 60_000 });
    await expect(files.filter({ hasText: 'half-downloaded' })).toHaveAttribute('data-status', 'unavailable');
    await expect(files.filter({ hasText: 'half-downloaded' }).getByTestId('local-file-reason')).toContainText(/The file is truncated: tensor .* needs bytes up to/);
    await expect(files.filter({ hasText: 'bad-vocab' }).getByTestId('local-file-reason')).toContainText(/The vocabulary is corrupt: token .* appears twice/);

    // No Ollama, LM Studio or llama.cpp server here.
    await expect(dialog.getByTestId('local-server')).toHaveCount(3);
    await expect(dialog.locator('[data-testid=local-server][data-answering=false]')).toHaveCount(3);

    await dialog.getByRole('button', { name: /Download all/ }).click();
    const error = dialog.getByTestId('pull-error');
    await expect(error).toContainText('No internet connection');
    await expect(error).toContainText('Nothing was downloaded');
    await expect(dialog.getByRole('button', { name: /Download all/ })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath('local-models-panel.png') });

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();
    // The broken files took nothing down.
    expect((await page.request.get('/api/models')).ok()).toBe(true);
  });

  test('runs the Local MoA preset on the embedded llama.cpp, streaming every agent', async ({ page }, testInfo) => {
    // 3 × 512 tokens, then the aggregator, on a CPU shared with the rest of the suite.
    test.setTimeout(240_000);
    await page.goto('/');
    await choosePreset(page, 'Local MoA');
    await expect(page.getByTestId('config-summary')).toHaveText('2 layers · 4 calls per run');
    await expect(page.getByTestId('agent-placeholder')).toHaveCount(4);
    await expect(page.getByTestId('agent-placeholder').first()).toContainText('local:tiny-llama');

    await watchCells(page);
    await runPrompt(page, 'Name three uses of a paperclip.');
    await expect(page.locator('[data-testid=agent-cell][data-status=streaming]').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('final-answer')).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
    await expect(page.locator('[data-testid=agent-cell][data-status=done]')).toHaveCount(4);

    const seen = await seenCells(page);
    for (const [key, { statuses, lengths }] of Object.entries(seen)) {
      expect(statuses.filter((s) => s !== 'waiting'), key).toEqual(['streaming', 'done']);
      expect(lengths.length, `${key} streamed`).toBeGreaterThan(1);
    }
    for (const agent of [1, 2, 3]) await expect(cell(page, 1, agent).getByTestId('agent-output-tokens')).toContainText(/out \d+/);
    await expect(page.getByTestId('total-output-tokens')).not.toHaveText('–');
    await page.screenshot({ path: testInfo.outputPath('local-moa-run.png'), fullPage: true });
  });
});
