import { expect, test } from '@playwright/test';
import { card } from './builder-helpers';

test('the model picker lists real models first and takes any id of a configured provider', async ({ page }) => {
  await page.goto('/');
  await card(page, 1, 1).getByTestId('model-button').click();
  const picker = page.getByTestId('model-picker');
  // A key is set: the provider's models come before the offline simulations.
  const groups = picker.getByRole('group');
  await expect(groups.first()).toContainText('fake (OpenAI-compatible)');
  await expect(groups.last()).toContainText('Offline simulation');
  await expect(picker.getByRole('option', { name: /fake:fake-small/ })).toContainText('price unknown');

  // An id the list does not show, for the configured provider.
  await page.getByTestId('model-search').fill('fake:fake-huge-2');
  await expect(picker.getByRole('option', { name: /Use fake:fake-huge-2/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(card(page, 1, 1)).toHaveAttribute('data-model', 'fake:fake-huge-2');
  await expect(card(page, 1, 1).getByTestId('model-button')).toContainText('not listed · price unknown');
  await expect(page.getByTestId('summary-cost')).toContainText('unpriced models');

  // A provider that is not configured is explained, not offered.
  await card(page, 1, 2).getByTestId('model-button').click();
  await page.getByTestId('model-search').fill('anthropic:claude-sonnet-4-5');
  await expect(picker).toContainText('No provider “anthropic” is configured on this server.');
  await expect(picker.getByRole('option')).toHaveCount(0);
});
