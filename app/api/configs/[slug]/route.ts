import { guarded } from '@/lib/guard/route';
import { deleteConfig, getConfig, renameConfig, type SlugParams } from '@/lib/configs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<SlugParams>(getConfig);
export const PATCH = guarded<SlugParams>(renameConfig);
export const DELETE = guarded<SlugParams>(deleteConfig);
