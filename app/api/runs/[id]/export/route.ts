import { guarded } from '@/lib/guard/route';
import { exportRun, type IdParams } from '@/lib/runs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<IdParams>(exportRun);
