import { guarded } from '@/lib/guard/route';
import { getConversation, type IdParams } from '@/lib/runs/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<IdParams>(getConversation);
