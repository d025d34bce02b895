import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control, recorded } = fakeProviderControl(FAKE_PROVIDER_URL);

const settingsOf = (page: Page) => page.getByTestId('resilience-settings');

/** What the resilience panel shows: every field's value and the checkbox. */
async function shown(page: Page) {
  const settings = settingsOf(page);
  await expect(settings).toBeVisible();
  const value = (field: string) => settings.getByTestId(`resilience-${field}`).inputValue();
  return {
    maxRetries: await value('maxRetries'),
    firstTokenTimeoutMs: await value('firstTokenTimeoutMs'),
    callTimeoutMs: await value('callTimeoutMs'),
    quorum: await value('quorum'),
    earlyAggregation: await settings.getByTestId('resilience-earlyAggregation').isChecked(),
    graceMs: await value('graceMs'),
  };
}

test('resilience settings: set by keyboard, kept through reload, link and export, and obeyed by the run', async ({ page, browser }) => {
  await control('reset', {});
  await control('models', {
    // The first request to fake-small fails with a 500; with retries (the default) it would recover.
    'fake-small': { text: 'Small model answer.', tokensPerSecond: 200, fault: { kind: 'status', status: 500, times: 1 } },
    'fake-large': { text: 'Large model answer.', tokensPerSecond: 200 },
  });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  const settings = settingsOf(page);
  await expect(settings.getByTestId('resilience-summary')).toHaveText(/^2 retries · .* \(defaults\)$/);
  await expect(settings.getByTestId('reset-resilience')).toBeDisabled();
  await expect(settings.getByTestId('resilience-graceMs')).toBeDisabled();

  // Keyboard only: a value over the limit is refused with the schema's words, then a valid one.
  const retries = settings.getByTestId('resilience-maxRetries');
  await retries.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('9');
  await expect(settings.getByRole('alert')).toHaveText('Retries are at most 5.');
  await expect(retries).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('0');
  await expect(settings.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Tab'); // first wait
  await page.keyboard.press('Tab'); // longest wait
  await page.keyboard.press('Tab'); // first token
  await page.keyboard.press('Tab'); // whole call
  await page.keyboard.press('Tab'); // quorum
  await page.keyboard.press('Tab'); // early aggregation
  await expect(settings.getByTestId('resilience-earlyAggregation')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(settings.getByTestId('resilience-graceMs')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('30');
  await expect(settings.getByTestId('resilience-summary')).toHaveText('no retries · first token within 1 min · call within 5 min · quorum 1 · stragglers stopped after 30 s');
  const expected = { maxRetries: '0', firstTokenTimeoutMs: '60', callTimeoutMs: '300', quorum: '1', earlyAggregation: true, graceMs: '30' };
  expect(await shown(page)).toEqual(expected);

  // Reload (localStorage), the link in a fresh browser, and the exported file all keep them.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('moa-playground:board') ?? '')).toContain('"graceMs":30000');
  await page.reload();
  expect(await shown(page)).toEqual(expected);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  expect(await shown(other)).toEqual(expected);
  await fresh.close();
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const json = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(json.resilience).toMatchObject({ maxRetries: 0, earlyAggregation: true, graceMs: 30_000, quorum: 1 });

  for (const dark of [false, true]) {
    await page.evaluate((on) => document.documentElement.classList.toggle('dark', on), dark);
    await settings.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/resilience-${dark ? 'dark' : 'light'}.png` });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));

  // The run obeys them: the 500 is not retried, so exactly one proposer fails and says why.
  await runPrompt(page, 'Go.');
  await expectRunStatus(page, 'finished');
  await expect(page.locator('[data-testid=agent-cell][data-status=failed]')).toHaveCount(1);
  const failed = page.locator('[data-testid=agent-cell][data-status=failed]');
  await expect(failed.getByTestId('agent-error')).toContainText('500');
  await expect(page.getByTestId('agent-retries')).toHaveCount(0);
  await expect(cell(page, 2, 1)).toHaveAttribute('data-status', 'done');
  const { requests } = await recorded();
  expect(requests).toHaveLength(7); // 6 proposers and the aggregator, nothing retried
});
