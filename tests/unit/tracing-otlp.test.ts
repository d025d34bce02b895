// With OTEL_EXPORTER_OTLP_ENDPOINT set, a run's spans reach the collector over OTLP/HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it, vi } from 'vitest';
import { POST as startRun } from '@/app/api/runs/route';
import { startTracing, stopTracing } from '@/lib/runs/tracing';

const received: { path: string; body: string }[] = [];
const collector = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('latin1')));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
afterAll(() => new Promise((resolve) => collector.close(resolve)));

it('sends the run, layer and agent spans to the endpoint’s /v1/traces when the server stops', async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', endpoint);
  await startTracing(endpoint, false);
  const config = { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 20 }] }, { agents: [{ model: 'offline:synth', maxOutputTokens: 20 }] }] };
  const response = await startRun(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, prompt: 'Hello there' }) }));
  await response.text();
  await stopTracing();
  const traces = received.filter((r) => r.path === '/v1/traces');
  expect(traces.length).toBeGreaterThan(0);
  const all = traces.map((t) => t.body).join('\n');
  for (const name of ['moa.run', 'moa.layer', 'chat offline:concise', 'chat offline:synth']) expect(all).toContain(name);
  expect(all).toContain('moa-playground');
  expect(all).not.toContain('Hello there');
}, 120_000);
