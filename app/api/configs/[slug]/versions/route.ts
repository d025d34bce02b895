import { guarded } from '@/lib/guard/route';
import { addConfigVersion, type SlugParams } from '@/lib/configs/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded<SlugParams>(addConfigVersion);
