import { PORTS } from './ports';

/**
 * Loads the page and the run route once on each app server before the tests: a server's
 * first request to a route loads its code, which on a busy machine can take seconds.
 */
export default async function warmUp() {
  const tinyRun = JSON.stringify({ config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 5 }] }] }, prompt: 'warm up' });
  await Promise.all(
    [PORTS.offline, PORTS.fake].map(async (port) => {
      const base = `http://127.0.0.1:${port}`;
      await (await fetch(`${base}/`)).text();
      await (await fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tinyRun })).text();
    }),
  );
}
