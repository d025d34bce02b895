import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { EvaluationPage } from '@/components/evals/evaluation-page';
import { loadEvaluation } from '@/lib/evals/handlers';
import { OWNER_COOKIE, ownerOf } from '@/lib/runs/owner';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  const token = (await cookies()).get(OWNER_COOKIE)?.value;
  return loadEvaluation(id, ownerOf(new Request('http://local/', { headers: token ? { cookie: `${OWNER_COOKIE}=${token}` } : {} })));
}

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
