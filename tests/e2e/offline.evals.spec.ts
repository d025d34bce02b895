import { expect, test } from '@playwright/test';
import { expectRunStatus } from './helpers';

test.describe('evaluations', () => {
  test('12 prompts × 3 configurations: progress, win rates with intervals, the Pareto chart, every item’s run, a read-only link', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    await page.getByTestId('evals-link').click();
    await expect(page.getByRole('heading', { name: 'Evaluations', exact: true })).toBeVisible();
    await page.getByTestId('eval-set').selectOption('quick-12');
    await page.getByTestId('eval-concurrency').fill('8');
    // Single model (the baseline), MoA-Lite and MoA are chosen by default.
    await expect(page.getByTestId('eval-summary')).toHaveText('12 prompts × 3 configurations = 36 runs and 24 judgements');
    await page.getByTestId('eval-start').click();
    await expect(page).toHaveURL(/\/evals\/[A-Za-z0-9_-]{22}$/);

    // It fills in while it runs.
    const bar = page.getByRole('progressbar', { name: 'Evaluation progress' });
    await expect(bar).toHaveAttribute('aria-valuemax', '60');
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('evaluation-status')).toHaveText('running');
    await page.screenshot({ path: 'test-results/evaluation-running.png' });
    await expect(page.getByTestId('evaluation-status')).toHaveText('finished', { timeout: 180_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '60');
    await expect(page.getByTestId('progress-remaining')).toHaveText('0 remaining');

    // Win rates against the baseline, each with its 95% interval.
    const rows = page.getByTestId('result-row');
    await expect(rows).toHaveCount(3);
    for (const config of ['moa-lite', 'moa']) {
      await expect(page.locator(`[data-testid=result-row][data-config=${config}] [data-testid=win-rate]`)).toHaveText(/^\d+\.\d% \[\d+\.\d%–\d+\.\d%\]$/);
    }
    // Tokens a run beside the cost: a 13-call MoA reads and writes far more than one model.
    const tokens = async (config: string) => {
      const text = await page.locator(`[data-testid=result-row][data-config=${config}] [data-testid=tokens-per-item]`).innerText();
      expect(text).toMatch(/^\d+(\.\d)?k?\*?$/);
      return parseFloat(text) * (text.includes('k') ? 1000 : 1);
    };
    expect(await tokens('moa')).toBeGreaterThan(5 * (await tokens('single')));
    // The Pareto chart has every configuration (its data table says which are on the front); the
    // offline models all cost $0, which it says rather than drawing one column of points.
    const pareto = page.getByTestId('chart-win-rate-cost-table').locator('tbody tr');
    await expect(pareto).toHaveCount(3);
    await expect(pareto.first()).toContainText('$0');
    await expect(page.getByTestId('chart-win-rate-cost')).toContainText('nothing to trade off');
    await expect(page.getByTestId('chart-win-rate-latency').locator('.recharts-scatter-symbol')).toHaveCount(3);
    await expect(page.getByTestId('item-row')).toHaveCount(12);
    await page.screenshot({ path: 'test-results/evaluation-finished.png', fullPage: true });

    // A verdict opens the judge's two rationales; a run link opens that item's grid.
    await page.getByTestId('item-verdict').first().click();
    await expect(page.getByTestId('item-rationales').first()).toContainText('Baseline shown first');
    const url = page.url();
    await page.getByTestId('item-run-link').first().click();
    await expect(page).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/);
    await expectRunStatus(page, 'finished');

    // The link, in a fresh browser: rendered on the server, read-only.
    const other = await browser.newContext();
    const shared = await other.newPage();
    await shared.goto(url);
    await expect(shared.getByTestId('evaluation-status')).toHaveText('finished');
    await expect(shared.getByTestId('result-row')).toHaveCount(3);
    await expect(shared.getByTestId('evaluation-pause')).toHaveCount(0);
    await other.close();
  });

  test('a saved configuration is one of the configurations; its runs record the version they ran', async ({ page }) => {
    await page.goto('/evals');
    const board = { layers: [{ agents: ['offline:concise', 'offline:sceptic'].map((model) => ({ model, maxOutputTokens: 60 })) }, { agents: [{ model: 'offline:synth', maxOutputTokens: 60 }] }] };
    const saved = await page.request.post('/api/configs', { data: { name: 'Eval board', config: board } });
    expect(saved.status()).toBe(201);
    await page.reload();
    await page.getByTestId('eval-config-preset:moa').uncheck();
    await page.getByTestId('eval-config-saved:eval-board').check();
    await expect(page.getByTestId('eval-config-saved:eval-board').locator('xpath=..')).toContainText('Saved: Eval board v1');
    await page.getByTestId('eval-limit').fill('2');
    await expect(page.getByTestId('eval-summary')).toHaveText('2 prompts × 3 configurations = 6 runs and 4 judgements');
    await page.getByTestId('eval-start').click();
    await expect(page.getByTestId('evaluation-status')).toHaveText('finished', { timeout: 120_000 });
    await expect(page.locator('[data-testid=result-row][data-config=saved-eval-board] th')).toHaveText('Eval board v1');
    // Its item's run names the version on its page.
    await page.getByTestId('item-row').first().getByTestId('item-run-link').nth(2).click();
    await expect(page.getByTestId('shared-shape')).toContainText('Saved config Eval board v1');
  });

  test('a proposer sweep of the board makes 1, 2, 3 and 6 proposers and runs them', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/evals');
    await page.getByTestId('eval-limit').fill('2');
    await page.getByTestId('eval-sweep').check();
    await expect(page.getByTestId('eval-summary')).toHaveText('2 prompts × 4 configurations = 8 runs and 6 judgements');
    await page.getByTestId('eval-start').click();
    await expect(page.getByTestId('evaluation-status')).toHaveText('finished', { timeout: 150_000 });
    await expect(page.getByTestId('result-row').locator('th')).toHaveText([/^1 proposer/, /^2 proposers/, /^3 proposers/, /^6 proposers/]);
  });

  test('a set made in the app, each answer graded 1–10 against its reference: scores with intervals, each rating and why', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/evals');
    await page.getByTestId('set-new').click();
    await page.getByTestId('set-name').fill('Sky and tea');
    await page.getByLabel('Prompt 1', { exact: true }).fill('Why is the sky blue during the day but red at sunset?');
    await page.getByLabel('Reference answer 1').fill('Rayleigh scattering: air scatters blue light more; at sunset light crosses more air, so red remains.');
    await page.getByTestId('set-add').click();
    // An empty prompt is refused, naming the item, and nothing is kept.
    await page.getByTestId('set-save').click();
    await expect(page.getByTestId('set-problem')).toHaveText('Not saved: item 2 › prompt: Type a prompt first.');
    await page.getByLabel('Prompt 2', { exact: true }).fill('How do I brew green tea well?');
    await page.getByTestId('set-add').click();
    await page.getByLabel('Prompt 3', { exact: true }).fill('What is a prime number?');
    await page.getByLabel('Category 3').fill('maths');
    await page.getByTestId('set-save').click();
    await expect(page.getByTestId('set-notice')).toHaveText('Saved “Sky and tea” in this browser (3 prompts).');
    await expect(page.getByTestId('set-editor')).toHaveCount(0);

    // Kept in this browser: there after a reload, under "Your sets".
    await page.reload();
    await expect(page.getByTestId('eval-set').locator('optgroup[label="Your sets (this browser)"] option')).toHaveText('Sky and tea (3 prompts)');
    await page.getByTestId('eval-set').selectOption({ label: 'Sky and tea (3 prompts)' });

    // A layer sweep lists what it would run, then back to two configurations.
    await page.getByTestId('eval-sweep').check();
    await page.getByTestId('eval-sweep-kind').selectOption('layers');
    await expect(page.getByTestId('eval-sweep-configs')).toContainText('1 layer · 2 layers · 3 layers');
    await page.getByTestId('eval-sweep').uncheck();
    await page.getByTestId('eval-config-preset:moa').uncheck();
    await page.getByTestId('eval-grading').check();
    await expect(page.getByTestId('eval-summary')).toHaveText('3 prompts × 2 configurations = 6 runs, 3 judgements and 6 gradings');
    await expect(page.getByTestId('eval-estimate')).toHaveText('Free: every model is offline or priced at $0.');
    await page.getByTestId('eval-start').click();

    await expect(page.getByTestId('evaluation-status')).toHaveText('finished', { timeout: 150_000 });
    await expect(page.getByTestId('evaluation-spend')).toHaveText('Spent $0 · at most $0 estimated at the start');
    for (const config of ['single', 'moa-lite']) {
      await expect(page.locator(`[data-testid=result-row][data-config=${config}] [data-testid=score]`)).toHaveText(/^\d+\.\d \[\d+\.\d–\d+\.\d\]$/);
    }
    await expect(page.getByTestId('item-score')).toHaveCount(6);
    await page.getByTestId('item-score').first().click();
    await expect(page.getByTestId('item-grade-explanation')).toContainText(/^Graded against the reference: Offline heuristic grader \(not an LLM\)/);
  });

  test('an imported file with 3 bad lines of 20 says which, and nothing is imported until it is fixed', async ({ page }) => {
    await page.goto('/evals');
    const lines = Array.from({ length: 20 }, (_, i) => ([4, 11, 17].includes(i + 1) ? (i + 1 === 4 ? '{"prompt": ' : i + 1 === 11 ? '{"category": "x"}' : '{"prompt": 42}') : JSON.stringify({ prompt: `Question ${i + 1}?` })));
    await page.getByTestId('eval-set').selectOption('import');
    await page.getByTestId('eval-import').setInputFiles({ name: 'mine.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(lines.join('\n')) });
    const errors = page.getByTestId('import-errors');
    await expect(errors).toContainText('Nothing was imported');
    await expect(errors.locator('li')).toHaveCount(3);
    await expect(errors.locator('li')).toHaveText([/^line 4:/, /^line 11:/, /^line 17:/]);
    await expect(page.getByTestId('eval-start')).toBeDisabled();

    const fixed = lines.map((line, i) => ([4, 11, 17].includes(i + 1) ? JSON.stringify({ prompt: `Fixed ${i + 1}?` }) : line));
    await page.getByTestId('eval-import').setInputFiles({ name: 'mine.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(fixed.join('\n')) });
    await expect(page.getByTestId('import-errors')).toHaveCount(0);
    await expect(page.getByTestId('eval-summary')).toContainText('20 prompts × 3 configurations');
    await expect(page.getByTestId('eval-start')).toBeEnabled();
  });
  test('a 60-prompt evaluation shows its prompts 50 at a time, with pages', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/evals');
    const items = Array.from({ length: 60 }, (_, i) => ({ id: `p${i + 1}`, prompt: `Paging prompt ${i + 1}: name a colour.` }));
    const single = (model: string) => ({ layers: [{ agents: [{ model, maxOutputTokens: 64 }] }] });
    const spec = {
      set: { id: 'paging-60', name: 'Paging 60', items },
      configs: [
        { id: 'a', label: 'Concise', config: single('offline:concise') },
        { id: 'b', label: 'Synth', config: single('offline:synth') },
      ],
      judge: { model: 'offline:synth' },
      concurrency: 16,
    };
    // From the page: same origin, the page's owner cookie.
    const id = await page.evaluate(async (body) => {
      const response = await fetch('/api/evaluations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await response.json()) as { id: string }).id;
    }, spec);
    await page.goto(`/evals/${id}`);
    await expect(page.getByTestId('item-row')).toHaveCount(50);
    await expect(page.getByTestId('items-range')).toHaveText('1–50 of 60');
    await expect(page.getByRole('button', { name: 'Previous prompts' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next prompts' }).click();
    await expect(page.getByTestId('items-range')).toHaveText('51–60 of 60');
    await expect(page.getByTestId('item-row')).toHaveCount(10);
    await expect(page.getByTestId('item-row').first()).toContainText('Paging prompt 51');
    await expect(page.getByRole('button', { name: 'Next prompts' })).toBeDisabled();
    // The page's rows fill in as their units finish.
    await expect(page.getByTestId('evaluation-status')).toHaveText('finished', { timeout: 150_000 });
    await expect(page.getByTestId('item-row').last().getByTestId('item-run-link')).toHaveCount(2);
    await page.getByTestId('items-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/evaluation-pages.png' });
    await page.getByRole('button', { name: 'Previous prompts' }).click();
    await expect(page.getByTestId('item-row').first()).toContainText('Paging prompt 1:');
  });
});
