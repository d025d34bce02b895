import { guarded } from '@/lib/guard/route';
import { cancelModelDownload, startModelDownload } from '@/lib/models/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded(startModelDownload);
export const DELETE = guarded(cancelModelDownload);
