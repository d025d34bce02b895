'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { fetchJson } from '@/lib/browser/fetch-api';
import type { ModelInfo } from '@/lib/models/types';
import { ConfigStoreProvider } from '@/lib/stores/config-store';
import { ModePage } from '../mode-page';
import { NewEvaluation } from './new-evaluation';

type Listed = { id: string; name: string; status: string; createdAt: string; finishedAt: string | null };

/** Evaluations: a new one (from the board the builder keeps), and this browser's earlier ones. */
export function EvaluationsPage({ models }: { models: ModelInfo[] }) {
  const [list, setList] = useState<Listed[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchJson<{ evaluations: Listed[] }>('/api/evaluations', { cache: 'no-store' }).then(
      (body) => setList(body.evaluations),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  return (
    <ConfigStoreProvider models={models}>
      <ModePage
        title="Evaluations"
        description="Configurations over a whole prompt set, judged pairwise against a baseline: win rates with intervals, cost and latency, the Pareto front."
        models={models}
      >
        <NewEvaluation models={models} />
        <section aria-labelledby="your-evaluations" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="your-evaluations" className="text-sm font-semibold">
            Your evaluations
          </h2>
          {error && (
            <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
              Could not load them: {error}
            </p>
          )}
          {!list && !error && <div className="mt-2 h-4 w-1/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" aria-label="Loading" />}
          {list && !list.length && <p className="mt-2 text-xs text-zinc-500">None yet: the evaluations you start in this browser are listed here.</p>}
          {list && list.length > 0 && (
            <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="evaluation-list">
              {list.map((e) => (
                <li key={e.id} className="flex items-center gap-3 py-2 text-sm">
                  <Link href={`/evals/${e.id}`} className="min-w-0 flex-1 truncate text-indigo-700 hover:underline dark:text-indigo-300">
                    {e.name}
                  </Link>
                  <span className="text-xs text-zinc-500">{e.status}</span>
                  <time className="text-xs text-zinc-500" dateTime={e.createdAt}>
                    {new Date(e.createdAt).toLocaleString()}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </section>
      </ModePage>
    </ConfigStoreProvider>
  );
}
