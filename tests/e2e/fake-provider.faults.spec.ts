import { expect, test } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control } = fakeProviderControl(FAKE_PROVIDER_URL);

test('cells say what went wrong: a retried 500 recovers, cut streams keep their partial text', async ({ page }) => {
  await control('reset', {});
  await control('models', {
    // Only the first request to fake-small fails; the engine retries it.
    'fake-small': { text: 'Small model answer.', tokensPerSecond: 200, fault: { kind: 'status', status: 500, times: 1 } },
    'fake-large': { text: 'One two three four five six.', tokensPerSecond: 200, fault: { kind: 'cut', afterChunks: 2 } },
  });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'Go.');
  await expectRunStatus(page, 'finished');

  const small = [1, 3, 5].map((i) => cell(page, 1, i));
  for (const c of small) await expect(c).toHaveAttribute('data-status', 'done');
  // Exactly one call was retried, once; its text is not duplicated.
  await expect(page.getByTestId('agent-retries')).toHaveCount(1);
  await expect(page.getByTestId('agent-retries')).toHaveText('↻1');
  for (const c of small) await expect(c.getByTestId('agent-text')).toHaveText('Small model answer.');

  for (const i of [2, 4, 6]) {
    const c = cell(page, 1, i);
    await expect(c).toHaveAttribute('data-status', 'failed');
    await expect(c.getByTestId('agent-error')).toHaveText(/^The connection closed mid-response/);
    await expect(c.getByTestId('agent-text')).toContainText('One two');
  }
  await expect(page.getByTestId('final-text')).toHaveText('Small model answer.');
  await page.screenshot({ path: 'test-results/faults-grid.png' });
});
