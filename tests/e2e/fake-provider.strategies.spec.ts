// Every aggregation strategy through the real OpenAI-compatible provider path: the fake provider
// plays proposers, rankers, judges, a council and a sliding-window aggregator with scripted
// replies; the tests check what the grid shows and what each model was sent.
import { expect, test, type Page } from '@playwright/test';
import { hashFor } from '../../lib/builder/url-codec';
import { moaConfigSchema, type MoAConfigInput } from '../../lib/moa/config';
import { councilMapping } from '../../lib/moa/council';
import { fakeProviderControl } from '../fake-openai/control';
import { cell, expectRunStatus, runPrompt } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

type Message = { role: string; content: string };
type Request = { model: string; body: { messages: Message[] } };
const { control, recorded } = fakeProviderControl<Request>(FAKE_PROVIDER_URL);
const requestsTo = async (model: string) => (await recorded()).requests.filter((r) => r.model === model);
const systemOf = (request: Request) => request.body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
const allTextOf = (request: Request) => request.body.messages.map((m) => m.content).join('\n');
/** The numbered answers an aggregator, ranker or judge was given, in the order given. */
const responseNumbers = (system: string) => [...system.matchAll(/<response n="(\d+)">/g)].map((m) => Number(m[1]));

/** Sets the models' replies (a clean request log first) and opens the board holding `config`. */
async function board(page: Page, config: MoAConfigInput, models: Record<string, { text?: string; texts?: string[] }>) {
  await control('reset', {});
  await control('models', models);
  await page.goto(`/${hashFor(moaConfigSchema.parse(config))}`);
}

async function run(page: Page, prompt: string) {
  await runPrompt(page, prompt);
  await expectRunStatus(page, 'finished');
}

const finalText = async (page: Page) => (await page.getByTestId('final-text').innerText()).trim();
const agents = (...models: string[]) => models.map((m) => ({ model: `fake:${m}` }));

const ALPHA = 'Use a hash map: lookups take constant time on average.';
const BRAVO = 'Sort the keys, then binary search: no extra memory is needed.';
const CHARLIE = 'A plain set is enough when only membership matters.';
const PROPOSALS = { 'prop-north': { text: ALPHA }, 'prop-south': { text: BRAVO }, 'prop-east': { text: CHARLIE } };
const PROPOSERS = { agents: agents('prop-north', 'prop-south', 'prop-east') };
const PROPOSER_IDS = Object.keys(PROPOSALS);

test.describe('rank', () => {
  const config = { layers: [PROPOSERS, { strategy: 'rank' as const, agents: agents('ranker') }] };

  test('the ranker picks answer 2 with a reason: the cell shows the pick, the final answer is proposal 2 exactly', async ({ page }) => {
    await board(page, config, { ...PROPOSALS, ranker: { text: 'The second answer is the most precise about memory.\nBest: [[2]]' } });
    await run(page, 'How do I find duplicates fast?');

    const ranker = cell(page, 2, 1);
    await expect(ranker.getByTestId('agent-pick-answer')).toHaveText('Picked answer 2');
    await expect(ranker.getByTestId('agent-pick')).toContainText('The second answer is the most precise about memory.');
    await expect(ranker.getByTestId('agent-pick-fallback')).toHaveCount(0);
    await expect(page.getByTestId('final-pick')).toHaveText('picked answer 2');
    expect(await finalText(page)).toBe(BRAVO);
    expect((await cell(page, 1, 2).getByTestId('agent-text').innerText()).trim()).toBe(BRAVO);

    // Asked once, with every proposal numbered and the reply format.
    const asked = await requestsTo('ranker');
    expect(asked).toHaveLength(1);
    const system = systemOf(asked[0]);
    expect(responseNumbers(system)).toEqual([1, 2, 3]);
    expect(system).toContain(`<response n="2">\n${BRAVO}\n</response>`);
    expect(system).toContain('"Best: [[n]]"');
  });

  test('an unreadable ranking is asked for once more, then the cell states the fallback and the run finishes', async ({ page }) => {
    await board(page, config, { ...PROPOSALS, ranker: { text: 'They are all good answers, each in its way.' } });
    await run(page, 'How do I find duplicates fast?');

    const asked = await requestsTo('ranker');
    expect(asked).toHaveLength(2);
    expect(systemOf(asked[0])).not.toContain('Your previous reply did not end with a line "Best: [[n]]"');
    expect(systemOf(asked[1])).toContain('Your previous reply did not end with a line "Best: [[n]]"');
    const ranker = cell(page, 2, 1);
    await expect(ranker.getByTestId('agent-pick-fallback')).toHaveText('The ranking was unreadable twice: kept answer 1.');
    await expect(ranker.getByTestId('agent-pick-answer')).toHaveText('Picked answer 1');
    expect(await finalText(page)).toBe(ALPHA);
  });
});

test.describe('top-k', () => {
  const FOUR = { ...PROPOSALS, 'prop-west': { text: 'Nested loops over every pair will do.' } };
  const config = {
    layers: [
      { agents: agents('prop-north', 'prop-south', 'prop-east', 'prop-west') },
      { strategy: 'top-k' as const, topK: 2, earlyStop: true, agents: agents('judge') },
      { agents: agents('aggregator') },
    ],
  };
  const scores = 'Answer 1: 4/10 - vague about collisions\nAnswer 2: 9/10 - precise\nAnswer 3: 8.5/10 - correct and short\nAnswer 4: 2/10 - quadratic time';

  test('k=2: the other answers show as dropped with their score and why; agreeing answers stop the run and the best kept answer is final, verbatim', async ({ page }) => {
    await board(page, config, { ...FOUR, judge: { text: `${scores}\nAgree: yes` }, aggregator: { text: 'Never asked.' } });
    await run(page, 'How do I find duplicates fast?');

    await expect(cell(page, 1, 1)).toHaveAttribute('data-judged', 'dropped');
    await expect(cell(page, 1, 1).getByTestId('agent-dropped')).toHaveText('Dropped by the judge of layer 2 (score 4/10): vague about collisions');
    await expect(cell(page, 1, 4)).toHaveAttribute('data-judged', 'dropped');
    await expect(cell(page, 1, 4).getByTestId('agent-dropped')).toHaveText('Dropped by the judge of layer 2 (score 2/10): quadratic time');
    for (const kept of [2, 3]) {
      await expect(cell(page, 1, kept)).toHaveAttribute('data-judged', 'kept');
      await expect(cell(page, 1, kept).getByTestId('agent-dropped')).toHaveCount(0);
    }
    const judge = cell(page, 2, 1);
    await expect(judge.locator('[data-testid=verdict-row][data-kept=true]')).toHaveCount(2);
    await expect(judge.getByTestId('verdict-agree')).toContainText('The kept answers agree');
    await expect(cell(page, 3, 1)).toHaveAttribute('data-status', 'skipped');
    await expect(page.getByTestId('final-early-stop')).toContainText('The judge of layer 2 found the 2 kept answers agree');
    await expect(page.getByTestId('final-best')).toHaveText('best kept answer 2');
    expect(await finalText(page)).toBe(BRAVO);

    // The judge was asked about agreement; the skipped aggregator never was.
    const judged = await requestsTo('judge');
    expect(judged).toHaveLength(1);
    expect(systemOf(judged[0])).toContain('"Agree: yes" if the 2 responses you score highest');
    expect(await requestsTo('aggregator')).toHaveLength(0);
  });

  test('k=2 without agreement: the aggregator reads only the two kept answers and writes the final answer', async ({ page }) => {
    await board(page, config, { ...FOUR, judge: { text: `${scores}\nAgree: no` }, aggregator: { text: 'Hash or sort, depending on memory.' } });
    await run(page, 'How do I find duplicates fast?');

    await expect(page.locator('[data-testid=agent-cell][data-layer="1"][data-judged=dropped]')).toHaveCount(2);
    await expect(page.getByTestId('final-early-stop')).toHaveCount(0);
    await expect(cell(page, 3, 1)).toHaveAttribute('data-status', 'done');
    const aggregated = await requestsTo('aggregator');
    expect(aggregated).toHaveLength(1);
    // Kept answers go on with their own numbers, in their order.
    expect(responseNumbers(systemOf(aggregated[0]))).toEqual([2, 3]);
    expect(systemOf(aggregated[0])).not.toContain(ALPHA);
    expect(await finalText(page)).toBe('Hash or sort, depending on memory.');
  });
});

test.describe('council', () => {
  const RANKERS = ['ranker-one', 'ranker-two', 'ranker-three'];
  // Each ranker's ranking by label: labels are shuffled per ranker, so the same text ranks different answers.
  const RANKINGS = [['B', 'A', 'C'], ['A', 'C', 'B'], ['C', 'B', 'A']];
  const reply = (labels: string[]) => `All three are sound.\n\nFINAL RANKING:\n${labels.map((l, i) => `${i + 1}. Response ${l}`).join('\n')}`;
  const CHAIR = 'The chairman’s answer: hash map first, sorting when memory is tight.';
  const TEXTS = [ALPHA, BRAVO, CHARLIE];

  /** A seed whose three shuffles all differ, so the test can see per-ranker orders. */
  const seed = Array.from({ length: 1000 }, (_, s) => s).find(
    (s) => new Set([0, 1, 2].map((r) => councilMapping(TEXTS.map((text, i) => ({ index: i + 1, text })), s, r).map((m) => m.answer).join())).size === 3,
  )!;
  const config = (replies: string[]) => ({
    layers: [PROPOSERS, { strategy: 'council' as const, seed, agents: agents(...RANKERS) }, { agents: agents('chair') }],
    models: { ...PROPOSALS, ...Object.fromEntries(RANKERS.map((r, i) => [r, { text: replies[i] }])), chair: { text: CHAIR } },
  });

  /** Per ranker, the answer numbers behind Response A, B, C as it was shown them: recovered from its prompt, by the candidates' texts. */
  async function shownOrders() {
    const orders: Record<string, number[]> = {};
    for (const ranker of RANKERS) {
      const [first] = await requestsTo(ranker);
      const shown = [...systemOf(first).matchAll(/<candidate label="Response ([A-Z])">\n([\s\S]*?)\n<\/candidate>/g)];
      expect(shown.map((m) => m[1])).toEqual(['A', 'B', 'C']);
      orders[ranker] = shown.map((m) => TEXTS.indexOf(m[2]) + 1);
    }
    return orders;
  }

  /** Borda count by hand: of 3 answers the 1st gets 2 points, the 2nd 1; equal points share a position. */
  function borda(orders: Record<string, number[]>, counted: string[]) {
    const points = new Map([1, 2, 3].map((a) => [a, 0]));
    for (const ranker of counted) {
      const labels = RANKINGS[RANKERS.indexOf(ranker)];
      labels.forEach((label, i) => {
        const answer = orders[ranker]['ABC'.indexOf(label)];
        points.set(answer, points.get(answer)! + (2 - i));
      });
    }
    const rows = [1, 2, 3].sort((a, b) => points.get(b)! - points.get(a)! || a - b);
    return rows.map((answer) => {
      const p = points.get(answer)!;
      const ahead = rows.filter((a) => points.get(a)! > p).length;
      const tied = rows.filter((a) => points.get(a) === p).length > 1;
      return { answer, points: p, position: `${ahead + 1}${tied ? '=' : ''}` };
    });
  }
  const note = (rows: ReturnType<typeof borda>, rankers: number) =>
    [
      `Aggregate ranking of the candidate responses by a council of ${rankers} rankers (Borda count, best first):`,
      ...rows.map((r) => `${r.position}. Response ${r.answer} — ${r.points} point${r.points === 1 ? '' : 's'}`),
    ].join('\n');

  test('the rankers see anonymised answers in their own orders; the chairman gets the answers and the aggregate ranking, and writes the final answer', async ({ page }) => {
    const { models, ...c } = config(RANKINGS.map(reply));
    await board(page, c, models);
    await run(page, 'How do I find duplicates fast?');

    for (const ranker of RANKERS) {
      const asked = await requestsTo(ranker);
      expect(asked).toHaveLength(1);
      const text = allTextOf(asked[0]);
      for (const id of PROPOSER_IDS) expect(text).not.toContain(id);
      expect(text).not.toMatch(/<response n=/);
      for (const answer of TEXTS) expect(text).toContain(answer);
    }
    const orders = await shownOrders();
    for (const order of Object.values(orders)) expect([...order].sort()).toEqual([1, 2, 3]);
    expect(new Set(Object.values(orders).map((o) => o.join())).size).toBe(3);

    const [chair] = await requestsTo('chair');
    const system = systemOf(chair);
    TEXTS.forEach((text, i) => expect(system).toContain(`<response n="${i + 1}">\n${text}\n</response>`));
    expect(system).toContain(note(borda(orders, RANKERS), 3));
    expect(await finalText(page)).toBe(CHAIR);
  });

  test('grid: the council table lists the answers in Borda order with each ranker’s rank and the points', async ({ page }) => {
    const { models, ...c } = config(RANKINGS.map(reply));
    await board(page, c, models);
    await run(page, 'How do I find duplicates fast?');

    const orders = await shownOrders();
    const expected = borda(orders, RANKERS);
    const table = page.locator('[data-testid=council-table][data-layer="2"]');
    const rows = table.getByTestId('council-row');
    await expect(rows).toHaveCount(3);
    for (const [i, row] of expected.entries()) {
      const shown = rows.nth(i);
      await expect(shown).toHaveAttribute('data-answer', String(row.answer));
      await expect(shown).toHaveAttribute('data-position', row.position);
      await expect(shown.getByTestId('council-points')).toHaveText(String(row.points));
      for (const [r, ranker] of RANKERS.entries()) {
        const rank = RANKINGS[r].indexOf('ABC'[orders[ranker].indexOf(row.answer)]) + 1;
        await expect(shown.locator(`[data-testid=council-rank][data-ranker="${r + 1}"]`)).toHaveText(String(rank));
      }
    }
    await expect(table.getByTestId('council-fallback')).toHaveCount(0);
  });

  test('a ranker whose reply has no FINAL RANKING is asked once more, then left out of the count: the chairman’s ranking is of the other two', async ({ page }) => {
    const { models, ...c } = config([reply(RANKINGS[0]), reply(RANKINGS[1]), 'I would rather not rank them.']);
    await board(page, c, models);
    await run(page, 'How do I find duplicates fast?');

    const third = await requestsTo('ranker-three');
    expect(third).toHaveLength(2);
    expect(systemOf(third[1])).toContain('Your previous reply did not end with a readable "FINAL RANKING:" block.');
    for (const ranker of RANKERS.slice(0, 2)) expect(await requestsTo(ranker)).toHaveLength(1);
    const orders = await shownOrders();
    const [chair] = await requestsTo('chair');
    expect(systemOf(chair)).toContain(note(borda(orders, RANKERS.slice(0, 2)), 2));
    expect(await finalText(page)).toBe(CHAIR);
  });

  test('grid: the unreadable ranker is left out, and says so in its cell and under the table', async ({ page }) => {
    const { models, ...c } = config([reply(RANKINGS[0]), reply(RANKINGS[1]), 'I would rather not rank them.']);
    await board(page, c, models);
    await run(page, 'How do I find duplicates fast?');

    const orders = await shownOrders();
    await expect(cell(page, 2, 3).getByTestId('agent-ranking-fallback')).toContainText('left out of the count');
    // Listed under the table (outside the <table> element).
    await expect(page.locator('[data-testid=council-ranker-fallback][data-ranker="3"]')).toContainText('left out of the count');
    const table = page.locator('[data-testid=council-table][data-layer="2"]');
    const expected = borda(orders, RANKERS.slice(0, 2));
    const rows = table.getByTestId('council-row');
    for (const [i, row] of expected.entries()) {
      await expect(rows.nth(i)).toHaveAttribute('data-answer', String(row.answer));
      await expect(rows.nth(i).getByTestId('council-points')).toHaveText(String(row.points));
      await expect(rows.nth(i).locator('[data-testid=council-rank][data-ranker="3"]')).toHaveText('–');
    }
  });
});

test.describe('sliding-window', () => {
  const SAMPLES = ['sample-1', 'sample-2', 'sample-3', 'sample-4', 'sample-5'];
  const STEPS = ['Synthesis after answers 1 and 2.', 'Synthesis after answers 1 to 4.', 'Synthesis of all five answers.'];
  const config = { layers: [{ agents: agents(...SAMPLES) }, { strategy: 'sliding-window' as const, window: 2, agents: agents('window-agg') }] };
  const models = { ...Object.fromEntries(SAMPLES.map((m, i) => [m, { text: `Sample answer number ${i + 1}.` }])), 'window-agg': { texts: STEPS } };

  test('5 answers, a window of 2: 3 steps, each with its answers and the synthesis so far; the last step’s text is final', async ({ page }) => {
    await board(page, config, models);
    await run(page, 'Summarise the samples.');

    const steps = (await requestsTo('window-agg')).map(systemOf);
    expect(steps).toHaveLength(3);
    expect(steps.map(responseNumbers)).toEqual([[1, 2], [3, 4], [5]]);
    steps.forEach((system, s) => {
      for (const n of responseNumbers(system)) expect(system).toContain(`<response n="${n}">\nSample answer number ${n}.\n</response>`);
      if (s === 0) expect(system).not.toContain('<synthesis>');
      else expect(system).toContain(`<synthesis>\n${STEPS[s - 1]}\n</synthesis>`);
    });
    expect(await finalText(page)).toBe(STEPS[2]);
  });

  test('grid: the aggregator’s badge counts the windows and its earlier steps fold under it', async ({ page }) => {
    await board(page, config, models);
    await run(page, 'Summarise the samples.');

    const agg = cell(page, 2, 1);
    await expect(agg.getByTestId('agent-window')).toHaveAttribute('data-steps', '3');
    await expect(agg.getByTestId('agent-window')).toHaveAttribute('data-step', '3');
    await expect(agg.getByTestId('agent-window')).toContainText('3 windows');
    const earlier = agg.getByTestId('agent-window-steps');
    await expect(earlier.getByTestId('agent-window-step')).toHaveCount(2);
    await earlier.locator('summary').click();
    await expect(earlier.locator('[data-testid=agent-window-step][data-step="1"]')).toContainText(STEPS[0]);
    await expect(earlier.locator('[data-testid=agent-window-step][data-step="2"]')).toContainText(STEPS[1]);
    expect(await finalText(page)).toBe(STEPS[2]);
  });
});
