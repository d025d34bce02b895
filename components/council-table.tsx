'use client';

import { positionLabel } from '@/lib/moa/council';
import { useRunView } from './run-view-context';

const th = 'px-2 py-1 text-left font-medium';

/**
 * A council layer's rank table: each answer of the layer before (with the model that wrote it:
 * only the rankers' prompts were anonymous), the position every ranker gave it, and the Borda
 * count, best first. Shown once the layer's `council-result` arrived; until then the rankers'
 * own cells show their rankings as they finish.
 */
export function CouncilTable({ layer }: { layer: number }) {
  const result = useRunView((v) => v.councils?.[layer]);
  const rankers = useRunView((v) => v.layers[layer]);
  const answerers = useRunView((v) => (result ? v.layers[result.from] : undefined));
  if (!result || !rankers) return null;
  const n = result.rows.length;

  return (
    <div className="mt-3 overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-[12px] tabular-nums" data-testid="council-table" data-layer={layer + 1}>
        <caption className="px-3 pt-2 pb-1 text-left text-[11px] text-zinc-500 dark:text-zinc-400">
          Borda count: of {n} answers the 1st gets {Math.max(n - 1, 0)} points, the 2nd {Math.max(n - 2, 0)} … the last 0, summed over the {result.counted} readable{' '}
          {result.counted === 1 ? 'ranking' : 'rankings'} of {result.rankers}; equal points share a position (“2=”). Each ranker saw the answers anonymised, in its own order
          (seed {result.seed}).
        </caption>
        <thead className="border-y border-zinc-100 text-[11px] text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className={th}>
              Position
            </th>
            <th scope="col" className={th}>
              Answer
            </th>
            {rankers.map((r) => (
              <th key={r.agent} scope="col" className={`${th} max-w-40`} title={r.ranking?.fallback ?? r.error ?? r.model}>
                <span className="block">Ranker {r.agent + 1}</span>
                <span className={`block truncate font-mono font-normal ${r.ranking?.order ? '' : 'text-amber-700 dark:text-amber-400'}`}>{r.model}</span>
              </th>
            ))}
            <th scope="col" className={`${th} text-right`}>
              Borda points
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => {
            const model = answerers?.[row.answer - 1]?.model;
            return (
              <tr
                key={row.answer}
                data-testid="council-row"
                data-answer={row.answer}
                data-position={positionLabel(row)}
                className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
              >
                <td className="px-2 py-1 font-semibold text-zinc-900 dark:text-zinc-100">{positionLabel(row)}</td>
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  <span className="font-medium text-zinc-900 dark:text-zinc-100">Answer {row.answer}</span>
                  {model && <span className="ml-1.5 font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{model}</span>}
                </th>
                {rankers.map((r) => {
                  const at = r.ranking?.order?.indexOf(row.answer) ?? -1;
                  return (
                    <td key={r.agent} className="px-2 py-1 text-zinc-700 dark:text-zinc-300" data-testid="council-rank" data-ranker={r.agent + 1}>
                      {at >= 0 ? at + 1 : <span aria-label="not counted">–</span>}
                    </td>
                  );
                })}
                <td className="px-2 py-1 text-right font-semibold text-zinc-900 dark:text-zinc-100" data-testid="council-points">
                  {row.points}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {(result.fallback || rankers.some((r) => !r.ranking?.order)) && (
        <ul className="flex flex-col gap-0.5 border-t border-zinc-100 px-3 py-1.5 text-[11px] text-amber-700 dark:border-zinc-800 dark:text-amber-400">
          {rankers
            .filter((r) => !r.ranking?.order)
            .map((r) => (
              <li key={r.agent} data-testid="council-ranker-fallback" data-ranker={r.agent + 1}>
                Ranker {r.agent + 1}: {r.ranking?.fallback ?? r.error ?? 'no ranking'}
              </li>
            ))}
          {result.fallback && <li data-testid="council-fallback">{result.fallback}</li>}
        </ul>
      )}
    </div>
  );
}
