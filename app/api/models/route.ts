import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json({ models: await getModelRegistry().list() });
}
