import type { Metadata } from 'next';
import { EvaluationsPage } from '@/components/evals/evaluations-page';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Evaluations · MoA Playground',
  description: 'MoA against single models over a prompt set: win rates with intervals, cost and the Pareto front.',
};

export default async function Evaluations() {
  return <EvaluationsPage models={await getModelRegistry().list()} />;
}
