import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt, seenCells, shareLinkOf, snapshotRun, watchCells } from './helpers';

test.describe('stored runs: share, replay, fork, history', () => {
  test('a shared run opens in a fresh browser exactly as it ended; Replay streams it again; Fork rebuilds the board', async ({ page, browser }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/');
    await expect(page.getByTestId('share-button')).toBeDisabled();
    await choosePreset(page, 'MoA-Lite (2 layers)');
    const prompt = 'What makes a good code review?';
    await runPrompt(page, prompt);
    await expectRunStatus(page, 'finished');
    const original = await snapshotRun(page);
    expect(Object.keys(original.agents)).toHaveLength(7);

    // Copy the link as a user would.
    const link = await shareLinkOf(page);
    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('share-menu')).toContainText('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // A colleague opens it: a new browser context, no cookies, nothing shared with the first.
    const colleague = await browser.newContext();
    const shared = await colleague.newPage();
    const response = await shared.goto(link);
    expect(response!.status()).toBe(200);
    await expect(shared).toHaveTitle(/What makes a good code review\? · MoA run/);
    await expect(shared.locator('meta[property="og:description"]')).toHaveAttribute('content', /Mixture-of-Agents run \(2 layers · 7 calls · .* tokens · finished\)\. Final answer: /);
    await expect(shared.getByTestId('shared-prompt')).toHaveText(prompt);
    await expect(shared.getByTestId('shared-shape')).toHaveText('MoA-Lite (2 layers) · 2 layers · 7 calls');
    await expectRunStatus(shared, 'finished');
    expect(await snapshotRun(shared)).toEqual(original);
    // Read-only: no prompt box, no Run button.
    await expect(shared.getByLabel('Prompt', { exact: true })).toHaveCount(0);

    // Replay at the recorded pace: every cell streams again (partial text first), ending where it ended.
    await watchCells(shared);
    await shared.getByTestId('replay-button').click();
    await expect(shared.getByTestId('replay-progress')).toBeVisible();
    await expectRunStatus(shared, 'running');
    await expectRunStatus(shared, 'finished');
    await expect(shared.getByTestId('replay-button')).toBeVisible();
    const seen = await seenCells(shared);
    for (const key of Object.keys(original.agents)) {
      expect(seen[key].statuses, key).toContain('streaming');
      expect(seen[key].statuses.at(-1), key).toBe('done');
    }
    // Text grew in place (a busy machine may paint a short answer only once it is done).
    const partial = Object.values(seen).filter((c) => c.lengths.length > 0);
    expect(partial.length).toBeGreaterThanOrEqual(4);
    expect(await snapshotRun(shared)).toEqual(original);
    // And again at 10× (over in well under a second): the last cell left `done` and ended as before.
    // (Waiting or streaming: a starved renderer may commit the reset and the first tokens at once.)
    await shared.getByTestId('speed-10x').click();
    await expect(shared.getByTestId('speed-10x')).toHaveAttribute('aria-pressed', 'true');
    await watchCells(shared);
    await shared.getByTestId('replay-button').click();
    await expect.poll(async () => (await seenCells(shared))['2.1']?.statuses.some((s) => s === 'waiting' || s === 'streaming')).toBe(true);
    await expect(shared.getByTestId('replay-button')).toBeVisible();
    await expectRunStatus(shared, 'finished');
    expect((await seenCells(shared))['2.1'].statuses.at(-1)).toBe('done');
    expect(await snapshotRun(shared)).toEqual(original);

    // Fork: the builder opens with the run's board and prompt.
    await shared.getByTestId('fork-button').click();
    await expect(shared).toHaveURL(/:\d+\/(#c=.+)?$/); // the board, once loaded, is kept in the hash
    await expect(shared.getByTestId('fork-notice')).toContainText('Forked');
    await expect(shared.getByLabel('Prompt', { exact: true })).toHaveValue(prompt);
    await expect(shared.getByTestId('config-summary')).toHaveText('2 layers · 7 calls per run');
    await expect(shared.getByTestId('preset-select')).toHaveValue('moa-lite');
    await expect(shared.getByTestId('agent-placeholder')).toHaveCount(7);
    await colleague.close();
  });

  test('history lists this browser’s runs; opening one shows it as it ended; delete asks first', async ({ page, browser }) => {
    await page.goto('/');
    await choosePreset(page, 'Single model');
    await runPrompt(page, 'First question for the history');
    await expectRunStatus(page, 'finished');
    await runPrompt(page, 'Second question for the history');
    await expectRunStatus(page, 'finished');
    const finalText = (await page.getByTestId('final-text').innerText()).trim();

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('h');
    const drawer = page.getByTestId('history-drawer');
    await expect(drawer).toBeVisible();
    const items = drawer.getByTestId('history-item');
    await expect(items.first()).toContainText('Second question for the history');
    await expect(items.nth(1)).toContainText('First question for the history');
    await expect(items.first()).toContainText('Single model');
    await expect(items.first()).toContainText(/\d+ tokens/);
    await expect(items.first()).toContainText('finished');

    // Another browser has its own (empty) history.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto('/');
    await otherPage.getByTestId('history-button').click();
    await expect(otherPage.getByTestId('history-empty')).toBeVisible();
    await other.close();

    // Delete the first run, after confirming.
    const first = items.filter({ hasText: 'First question' });
    const firstId = await first.getAttribute('data-run-id');
    await first.getByTestId('delete-run').click();
    await first.getByRole('button', { name: 'Cancel' }).click();
    await expect(items).toHaveCount(2);
    await first.getByTestId('delete-run').click();
    await first.getByTestId('confirm-delete').click();
    await expect(items).toHaveCount(1);
    const gone = await page.request.get(`/r/${firstId}`);
    expect(gone.status()).toBe(404);

    // Esc closes the drawer only.
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await page.keyboard.press('h');
    await expect(items).toHaveCount(1);

    // Open the remaining one.
    await items.first().getByRole('link').click();
    await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
    await expectRunStatus(page, 'finished');
    await expect(page.getByTestId('final-text')).toHaveText(finalText);
    await page.keyboard.press('Escape');
  });

  test('the share page reads without JavaScript, and exports as JSON and Markdown', async ({ page, browser }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    await runPrompt(page, 'Why do leaves change colour in autumn?');
    await expectRunStatus(page, 'finished');
    const original = await snapshotRun(page);
    const link = await shareLinkOf(page);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const reader = await noJs.newPage();
    await reader.goto(link);
    await expect(reader.getByTestId('final-text')).toHaveText(original.finalText);
    await expect(cell(reader, 1, 1).getByTestId('agent-text')).toHaveText(original.agents['1.1'].text);
    await expect(reader.getByTestId('total-output-tokens')).toHaveText(original.outputTokens);
    await noJs.close();

    const id = link.split('/r/')[1];
    const json = await page.request.get(`/api/runs/${id}/export?format=json`);
    const data = await json.json();
    expect(data).toMatchObject({ id, prompt: 'Why do leaves change colour in autumn?', status: 'finished' });
    expect(data.config.layers).toHaveLength(2);
    expect(data.events.at(-1).type).toBe('run-finished');
    const md = await (await page.request.get(`/api/runs/${id}/export?format=md`)).text();
    expect(md).toContain('> Why do leaves change colour in autumn?');
    expect(md).toContain('## Layer 1 — Proposers');
    expect(md).toContain('| **Total** |');
  });

  test('unknown or malformed run ids give the 404 page, not an error', async ({ page }) => {
    for (const path of ['/r/AAAAAAAAAAAAAAAAAAAAAA', '/r/not-a-run', '/r/%E2%80%A6', `/r/${'x'.repeat(500)}`]) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'There is nothing at this address' })).toBeVisible();
    }
    const api = await page.request.get('/api/runs/not-a-run');
    expect(api.status()).toBe(404);
    expect(await api.json()).toEqual({ error: 'There is no run with this id.', code: 'not_found' });
  });
  test('a fresh browser’s first comparison of 4 panes is one History entry that opens all 4 runs', async ({ browser }) => {
    // A new browser: no owner cookie yet. The 4 runs start at once.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/compare');
    await page.getByTestId('judge-enabled').uncheck();
    await page.getByTestId('add-pane').click();
    await page.getByTestId('add-pane').click();
    await expect(page.locator('[data-testid=compare-pane]')).toHaveCount(4);
    await page.getByLabel('Prompt', { exact: true }).fill('Four panes, one owner');
    await page.getByTestId('compare-run').click();
    for (let n = 1; n <= 4; n++) await expect(page.locator(`[data-testid=compare-pane][data-pane="${n}"]`)).toHaveAttribute('data-status', 'finished');

    // Every run is this browser's (none lost to a cookie race), listed as one comparison.
    await page.goto('/');
    await page.getByTestId('history-button').click();
    const items = page.getByTestId('history-drawer').getByTestId('history-item');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('Four panes, one owner');
    await expect(items.first()).toContainText('Comparison · 4 runs');
    const runs = await page.request.get('/api/runs');
    expect((await runs.json()).runs).toHaveLength(4);

    // It opens all four panes, each with its answer and a way into its grid.
    await items.first().getByRole('link').click();
    await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    const panes = page.getByTestId('comparison-pane');
    await expect(panes).toHaveCount(4);
    for (let i = 0; i < 4; i++) {
      await expect(panes.nth(i)).toHaveAttribute('data-status', 'finished');
      await expect(panes.nth(i).getByTestId('comparison-answer')).not.toBeEmpty();
    }
    await expect(page.getByTestId('comparison-prompt')).toHaveText('Four panes, one owner');
    await page.screenshot({ path: 'test-results/comparison.png' });
    await panes.nth(1).getByTestId('open-run').click();
    await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
    await expectRunStatus(page, 'finished');
    await context.close();
  });
});
