import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectRunStatus } from './helpers';
import { boardModels, boardState, card, finalLayer, gridModels, layer, mouseDrag, tabTo } from './builder-helpers';

const PROMPT = 'How do tides work?';

async function runAndCompare(page: Page, expected: string[][]) {
  await expect(page.getByTestId('tab-run')).toHaveAttribute('aria-selected', 'true');
  await expectRunStatus(page, 'finished');
  expect(await gridModels(page)).toEqual(expected);
  await expect(page.locator('[data-testid=agent-cell][data-status=done]')).toHaveCount(expected.flat().length);
}

// Whole user journeys with a run each: generous, so a busy CI machine does not fail them.
test.describe.configure({ timeout: 150_000 });

test.describe('the visual builder', () => {
  test('a new user builds a 3-2-1 graph with the mouse only, runs it, and the grid matches the board', async ({ page }) => {
    await page.goto('/');
    // The default board is the paper's MoA: 6 proposers, 6 refiners, one aggregator.
    expect((await boardModels(page)).map((l) => l.length)).toEqual([6, 6, 1]);
    await expect(finalLayer(page).getByTestId('layer-caption')).toHaveText('Exactly one aggregator');

    // Trim layer 2 to one refiner and layer 1 to four proposers, clicking remove buttons.
    for (let i = 6; i >= 2; i--) await card(page, 2, i).getByRole('button', { name: /^Remove/ }).click();
    for (let i = 6; i >= 5; i--) await card(page, 1, i).getByRole('button', { name: /^Remove/ }).click();
    expect((await boardModels(page)).map((l) => l.length)).toEqual([4, 1, 1]);
    // The last refiner cannot be removed: the schema's reason is on the button.
    await expect(card(page, 2, 1).getByRole('button', { name: /^Remove/ })).toHaveAttribute('aria-disabled', 'true');
    await expect(card(page, 2, 1).getByRole('button', { name: /^Remove/ })).toHaveAttribute('title', /A layer needs at least one agent/);

    // Drag proposer 4 into layer 2, below its refiner.
    const moved = await card(page, 1, 4).getAttribute('data-model');
    await mouseDrag(page, card(page, 1, 4).getByTestId('drag-handle'), layer(page, 2).getByTestId('layer-end'));
    expect((await boardModels(page)).map((l) => l.length)).toEqual([3, 2, 1]);
    expect((await boardModels(page))[1][1]).toBe(moved);

    // Reorder within layer 1: drag proposer 3 above proposer 1.
    const before = (await boardModels(page))[0];
    await mouseDrag(page, card(page, 1, 3).getByTestId('drag-handle'), card(page, 1, 1), 'top');
    await expect.poll(async () => (await boardModels(page))[0]).toEqual([before[2], before[0], before[1]]);

    // Pick another model for refiner 1 with the picker.
    await card(page, 2, 1).getByTestId('model-button').click();
    const picker = page.getByTestId('model-picker');
    await expect(picker).toBeVisible();
    await picker.getByRole('option', { name: /offline:explainer/ }).click();
    await expect(picker).toBeHidden();
    await expect(card(page, 2, 1)).toHaveAttribute('data-model', 'offline:explainer');

    const board = await boardModels(page);
    expect(board.map((l) => l.length)).toEqual([3, 2, 1]);
    await expect(page.getByTestId('config-summary')).toHaveText('3 layers · 6 calls per run');
    await expect(page.getByTestId('summary-calls')).toHaveText('6');

    await page.getByLabel('Prompt', { exact: true }).fill(PROMPT); // the only typing: the question itself
    await page.getByRole('button', { name: /^Run/ }).click();
    await runAndCompare(page, board);
  });

  test('the same with the keyboard only', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('builder')).toBeVisible();

    // Preset "Single model": one layer, one agent.
    await tabTo(page, page.getByTestId('preset-select'));
    await page.keyboard.press('End');
    await expect(page.getByTestId('preset-select')).toHaveValue('single');
    expect((await boardModels(page)).map((l) => l.length)).toEqual([1]);

    // Two layers before the aggregator, then agents: 3 and 2.
    await tabTo(page, page.getByRole('button', { name: 'Add layer' }));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('builder-layer')).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Add layer' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('builder-layer')).toHaveCount(3);
    await tabTo(page, page.getByRole('button', { name: 'Add agent to layer 1' }));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Add agent to layer 2' }));
    await page.keyboard.press('Enter');
    expect((await boardModels(page)).map((l) => l.length)).toEqual([4, 2, 1]);

    // Keyboard drag and drop: proposer 4 of layer 1 moves right into layer 2; each step is announced.
    const live = page.locator('[id^=DndLiveRegion]').first();
    const moving = await card(page, 1, 4).getAttribute('data-model');
    await tabTo(page, card(page, 1, 4).getByTestId('drag-handle'));
    await page.keyboard.press('Space');
    await expect(live).toContainText('Picked up agent 4 of layer 1');
    await page.keyboard.press('ArrowRight');
    await expect(live).toContainText('Move agent 4 of layer 1 to layer 2?');
    await page.keyboard.press('Space');
    await expect(live).toContainText('Done: Move agent 4 of layer 1 to layer 2.');
    expect((await boardModels(page)).map((l) => l.length)).toEqual([3, 3, 1]);
    expect((await boardModels(page))[1]).toContain(moving);
    // ...and a refiner goes back to layer 1.
    const back = (await boardModels(page))[1][0];
    await tabTo(page, card(page, 2, 1).getByTestId('drag-handle'));
    await page.keyboard.press('Space');
    await expect(live).toContainText('Picked up agent 1 of layer 2');
    await page.keyboard.press('ArrowLeft');
    await expect(live).toContainText('to layer 1?');
    await page.keyboard.press('Space');
    await expect(live).toContainText('Done: Move agent 1 of layer 2 to layer 1.');
    expect((await boardModels(page)).map((l) => l.length)).toEqual([4, 2, 1]);
    expect((await boardModels(page))[0]).toContain(back);
    // Remove it again with the keyboard: 3, 2, 1.
    const index = (await boardModels(page))[0].indexOf(back) + 1;
    await card(page, 1, index).getByRole('button', { name: /^Remove/ }).focus();
    await page.keyboard.press('Enter');
    expect((await boardModels(page)).map((l) => l.length)).toEqual([3, 2, 1]);

    // The model picker: search, arrows, Enter.
    await tabTo(page, card(page, 1, 2).getByTestId('model-button'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('model-search')).toBeFocused();
    await page.keyboard.type('scept');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('model-picker')).toBeHidden();
    await expect(card(page, 1, 2)).toHaveAttribute('data-model', 'offline:sceptic');
    await expect(card(page, 1, 2).getByTestId('model-button')).toBeFocused();

    // Temperature and top-p, typed.
    await tabTo(page, card(page, 1, 1).getByTestId('field-temperature'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1.3');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'field-topP');
    await page.keyboard.type('0.9');

    const board = await boardState(page);
    expect(board[0][0]).toMatch(/ t=1\.3 p=0\.9 /);
    expect(board.map((l) => l.length)).toEqual([3, 2, 1]);

    await tabTo(page, page.getByLabel('Prompt', { exact: true }));
    await page.keyboard.type(PROMPT);
    await page.keyboard.press('Control+Enter');
    await runAndCompare(page, board.map((l) => l.map((a) => a.split(' ')[0])));
    // Alt+G and Alt+R switch between the board and the grid from anywhere.
    await page.keyboard.press('Alt+g');
    await expect(page.getByTestId('tab-graph')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('builder')).toBeVisible();
    await page.keyboard.press('Alt+r');
    await expect(page.getByTestId('run-grid')).toBeVisible();
  });
});

/** The whole board: agents per layer and the synthesis prompt. */
const snapshot = async (page: Page) => ({ layers: await boardState(page), synthesis: await page.locator('#synthesis-text').inputValue() });

test.describe('the board is kept, undone, exported and shared', () => {
  test('undo/redo walks through 22 edits; a reload keeps the board', async ({ page }) => {
    await page.goto('/');
    const states = [await snapshot(page)];
    const edits: [string, () => Promise<unknown>][] = [
      ['preset', () => page.getByTestId('preset-select').selectOption({ label: 'MoA-Lite (2 layers)' })],
      ['remove', () => card(page, 1, 6).getByRole('button', { name: /^Remove/ }).click()],
      ['remove', () => card(page, 1, 5).getByRole('button', { name: /^Remove/ }).click()],
      ['add layer', () => page.getByTestId('add-layer').click()],
      ['add agent', () => layer(page, 2).getByTestId('add-agent').click()],
      ['duplicate', () => card(page, 1, 1).getByRole('button', { name: /^Duplicate/ }).click()],
      ['temperature', () => card(page, 1, 1).getByTestId('field-temperature').fill('1.1')],
      ['top-p', () => card(page, 1, 2).getByTestId('field-topP').fill('0.8')],
      ['max out', () => card(page, 1, 3).getByTestId('field-maxOutputTokens').fill('512')],
      ['model', async () => {
        await card(page, 1, 1).getByTestId('model-button').click();
        await page.getByTestId('model-picker').getByRole('option', { name: /offline:explainer/ }).click();
      }],
      ['duplicate layer', () => layer(page, 1).getByRole('button', { name: 'Duplicate layer 1' }).click()],
      ['remove layer', () => layer(page, 2).getByRole('button', { name: 'Remove layer 2' }).click()],
      ['synthesis', () => page.locator('#synthesis-text').fill('Merge the answers into one.')],
      ['add agent', () => layer(page, 2).getByTestId('add-agent').click()],
      ['remove', () => card(page, 2, 1).getByRole('button', { name: /^Remove/ }).click()],
      ['drag', () => mouseDrag(page, card(page, 1, 1).getByTestId('drag-handle'), layer(page, 2).getByTestId('layer-end'))],
      ['temperature', () => card(page, 2, 1).getByTestId('field-temperature').fill('0.3')],
      ['add layer', () => page.getByTestId('add-layer').click()],
      ['duplicate', () => card(page, 2, 1).getByRole('button', { name: /^Duplicate/ }).click()],
      ['max out', () => finalLayer(page).getByTestId('field-maxOutputTokens').fill('2048')],
      ['swap', () => mouseDrag(page, card(page, 3, 1).getByTestId('drag-handle'), finalLayer(page).getByTestId('builder-agent'))],
      ['reset synthesis', () => page.getByTestId('reset-synthesis').click()],
    ];
    for (const [name, edit] of edits) {
      await edit();
      const state = await snapshot(page);
      expect(state, `${name} changed the board`).not.toEqual(states.at(-1));
      states.push(state);
    }
    expect(states).toHaveLength(23);

    // Back through every step (buttons and the keyboard shortcut), then forward again.
    for (let i = states.length - 2; i >= 0; i--) {
      if (i % 2) await page.getByTestId('undo').click();
      else await page.keyboard.press('Control+z');
      await expect.poll(() => snapshot(page), { message: `undo to step ${i}` }).toEqual(states[i]);
    }
    await expect(page.getByTestId('undo')).toBeDisabled();
    for (let i = 1; i < states.length; i++) {
      if (i % 2) await page.getByTestId('redo').click();
      else await page.keyboard.press('Control+Shift+z');
      await expect.poll(() => snapshot(page), { message: `redo to step ${i}` }).toEqual(states[i]);
    }
    await expect(page.getByTestId('redo')).toBeDisabled();

    await page.reload();
    expect(await snapshot(page)).toEqual(states.at(-1));
    await expect(page.getByTestId('builder-notice')).toHaveCount(0);
  });

  test('an exported config imports back to the same board; the URL opens it in a fresh browser', async ({ page, browser }) => {
    await page.goto('/');
    await page.getByTestId('preset-select').selectOption({ label: 'Self-MoA' });
    await card(page, 1, 2).getByTestId('field-temperature').fill('1.4');
    await card(page, 1, 3).getByTestId('field-topP').fill('0.5');
    await card(page, 1, 1).getByRole('button', { name: /System prompt/ }).click();
    await card(page, 1, 1).getByRole('textbox', { name: /System prompt/ }).fill('Answer as a pirate, with “quotes” & émojis 🏴‍☠️.');
    await page.locator('#synthesis-text').fill('Pick the best parts.');
    const board = await snapshot(page);

    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const file = await (await download).path();
    const json = JSON.parse(await readFile(file, 'utf8'));
    expect(json.layers.map((l: { agents: unknown[] }) => l.agents.length)).toEqual([6, 1]);
    expect(json.layers[0].agents[0].systemPrompt).toBe('Answer as a pirate, with “quotes” & émojis 🏴‍☠️.');
    expect(JSON.stringify(json)).not.toContain('"id"');

    // The address holds the board: a fresh browser (no localStorage) opens the same one.
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#c=1\./);
    await expect.poll(async () => decodeURIComponent(page.url())).not.toBe('');
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(page.url());
    expect(await snapshot(other)).toEqual(board);
    await expect(other.getByTestId('builder-notice')).toHaveCount(0);
    await fresh.close();

    await page.getByTestId('preset-select').selectOption({ label: 'Single model' });
    expect(await snapshot(page)).not.toEqual(board);
    await page.getByTestId('import-file').setInputFiles(file);
    await expect(page.getByTestId('builder-notice')).toContainText('Imported');
    expect(await snapshot(page)).toEqual(board);
  });

  test('bad imports and broken links say why and leave the board as it was', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('preset-select').selectOption({ label: 'MoA-Lite (2 layers)' });
    await card(page, 1, 1).getByTestId('field-temperature').fill('0.4');
    const board = await snapshot(page);
    const notice = page.getByTestId('builder-notice');
    const agents = (n: number) => Array.from({ length: n }, () => ({ model: 'offline:concise' }));
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{"layers": [{"agents": [', /not valid JSON/],
      ['empty.json', JSON.stringify({ version: 1, layers: [] }), /A configuration needs at least one layer/],
      ['huge.json', JSON.stringify({ layers: [{ agents: agents(1000) }, { agents: agents(1) }] }), /A layer holds at most 12 agents/],
    ];
    for (const [name, text, reason] of cases) {
      await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(notice).toHaveAttribute('data-kind', 'error');
      await expect(notice).toContainText(`Could not import “${name}”`);
      await expect(notice).toContainText(reason);
      await expect(notice).toContainText('Your board is unchanged.');
      expect(await snapshot(page)).toEqual(board);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
    }
    // Undo still steps back through real edits only: the failed imports are not in the history.
    await page.getByTestId('undo').click();
    await expect(card(page, 1, 1).getByTestId('field-temperature')).toHaveValue('0.7');

    // A link cut short, or from another format: the default board, and why.
    for (const [hash, reason] of [
      ['#c=1.q1bKSaxMLSpWsoquVkpMT80', /damaged or incomplete/],
      ['#c=7.abc', /format 7/],
    ] as const) {
      const fresh = await page.context().browser()!.newContext();
      const other = await fresh.newPage();
      await other.goto(`/${hash}`);
      await expect(other.getByTestId('builder-notice')).toContainText(reason);
      await expect(other.getByTestId('builder-notice')).toContainText('Showing the default board instead.');
      expect((await boardModels(other)).map((l) => l.length)).toEqual([6, 6, 1]);
      // The address now holds the board shown.
      await expect.poll(() => new URL(other.url()).hash).not.toBe(hash);
      await fresh.close();
    }
  });
});

test.describe('limits and accessibility', () => {
  test('the server enforces the limits whatever the client sends', async ({ request }) => {
    const agents = (n: number, extra = {}) => Array.from({ length: n }, () => ({ model: 'offline:concise', ...extra }));
    const run = (config: unknown, prompt = 'hi') => request.post('/api/runs', { data: { config, prompt } });
    const cases: [string, unknown, RegExp][] = [
      ['no layers', { layers: [] }, /at least one layer/],
      ['1,000 agents', { layers: [{ agents: agents(1000) }, { agents: agents(1) }] }, /at most 12 agents/],
      ['two aggregators', { layers: [{ agents: agents(2) }, { agents: agents(2) }] }, /exactly one aggregator/],
      ['49 calls', { layers: [...Array.from({ length: 4 }, () => ({ agents: agents(12) })), { agents: agents(1) }] }, /at most 48 model calls/],
      ['7 layers', { layers: Array.from({ length: 7 }, () => ({ agents: agents(1) })) }, /At most 6 layers/],
      ['huge max tokens', { layers: [{ agents: agents(1, { maxOutputTokens: 1e9 }) }] }, /Max output tokens is at most 32,768/],
      ['hot temperature', { layers: [{ agents: agents(1, { temperature: 9 }) }] }, /Temperature is at most 2/],
      ['top-p of zero', { layers: [{ agents: agents(1, { topP: 0 }) }] }, /Top-p must be above 0/],
      ['a bad model id', { layers: [{ agents: [{ model: 'gpt4' }] }] }, /provider:model/],
    ];
    for (const [name, config, message] of cases) {
      const response = await run(config);
      expect(response.status(), name).toBe(400);
      const body = await response.json();
      expect([body.error, ...(body.details ?? [])].join('\n'), name).toMatch(message);
    }
    const tooLong = await run({ layers: [{ agents: agents(1) }] }, 'x'.repeat(40_000));
    expect(tooLong.status()).toBe(400);
    const tooBig = await run({ layers: [{ agents: agents(1, { systemPrompt: 'y'.repeat(300_000) }) }] });
    expect(tooBig.status()).toBe(413);
    const unknown = await run({ layers: [{ agents: [{ model: 'anthropic:claude-sonnet-4-5' }] }] });
    expect(unknown.status()).toBe(400);
    expect((await unknown.json()).details.join()).toMatch(/not configured/);
    // The builder's ids are accepted and ignored.
    const ok = await run({ layers: [{ agents: [{ id: 'a1', model: 'offline:concise', maxOutputTokens: 8 }] }] });
    expect(ok.status()).toBe(200);
    await ok.body();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no serious or critical violations on the builder (${theme})`, async ({ page }) => {
      test.setTimeout(240_000); // axe walks every node of a 13-agent board three times
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/');
      await expect(page.getByTestId('builder')).toBeVisible();
      const check = async (what: string) => {
        const { violations } = await new AxeBuilder({ page }).analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), what).toEqual([]);
      };
      await check('the board');
      // Every control shown: a system prompt, an inline error, the picker.
      await card(page, 1, 1).getByRole('button', { name: /System prompt/ }).click();
      await card(page, 1, 2).getByTestId('field-temperature').fill('7');
      await expect(card(page, 1, 2).getByRole('alert')).toHaveText('Temperature is at most 2.');
      await check('the board with an open system prompt and an error');
      await card(page, 1, 1).getByTestId('model-button').click();
      await expect(page.getByTestId('model-picker')).toBeVisible();
      await check('the model picker');
    });
  }
});
