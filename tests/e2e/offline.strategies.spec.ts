import { expect, test } from '@playwright/test';
import { cell, choosePreset, expectRunStatus, runPrompt, shareLinkOf } from './helpers';

test.describe('aggregation strategies', () => {
  test('the LLM-ranker preset: the aggregator picks one proposal, says why, and the final answer is that proposal exactly', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'LLM-ranker');
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy')).toHaveValue('rank');
    await expect(page.getByTestId('rank-prompt')).toBeVisible();
    await runPrompt(page, 'What are the trade-offs of microservices versus a monolith?');
    await expectRunStatus(page, 'finished');

    const ranker = cell(page, 2, 1);
    const picked = Number((await ranker.getByTestId('agent-pick-answer').innerText()).replace(/\D+/g, ''));
    expect(picked).toBeGreaterThanOrEqual(1);
    expect(picked).toBeLessThanOrEqual(6);
    await expect(ranker.getByTestId('agent-pick')).toContainText('Offline heuristic ranker (not an LLM)');
    await expect(page.getByTestId('final-pick')).toHaveText(`picked answer ${picked}`);
    const proposal = (await cell(page, 1, picked).getByTestId('agent-text').innerText()).trim();
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe(proposal);
  });

  test('a layer set to rank in the builder ranks; back to synthesize, it synthesises', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    const strategy = page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy');
    await expect(strategy).toHaveValue('synthesize');
    await expect(page.getByTestId('rank-prompt')).toHaveCount(0);
    await strategy.selectOption('rank');
    // The board's link carries the strategy.
    await page.reload();
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy')).toHaveValue('rank');
    await page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy').selectOption('synthesize');
    await runPrompt(page, 'Why is the sky blue?');
    await expectRunStatus(page, 'finished');
    await expect(page.getByTestId('agent-pick')).toHaveCount(0);
  });

  test('Compare: MoA-Lite against the LLM-ranker runs with no key and the judge gives a verdict', async ({ page }) => {
    await page.goto('/compare');
    const panes = page.getByTestId('compare-pane');
    await panes.nth(0).getByTestId('pane-source').selectOption({ label: 'Preset: LLM-ranker' });
    await panes.nth(1).getByTestId('pane-source').selectOption({ label: 'Preset: MoA-Lite (2 layers)' });
    await page.getByLabel('Prompt', { exact: true }).fill('How do vaccines train the immune system?');
    await page.getByTestId('compare-run').click();
    await expect(panes.nth(0)).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(panes.nth(1)).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(page.getByTestId('judge-result').getByTestId('judge-verdict')).toBeVisible({ timeout: 60_000 });
  });

  test('the Sparse MoA preset: a judge keeps the best 2 proposals, the others show as dropped with their score and why, and agreeing answers stop the run early', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'Sparse MoA (top-2)');
    const judgeLayer = page.getByTestId('builder-layer').nth(1);
    await expect(judgeLayer.getByTestId('layer-strategy')).toHaveValue('top-k');
    await expect(judgeLayer.getByTestId('layer-top-k')).toHaveValue('2');
    await expect(judgeLayer.getByTestId('layer-early-stop')).toBeChecked();
    await expect(page.getByTestId('top-k-prompt')).toBeVisible();
    await runPrompt(page, 'How do vaccines train the immune system?');
    await expectRunStatus(page, 'finished');

    const judge = cell(page, 2, 1);
    await expect(judge.getByTestId('verdict-summary')).toContainText('of 6');
    await expect(judge.getByTestId('agent-verdict')).toContainText('Offline heuristic judge (not an LLM)');
    const rows = judge.getByTestId('verdict-row');
    await expect(rows).toHaveCount(6);
    const kept = await judge.locator('[data-testid=verdict-row][data-kept=true]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-answer'))));
    expect(kept).toHaveLength(2);

    // Every dropped proposal says so in its own cell, with the score the judge gave it.
    const dropped = page.locator('[data-testid=agent-cell][data-layer="1"][data-judged=dropped]');
    await expect(dropped).toHaveCount(4);
    for (const el of await dropped.all()) {
      const answer = await el.getAttribute('data-agent');
      const score = (await judge.locator(`[data-testid=verdict-row][data-answer="${answer}"]`).innerText()).match(/Answer \d+: ([\d.]+\/10)/)![1];
      await expect(el.getByTestId('agent-dropped')).toContainText(`Dropped by the judge of layer 2 (score ${score})`);
    }
    for (const answer of kept) await expect(cell(page, 1, answer).getByTestId('agent-kept')).toContainText('Kept by the judge of layer 2');

    // The offline proposals cover the same points: the judge says they agree, and the aggregator is skipped.
    await expect(judge.getByTestId('verdict-agree')).toContainText('The kept answers agree');
    await expect(page.getByTestId('final-early-stop')).toContainText('The judge of layer 2 found the 2 kept answers agree');
    await expect(cell(page, 3, 1)).toHaveAttribute('data-status', 'skipped');
    await expect(cell(page, 3, 1).getByTestId('agent-skipped')).toContainText('Skipped: The judge of layer 2');
    // The final answer is the best kept proposal, exactly.
    // The best is the highest score of the kept (ties: the lower answer number), not the first listed.
    const scoreOf = async (answer: number) => Number((await judge.locator(`[data-testid=verdict-row][data-answer="${answer}"]`).innerText()).match(/Answer \d+: ([\d.]+)\/10/)![1]);
    const scored = await Promise.all(kept.map(async (answer) => ({ answer, score: await scoreOf(answer) })));
    const best = scored.sort((a, b) => b.score - a.score || a.answer - b.answer)[0].answer;
    await expect(page.getByTestId('final-best')).toHaveText(`best kept answer ${best}`);
    const proposal = (await cell(page, 1, best).getByTestId('agent-text').innerText()).replace(/^Kept by the judge of layer 2 \(score [\d.]+\/10\)\s*/, '').trim();
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe(proposal);
    // 6 proposers and the judge: the skipped aggregator made no call.
    await expect(page.getByTestId('total-calls')).toHaveText('7');

    // The shared run is read from the stored events and shows the same.
    await page.goto(await shareLinkOf(page));
    await expect(page.locator('[data-testid=agent-cell][data-layer="1"][data-judged=dropped]')).toHaveCount(4);
    await expect(page.getByTestId('final-early-stop')).toBeVisible();
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe(proposal);
  });

  test('a layer set to top-k in the builder keeps one judge; without early stop the aggregator synthesises the k kept answers', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA (3 layers)');
    const layer = page.getByTestId('builder-layer').nth(1);
    await layer.getByTestId('layer-strategy').selectOption('top-k');
    await expect(layer.getByTestId('layer-caption')).toHaveText('One judge: keeps the best answers');
    await expect(layer.getByTestId('builder-agent')).toHaveCount(1);
    await expect(layer.getByTestId('builder-agent').getByRole('heading')).toHaveText('Judge of layer 2');
    await expect(layer.getByTestId('add-agent')).toHaveAttribute('aria-disabled', 'true');
    // k by keyboard; early stop stays off.
    const k = layer.getByTestId('layer-top-k');
    await k.focus();
    await k.press('ArrowUp');
    await expect(k).toHaveValue('3');
    await expect(layer.getByTestId('layer-early-stop')).not.toBeChecked();
    // The board's link carries it.
    await page.reload();
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-top-k')).toHaveValue('3');

    await runPrompt(page, 'Why is the sky blue?');
    await expectRunStatus(page, 'finished');
    const judge = cell(page, 2, 1);
    await expect(judge.locator('[data-testid=verdict-row][data-kept=true]')).toHaveCount(3);
    await expect(judge.getByTestId('verdict-agree')).toHaveCount(0);
    await expect(page.locator('[data-testid=agent-cell][data-layer="1"][data-judged=dropped]')).toHaveCount(3);
    await expect(cell(page, 3, 1)).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('final-early-stop')).toHaveCount(0);
    await expect(page.getByTestId('final-best')).toHaveCount(0);
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe((await cell(page, 3, 1).getByTestId('agent-text').innerText()).trim());
  });

  test('the LLM Council preset: four rankers rank the proposals anonymously, the grid shows each ranking and the Borda count, and the chairman writes the final answer', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'LLM Council');
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-strategy')).toHaveValue('council');
    await expect(page.getByTestId('council-prompt')).toBeVisible();
    await runPrompt(page, 'What are the trade-offs of microservices versus a monolith?');
    await expectRunStatus(page, 'finished');
    await expect(page.getByTestId('layer').nth(1).locator('h2')).toContainText('Council · 4 rankers rank the answers anonymously (Borda count)');

    // Every ranker's own cell shows its ranking in answer numbers, its reply folded.
    for (let r = 1; r <= 4; r++) {
      await expect(cell(page, 2, r).getByTestId('agent-ranking-summary')).toHaveText(/^Ranked [1-4] › [1-4] › [1-4] › [1-4]$/);
      await expect(cell(page, 2, r).getByTestId('agent-ranking')).toContainText('The ranker’s reply');
    }

    const table = page.getByTestId('council-table');
    await expect(table).toHaveAttribute('data-layer', '2');
    await expect(table.locator('caption')).toContainText('Borda count: of 4 answers the 1st gets 3 points');
    await expect(table.getByRole('columnheader', { name: /^Ranker \d/ })).toHaveCount(4);
    const rows = table.getByTestId('council-row');
    await expect(rows).toHaveCount(4);
    // One column per ranker, each a full ranking 1..4; each row's points are the Borda sum of its ranks.
    for (let r = 1; r <= 4; r++) {
      const ranks = await table.locator(`[data-testid=council-rank][data-ranker="${r}"]`).allInnerTexts();
      expect(ranks.map(Number).sort()).toEqual([1, 2, 3, 4]);
    }
    const points: number[] = [];
    for (const row of await rows.all()) {
      const ranks = (await row.getByTestId('council-rank').allInnerTexts()).map(Number);
      const sum = Number(await row.getByTestId('council-points').innerText());
      expect(sum).toBe(ranks.reduce((total, rank) => total + (4 - rank), 0));
      points.push(sum);
    }
    // Best first: 4 rankers × (3+2+1+0) points in all; the first row holds position 1.
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(points.reduce((a, b) => a + b, 0)).toBe(24);
    await expect(rows.first()).toHaveAttribute('data-position', /^1=?$/);
    // The rank table names the models that wrote the answers (only the rankers' prompts were anonymous).
    const author = await cell(page, 1, Number(await rows.first().getAttribute('data-answer'))).locator('header span').first().innerText();
    await expect(rows.first()).toContainText(author.trim());
    await expect(table.getByTestId('council-fallback')).toHaveCount(0);

    // The final answer is the chairman's.
    expect((await page.getByTestId('final-text').innerText()).trim()).toBe((await cell(page, 3, 1).getByTestId('agent-text').innerText()).trim());

    // The shared run is read from the stored events and shows the same table.
    await page.goto(await shareLinkOf(page));
    await expect(page.getByTestId('council-row')).toHaveCount(4);
    expect(await page.getByTestId('council-points').allInnerTexts()).toEqual(points.map(String));
  });

  test('the Self-MoA-Seq preset: the aggregator reads 6 samples 3 at a time, shows its window as it goes, and folds the earlier step', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'Self-MoA-Seq');
    const layer = page.getByTestId('builder-layer').nth(1);
    await expect(layer.getByTestId('layer-strategy')).toHaveValue('sliding-window');
    await expect(layer.getByTestId('layer-window')).toHaveValue('3');
    await runPrompt(page, 'How do vaccines train the immune system?');

    const aggregator = cell(page, 2, 1);
    const badge = aggregator.getByTestId('agent-window');
    // While it streams, the badge names the step and the answers it reads.
    await expect(aggregator).toHaveAttribute('data-status', 'streaming', { timeout: 30_000 });
    await expect(badge).toHaveText(/^window (1 of 2 · answers 1–3|2 of 2 · answers 4–6)$/);
    await expectRunStatus(page, 'finished');
    await expect(badge).toHaveText('2 windows · answers 1–6');
    await expect(page.getByTestId('layer').nth(1).locator('h2')).toContainText('Sliding window · 3 answers a step');
    // 6 samples and the aggregator's 2 steps: 8 model calls.
    await expect(page.getByTestId('total-calls')).toHaveText('8');

    const steps = aggregator.getByTestId('agent-window-steps');
    await expect(steps).not.toHaveAttribute('open');
    await steps.locator('summary').click();
    await expect(steps.getByTestId('agent-window-step')).toHaveCount(1);
    await expect(steps.getByTestId('agent-window-step')).toContainText('Step 1 · answers 1–3');
    // The final answer is the last step's synthesis, which the cell shows below the folded step.
    const final = (await page.getByTestId('final-text').innerText()).trim();
    expect(final.length).toBeGreaterThan(0);
    await expect(aggregator.getByTestId('agent-text')).toContainText(final.split('\n')[0]);
  });

  test('a builder layer set to a sliding window of 2 takes ceil(6/2) steps, with its own prompt', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA-Lite (2 layers)');
    const last = page.getByTestId('builder-layer').nth(1);
    await last.getByTestId('layer-strategy').selectOption('sliding-window');
    await expect(last.getByTestId('layer-caption')).toHaveText('Exactly one aggregator');
    // w by keyboard; a value out of range says why and the board keeps the last valid one.
    const w = last.getByTestId('layer-window');
    await expect(w).toHaveValue('3');
    await w.fill('1');
    await expect(last.getByRole('alert')).toContainText('The window is at least 2 answers.');
    await w.fill('3');
    await w.press('ArrowDown');
    await expect(w).toHaveValue('2');
    await expect(last.getByRole('alert')).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Sliding-window prompt' }).fill('Merge the responses into one answer.');
    // The board's link carries w and the prompt.
    await page.reload();
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-window')).toHaveValue('2');
    await expect(page.getByRole('textbox', { name: 'Sliding-window prompt' })).toHaveValue('Merge the responses into one answer.');

    await runPrompt(page, 'Why is the sky blue?');
    await expectRunStatus(page, 'finished');
    const aggregator = cell(page, 2, 1);
    await expect(aggregator.getByTestId('agent-window')).toHaveText('3 windows · answers 1–6');
    await aggregator.getByTestId('agent-window-steps').locator('summary').click();
    await expect(aggregator.getByTestId('agent-window-step')).toHaveText([/^Step 1 · answers 1–2/, /^Step 2 · answers 3–4/]);
  });

  test('a builder layer set to council: 6 rankers, the seed and prompt set in the builder, a 6-row rank table', async ({ page }) => {
    await page.goto('/');
    await choosePreset(page, 'MoA (3 layers)');
    const middle = page.getByTestId('builder-layer').nth(1);
    await middle.getByTestId('layer-strategy').selectOption('council');
    await expect(middle.getByTestId('layer-caption')).toHaveText('Council · 6 rankers, Borda count');
    await expect(middle.getByTestId('builder-agent').first().getByRole('heading')).toHaveText(/^Ranker\s*1 of layer 2$/);
    await middle.getByTestId('layer-seed').fill('7');
    await page.getByRole('textbox', { name: 'Council prompt' }).fill('Rank the responses by accuracy first.');
    await page.reload();
    await expect(page.getByTestId('builder-layer').nth(1).getByTestId('layer-seed')).toHaveValue('7');
    await expect(page.getByRole('textbox', { name: 'Council prompt' })).toHaveValue('Rank the responses by accuracy first.');

    await runPrompt(page, 'Why is the sky blue?');
    await expectRunStatus(page, 'finished');
    const table = page.getByTestId('council-table');
    await expect(table.locator('caption')).toContainText('of 6 answers the 1st gets 5 points');
    await expect(table.locator('caption')).toContainText('(seed 7)');
    await expect(table.getByTestId('council-row')).toHaveCount(6);
    await expect(table.getByTestId('council-row').first().getByTestId('council-rank')).toHaveCount(6);
  });
});
