// Acceptance: every provider fault, injected into one proposer of a 3-proposer layer, through the
// real OpenAI-compatible provider against the fake server. The run completes with the other
// answers, the failed cell says what happened, retries happen only where allowed, and no
// text is duplicated.
import { beforeEach, describe, expect, it } from 'vitest';
import { moaConfigSchema, type ResilienceInput } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { parseSynthesisResponses } from '@/lib/moa/prompts';
import { reduceEvents } from '@/lib/run-view';
import { useFakeProvider } from './helpers/fake-provider';
import type { FakeModelBehaviour } from '../fake-openai/server';
import { chunkText } from '../fake-openai/scenarios';

const fake = useFakeProvider();

const ANSWERS = { a: 'Alpha says Paris is the capital.', b: 'Bravo agrees: it is Paris.', c: 'Charlie: the capital of France is Paris, on the Seine.' };
const FAST = { tokensPerSecond: 400 };

beforeEach(() => {
  fake.server.reset();
  fake.server.setModel('a', { text: ANSWERS.a, ...FAST });
  fake.server.setModel('b', { text: ANSWERS.b, ...FAST });
  fake.server.setModel('agg', { text: 'The final answer.', ...FAST });
});

/** Fast settings so faults resolve in test time; the policy is the production one. */
const TEST_RESILIENCE: ResilienceInput = { firstTokenTimeoutMs: 1_000, callTimeoutMs: 20_000, maxRetries: 2, retryBaseDelayMs: 40, maxRetryDelayMs: 5_000 };

type Calls = 'in-process' | 'worker';
let calls: Calls = 'in-process';

async function runWithFaultyProposer(behaviour: FakeModelBehaviour, resilience: ResilienceInput = {}) {
  fake.server.setModel('c', { text: ANSWERS.c, ...FAST, ...behaviour });
  const config = moaConfigSchema.parse({
    layers: [{ agents: ['a', 'b', 'c'].map((m) => ({ model: `fake:${m}` })) }, { agents: [{ model: 'fake:agg' }] }],
    resilience: { ...TEST_RESILIENCE, ...resilience },
  });
  const events: RunEvent[] = [];
  for await (const event of runMoA(config, 'What is the capital of France?', {
    resolveModel: fake.resolveModel,
    streamCall: calls === 'worker' ? fake.workerCalls : undefined,
    random: () => 0.5,
  })) events.push(event);
  const view = reduceEvents(events);
  const faulty = view.layers[0][2];
  const deltas = events.flatMap((e) => (e.type === 'agent-delta' && e.layer === 0 && e.agent === 2 ? [e.text] : [])).join('');
  const requestsTo = (model: string) => fake.server.requests.filter((r) => r.model === model).length;
  const aggregatorSystem = fake.server.requests.find((r) => r.model === 'agg')?.body.messages.find((m: { role: string }) => m.role === 'system')?.content as string;
  return { events, view, faulty, deltas, requestsTo, aggregatorSystem, retries: events.filter((e) => e.type === 'agent-retry') };
}

/** The run went on: the two healthy proposers answered and the aggregator got exactly their answers. */
function expectRunCompletedWithoutC(result: Awaited<ReturnType<typeof runWithFaultyProposer>>) {
  expect(result.view.status).toBe('finished');
  expect(result.view.finalText).toBe('The final answer.');
  expect(result.view.layers[0].slice(0, 2).map((a) => [a.status, a.text])).toEqual([['done', ANSWERS.a], ['done', ANSWERS.b]]);
  expect(parseSynthesisResponses(result.aggregatorSystem).map((r) => r.text)).toEqual([ANSWERS.a, ANSWERS.b]);
  expect(result.aggregatorSystem).toContain('2 of 3; 1 did not complete');
  // The healthy proposers were asked once each.
  expect(result.requestsTo('a')).toBe(1);
  expect(result.requestsTo('b')).toBe(1);
}

/** No text duplicated: what streamed is what the cell holds, and a prefix of the answer, once. */
function expectNoDuplicatedText(result: Awaited<ReturnType<typeof runWithFaultyProposer>>) {
  expect(result.deltas).toBe(result.faulty.text);
  expect(ANSWERS.c.startsWith(result.faulty.text)).toBe(true);
}

// Generous: these wait on real timers (retry-after, timeouts) on a possibly busy machine.
// The server makes HTTP providers' calls in the model-call worker: the same faults, both ways.
describe.each<[string, Calls]>([
  ['calls in-process', 'in-process'],
  ['calls in the model-call worker', 'worker'],
])('one faulty proposer of three, %s', { timeout: 20_000 }, (_, transport) => {
  beforeEach(() => {
    calls = transport;
  });

  it('429 with retry-after, once: waits as asked, retries, and the answer arrives once', async () => {
    const started = performance.now();
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 } });
    expect(result.requestsTo('c')).toBe(2);
    expect(result.retries).toEqual([expect.objectContaining({ layer: 0, agent: 2, attempt: 2, delayMs: 1000, reason: 'rate limited (HTTP 429)' })]);
    // retry-after was honoured (the second request came at least a second after the first).
    const [first, second] = fake.server.requests.filter((r) => r.model === 'c');
    expect(second.at - first.at).toBeGreaterThanOrEqual(990);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(result.faulty).toMatchObject({ status: 'done', text: ANSWERS.c, retry: { attempt: 2 } });
    expectNoDuplicatedText(result);
    expect(parseSynthesisResponses(result.aggregatorSystem).map((r) => r.text)).toEqual([ANSWERS.a, ANSWERS.b, ANSWERS.c]);
  });

  it('429 that persists: retried up to the limit, then the cell says so and the run goes on', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 429, retryAfterSeconds: 0 } });
    expect(result.requestsTo('c')).toBe(3);
    expect(result.retries.map((r) => (r as { attempt: number }).attempt)).toEqual([2, 3]);
    expect(result.faulty.status).toBe('failed');
    expect(result.faulty.error).toMatch(/^HTTP 429: Rate limit reached for c \(fake\)\. \(after 3 attempts\)$/);
    expectRunCompletedWithoutC(result);
  });

  it('a retry-after longer than the run is willing to wait fails at once instead of hanging', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 429, retryAfterSeconds: 60 } });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.retries).toHaveLength(0);
    expect(result.faulty.error).toContain('Not retried: the provider asked to retry after 60 s; the most this run waits is 5 s');
    expectRunCompletedWithoutC(result);
  });

  it('500 once: retried with backoff, then succeeds', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 500, times: 1 } });
    expect(result.requestsTo('c')).toBe(2);
    // No retry-after: the base delay with equal jitter (random pinned at 0.5 → 75% of 40 ms).
    expect(result.retries).toEqual([expect.objectContaining({ attempt: 2, delayMs: 30, reason: 'server error (HTTP 500)' })]);
    expect(result.faulty).toMatchObject({ status: 'done', text: ANSWERS.c });
    expectNoDuplicatedText(result);
  });

  it('500 that persists: backoff doubles, then the cell shows the server error', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 503 } });
    expect(result.requestsTo('c')).toBe(3);
    expect(result.retries.map((r) => (r as { delayMs: number }).delayMs)).toEqual([30, 60]);
    expect(result.faulty.error).toContain('HTTP 503');
    expect(result.faulty.error).toContain('after 3 attempts');
    expectRunCompletedWithoutC(result);
  });

  it('a 4xx other than 429 is not retried', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'status', status: 400 } });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.retries).toHaveLength(0);
    expect(result.faulty).toMatchObject({ status: 'failed', error: 'HTTP 400: Fake fault: HTTP 400 for c.' });
    expectRunCompletedWithoutC(result);
  });

  it('hang before the first token: the first-token timeout fails it and closes the request', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'hang' } });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.retries).toHaveLength(0);
    expect(result.faulty).toMatchObject({ status: 'failed', text: '', error: 'No first token within 1 s (first-token timeout).' });
    expectRunCompletedWithoutC(result);
    expect(fake.server.openStreams()).toBe(0);
    expect(fake.server.closedByClient).toBe(1);
  });

  it('a stream cut mid-answer keeps the partial text and is not retried (it would duplicate text)', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'cut', afterChunks: 3 } });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.retries).toHaveLength(0);
    expect(result.faulty.status).toBe('failed');
    expect(result.faulty.text).toBe(chunkText(ANSWERS.c).slice(0, 3).join(''));
    expect(result.faulty.error).toMatch(/^The connection closed mid-response/);
    expectNoDuplicatedText(result);
    expectRunCompletedWithoutC(result);
  });

  it('a connection that drops before any text is retried', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'cut', afterChunks: 0 } });
    expect(result.requestsTo('c')).toBe(3);
    expect(result.retries.map((r) => (r as { reason: string }).reason)).toEqual(['connection error', 'connection error']);
    expect(result.faulty).toMatchObject({ status: 'failed', text: '' });
    expect(result.faulty.error).toMatch(/^The connection closed mid-response.*after 3 attempts/);
    expectRunCompletedWithoutC(result);
  });

  it('a malformed chunk fails the agent with its partial text, without a retry', async () => {
    const result = await runWithFaultyProposer({ fault: { kind: 'malformed', afterChunks: 2 } });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.retries).toHaveLength(0);
    expect(result.faulty).toMatchObject({ status: 'failed', text: chunkText(ANSWERS.c).slice(0, 2).join('') });
    expect(result.faulty.error).toBe('The provider sent a malformed chunk, so the answer is incomplete.');
    expectNoDuplicatedText(result);
    expectRunCompletedWithoutC(result);
  });

  it('too slow: the call timeout stops it mid-stream, keeps what came, and closes the request', async () => {
    const result = await runWithFaultyProposer({ tokensPerSecond: 5 }, { callTimeoutMs: 1_000 });
    expect(result.requestsTo('c')).toBe(1);
    expect(result.faulty.status).toBe('failed');
    expect(result.faulty.error).toBe('No complete answer within 1 s (call timeout).');
    expect(result.faulty.text.length).toBeGreaterThan(0);
    expectNoDuplicatedText(result);
    expectRunCompletedWithoutC(result);
    expect(fake.server.openStreams()).toBe(0);
  });

  it('slow but within its limits: it simply finishes', async () => {
    const result = await runWithFaultyProposer({ tokensPerSecond: 40, firstTokenMs: 300 });
    expect(result.faulty).toMatchObject({ status: 'done', text: ANSWERS.c });
    expect(result.retries).toHaveLength(0);
  });
});
