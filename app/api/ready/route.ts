import { guarded } from '@/lib/guard/route';
import { getReadiness } from '@/lib/health';

export const dynamic = 'force-dynamic';

export const GET = guarded(getReadiness);
