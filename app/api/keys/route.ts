import { createKey, listKeys } from '@/lib/api/key-handlers';
import { guarded } from '@/lib/guard/route';

export const dynamic = 'force-dynamic';

export const GET = guarded(listKeys);
export const POST = guarded(createKey);
