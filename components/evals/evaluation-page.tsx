import Link from 'next/link';
import { SharedPage } from '../runs/shared-page';
import { EvaluationView, type EvaluationData } from './evaluation-view';

/** An evaluation's page: rendered on the server (a read-only link works in any browser), then live. */
export function EvaluationPage({ initial }: { initial: EvaluationData }) {
  return (
    <SharedPage newHref="/evals" newLabel="Evaluations">
      <nav className="text-xs text-zinc-500">
        <Link href="/evals" className="hover:underline">
          ← All evaluations
        </Link>
      </nav>
      <EvaluationView initial={initial} />
    </SharedPage>
  );
}
