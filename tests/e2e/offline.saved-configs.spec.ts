import { expect, test, type Page } from '@playwright/test';
import { boardState, layer } from './builder-helpers';
import { choosePreset, expectRunStatus, runPrompt, shareLinkOf } from './helpers';

const openSaved = async (page: Page) => {
  await page.getByTestId('saved-configs-button').click();
  const dialog = page.getByTestId('saved-configs-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
};

test.describe('saved configurations', () => {
  test('save a board, change it, save v2; each run names the version it ran; fork and reopen bring v1 back', async ({ page, browser }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    const v1Board = await boardState(page);

    // Save v1: the empty state first, then the list and the picker's "Saved" group show it.
    let dialog = await openSaved(page);
    await expect(dialog.getByTestId('saved-configs-empty')).toBeVisible();
    await dialog.getByTestId('save-name').fill('Review board');
    await expect(dialog).toContainText('Slug: review-board');
    await dialog.getByTestId('save-new').click();
    await expect(dialog.getByTestId('save-done')).toHaveText('Saved as “Review board” v1.');
    await expect(dialog.getByTestId('saved-config')).toHaveCount(1);
    // The same name again is refused before it is sent.
    await dialog.getByTestId('save-name').fill('review BOARD');
    await expect(dialog.getByTestId('save-new')).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('board-source')).toHaveText('Saved config “Review board” v1');
    await expect(page.getByTestId('preset-select').locator('optgroup[label=Saved] option')).toHaveText(['Review board (v1)']);

    await runPrompt(page, 'How should a team review code?');
    await expectRunStatus(page, 'finished');
    const v1Link = await shareLinkOf(page);
    await page.keyboard.press('Escape');

    // Change the board: it is no longer v1, and saving makes v2.
    await page.getByTestId('tab-graph').click();
    await layer(page, 1).getByTestId('add-agent').click();
    await expect(page.getByTestId('config-summary')).toHaveText('2 layers · 8 calls per run');
    await expect(page.getByTestId('board-source')).toContainText('Saved config “Review board” v1, edited since');
    const v2Board = await boardState(page);
    dialog = await openSaved(page);
    await dialog.getByTestId('save-version').click();
    await expect(dialog.getByTestId('save-done')).toHaveText('Saved “Review board” v2.');
    await dialog.getByRole('button', { name: 'Close saved configurations' }).click();
    await expect(page.getByTestId('board-source')).toHaveText('Saved config “Review board” v2');

    await runPrompt(page, 'How should a team review code, again?');
    await expectRunStatus(page, 'finished');
    const v2Link = await shareLinkOf(page);
    await page.keyboard.press('Escape');

    // Each run's page names the version it ran and shows that version's board, v2 existing or not.
    const reader = await browser.newContext();
    const shared = await reader.newPage();
    await shared.goto(v2Link);
    await expect(shared.getByTestId('shared-shape')).toHaveText('Saved config Review board v2 · 2 layers · 8 calls');
    await shared.goto(v1Link);
    await expect(shared.getByTestId('shared-shape')).toHaveText('Saved config Review board v1 · 2 layers · 7 calls');
    await reader.close();

    // The owner forks the v1 run: the board is v1 again, and says so.
    await page.goto(v1Link);
    await page.getByTestId('fork-button').click();
    await expect(page.getByTestId('fork-notice')).toContainText('saved config Review board v1');
    await expect(page.getByTestId('config-summary')).toHaveText('2 layers · 7 calls per run');
    await expect(page.getByTestId('board-source')).toHaveText('Saved config “Review board” v1');
    expect(await boardState(page)).toEqual(v1Board);

    // Open v2 from the list, then v1 from its versions: each restores its own board.
    dialog = await openSaved(page);
    await dialog.getByTestId('open-saved').click();
    await expect(dialog).toBeHidden();
    expect(await boardState(page)).toEqual(v2Board);
    dialog = await openSaved(page);
    await dialog.getByTestId('saved-versions').click();
    await expect(dialog.getByTestId('saved-version')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Open Review board v1' }).click();
    await expect(dialog).toBeHidden();
    expect(await boardState(page)).toEqual(v1Board);
    await expect(page.getByTestId('board-source')).toHaveText('Saved config “Review board” v1');
    // An older version is named in the picker; undo goes back to v2.
    await expect(page.getByTestId('preset-select').locator('option:checked')).toHaveText('Review board v1');
    await page.getByTestId('undo').click();
    expect(await boardState(page)).toEqual(v2Board);
  });
});
