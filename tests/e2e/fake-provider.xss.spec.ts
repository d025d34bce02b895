import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';
import { expectInert, failOnDialog, HOSTILE_ANSWER } from './xss';

const control = (path: string, body: unknown) =>
  fetch(`${FAKE_PROVIDER_URL}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('hostile model output renders inert in every cell and the final answer', async ({ page }) => {
  await control('reset', {});
  await control('models', {
    'fake-small': { text: HOSTILE_ANSWER, tokensPerSecond: 400, chunkSize: 7 },
    'fake-large': { text: HOSTILE_ANSWER, tokensPerSecond: 400, chunkSize: 11 },
  });
  failOnDialog(page);
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'Say something dangerous.');
  await expectRunStatus(page, 'finished');

  for (let i = 1; i <= 6; i++) await expectInert(page, cell(page, 1, i).getByTestId('agent-text'));
  await expectInert(page, cell(page, 2, 1).getByTestId('agent-text'));
  await expectInert(page, page.getByTestId('final-text'));
  // Raw HTML is dropped, not shown as markup, and the Markdown around it still renders.
  await expect(page.getByTestId('final-text').locator('strong')).toHaveText('my answer');
  await expect(page.getByTestId('final-text')).not.toContainText('onerror');
  await page.screenshot({ path: 'test-results/xss-grid.png' });
});
