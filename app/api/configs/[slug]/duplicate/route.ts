import { guarded } from '@/lib/guard/route';
import { duplicateConfig, type SlugParams } from '@/lib/configs/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded<SlugParams>(duplicateConfig);
