import { parseJsonEventStream, uiMessageChunkSchema } from 'ai';
import type { RunEvent } from '../moa/events';
import '../zod-without-eval';

/** Reads the run events out of a `POST /api/runs` response body, in order. */
export async function* readRunEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RunEvent> {
  const reader = parseJsonEventStream({ stream: body, schema: uiMessageChunkSchema }).getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      if (!value.success) throw new Error('The run stream sent a malformed chunk.');
      const chunk = value.value;
      if (chunk.type === 'data-run') yield chunk.data as RunEvent;
      else if (chunk.type === 'error') throw new Error(chunk.errorText);
    }
  } finally {
    reader.releaseLock();
  }
}
