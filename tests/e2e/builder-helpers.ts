import { expect, type Locator, type Page } from '@playwright/test';

/** What the board shows: per layer, each agent as "model t=temperature p=top-p max=tokens". */
export async function boardState(page: Page): Promise<string[][]> {
  await expect(page.getByTestId('builder')).toBeVisible();
  return page.getByTestId('builder-layer').evaluateAll((layers) =>
    layers.map((layer) =>
      [...layer.querySelectorAll<HTMLElement>('[data-testid=builder-agent]')].map((card) => {
        const value = (name: string) => card.querySelector<HTMLInputElement>(`[data-testid=field-${name}]`)?.value ?? '?';
        return `${card.dataset.model} t=${value('temperature')} p=${value('topP') || '-'} max=${value('maxOutputTokens')}`;
      }),
    ),
  );
}

/** Models per layer, as the board shows them. */
export const boardModels = async (page: Page) => (await boardState(page)).map((layer) => layer.map((a) => a.split(' ')[0]));

/** Models per layer, as the run grid shows them. */
export async function gridModels(page: Page): Promise<string[][]> {
  return page.getByTestId('run-grid').getByTestId('layer').evaluateAll((layers) =>
    layers.map((layer) =>
      [...layer.querySelectorAll<HTMLElement>('[data-testid=agent-cell]')].map((cell) => cell.getAttribute('aria-label')!.split(': ').at(-1)!),
    ),
  );
}

export const layer = (page: Page, n: number) => page.locator(`[data-testid=builder-layer][data-layer="${n}"]`);
export const card = (page: Page, l: number, a: number) => layer(page, l).locator(`[data-testid=builder-agent][data-agent="${a}"]`);
export const finalLayer = (page: Page) => page.getByTestId('builder-layer').last();

/** Tabs (forwards or backwards, whichever is nearer) until `target` has focus: proves it is reachable by keyboard. */
export async function tabTo(page: Page, target: Locator, max = 200) {
  const handle = (await target.elementHandle())!;
  const backwards = await handle.evaluate(
    (el) => !!document.activeElement && document.activeElement !== document.body && !!(el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Could not reach ${target} with the keyboard`);
}

/** Drags with real pointer events, in steps, as a hand would. */
export async function mouseDrag(page: Page, from: Locator, to: Locator, where: 'center' | 'top' = 'center') {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 4 });
  const y = where === 'top' ? b.y + Math.min(12, b.height / 4) : b.y + b.height / 2;
  await page.mouse.move(b.x + b.width / 2, y, { steps: 12 });
  // Into another layer the board may reflow while the card is lifted (its old place closes): aim
  // again. Within a layer the cards make way under the pointer, so the first aim holds.
  const c = where === 'center' ? (await to.boundingBox())! : b;
  const y2 = where === 'top' ? y : c.y + c.height / 2;
  await page.mouse.move(c.x + c.width / 2, y2, { steps: 4 });
  await page.mouse.move(c.x + c.width / 2, y2 + 1, { steps: 2 });
  await page.mouse.up();
}
