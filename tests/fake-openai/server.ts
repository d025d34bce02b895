// A fake OpenAI-compatible chat-completions server (node:http only) so tests and
// benchmarks exercise the real AI SDK provider code path without a reachable LLM.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  PRESET_MODELS,
  behaviourMapSchema,
  chunkText,
  defaultAnswer,
  reasoningFor,
  resolveUsage,
  type FakeFault,
  type FakeModelBehaviour,
  type ResolvedUsage,
} from './scenarios';
import {
  chunkJson,
  completionJson,
  deltaChoice,
  errorJson,
  modelsJson,
  newCompletion,
  usageJson,
  type Completion,
} from './wire';

export type { FakeFault, FakeModelBehaviour } from './scenarios';
export { PRESET_MODELS } from './scenarios';

export type RecordedRequest = {
  at: number;
  /** When the response closed (finished, failed or cut), for proving calls overlapped. */
  endedAt?: number;
  model: string;
  body: any; // the client's JSON as sent
  headers: Record<string, string | string[] | undefined>;
};

export type FakeOpenAIServer = {
  url: string; // base URL including /v1
  port: number;
  requests: RecordedRequest[];
  openStreams(): number;
  closedByClient: number;
  setModel(model: string, behaviour: FakeModelBehaviour): void;
  reset(): void;
  close(): Promise<void>;
};

export type FakeOpenAIOptions = {
  port?: number;
  host?: string;
  models?: Record<string, FakeModelBehaviour>;
  apiKey?: string; // if set, /v1 routes require `Authorization: Bearer <apiKey>`
};

type State = {
  behaviours: Map<string, FakeModelBehaviour>;
  statusFaultHits: Map<string, number>; // for `fault.times`
  answered: Map<string, number>; // for `texts`: requests per model since its behaviour was set
  requests: RecordedRequest[];
  open: Set<ServerResponse>;
  closedByClient: number;
  shuttingDown: boolean; // responses we close in close() are not the client's doing
  apiKey?: string;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const state: State = {
    behaviours: new Map(Object.entries(options.models ?? {})),
    statusFaultHits: new Map(),
    answered: new Map(),
    requests: [],
    open: new Set(),
    closedByClient: 0,
    shuttingDown: false,
    apiKey: options.apiKey,
  };
  const server = createServer((req, res) => {
    route(req, res, state).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      sendError(res, status, err instanceof Error ? err.message : String(err));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    port,
    requests: state.requests,
    openStreams: () => state.open.size,
    get closedByClient() {
      return state.closedByClient;
    },
    setModel: (model, behaviour) => setModels(state, { [model]: behaviour }),
    reset: () => resetState(state),
    close: async () => {
      state.shuttingDown = true;
      const responsesClosed = [...state.open].map((res) => once(res, 'close'));
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // hung streams would otherwise keep close() waiting forever
      await Promise.all([serverClosed, ...responsesClosed]);
    },
  };
}

function setModels(state: State, models: Record<string, FakeModelBehaviour>): void {
  for (const [model, behaviour] of Object.entries(models)) {
    state.behaviours.set(model, behaviour);
    state.statusFaultHits.delete(model);
    state.answered.delete(model);
  }
}

function resetState(state: State): void {
  state.behaviours.clear();
  state.statusFaultHits.clear();
  state.answered.clear();
  state.requests.length = 0; // in place: callers may hold the `requests` array
  state.closedByClient = 0;
}

function behaviourFor(state: State, model: string): FakeModelBehaviour {
  return state.behaviours.get(model) ?? (Object.hasOwn(PRESET_MODELS, model) ? PRESET_MODELS[model]! : {});
}

// ---------------------------------------------------------------------------
// Routing

async function route(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://fake').pathname.replace(/\/+$/, '');
  if (path.startsWith('/v1/')) checkAuth(req, state);

  switch (`${req.method} ${path}`) {
    case 'GET /v1/models':
      return sendJson(res, 200, modelsJson(modelIds(state)));
    case 'POST /v1/chat/completions':
      return chatCompletions(req, res, state);
    case 'POST /__control/models': {
      const models = parseWith(behaviourMapSchema, await readJson(req));
      setModels(state, models);
      return sendJson(res, 200, { ok: true, models: modelIds(state) });
    }
    case 'POST /__control/reset':
      resetState(state);
      return sendJson(res, 200, { ok: true });
    case 'GET /__control/requests':
      return sendJson(res, 200, {
        requests: state.requests,
        openStreams: state.open.size,
        closedByClient: state.closedByClient,
      });
    default:
      throw new HttpError(404, `Invalid URL (${req.method} ${req.url})`);
  }
}

function checkAuth(req: IncomingMessage, state: State): void {
  if (state.apiKey !== undefined && req.headers.authorization !== `Bearer ${state.apiKey}`) {
    throw new HttpError(401, 'Incorrect API key provided.');
  }
}

function modelIds(state: State): string[] {
  return [...new Set([...Object.keys(PRESET_MODELS), ...state.behaviours.keys()])];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new HttpError(400, 'We could not parse the JSON body of your request.');
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, z.prettifyError(parsed.error));
  return parsed.data;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return void res.destroy(); // mid-stream: all we can do is drop it
  sendJson(res, status, errorJson(status, message), headers);
}

// ---------------------------------------------------------------------------
// Chat completions

const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

type Plan = {
  completion: Completion;
  behaviour: FakeModelBehaviour;
  /** Reasoning deltas, streamed before the answer's. */
  reasoningChunks: string[];
  chunks: string[];
  usage: ResolvedUsage;
};

async function chatCompletions(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const raw = await readJson(req);
  const body = parseWith(chatRequestSchema, raw);
  const record: RecordedRequest = { at: Date.now(), model: body.model, body: raw, headers: { ...req.headers } };
  state.requests.push(record);
  res.on('close', () => (record.endedAt = Date.now()));

  const behaviour = behaviourFor(state, body.model);
  const statusFault = takeStatusFault(state, body.model, behaviour);
  if (statusFault) return sendStatusFault(res, body.model, statusFault, req.headers.authorization ?? '');

  const text = nextText(state, body.model, behaviour) ?? behaviour.text ?? defaultAnswer(body.model, body.messages);
  const chunks = chunkText(text, behaviour.chunkSize);
  const reasoningChunks = chunkText(reasoningFor(behaviour, body.model, body.messages), behaviour.chunkSize);
  const plan: Plan = {
    completion: newCompletion(body.model),
    behaviour,
    reasoningChunks,
    chunks,
    usage: resolveUsage(behaviour, body.messages, chunks.length, reasoningChunks.length),
  };
  const exchange = openExchange(res, state);
  if (body.stream) await streamCompletion(exchange, plan, body.stream_options?.include_usage === true);
  else await sendCompletion(exchange, plan);
}

/** The next of a model's scripted `texts` (the last repeats), if it has any. */
function nextText(state: State, model: string, behaviour: FakeModelBehaviour): string | undefined {
  if (!behaviour.texts) return undefined;
  const n = state.answered.get(model) ?? 0;
  state.answered.set(model, n + 1);
  return behaviour.texts[Math.min(n, behaviour.texts.length - 1)];
}

type StatusFault = Extract<FakeFault, { kind: 'status' }>;

/** The status fault to answer with, if it still applies (`times` counts per model). */
function takeStatusFault(state: State, model: string, behaviour: FakeModelBehaviour): StatusFault | undefined {
  const fault = behaviour.fault;
  if (fault?.kind !== 'status') return undefined;
  const hits = state.statusFaultHits.get(model) ?? 0;
  if (fault.times !== undefined && hits >= fault.times) return undefined;
  state.statusFaultHits.set(model, hits + 1);
  return fault;
}

function sendStatusFault(res: ServerResponse, model: string, fault: StatusFault, authorization: string): void {
  const message = fault.message
    ? fault.message.replaceAll('{authorization}', authorization)
    : fault.status === 429
      ? `Rate limit reached for ${model} (fake).`
      : fault.status >= 500
        ? 'The server had an error while processing your request. Sorry about that!'
        : `Fake fault: HTTP ${fault.status} for ${model}.`;
  const headers: Record<string, string> =
    fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  sendError(res, fault.status, message, headers);
}

// ---------------------------------------------------------------------------
// One open chat completion response: counts it in openStreams() and cancels its
// pending timer as soon as the client goes away, so nothing writes to a dead socket.

type Exchange = {
  res: ServerResponse;
  /** Resolves true after `ms` (<= 0: next turn of the event loop), false if the client has gone. */
  wait(ms: number): Promise<boolean>;
  end(body?: string): void;
  /** Closes the connection mid-response, after what was written so far (the `cut` fault). */
  destroy(): void;
};

function openExchange(res: ServerResponse, state: State): Exchange {
  let endedByServer = false;
  let cancel: (() => void) | undefined;
  state.open.add(res);
  res.on('close', () => {
    state.open.delete(res);
    cancel?.();
    if (!endedByServer && !state.shuttingDown && !res.writableFinished) state.closedByClient++;
  });

  return {
    res,
    wait: (ms) =>
      new Promise<boolean>((resolve) => {
        if (res.destroyed) return resolve(false);
        const done = (alive: boolean) => {
          cancel = undefined;
          resolve(alive);
        };
        if (ms > 0) {
          const timer = setTimeout(() => done(true), ms);
          cancel = () => (clearTimeout(timer), done(false));
        } else {
          const immediate = setImmediate(() => done(true));
          cancel = () => (clearImmediate(immediate), done(false));
        }
      }),
    end: (body) => {
      endedByServer = true;
      res.end(body);
    },
    destroy: () => {
      endedByServer = true;
      // Not res.destroy(): that drops chunks still corked in this tick. end() flushes them first.
      const socket = res.socket;
      if (socket) socket.end(() => socket.destroy());
      else res.destroy();
    },
  };
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** When content chunk `i` is due, in ms after the response started. */
function chunkOffsetMs(behaviour: FakeModelBehaviour, i: number): number {
  const interval = behaviour.tokensPerSecond ? 1000 / behaviour.tokensPerSecond : 0;
  return (behaviour.firstTokenMs ?? 0) + i * interval;
}

/** Where a `cut`/`malformed` fault interrupts the content chunks (undefined: it does not). */
function interruptAt(behaviour: FakeModelBehaviour, chunks: number): number | undefined {
  const fault = behaviour.fault;
  return fault?.kind === 'cut' || fault?.kind === 'malformed' ? Math.min(fault.afterChunks, chunks) : undefined;
}

async function streamCompletion(ex: Exchange, plan: Plan, includeUsage: boolean): Promise<void> {
  const { behaviour, chunks, reasoningChunks, completion } = plan;
  ex.res.writeHead(200, SSE_HEADERS);
  ex.res.flushHeaders(); // the client's fetch resolves now, as with a real server
  if (behaviour.fault?.kind === 'hang') return; // openExchange cleans up when the client leaves

  // OpenAI marks non-final chunks with `usage: null` only when usage was requested.
  const usageField = includeUsage ? null : undefined;
  const send = (payload: unknown) => ex.res.write(`data: ${JSON.stringify(payload)}\n\n`);

  // Chunk i is due at a fixed offset from the start, so timer overhead does not accumulate.
  const start = performance.now();
  const untilChunk = (i: number) => ex.wait(start + chunkOffsetMs(behaviour, i) - performance.now());

  if (!(await untilChunk(0))) return;
  send(chunkJson(completion, [deltaChoice({ role: 'assistant', content: '', refusal: null })], usageField));

  // Reasoning first, paced like the answer, each delta in `reasoning_content` (what DeepSeek and vLLM send).
  for (let i = 0; i < reasoningChunks.length; i++) {
    if (i > 0 && !(await untilChunk(i))) return;
    send(chunkJson(completion, [deltaChoice({ reasoning_content: reasoningChunks[i] })], usageField));
  }
  const after = reasoningChunks.length;
  const stopAt = interruptAt(behaviour, chunks.length) ?? chunks.length;
  for (let i = 0; i < stopAt; i++) {
    if (i + after > 0 && !(await untilChunk(i + after))) return;
    const content = behaviour.stampChunks ? `⟦${(performance.timeOrigin + performance.now()).toFixed(2)}⟧${chunks[i]}` : chunks[i];
    send(chunkJson(completion, [deltaChoice({ content })], usageField));
  }

  if (behaviour.fault?.kind === 'cut') return ex.destroy();
  if (behaviour.fault?.kind === 'malformed') return ex.end('data: {"id": "chatcmpl-broken", "choices": [\n\n');

  send(chunkJson(completion, [deltaChoice({}, 'stop')], usageField));
  if (includeUsage) send(chunkJson(completion, [], usageJson(plan.usage)));
  ex.end('data: [DONE]\n\n');
}

async function sendCompletion(ex: Exchange, plan: Plan): Promise<void> {
  const { behaviour, chunks } = plan;
  if (behaviour.fault?.kind === 'hang') {
    ex.res.writeHead(200, { 'content-type': 'application/json' });
    ex.res.flushHeaders();
    return;
  }
  // Take as long as streaming the same answer would.
  if (!(await ex.wait(chunkOffsetMs(behaviour, Math.max(0, plan.reasoningChunks.length + chunks.length - 1))))) return;

  if (behaviour.fault?.kind === 'cut') return ex.destroy();
  ex.res.writeHead(200, { 'content-type': 'application/json' });
  if (behaviour.fault?.kind === 'malformed') return ex.end('{"id": "chatcmpl-broken", "choices": [');
  ex.end(JSON.stringify(completionJson(plan.completion, chunks.join(''), plan.usage, plan.reasoningChunks.join(''))));
}
