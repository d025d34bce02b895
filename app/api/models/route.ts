import { guarded } from '@/lib/guard/route';
import { listModels } from '@/lib/models/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded(listModels);
