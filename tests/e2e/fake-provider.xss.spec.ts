import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt, shareLinkOf } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';
import { expectInert, failOnDialog, HOSTILE_ANSWER, watchLiveDangers } from './xss';

const control = (path: string, body: unknown) =>
  fetch(`${FAKE_PROVIDER_URL}/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const HOSTILE_PROMPT = 'Say something dangerous. <img src=x onerror="window.__xss=\'prompt\'"> [p](javascript:window.__xss=1)';

test('hostile model output renders inert in the live grid, the final answer, the share page and the exports', async ({ page, context, request }) => {
  await control('reset', {});
  await control('models', {
    'fake-small': { text: HOSTILE_ANSWER, tokensPerSecond: 400, chunkSize: 7 },
    // Slow enough that cells and the final answer are seen while they stream.
    'fake-large': { text: HOSTILE_ANSWER, tokensPerSecond: 40, chunkSize: 11 },
  });
  failOnDialog(page);
  await watchLiveDangers(page);
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, HOSTILE_PROMPT);
  await expectRunStatus(page, 'finished');

  // Live: nothing active appeared at any moment while the text streamed in.
  const live = await page.evaluate(() => (window as unknown as { __live: { dangers: string[]; streamedHostile: boolean } }).__live);
  expect(live.streamedHostile, 'hostile text was seen while streaming').toBe(true);
  expect(live.dangers).toEqual([]);

  // Finished: Markdown rendered, raw HTML dropped, unsafe links blank.
  for (let i = 1; i <= 6; i++) await expectInert(page, cell(page, 1, i).getByTestId('agent-text'));
  await expectInert(page, cell(page, 2, 1).getByTestId('agent-text'));
  await expectInert(page, page.getByTestId('final-text'));
  await expect(page.getByTestId('final-text').locator('strong')).toHaveText('my answer');
  // Links whose URL was unsafe show as text: the safe one is the only link left.
  await expect(page.getByTestId('final-text').locator('a')).toHaveCount(1);
  await expect(page.getByTestId('final-text')).toContainText('markdown js link');
  await expect(page.getByTestId('final-text')).not.toContainText('onerror');
  await page.screenshot({ path: 'test-results/xss-grid.png' });

  // The share page, rendered on the server: the same, and the hostile prompt is plain text.
  const link = await shareLinkOf(page);
  const shared = await context.newPage();
  failOnDialog(shared);
  await shared.goto(link);
  await expectRunStatus(shared, 'finished');
  for (let i = 1; i <= 6; i++) await expectInert(shared, cell(shared, 1, i).getByTestId('agent-text'));
  await expectInert(shared, cell(shared, 2, 1).getByTestId('agent-text'));
  await expectInert(shared, shared.getByTestId('final-text'));
  await expect(shared.getByTestId('shared-prompt')).toHaveText(HOSTILE_PROMPT);
  expect(await shared.getByTestId('shared-prompt').locator('*').count()).toBe(0);
  await expect(shared.locator('meta[name=description]')).toHaveAttribute('content', /Final answer: Here is \*\*my answer\*\*/);
  expect(await shared.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  await shared.screenshot({ path: 'test-results/xss-share.png' });

  // Exports: downloads that no browser renders as HTML, and Markdown that no renderer turns into markup.
  const id = link.split('/r/')[1];
  for (const format of ['md', 'json']) {
    const response = await request.get(`/api/runs/${id}/export?format=${format}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['content-security-policy']).toContain('sandbox');
  }
  const md = await (await request.get(`/api/runs/${id}/export?format=md`)).text();
  expect(md).toContain('Here is **my answer**, with [a safe link](https://example.com/ok).');
  expect(md).toContain('\\<script>window.\\_\\_xss = "script"\\</script>');
  expect(md).not.toMatch(/(?<!\\)<(script|img|svg|iframe|a\s|div|style)/i);
  expect(md).not.toMatch(/\]\(\s*(javascript|data|vbscript):/i);
  expect(md.match(/The end\./g)).toHaveLength(8); // every answer is there
});
