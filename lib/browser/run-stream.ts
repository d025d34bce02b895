import type { RunEvent } from '../moa/events';
import { createFrameBatcher } from './frame-batcher';
import { fetchApi } from './fetch-api';

/**
 * Reads a run stream from the API (a new run, or one followed live) and hands its events over in
 * one batch per animation frame, however fast they arrive; the last batch when the stream ends,
 * however it ends. The stream parser (the AI SDK's) loads with the first stream, not with the page.
 */
export async function streamRunEvents(url: string, init: RequestInit, apply: (batch: RunEvent[]) => void): Promise<void> {
  const parser = import('./read-stream');
  const response = await fetchApi(url, init);
  if (!response.body) throw new Error('The server answered without a stream.');
  const { readRunEvents } = await parser;
  const batcher = createFrameBatcher(apply);
  try {
    for await (const event of readRunEvents(response.body)) batcher.push(event);
  } finally {
    batcher.flush();
  }
}
