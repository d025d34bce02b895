import { guarded } from '@/lib/guard/route';
import { estimateEvaluation } from '@/lib/evals/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded(estimateEvaluation);
