import { guarded } from '@/lib/guard/route';
import { deleteRun, getRun, type IdParams } from '@/lib/runs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<IdParams>(getRun);
export const DELETE = guarded<IdParams>(deleteRun);
