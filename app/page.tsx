import { Playground } from '@/components/playground';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const models = await getModelRegistry().list();
  return <Playground models={models} />;
}
