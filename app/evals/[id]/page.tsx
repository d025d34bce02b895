import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { EvaluationPage } from '@/components/evals/evaluation-page';
import { loadEvaluation } from '@/lib/evals/handlers';
import { ownerOfCookies } from '@/lib/runs/owner';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

/** Once per request: the metadata and the page read the same evaluation. */
const load = cache(async (id: string) => loadEvaluation(id, ownerOfCookies((await headers()).get('cookie'))));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await load((await params).id);
  if (!data) return { title: 'Evaluation not found · MoA Playground' };
  // The link is a capability, not a page for search engines.
  return { title: `${data.evaluation.name} · Evaluation`, robots: { index: false, follow: false } };
}

export default async function Evaluation({ params }: Props) {
  const data = await load((await params).id);
  if (!data) notFound();
  return <EvaluationPage initial={data} />;
}
