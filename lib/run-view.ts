import { costOf, type Cost } from './cost';
import type { MoAConfig } from './moa/config';
import type { ConversationMessage } from './moa/conversation';
import type { CouncilRanking, CouncilResult, FinishReason, RankPick, RunEvent, TokenUsage, TopKVerdict, WindowStep } from './moa/events';
import type { ParamCount } from './models/params';
import type { Price } from './models/types';

/** `skipped`: never run, as a judge stopped the run early (see `skipped` on the agent). */
export type AgentStatus = 'waiting' | 'streaming' | 'done' | 'failed' | 'cancelled' | 'skipped';

export type AgentView = {
  layer: number;
  agent: number;
  model: string;
  status: AgentStatus;
  text: string;
  /** What the model streamed as reasoning, apart from its answer ('' when none). */
  reasoning: string;
  /** Run-relative ms. */
  startedT?: number;
  endedT?: number;
  usage?: TokenUsage;
  finishReason?: FinishReason;
  firstTokenMs?: number;
  /** Set when the agent reasoned before answering: its first answer token came later than its first token. */
  firstAnswerTokenMs?: number;
  latencyMs?: number;
  error?: string;
  /** The latest retry: shown while it waits, counted once the agent ends. */
  retry?: { attempt: number; maxAttempts: number; delayMs: number; reason: string; t: number };
  /** From usage and the run's prices; null when the model's price is unknown. */
  cost?: Cost | null;
  /** A ranking agent's pick (its `text` is the ranker's reply; the pick is what it passes on). */
  pick?: RankPick;
  /** A top-k judge's verdict (its `text` is the judge's reply; the kept answers are what it passes on). */
  verdict?: TopKVerdict;
  /** What the latest top-k judge that scored this agent's answer made of it. */
  judged?: { layer: number; score: number; kept: boolean; reason: string };
  /** Why it never ran (status `skipped`). */
  skipped?: string;
  /** A council ranker's ranking (its `text` is the ranker's reply; the council passes the answers on unchanged). */
  ranking?: CouncilRanking;
  /** A sliding-window aggregator: the step running (while streaming) and the earlier steps' syntheses. */
  window?: { step: number; steps: number; answers: number[] };
  windows?: WindowStep[];
};

export type RunStatus = 'idle' | 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';

export type RunView = {
  status: RunStatus;
  /** The stored run's id (share link), when the server records it. */
  runId?: string;
  prompt: string;
  /** A follow-up's earlier turns, as its agents got them. */
  history?: ConversationMessage[];
  config?: MoAConfig;
  startedAt?: string;
  layers: AgentView[][];
  finalText?: string;
  usage?: TokenUsage;
  error?: string;
  /** Run-relative ms of the latest event. */
  lastT: number;
  /** Prices and sizes the run is accounted with, as the server fixed them at its start. */
  prices?: Record<string, Price | null>;
  parameters?: Record<string, ParamCount>;
  /** Set when the server stopped the run (the budget was spent). */
  cancelReason?: 'budget';
  /** A top-k judge stopped the run early: its layer, and why. */
  earlyStop?: { layer: number; reason: string };
  /** Council layers' Borda tables, by layer. */
  councils?: Record<number, CouncilResult>;
};

export const initialRunView: RunView = { status: 'idle', prompt: '', layers: [], lastT: 0 };

/**
 * The one reducer from run events to what the screens show: used by the live view, stored runs
 * and summaries alike. Copy-on-write: only the touched layer and agent are new objects, so a
 * delta costs O(agents in one layer), and unchanged cells keep their identity for React.
 */
export function reduceRun(state: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case 'run-started':
      return {
        status: 'running',
        runId: event.runId,
        prompt: event.prompt,
        ...(event.history && { history: event.history }),
        config: event.config,
        startedAt: event.startedAt,
        layers: event.config.layers.map((layer, l) =>
          layer.agents.map((agent, a) => ({ layer: l, agent: a, model: agent.model, status: 'waiting' as const, text: '', reasoning: '' })),
        ),
        lastT: 0,
        prices: event.prices,
        parameters: event.parameters,
      };
    case 'agent-started':
      return updateAgent(state, event, { status: 'streaming', startedT: event.t, model: event.model });
    case 'agent-delta': {
      const current = state.layers[event.layer]?.[event.agent];
      return current ? updateAgent(state, event, { text: current.text + event.text }) : state;
    }
    case 'agent-reasoning-delta': {
      const current = state.layers[event.layer]?.[event.agent];
      return current ? updateAgent(state, event, { reasoning: current.reasoning + event.text }) : state;
    }
    case 'agent-retry':
      return updateAgent(state, event, {
        retry: { attempt: event.attempt, maxAttempts: event.maxAttempts, delayMs: event.delayMs, reason: event.reason, t: event.t },
        ...(event.restart && { text: '', reasoning: '' }),
      });
    case 'agent-finished': {
      const next = updateAgent(state, event, {
        status: 'done',
        text: event.text,
        endedT: event.t,
        usage: event.usage,
        finishReason: event.finishReason,
        firstTokenMs: event.firstTokenMs,
        ...(event.firstAnswerTokenMs !== undefined && { firstAnswerTokenMs: event.firstAnswerTokenMs }),
        // The finished event's reasoning is the whole of it; runs recorded before reasoning existed have none.
        ...(event.reasoning !== undefined && { reasoning: event.reasoning }),
        latencyMs: event.latencyMs,
        cost: costOf(event.usage, priceOf(state, event)),
        ...(event.pick && { pick: event.pick }),
        ...(event.verdict && { verdict: event.verdict }),
        ...(event.ranking && { ranking: event.ranking }),
        ...(event.windows && { windows: event.windows }),
      });
      return event.verdict ? markJudged(next, event.layer, event.verdict) : next;
    }
    case 'agent-failed':
      return updateAgent(state, event, {
        status: event.cancelled ? 'cancelled' : 'failed',
        text: event.text,
        ...(event.reasoning !== undefined && { reasoning: event.reasoning }),
        endedT: event.t,
        error: event.error,
        ...(event.usage && { usage: event.usage, cost: costOf(event.usage, priceOf(state, event)) }),
      });
    case 'agent-window': {
      // A new step's synthesis replaces the cell's text; the earlier ones are kept apart.
      const current = state.layers[event.layer]?.[event.agent];
      if (!current) return state;
      const windows = event.step > 1 ? [...(current.windows ?? []), { step: event.step - 1, answers: current.window?.answers ?? [], text: event.previousText }] : current.windows;
      return updateAgent(state, event, { text: '', reasoning: '', window: { step: event.step, steps: event.steps, answers: event.answers }, ...(windows && { windows }) });
    }
    case 'council-result': {
      const { type: _, t, ...result } = event;
      return { ...state, councils: { ...state.councils, [event.layer]: result }, lastT: Math.max(state.lastT, t) };
    }
    case 'layer-finished':
      return { ...state, lastT: event.t };
    case 'early-stop':
      return {
        ...state,
        earlyStop: { layer: event.layer, reason: event.reason },
        layers: state.layers.map((layer, l) => (l > event.layer ? layer.map((a) => ({ ...a, status: 'skipped' as const, skipped: event.reason })) : layer)),
        lastT: Math.max(state.lastT, event.t),
      };
    case 'run-finished':
      return { ...state, status: 'finished', finalText: event.finalText, usage: event.usage, lastT: event.t };
    case 'run-failed':
      return { ...state, status: 'failed', error: event.error, usage: event.usage, lastT: event.t };
    case 'run-cancelled':
      return {
        ...state, status: 'cancelled', usage: event.usage, lastT: event.t,
        ...(event.reason && { cancelReason: event.reason, error: event.message }),
      };
    case 'run-interrupted':
      return {
        ...markUnfinished(state, INTERRUPTED),
        status: 'interrupted',
        error: 'The server stopped during this run; what had streamed is kept.',
        usage: event.usage,
        lastT: Math.max(state.lastT, event.t),
      };
  }
}

export const reduceEvents = (events: Iterable<RunEvent>, state: RunView = initialRunView): RunView => {
  for (const event of events) state = reduceRun(state, event);
  return state;
};

function updateAgent(state: RunView, ref: { layer: number; agent: number; t: number }, patch: Partial<AgentView>): RunView {
  const layer = state.layers[ref.layer];
  const current = layer?.[ref.agent];
  if (!current) return state;
  const nextLayer = layer.slice();
  nextLayer[ref.agent] = { ...current, ...patch };
  const layers = state.layers.slice();
  layers[ref.layer] = nextLayer;
  return { ...state, layers, lastT: Math.max(state.lastT, ref.t) };
}

/** The run's price of the model an agent used (undefined: the run carries no prices). */
const priceOf = (state: RunView, ref: { layer: number; agent: number }) => {
  const model = state.layers[ref.layer]?.[ref.agent]?.model;
  return model === undefined ? undefined : state.prices?.[model];
};

const INTERRUPTED = { streaming: 'Interrupted: the server stopped before this agent finished.', waiting: 'Never started: the run was interrupted.' };

/** Ends every agent still waiting or streaming: streaming ones failed (keeping their text), waiting ones never ran. */
function markUnfinished(state: RunView, why: typeof INTERRUPTED): RunView {
  const layers = state.layers.map((layer) =>
    layer.some((a) => a.status === 'waiting' || a.status === 'streaming')
      ? layer.map((a) =>
          a.status === 'streaming'
            ? { ...a, status: 'failed' as const, error: why.streaming }
            : a.status === 'waiting'
              ? { ...a, status: 'cancelled' as const, error: why.waiting }
              : a,
        )
      : layer,
  );
  return { ...state, layers };
}

/** Marks the judged answers' own cells (in layer `verdict.from`) kept or dropped, with the score and the judge's reason. */
function markJudged(state: RunView, layer: number, verdict: TopKVerdict): RunView {
  const from = state.layers[verdict.from];
  if (!from || !verdict.scores.length) return state;
  const layers = state.layers.slice();
  layers[verdict.from] = from.map((a) => {
    const scored = verdict.scores.find((s) => s.answer === a.agent + 1);
    return scored ? { ...a, judged: { layer, score: scored.score, kept: verdict.kept.includes(scored.answer), reason: scored.reason } } : a;
  });
  return { ...state, layers };
}

/** The cell whose answer is final: the last layer's only agent, or the judge that stopped the run early. */
export const finalAgent = (view: RunView): AgentView | undefined =>
  view.earlyStop ? view.layers[view.earlyStop.layer]?.[0] : view.layers.at(-1)?.[0];

/** The answer an agent gives when it is final: a ranker's pick, a top-k judge's best kept answer, else what it wrote. */
export const answerOf = (agent: AgentView): string => agent.pick?.text ?? agent.verdict?.best.text ?? agent.text;
