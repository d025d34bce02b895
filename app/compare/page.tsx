import type { Metadata } from 'next';
import { ComparePlayground } from '@/components/compare/compare-page';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Compare · MoA Playground',
  description: 'One prompt, a single model and a Mixture-of-Agents side by side: cost, tokens, time, a judge and attribution.',
};

export default async function ComparePage() {
  const models = await getModelRegistry().list();
  return <ComparePlayground models={models} />;
}
