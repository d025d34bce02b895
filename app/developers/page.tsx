import type { Metadata } from 'next';
import { DevelopersPage } from '@/components/developers/developers-page';
import { presetsFor } from '@/lib/moa/presets';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'API · MoA Playground',
  description: 'Call the MoAs you build from your own code: an OpenAI-compatible API, its keys and snippets.',
};

export default async function Developers() {
  const models = await getModelRegistry().list();
  return <DevelopersPage models={models} presets={presetsFor(models).map((p) => ({ id: p.id, label: p.label }))} />;
}
