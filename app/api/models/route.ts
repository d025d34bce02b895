import { guarded } from '@/lib/guard/route';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

export const GET = guarded(async () => Response.json({ models: await getModelRegistry().list() }));
