/** The offline models as AI SDK LanguageModelV4 implementations. */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { abortError } from '../../abort';
import { OFFLINE_MODELS } from './catalog';
import { applyStopSequences, composeAnswer } from './generate';
import { readPrompt } from './prompt';
import { composeReasoning, reasoningLevelOf } from './reasoning';
import { pacedStream, type Pacing } from './stream';
import { countTokens, tokenPieces, type TokenPiece } from './tokens';

export type OfflineModelOptions = {
  /** Default: env OFFLINE_TOKENS_PER_SECOND, else 60. 0 streams without delay. */
  tokensPerSecond?: number;
  /** Default: env OFFLINE_FIRST_TOKEN_MS, else 250. */
  firstTokenMs?: number;
};

const DEFAULT_PACING: Pacing = { tokensPerSecond: 60, firstTokenMs: 250 };

function fromEnv(name: string): number | undefined {
  const raw = typeof process === 'undefined' ? undefined : process.env[name];
  const value = raw?.trim() ? Number(raw) : NaN;
  return Number.isNaN(value) ? undefined : value;
}

function resolvePacing(options: OfflineModelOptions): Pacing {
  return {
    tokensPerSecond: options.tokensPerSecond ?? fromEnv('OFFLINE_TOKENS_PER_SECOND') ?? DEFAULT_PACING.tokensPerSecond,
    firstTokenMs: options.firstTokenMs ?? fromEnv('OFFLINE_FIRST_TOKEN_MS') ?? DEFAULT_PACING.firstTokenMs,
  };
}

type Reply = { pieces: TokenPiece[]; reasoningPieces: TokenPiece[]; finishReason: LanguageModelV4FinishReason; usage: LanguageModelV4Usage };

class OfflineLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'offline';
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly pacing: Pacing,
  ) {}

  /** The answer as token pieces, cut at maxOutputTokens, with the usage a provider would report. */
  private reply(options: LanguageModelV4CallOptions): Reply {
    const text = applyStopSequences(composeAnswer(this.modelId, options), options.stopSequences);
    const all = tokenPieces(text);
    const limit = options.maxOutputTokens ?? Infinity;
    const pieces: TokenPiece[] = [];
    let output = 0;
    for (const piece of all) {
      if (output + piece.tokens > limit) break;
      pieces.push(piece);
      output += piece.tokens;
    }
    const truncated = pieces.length < all.length;
    const input = countTokens(readPrompt(options.prompt).all);
    // Reasoning has a budget of its own (as Anthropic's and Google's): the answer keeps max output tokens.
    const level = reasoningLevelOf(this.modelId, options);
    const reasoningPieces = level ? tokenPieces(composeReasoning(options, level)) : [];
    const reasoning = reasoningPieces.reduce((n, p) => n + p.tokens, 0);
    return {
      pieces,
      reasoningPieces,
      finishReason: { unified: truncated ? 'length' : 'stop', raw: truncated ? 'length' : 'stop' },
      usage: {
        inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: output + reasoning, text: output, reasoning },
      },
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    if (options.abortSignal?.aborted) throw abortError(options.abortSignal);
    const { pieces, reasoningPieces, finishReason, usage } = this.reply(options);
    return {
      content: [
        ...(reasoningPieces.length ? [{ type: 'reasoning' as const, text: reasoningPieces.map((p) => p.text).join('') }] : []),
        { type: 'text', text: pieces.map((p) => p.text).join('') },
      ],
      finishReason,
      usage,
      warnings: [],
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { pieces, reasoningPieces, finishReason, usage } = this.reply(options);
    return {
      stream: pacedStream({ pieces, reasoningPieces, pacing: this.pacing, modelId: this.modelId, finishReason, usage, abortSignal: options.abortSignal }),
    };
  }
}

/** An offline model by catalog id (without the `offline:` prefix). */
export function createOfflineModel(modelId: string, options: OfflineModelOptions = {}): LanguageModelV4 {
  if (!OFFLINE_MODELS.some((m) => m.id === modelId)) {
    const known = OFFLINE_MODELS.map((m) => m.id).join(', ');
    throw new Error(`Unknown offline model "${modelId}". Available: ${known}.`);
  }
  return new OfflineLanguageModel(modelId, resolvePacing(options));
}
