import { guarded } from '@/lib/guard/route';
import { followRunStream, type IdParams } from '@/lib/runs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<IdParams>(followRunStream);
