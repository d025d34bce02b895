import { guarded } from '@/lib/guard/route';
import { listRuns, startRun } from '@/lib/runs/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded(startRun);
export const GET = guarded(listRuns);
