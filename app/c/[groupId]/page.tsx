import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SharedComparison } from '@/components/runs/shared-comparison';
import { loadSharedComparison } from '@/lib/runs/shared';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ groupId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await loadSharedComparison((await params).groupId);
  if (!data) return { title: 'Comparison not found · MoA Playground' };
  const prompt = data.runs[0].prompt.replace(/\s+/g, ' ').trim();
  const title = `${prompt.length > 70 ? `${prompt.slice(0, 69)}…` : prompt} · comparison of ${data.runs.length}`;
  // A comparison's link is a capability, not a page for search engines.
  return { title, robots: { index: false, follow: false } };
}

export default async function SharedComparisonPage({ params }: Props) {
  const data = await loadSharedComparison((await params).groupId);
  if (!data) notFound();
  return <SharedComparison runs={data.runs} />;
}
