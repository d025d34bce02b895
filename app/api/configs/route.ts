import { guarded } from '@/lib/guard/route';
import { createConfig, listConfigs } from '@/lib/configs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded(listConfigs);
export const POST = guarded(createConfig);
