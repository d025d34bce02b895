import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SharedRun } from '@/components/runs/shared-run';
import { formatTokens } from '@/lib/format';
import { loadSharedRun } from '@/lib/runs/shared';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

const excerpt = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await loadSharedRun((await params).id);
  if (!data) return { title: 'Run not found · MoA Playground' };
  const { run, view } = data;
  const calls = view.layers.reduce((n, l) => n + l.length, 0);
  const title = `${excerpt(run.prompt, 70)} · MoA run`;
  const figures = [`${view.layers.length} ${view.layers.length === 1 ? 'layer' : 'layers'}`, `${calls} calls`, view.usage ? `${formatTokens(view.usage.totalTokens)} tokens` : null, run.status]
    .filter(Boolean)
    .join(' · ');
  const answer = view.finalText ? ` Final answer: ${excerpt(view.finalText, 200)}` : '';
  const description = `Mixture-of-Agents run (${figures}).${answer}`;
  return {
    title,
    description,
    // A share link is a capability, not a page for search engines.
    robots: { index: false, follow: false },
    openGraph: { title, description, type: 'article', siteName: 'MoA Playground' },
    twitter: { card: 'summary', title, description },
  };
}

export default async function SharedRunPage({ params }: Props) {
  const data = await loadSharedRun((await params).id);
  if (!data) notFound();
  return <SharedRun run={data.run} initialView={data.view} lastSeq={data.lastSeq} />;
}
