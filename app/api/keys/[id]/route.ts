import { revokeKey } from '@/lib/api/key-handlers';
import { guarded } from '@/lib/guard/route';

export const dynamic = 'force-dynamic';

export const DELETE = guarded(revokeKey);
