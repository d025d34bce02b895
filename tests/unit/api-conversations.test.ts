// Follow-ups over POST /api/runs: the history comes from the stored turns (never the client),
// only the owner's finished turns can be followed up, branches, limits, exports.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportRun } from '@/app/api/runs/[id]/export/route';
import { GET as getConversation } from '@/app/api/runs/[id]/conversation/route';
import { GET as getRun } from '@/app/api/runs/[id]/route';
import { POST as startRun } from '@/app/api/runs/route';
import { readRunEvents } from '@/lib/browser/read-stream';
import { CONVERSATION_LIMITS } from '@/lib/moa/conversation';
import type { RunEvent } from '@/lib/moa/events';
import { moaConfigSchema } from '@/lib/moa/config';
import { newRunId } from '@/lib/runs/ids';
import { issueOwnerCookie, ownerOfCookies } from '@/lib/runs/owner';
import { getModelRegistry } from '@/lib/models/server';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const agent = (model: string) => ({ model, maxOutputTokens: 60, temperature: 0 });
const board = { layers: [{ agents: [agent('offline:concise'), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }] };
const ownerCookie = () => issueOwnerCookie(new Request('http://test/'))!.requestCookie;
const TOTALS = { durationMs: 1, calls: 3, failedCalls: 0, layers: 2 };
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (cookie: string, body: Record<string, unknown>) =>
  startRun(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ config: board, ...body }) }));

/** Starts a turn and reads it to its end: its run id, run-started event and final text. */
async function turn(cookie: string, prompt: string, parentRunId?: string) {
  const response = await post(cookie, { prompt, parentRunId });
  expect(response.status, await response.clone().text().catch(() => '')).toBe(200);
  const events: RunEvent[] = [];
  for await (const event of readRunEvents(response.body!)) events.push(event);
  const started = events[0] as Extract<RunEvent, { type: 'run-started' }>;
  const end = events.at(-1)!;
  expect(end.type).toBe('run-finished');
  return { id: started.runId!, started, finalText: (end as Extract<RunEvent, { type: 'run-finished' }>).finalText };
}

async function refusal(response: Response, status: number) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: string; details?: string[] };
  return [body.error, ...(body.details ?? [])].join('\n');
}

describe('follow-ups', () => {
  it('carry the stored turns: prompts and final answers, in order; the rows name the conversation and the turn', async () => {
    const cookie = ownerCookie();
    const t1 = await turn(cookie, 'Compare PostgreSQL and SQLite for a small web app.');
    const t2 = await turn(cookie, 'Which one handles concurrent writes better?', t1.id);
    const t3 = await turn(cookie, 'And for backups?', t2.id);
    expect(t1.started.history).toBeUndefined();
    expect(t3.started.history).toEqual([
      { role: 'user', content: 'Compare PostgreSQL and SQLite for a small web app.' },
      { role: 'assistant', content: t1.finalText },
      { role: 'user', content: 'Which one handles concurrent writes better?' },
      { role: 'assistant', content: t2.finalText },
    ]);
    expect(t2.finalText).toMatch(/PostgreSQL|SQLite/);

    const store = await getRunStore();
    const rows = await Promise.all([t1, t2, t3].map((t) => store.getRun(t.id)));
    expect(rows.map((r) => [r!.conversationId, r!.turn, r!.parentRunId])).toEqual([
      [t1.id, 1, null],
      [t1.id, 2, t1.id],
      [t1.id, 3, t2.id],
    ]);
    const row = await (await getRun(new Request(`http://test/api/runs/${t3.id}`), ctx(t3.id))).json();
    expect(row).not.toHaveProperty('ownerHash');

    // The conversation a turn ends, with every turn's events (a page shows it again from these).
    const conversation = (await (await getConversation(new Request(`http://test/api/runs/${t2.id}/conversation`), ctx(t2.id))).json()) as { turns: { id: string; events: RunEvent[] }[] };
    expect(conversation.turns.map((t) => t.id)).toEqual([t1.id, t2.id]);
    expect(conversation.turns[1].events.at(-1)).toMatchObject({ type: 'run-finished', finalText: t2.finalText });

    // The Markdown export of a turn holds the earlier turns.
    const md = await (await exportRun(new Request(`http://test/api/runs/${t3.id}/export?format=md`), ctx(t3.id))).text();
    expect(md).toContain('## Earlier turns (this is turn 3)');
    expect(md).toContain('> Which one handles concurrent writes better?');
  });

  it('of an earlier turn make a branch; the other branch stays as it was', async () => {
    const cookie = ownerCookie();
    const t1 = await turn(cookie, 'Name a fast sorting algorithm.');
    const a = await turn(cookie, 'Why is it fast?', t1.id);
    const b = await turn(cookie, 'When is it slow?', t1.id);
    expect(a.started.history).toEqual(b.started.history);
    const after = await turn(cookie, 'Show an example.', a.id);
    expect(after.started.history!.map((m) => m.content)).toContain('Why is it fast?');
    expect(after.started.history!.map((m) => m.content)).not.toContain('When is it slow?');
  });

  it('of someone else’s turn (its link) fork the conversation: the new turn is the follower’s own', async () => {
    const t1 = await turn(ownerCookie(), 'Hello there.');
    const other = ownerCookie();
    const fork = await turn(other, 'Go on?', t1.id);
    expect(fork.started.history).toEqual([{ role: 'user', content: 'Hello there.' }, { role: 'assistant', content: t1.finalText }]);
    const row = await (await getRunStore()).getRun(fork.id);
    expect(row!.ownerHash).toBe(ownerOfCookies(other));
    expect(row!.ownerHash).not.toBe((await (await getRunStore()).getRun(t1.id))!.ownerHash);
  });

  it('are refused with a readable error for an unknown id or a bad id', async () => {
    expect(await refusal(await post(ownerCookie(), { prompt: 'Hm', parentRunId: 'A'.repeat(22) }), 404)).toContain('There is no run with that id to follow up');
    expect(await refusal(await post(ownerCookie(), { prompt: 'Hm', parentRunId: '../x' }), 400)).toContain('parentRunId must be a run id');
  });

  it('of a turn still running or without a final answer are refused (409), saying what to do', async () => {
    const cookie = ownerCookie();
    const store = await getRunStore();
    const id = newRunId();
    await store.createRun({ id, ownerHash: ownerOfCookies(cookie), prompt: 'x', config: moaConfigSchema.parse(board) });
    expect(await refusal(await post(cookie, { prompt: 'Go on', parentRunId: id }), 409)).toContain('Turn 1 is still running: only a finished turn can be followed up.');
    await store.append(id, [], { status: 'failed', totals: TOTALS, error: 'x' });
    expect(await refusal(await post(cookie, { prompt: 'Go on', parentRunId: id }), 409)).toContain('Turn 1 has no final answer (failed)');
  });

  it('that would overflow a context window are refused (422) with the fewest oldest turns to leave out; sent without them, they run, and the run records what its agents got', async () => {
    const cookie = ownerCookie();
    const store = await getRunStore();
    // Five stored turns of ~700 tokens each, and models whose window holds about two of them.
    const long = (n: number) => `Turn ${n}: ${'word '.repeat(700)}`;
    let parentRunId: string | null = null;
    let conversationId: string | null = null;
    for (let turn = 1; turn <= 5; turn++) {
      const id = newRunId();
      conversationId ??= id;
      await store.createRun({ id, ownerHash: ownerOfCookies(cookie), prompt: long(turn), config: moaConfigSchema.parse(board), parentRunId, conversationId, turn });
      await store.append(id, [], { status: 'finished', totals: TOTALS, finalText: `Answer ${turn}.` });
      parentRunId = id;
    }
    const registry = getModelRegistry();
    (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry = { ...registry, contextWindow: () => 2400 };
    try {
      const refused = await post(cookie, { prompt: 'And now?', parentRunId });
      expect(refused.status).toBe(422);
      const body = (await refused.json()) as { error: string; details: string[]; code: string; fix?: { dropOldestTurns: number } };
      expect(body.code).toBe('unprocessable:context-overflow');
      expect(body.details[0]).toMatch(/^Layer 1, agent 1 \(offline:concise\): its input may reach [\d,]+ tokens and its answer 60, [\d,]+ over its context window of 2,400\.$/);
      expect(body.fix).toEqual({ dropOldestTurns: 3 });
      expect(body.details.at(-1)).toContain('Without its oldest 3 turns it fits');

      // Fewer than that is refused again, with the rest to leave out counted from the whole conversation.
      const again = (await (await post(cookie, { prompt: 'And now?', parentRunId, dropOldestTurns: 1 })).json()) as { fix?: { dropOldestTurns: number } };
      expect(again.fix).toEqual({ dropOldestTurns: 3 });
      expect(await refusal(await post(cookie, { prompt: 'And now?', parentRunId, dropOldestTurns: 6 }), 400)).toContain('has 5 earlier turns');
      expect(await refusal(await post(cookie, { prompt: 'And now?', dropOldestTurns: 1 }), 400)).toContain('applies to a follow-up');

      const response = await post(cookie, { prompt: 'And now?', parentRunId, dropOldestTurns: 3 });
      expect(response.status).toBe(200);
      const events: RunEvent[] = [];
      for await (const event of readRunEvents(response.body!)) events.push(event);
      const started = events[0] as Extract<RunEvent, { type: 'run-started' }>;
      expect(started.history?.map((m) => m.content)).toEqual([long(4), 'Answer 4.', long(5), 'Answer 5.']);
      expect(events.at(-1)?.type).toBe('run-finished');
      expect((await store.getRun(started.runId!))?.turn).toBe(6);
    } finally {
      (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry = registry;
    }
  });

  it(`stop at ${CONVERSATION_LIMITS.turns} turns with 413`, async () => {
    const cookie = ownerCookie();
    const store = await getRunStore();
    // Stored turns (as the recorder writes them): the limit is about the chain, not the runs' pace.
    let parentRunId: string | null = null;
    let conversationId: string | null = null;
    for (let turn = 1; turn <= CONVERSATION_LIMITS.turns; turn++) {
      const id = newRunId();
      conversationId ??= id;
      await store.createRun({ id, ownerHash: ownerOfCookies(cookie), prompt: `Turn ${turn}?`, config: moaConfigSchema.parse(board), parentRunId, conversationId, turn });
      await store.append(id, [], { status: 'finished', totals: TOTALS, finalText: `Answer ${turn}.` });
      parentRunId = id;
    }
    expect(await refusal(await post(cookie, { prompt: 'One more?', parentRunId }), 413)).toContain(`at most ${CONVERSATION_LIMITS.turns} turns`);
  });
});
