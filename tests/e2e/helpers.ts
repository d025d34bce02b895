import { expect, type Page } from '@playwright/test';

/**
 * Records, from inside the page, every status each agent cell has shown and the lengths of
 * the partial text it showed while streaming: proof that text streamed in rather than
 * appeared at once.
 */
function installCellWatcher() {
  const seen: Record<string, { statuses: string[]; lengths: number[] }> = {};
  (window as unknown as { __cells: typeof seen }).__cells = seen;
  const record = () => {
    for (const cell of document.querySelectorAll<HTMLElement>('[data-testid=agent-cell]')) {
      const key = `${cell.dataset.layer}.${cell.dataset.agent}`;
      const entry = (seen[key] ??= { statuses: [], lengths: [] });
      const status = cell.dataset.status!;
      if (entry.statuses.at(-1) !== status) entry.statuses.push(status);
      const text = cell.querySelector('[data-testid=agent-text]');
      const length = text && !text.querySelector('[data-placeholder]') ? (text.textContent?.length ?? 0) : 0;
      if (status === 'streaming' && length > 0 && entry.lengths.at(-1) !== length) entry.lengths.push(length);
    }
  };
  const start = () => {
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}

export const watchCells = (page: Page) => page.evaluate(installCellWatcher);

/** The same, from the first paint of every page the tab loads next (server-rendered state included). */
export const watchCellsFromStart = (page: Page) => page.addInitScript(installCellWatcher);

export const seenCells = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cells: Record<string, { statuses: string[]; lengths: number[] }> }).__cells);

export async function runPrompt(page: Page, prompt: string) {
  const box = page.getByLabel('Prompt', { exact: true });
  await box.fill(prompt);
  await box.press('Control+Enter');
}

export const cell = (page: Page, layer: number, agent: number) =>
  page.locator(`[data-testid=agent-cell][data-layer="${layer}"][data-agent="${agent}"]`);

export async function choosePreset(page: Page, label: string) {
  await page.getByTestId('preset-select').selectOption({ label });
}

export async function expectRunStatus(page: Page, status: string) {
  await expect(page.getByTestId('final-answer')).toHaveAttribute('data-status', status);
  // The Markdown renderer loads on demand: wait until every finished text is rendered with it.
  await expect(page.locator('[data-markdown-pending]')).toHaveCount(0);
}

/** What a run shows: every agent's text and figures, the final answer and the totals. */
export async function snapshotRun(page: Page) {
  const cells = page.getByTestId('agent-cell');
  const agents: Record<string, { model: string; status: string; text: string; figures: string }> = {};
  for (const el of await cells.all()) {
    const key = `${await el.getAttribute('data-layer')}.${await el.getAttribute('data-agent')}`;
    agents[key] = {
      model: (await el.locator('header span').first().innerText()).trim(),
      status: (await el.getAttribute('data-status'))!,
      text: (await el.getByTestId('agent-text').innerText()).trim(),
      figures: (await el.locator('footer').innerText()).replace(/\s+/g, ' ').trim(),
    };
  }
  return {
    agents,
    finalText: (await page.getByTestId('final-text').innerText()).trim(),
    inputTokens: await page.getByTestId('total-input-tokens').innerText(),
    outputTokens: await page.getByTestId('total-output-tokens').innerText(),
  };
}

/** Opens the Share menu and returns the run's link. */
export async function shareLinkOf(page: Page) {
  await expect(page.getByTestId('share-button')).toBeEnabled();
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{22}$/);
  return link;
}
