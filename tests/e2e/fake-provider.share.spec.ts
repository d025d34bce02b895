import { expect, test } from '@playwright/test';
import type { RunEvent } from '../../lib/moa/events';
import { reduceEvents } from '../../lib/run-view';
import { readRunEvents } from '../../lib/browser/read-stream';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt, seenCells, shareLinkOf, snapshotRun, watchCellsFromStart } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

const { control } = fakeProviderControl(FAKE_PROVIDER_URL);

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

test('a link opened while the run streams follows it live, from its start to its end', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  // Slow (~11 s a layer), so the run is surely still going when the browser has the page.
  await control('models', {
    'fake-small': { text: LONG, tokensPerSecond: 16, usage: { promptTokens: 50, completionTokens: 300 } },
    'fake-large': { text: LONG, tokensPerSecond: 18, usage: { promptTokens: 60, completionTokens: 300 } },
  });
  // The run is started by another client (a plain HTTP one here), which reads it to its end.
  const config = { layers: [{ agents: [{ model: 'fake:fake-large' }, { model: 'fake:fake-small' }, { model: 'fake:fake-large' }] }, { agents: [{ model: 'fake:fake-small' }] }] };
  const response = await fetch(`${baseURL}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, prompt: 'Tell me something at length.' }) });
  expect(response.status).toBe(200);
  const stream = readRunEvents(response.body!);
  const first = (await stream.next()).value as Extract<RunEvent, { type: 'run-started' }>;
  const rest = (async () => {
    const events: RunEvent[] = [first];
    for await (const event of stream) events.push(event);
    return events;
  })();

  await watchCellsFromStart(page);
  await page.goto(`/r/${first.runId}`);
  await expect(page.getByText('Following live…')).toBeVisible();
  await expect(cell(page, 1, 1).getByTestId('agent-text')).toContainText('Sentence 1 of a patient answer.');
  await expectRunStatus(page, 'finished');
  await expect(page.getByText('Following live…')).toHaveCount(0);

  // The page was rendered mid-run and moved on in place, without a reload, to exactly what the
  // run's own client received. (How many partial frames it painted depends on the machine.)
  const seen = await seenCells(page);
  expect(seen['2.1'].statuses[0]).toMatch(/waiting|streaming/);
  expect(seen['2.1'].statuses.at(-1)).toBe('done');
  const view = reduceEvents(await rest);
  expect(view.status).toBe('finished');
  await expect(page.getByTestId('final-text')).toHaveText(view.finalText!);
  for (const agent of view.layers.flat()) {
    await expect(cell(page, agent.layer + 1, agent.agent + 1).getByTestId('agent-text')).toHaveText(agent.text);
    await expect(cell(page, agent.layer + 1, agent.agent + 1).getByTestId('agent-output-tokens')).toHaveText(`out ${agent.usage!.outputTokens}`);
  }
  await expect(page.getByTestId('total-input-tokens')).toHaveText(String(view.usage!.inputTokens));
});
