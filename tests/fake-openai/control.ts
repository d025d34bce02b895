import type { RecordedRequest } from './server';

/** What `GET /__control/requests` answers: every request since the last reset, and the open streams. */
export type RecordedState<Request> = { requests: Request[]; openStreams: number; closedByClient: number };

/**
 * A client of a fake provider's `/__control` endpoints (README), for tests in another process:
 * `control(path, body)` POSTs (models, reset), `control(path)` GETs. `Request` narrows what a test
 * reads of each recorded request.
 */
export function fakeProviderControl<Request = RecordedRequest>(baseUrl: string) {
  const control = (path: string, body?: unknown) =>
    fetch(`${baseUrl}/__control/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const recorded = async () => (await (await control('requests')).json()) as RecordedState<Request>;
  return { control, recorded };
}
