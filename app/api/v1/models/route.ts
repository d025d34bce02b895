import { listModelsForKey } from '@/lib/api/handlers';
import { apiGuarded } from '@/lib/guard/route';

export const dynamic = 'force-dynamic';

export const GET = apiGuarded(listModelsForKey);
