import { guarded } from '@/lib/guard/route';
import { getModelRegistry } from '@/lib/models/server';
import { localStatus } from '@/lib/models/local/status';

export const dynamic = 'force-dynamic';

/** The models folder (scanned again now), the local servers and the recommended downloads. */
export const GET = guarded(async () => Response.json(await localStatus(getModelRegistry().local)));
