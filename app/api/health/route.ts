import { guarded } from '@/lib/guard/route';
import { getHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

export const GET = guarded(getHealth);
