/** Streams token pieces at a steady rate, like a hosted model. */
import type { LanguageModelV4FinishReason, LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { abortError } from '../../abort';
import type { TokenPiece } from './tokens';

export type Pacing = {
  /** Tokens (strictly, token pieces) per second; 0 or Infinity streams without waiting. */
  tokensPerSecond: number;
  /** Wait before the first piece. */
  firstTokenMs: number;
};

/** Timers fire no more often than this; at high rates each tick emits every piece that is due. */
const MIN_TICK_MS = 16;
const TEXT_ID = 'text-0';
const REASONING_ID = 'reasoning-0';

/** `reasoningPieces` stream first, as reasoning parts; then `pieces`, the answer. */
export function pacedStream(options: {
  pieces: TokenPiece[];
  reasoningPieces?: TokenPiece[];
  pacing: Pacing;
  modelId: string;
  finishReason: LanguageModelV4FinishReason;
  usage: LanguageModelV4Usage;
  abortSignal?: AbortSignal;
}): ReadableStream<LanguageModelV4StreamPart> {
  const { pacing, abortSignal } = options;
  const thinking = options.reasoningPieces?.length ?? 0;
  const pieces = [...(options.reasoningPieces ?? []), ...options.pieces];
  const unpaced = !(pacing.tokensPerSecond > 0 && Number.isFinite(pacing.tokensPerSecond));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const stop = () => {
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
  };

  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      if (abortSignal?.aborted) {
        controller.error(abortError(abortSignal));
        return;
      }
      onAbort = () => {
        stop();
        controller.error(abortError(abortSignal!));
      };
      abortSignal?.addEventListener('abort', onAbort, { once: true });
      controller.enqueue({ type: 'stream-start', warnings: [] });
      controller.enqueue({ type: 'response-metadata', modelId: options.modelId, timestamp: new Date() });

      let sent = 0;
      let startedAt: number | undefined;
      const tick = () => {
        const now = performance.now();
        if (startedAt === undefined) {
          startedAt = now;
          controller.enqueue(thinking ? { type: 'reasoning-start', id: REASONING_ID } : { type: 'text-start', id: TEXT_ID });
        }
        // Piece k is due k / rate seconds after the first one.
        const due = unpaced ? pieces.length : Math.min(pieces.length, Math.floor(((now - startedAt) * pacing.tokensPerSecond) / 1000) + 1);
        for (; sent < due; sent++) {
          if (sent < thinking) {
            controller.enqueue({ type: 'reasoning-delta', id: REASONING_ID, delta: pieces[sent].text });
            continue;
          }
          if (thinking && sent === thinking) {
            controller.enqueue({ type: 'reasoning-end', id: REASONING_ID });
            controller.enqueue({ type: 'text-start', id: TEXT_ID });
          }
          controller.enqueue({ type: 'text-delta', id: TEXT_ID, delta: pieces[sent].text });
        }
        if (sent < pieces.length) {
          const nextAt = startedAt + (sent * 1000) / pacing.tokensPerSecond;
          timer = setTimeout(tick, Math.max(MIN_TICK_MS, nextAt - now));
          return;
        }
        stop();
        // An answer of no tokens after reasoning: its text part was never opened.
        if (thinking && thinking === pieces.length) {
          controller.enqueue({ type: 'reasoning-end', id: REASONING_ID });
          controller.enqueue({ type: 'text-start', id: TEXT_ID });
        }
        controller.enqueue({ type: 'text-end', id: TEXT_ID });
        controller.enqueue({ type: 'finish', finishReason: options.finishReason, usage: options.usage });
        controller.close();
      };
      timer = setTimeout(tick, Math.max(0, pacing.firstTokenMs));
    },
    cancel() {
      stop();
    },
  });
}
