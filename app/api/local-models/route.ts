import { getModelRegistry } from '@/lib/models/server';
import { localStatus } from '@/lib/models/local/status';

export const dynamic = 'force-dynamic';

/** The models folder (scanned again now), the local servers and the recommended downloads. */
export async function GET() {
  return Response.json(await localStatus(getModelRegistry().local));
}
