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
  });
});
