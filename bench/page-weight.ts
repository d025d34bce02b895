/**
 * Benchmark 4 — page weight: the gzipped size of every JavaScript file the playground page
 * loads on first visit (script tags and the chunks its RSC payload references), from the
 * production build.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startApp } from './app-server';
import { report, round } from './lib';

const app = await startApp(Number(process.env.BENCH_PORT ?? 3290));
try {
  const html = await (await fetch(`${app.url}/`)).text();
  const chunks = [...new Set(html.match(/\/_next\/static\/chunks\/[\w.\-/]+?\.js/g) ?? [])];
  const sizes = chunks.map((path) => {
    const bytes = readFileSync(`.next${path.slice('/_next'.length)}`);
    return { path, raw: bytes.length, gzip: gzipSync(bytes).length };
  });
  const totalKb = round(sizes.reduce((sum, s) => sum + s.gzip, 0) / 1024, 1);
  report('page-weight', [{ name: 'first-load JS of / (gzip)', value: totalKb, unit: 'kB', target: '< 300 kB', met: totalKb < 300 }], {
    chunks: sizes.sort((a, b) => b.gzip - a.gzip),
  });
} finally {
  await app.stop();
}
