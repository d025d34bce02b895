import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt, seenCells, shareLinkOf, snapshotRun, watchCellsFromStart } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const control = (path: string, body: unknown) =>
  fetch(`${FAKE_PROVIDER_URL}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const LONG = Array.from({ length: 25 }, (_, i) => `Sentence ${i + 1} of a patient answer.`).join(' ');

test.beforeEach(async () => {
  await control('reset', {});
});

test('a shared run shows the provider’s own token figures, agent by agent', async ({ page, browser }) => {
  await control('models', {
    'fake-small': { text: 'Small answer.', tokensPerSecond: 200, usage: { promptTokens: 42, completionTokens: 17 } },
    'fake-large': { text: 'Large answer.', tokensPerSecond: 200, usage: { promptTokens: 123, completionTokens: 45 } },
  });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'What is the capital of France?');
  await expectRunStatus(page, 'finished');
  const original = await snapshotRun(page);
  expect(original.inputTokens).toBe(String(4 * 42 + 3 * 123));

  const colleague = await browser.newContext();
  const shared = await colleague.newPage();
  await shared.goto(await shareLinkOf(page));
  expect(await snapshotRun(shared)).toEqual(original);
  await expect(cell(shared, 1, 2).getByTestId('agent-input-tokens')).toHaveText('in 123');
  await expect(shared.getByTestId('total-output-tokens')).toHaveText(String(4 * 17 + 3 * 45));
  // Model ids only: never the provider's address or key.
  const html = await shared.content();
  expect(html).not.toContain('127.0.0.1:');
  expect(html).not.toContain('fake-test-key');
  await colleague.close();
});

test('a link opened while the run streams follows it live, from its start to its end', async ({ page, browser }) => {
  test.setTimeout(150_000);
  // Slow (~11 s a layer), so the run is surely still going when the second browser has the page.
  await control('models', {
    'fake-small': { text: LONG, tokensPerSecond: 16, usage: { promptTokens: 50, completionTokens: 300 } },
    'fake-large': { text: LONG, tokensPerSecond: 18, usage: { promptTokens: 60, completionTokens: 300 } },
  });
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'Tell me something at length.');
  const link = await shareLinkOf(page);
  await expect(cell(page, 1, 1).getByTestId('agent-text')).not.toBeEmpty();

  const colleague = await browser.newContext();
  const follower = await colleague.newPage();
  await watchCellsFromStart(follower);
  await follower.goto(link);
  await expect(follower.getByText('Following live…')).toBeVisible();
  // What streamed before the second browser came is there at once.
  await expect(cell(follower, 1, 1).getByTestId('agent-text')).toContainText('Sentence 1 of a patient answer.');
  await expectRunStatus(follower, 'finished');
  await expectRunStatus(page, 'finished');
  await expect(follower.getByText('Following live…')).toHaveCount(0);

  // The page was rendered mid-run and moved on in place, without a reload, to exactly what
  // the first browser has. (How many partial frames it painted depends on the machine's load.)
  const seen = await seenCells(follower);
  expect(seen['2.1'].statuses[0]).toMatch(/waiting|streaming/);
  expect(seen['2.1'].statuses.at(-1)).toBe('done');
  expect(await snapshotRun(follower)).toEqual(await snapshotRun(page));
  await colleague.close();
});
