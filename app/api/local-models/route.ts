import { guarded } from '@/lib/guard/route';
import { localModelsStatus } from '@/lib/models/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded(localModelsStatus);
