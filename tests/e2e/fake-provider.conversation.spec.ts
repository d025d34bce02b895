import { expect, test, type Page } from '@playwright/test';
import { fakeProviderControl } from '../fake-openai/control';
import { choosePreset, expectRunStatus, runPrompt, shareLinkOf } from './helpers';
import { FAKE_PROVIDER_URL } from './ports';

type Message = { role: string; content: string };
const { control, recorded } = fakeProviderControl<{ model: string; body: { messages: Message[] } }>(FAKE_PROVIDER_URL);

const SMALL = 'Small model answer.';
const LARGE = 'Large model answer.';

test.beforeEach(async () => {
  await control('reset', {});
  await control('models', {
    'fake-small': { text: SMALL, tokensPerSecond: 400, usage: { promptTokens: 40, completionTokens: 4 } },
    'fake-large': { text: LARGE, tokensPerSecond: 400, usage: { promptTokens: 60, completionTokens: 4 } },
  });
});

async function followUp(page: Page, prompt: string) {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByTestId('follow-up').click();
  await expectRunStatus(page, 'finished');
}

test('a 3-turn conversation: every agent of turn 3 gets turns 1–2 (prompts and final answers, no intermediate answers); the share link shows every turn; editing turn 2 makes a branch', async ({ page, browser }) => {
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await expect(page.getByTestId('follow-up')).toHaveCount(0);
  await runPrompt(page, 'Turn one: what is a B-tree?');
  await expectRunStatus(page, 'finished');
  const firstFinal = (await page.getByTestId('final-text').innerText()).trim();
  expect(firstFinal).toBe(SMALL);

  await expect(page.getByTestId('follow-up')).toHaveText('Follow up (turn 2)');
  await followUp(page, 'Turn two: and a B+ tree?');
  await expect(page.getByTestId('conversation-turn')).toHaveCount(1);
  await followUp(page, 'Turn three: which do databases use?');
  await expect(page.getByTestId('conversation-turn')).toHaveCount(2);
  await expect(page.getByTestId('conversation-totals')).toContainText('3 turns');

  // Turn 3's seven calls (6 proposers, 1 aggregator): each got the conversation, as chat messages.
  const { requests } = await recorded();
  expect(requests).toHaveLength(21);
  const expected = [
    { role: 'user', content: 'Turn one: what is a B-tree?' },
    { role: 'assistant', content: SMALL },
    { role: 'user', content: 'Turn two: and a B+ tree?' },
    { role: 'assistant', content: SMALL },
    { role: 'user', content: 'Turn three: which do databases use?' },
  ];
  for (const { body } of requests.slice(14)) {
    expect(body.messages.filter((m) => m.role !== 'system')).toEqual(expected);
  }
  // Only the aggregator reads answers, and only this turn's (its system message), never an earlier turn's proposals.
  const systems = requests.slice(14).map(({ body }) => body.messages.filter((m) => m.role === 'system').map((m) => m.content).join(''));
  expect(systems.filter((s) => s.includes(LARGE))).toHaveLength(1);

  // A reload of the tab shows the conversation again, its last turn in the grid.
  await page.reload();
  await expect(page.getByTestId('conversation-turn')).toHaveCount(2);
  await expect(page.getByTestId('final-answer')).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('agent-cell')).toHaveCount(7);
  await expect(page.getByTestId('follow-up')).toHaveText('Follow up (turn 4)');

  // Earlier turns expand to their answer and their grid.
  await page.getByTestId('conversation-turn-toggle').first().click();
  await expect(page.getByTestId('conversation-turn-body').getByTestId('conversation-turn-answer')).toHaveText(SMALL);
  await expect(page.getByTestId('conversation-turn-body').getByTestId('agent-cell')).toHaveCount(7);

  // The share link of turn 3, in a fresh browser: every turn, read-only.
  const link = await shareLinkOf(page);
  const colleague = await browser.newContext();
  const shared = await colleague.newPage();
  await shared.goto(link);
  await expect(shared.getByRole('heading', { name: /Shared conversation · turn 3/ })).toBeVisible();
  await expect(shared.getByTestId('conversation-turn')).toHaveCount(2);
  await expect(shared.getByTestId('conversation-turn').nth(1)).toContainText('Turn two: and a B+ tree?');
  await expect(shared.getByTestId('shared-prompt')).toHaveText('Turn three: which do databases use?');
  await expect(shared.getByTestId('follow-up')).toHaveCount(0);
  await colleague.close();

  // Edit turn 2 and resend: a branch after turn 1; the old turn 3 keeps its page.
  await page.keyboard.press('Escape');
  await page.getByTestId('conversation-turn-edit').nth(1).click();
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('Turn two: and a B+ tree?');
  await expect(page.getByTestId('editing-turn')).toContainText('Editing turn 2');
  await page.getByLabel('Prompt', { exact: true }).fill('Turn two, edited: and a trie?');
  await page.getByTestId('follow-up').click();
  await expectRunStatus(page, 'finished');
  await expect(page.getByTestId('conversation-turn')).toHaveCount(1);
  const branch = (await recorded()).requests.slice(21);
  expect(branch).toHaveLength(7);
  for (const { body } of branch) {
    expect(body.messages.filter((m) => m.role !== 'system').map((m) => m.content)).toEqual(['Turn one: what is a B-tree?', SMALL, 'Turn two, edited: and a trie?']);
  }
  const old = await page.request.get(link.replace(/.*\/r\//, '/api/runs/'));
  expect(((await old.json()) as { run: { prompt: string; turn: number } }).run).toMatchObject({ prompt: 'Turn three: which do databases use?', turn: 3 });

  // History lists the conversation once, with its turns and branches.
  await page.getByTestId('history-button').click();
  await expect(page.getByTestId('history-item').first()).toContainText('Turn one: what is a B-tree?');
  await expect(page.getByTestId('history-item').first()).toContainText('Conversation · 3 turns (4 runs with branches)');

  // Someone with turn 3's link forks the conversation there and follows up as their own branch.
  const other = await browser.newContext();
  const forker = await other.newPage();
  await forker.goto(link);
  await forker.getByTestId('fork-button').click();
  await expect(forker.getByTestId('fork-notice')).toContainText('Forked the conversation at turn 3');
  await expect(forker.getByTestId('conversation-turn')).toHaveCount(2);
  await expect(forker.getByTestId('follow-up')).toHaveText('Follow up (turn 4)');
  await forker.getByLabel('Prompt', { exact: true }).fill('Turn four, from a fork?');
  await forker.getByTestId('follow-up').click();
  await expectRunStatus(forker, 'finished');
  const forked = (await recorded()).requests.slice(28);
  expect(forked).toHaveLength(7);
  for (const { body } of forked) {
    expect(body.messages.filter((m) => m.role !== 'system').map((m) => m.content)).toEqual([...expected.map((m) => m.content), SMALL, 'Turn four, from a fork?']);
  }
  await other.close();
});

test('a follow-up that the server refuses loses nothing: the conversation and the prompt stay', async ({ page }) => {
  await page.goto('/');
  await choosePreset(page, 'MoA-Lite (2 layers)');
  await runPrompt(page, 'First question?');
  await expectRunStatus(page, 'finished');
  // The run's row is gone (deleted in another tab): the follow-up is refused with a readable error.
  const link = await shareLinkOf(page);
  await page.keyboard.press('Escape');
  await page.request.delete(link.replace(/.*\/r\//, '/api/runs/'), { headers: { 'content-type': 'application/json' } });
  await page.getByLabel('Prompt', { exact: true }).fill('Second question?');
  await page.getByTestId('follow-up').click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is no run with that id to follow up' })).toBeVisible();
  await expect(page.getByTestId('final-text')).toHaveText(SMALL);
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('Second question?');
});
